"""WSGI entry point (gunicorn inspectorate.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from inspectorate.runtime import tune_gc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings.production")

application = get_wsgi_application()
tune_gc()

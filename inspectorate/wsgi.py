"""WSGI entry point (gunicorn inspectorate.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings.production")

application = get_wsgi_application()

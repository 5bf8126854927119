"""Test settings: fast hashing, local-memory cache, eager Celery unless a broker is given."""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR, env  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Unit tests run tasks in-process; the integration tests start a real worker themselves.
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media" / "test")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests log staff in with force_login; the MFA tests switch enforcement on themselves.
MFA_ENFORCE = False
# Every prepared query (inspectorate/prepared.py) is also built from its values and compared.
PREPARED_QUERIES_CHECK = True
# Every {% url %} written from a kept form (inspectorate/templatetags/links.py) is also reversed and compared.
KEPT_LINKS_CHECK = True

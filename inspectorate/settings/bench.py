"""Benchmarks and the load test: production-like (no debug) against the bench database and Redis db 9.

Not for production: a fixed secret key, MFA off (the load test logs in generated accounts, which
have no authenticator; ``manage.py bench`` times its pages with MFA enforced, bench/run.py) and plain
HTTP on the loopback interface.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_MFA_ENFORCE", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/inspectorate_bench")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/9")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR, env  # noqa: E402

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Keep connections between requests, as a production deployment would.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media" / "bench")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Generated staff log in many times a minute from one address during the load test.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/15m/key", "login": "6000/m/ip"}
# The load test's anonymous visitors of /transparansi/ all come from the loopback address.
RATE_LIMITS = {**RATE_LIMITS, "public-stats": "100000/m"}  # noqa: F405

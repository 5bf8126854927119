"""Production: secure by default.

Refuses to start without DJANGO_SECRET_KEY (see base) and without the shared services: on
SQLite, a per-process memory cache and in-process tasks, every gunicorn worker would count
login lockouts and rate limits on its own and reports would be built inside web requests.
"""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ["DJANGO_DEBUG"] = "0"

from .base import *  # noqa: E402,F403
from .base import MIDDLEWARE, STORAGES, env  # noqa: E402

# Checked after base, which has read a .env file into the environment.
REQUIRED_SERVICES = {
    "DATABASE_URL": "the PostgreSQL database, e.g. postgres://user@db:5432/inspectorate",
    "REDIS_CACHE_URL": "the shared cache (figures, login lockout, rate limits), e.g. redis://redis:6379/1",
    "CELERY_BROKER_URL": "the task queue of the Celery workers, e.g. redis://redis:6379/0",
}
_missing = [name for name in REQUIRED_SERVICES if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need "
        + "; ".join(f"{name} ({REQUIRED_SERVICES[name]})" for name in _missing)
        + ". Set "
        + ", ".join(_missing)
        + " in the environment."
    )

# Static files are served by the app itself (compressed, cache-busted names).
_after = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [*MIDDLEWARE[:_after], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[_after:]]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# --- Object storage (docs/storage.md): several hosts need one shared store. STORAGE_URL or
# AWS_STORAGE_BUCKET_NAME is required; STORAGE_URL=file:///path is the explicit one-host choice.
if not (os.environ.get("STORAGE_URL", "").strip() or os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()):
    raise ImproperlyConfigured(
        "Production settings need STORAGE_URL (the object store of uploads and reports, e.g. "
        "s3+https://KEY:SECRET@s3.example:443/inspectorate, or file:///srv/inspectorate/media on a single "
        "host) or the AWS_* variables (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, ...). Set it in the environment."
    )
STORAGES = {
    "default": STORAGES["default"],
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# --- end of object storage
# --- ops (issue 22): JSON logs with the request id and one access line per request, by default.
LOGGING["formatters"]["default"] = LOGGING["formatters"][env("DJANGO_LOG_FORMAT", default="json")]  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "default"  # noqa: F405
LOGGING["root"]["level"] = env("DJANGO_LOG_LEVEL", default="INFO")  # noqa: F405
LOGGING["loggers"]["inspectorate.request"]["level"] = env("DJANGO_ACCESS_LOG_LEVEL", default="INFO")  # noqa: F405
# Load balancers probe over plain HTTP by address.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# --- end ops

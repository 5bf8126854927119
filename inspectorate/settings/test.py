"""Test settings: fast hashing, local-memory cache, eager Celery unless a broker is given."""

import os
import re

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")


def _broker_of_test_process(url: str, process: str) -> str:
    """The task queue of one of the test processes `make test` runs side by side (pytest-xdist).

    Each process has its own test database (pytest-django names it ``test_<name>_gw<n>``) and here its
    own Redis database for Celery: process ``gw<n>`` uses database ``(d - 3n) mod 16`` of a broker URL
    ending in ``/d`` (CI's 15: 15 and 12), so one process's worker never takes another's tasks and a
    test emptying its queue empties no other's. Sixteen is Redis's default number of databases.
    """
    n = int(process.removeprefix("gw") or 0)
    given = re.fullmatch(r"(redis://[^/?#]*)(?:/(\d*))?", url)
    if n == 0 or given is None:
        return url
    return f"{given[1]}/{(int(given[2] or 0) - 3 * n) % 16}"


# Worker processes started by a test inherit both variables: the URL is chosen once, by the test process.
_process = os.environ.get("PYTEST_XDIST_WORKER", "")
if _process.startswith("gw") and os.environ.get("TEST_BROKER_CHOSEN_BY") != _process:
    os.environ["CELERY_BROKER_URL"] = _broker_of_test_process(os.environ.get("CELERY_BROKER_URL", ""), _process)
    os.environ["TEST_BROKER_CHOSEN_BY"] = _process

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

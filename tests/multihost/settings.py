"""Settings of the multi-host test's web servers and worker (tests/multihost/test_multihost.py).

The test settings with what several hosts must share instead of keeping per process: the
cache (sessions' lockouts, rate limits) on Redis, the files on the object store of STORAGE_URL,
tasks on the broker. Each process still has its own empty MEDIA_ROOT to prove nothing lands there.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from inspectorate.settings.storage import default_storage, is_shared
from inspectorate.settings.test import *  # noqa: F403
from inspectorate.settings.test import STORAGES, env

CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_CACHE_URL")}}
STORAGES = {**STORAGES, "default": default_storage(os.environ)}
if not is_shared(STORAGES["default"]):
    raise ImproperlyConfigured("The multi-host test needs STORAGE_URL (an object store).")
CELERY_TASK_ALWAYS_EAGER = False

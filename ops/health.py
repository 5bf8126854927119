"""Readiness checks: each returns None when its service answers, else a short reason.

Reasons are exception class names only (a load balancer and anyone who can reach the port
read them; host names, users and paths stay in the logs).
"""

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)
_migrations_applied = False  # once true in a process it stays true until the next deploy restarts it


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_migrations() -> str | None:
    global _migrations_applied
    if _migrations_applied:
        return None
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"{len(pending)} migration(s) not applied"
    _migrations_applied = True
    return None


def check_cache() -> str | None:
    key = f"ops:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    return None if found == "1" else "cache did not keep a value"


def broker_client():
    import redis

    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2)


def check_broker() -> str | None:
    if not settings.CELERY_BROKER_URL:
        return None  # tasks run in-process (the demo): nothing to reach
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        broker_client().ping()
        return None
    from inspectorate.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return None


def object_store_in_use() -> bool:
    from django.core.files.storage import default_storage

    from inspectorate.storage import is_object_store

    return is_object_store(default_storage)


def check_object_store() -> str | None:
    """Only where the files live in an S3-compatible store (a local directory is the process's own):
    a HEAD request on the bucket with the app's credentials (inspectorate.storage.reachable)."""
    from inspectorate.storage import reachable

    return None if reachable() else "object store unreachable"


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "broker": check_broker,
    "object_store": check_object_store,
}


def readiness() -> dict[str, str]:
    """Every check's answer: "ok", "skipped" or the reason it failed."""
    results = {}
    for name, check in CHECKS.items():
        if name == "object_store" and not object_store_in_use():
            results[name] = "skipped"
            continue
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "skipped"
            continue
        try:
            problem = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready", logged in full
            logger.warning("readiness check %s failed", name, exc_info=True)
            problem = type(exc).__name__
        results[name] = problem or "ok"
    return results

"""The real services the suite runs against. In CI (CI=true) each must be there: a missing one fails."""

import os

import pytest
from django.db import connection

from .conftest import require_service


@pytest.mark.django_db
def test_it_runs_on_postgresql_in_ci():
    if connection.vendor != "postgresql":
        require_service("DATABASE_URL does not point at PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_it_reaches_redis():
    import redis

    url = os.environ.get("CELERY_BROKER_URL")
    if not url:
        require_service("CELERY_BROKER_URL is not set")
    assert redis.Redis.from_url(url, socket_connect_timeout=3).ping() is True


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_it_runs_a_task_in_a_real_worker(celery_worker, office_a):
    from inspectorate.tasks import healthcheck

    result = healthcheck.delay().get(timeout=30)
    # Another process ran it (not this one, eagerly), against the same test database.
    assert result["pid"] != os.getpid()
    assert _parent_pid(result["pid"]) == celery_worker.pid
    assert (result["database"], result["offices"]) == ("postgresql", 1)


def _parent_pid(pid: int) -> int:
    # /proc/PID/stat: "pid (name) state ppid ..."; the name may hold spaces, so split after ")".
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])

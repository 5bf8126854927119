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


def test_test_processes_side_by_side_each_have_a_task_queue_of_their_own():
    """`make test` runs the suite in processes side by side: each one's worker takes its own tasks only."""
    from inspectorate.settings.test import _broker_of_test_process as queue_of

    ci = "redis://127.0.0.1:6379/15"
    assert queue_of(ci, "gw0") == ci
    assert queue_of(ci, "gw1") == "redis://127.0.0.1:6379/12"
    assert len({queue_of(ci, f"gw{n}") for n in range(16)}) == 16
    # A URL without a database is Redis's database 0.
    assert queue_of("redis://127.0.0.1:6379", "gw1") == "redis://127.0.0.1:6379/13"
    assert queue_of("redis://127.0.0.1:6379/", "gw0") == "redis://127.0.0.1:6379/"
    assert queue_of("", "gw1") == ""
    process = os.environ.get("PYTEST_XDIST_WORKER")
    if process:  # this process's choice, made once and inherited by the workers it starts
        assert os.environ["TEST_BROKER_CHOSEN_BY"] == process

"""The faults the design promises to survive, each on real processes, each asserting that nothing
is lost and nothing is done twice: a report build whose worker is SIGKILLed, whose broker (Redis)
is killed, whose task outlives the visibility timeout; two beat processes at once.

A build is held "mid-build" without any test hook: the report is requested first (its task waits
in the broker), then another connection takes an ACCESS EXCLUSIVE lock on the offices table and
the worker starts: it claims the report (status running) and waits on the offices table, which
the build reads right after its claim, until the test lets go.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from notifications.models import Notification
from reporting import services
from reporting.choices import ReportKind, ReportStatus
from reporting.models import Report
from tests.conftest import _database_url, require_service

from .faults import RedisServer, celery, table_locked, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
MAY = dt.date(2024, 5, 1)


@pytest.fixture
def broker(settings):
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        require_service("CELERY_BROKER_URL (Redis)")
    if connection.vendor != "postgresql":
        require_service("PostgreSQL: worker processes share the test database")
    import redis

    redis.Redis.from_url(url).flushdb()
    from inspectorate.celery import app

    saved = app.conf.CELERY_TASK_ALWAYS_EAGER
    app.conf.CELERY_TASK_ALWAYS_EAGER = False
    yield url
    app.conf.CELERY_TASK_ALWAYS_EAGER = saved
    redis.Redis.from_url(url).flushdb()


def worker_env(tmp_path: Path, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "inspectorate.settings.test",
        "DATABASE_URL": _database_url(),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **{k: str(v) for k, v in extra.items()},
    }


def pdfs() -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def status_of(pk):
    return Report.objects.values_list("status", flat=True).get(pk=pk)


def assert_built_once(report_id, *, attempts):
    report = Report.objects.get(pk=report_id)
    assert (report.status, report.builds, report.attempts) == (ReportStatus.DONE, 1, attempts), report.error
    assert len(pdfs()) == 1 and pdfs()[0].name == Path(report.file.name).name
    assert Notification.objects.filter(event="report.ready", target_id=report_id).count() == 1


def test_a_worker_sigkilled_mid_build_loses_nothing_and_builds_once(broker, tmp_path, settings, office_a, bob):
    settings.REPORTING_STALE_AFTER = 3
    settings.REPORTING_REDISPATCH_AFTER = 0
    env = worker_env(tmp_path, REPORTING_STALE_AFTER=3)
    report = services.report_request(kind=ReportKind.QUOTA, month=MAY, office=office_a, user=bob)
    first = None
    try:
        with table_locked(_database_url(), "inspectorate_office"):
            first = celery("worker", env=env, log=tmp_path / "worker1.log")
            assert wait_for(lambda: status_of(report.pk) == ReportStatus.RUNNING, 60), first.text()[-2000:]
            first.kill()  # the worker and its pool process, mid-build
        assert status_of(report.pk) == ReportStatus.RUNNING and pdfs() == []
    finally:
        if first is not None:
            first.stop()

    second = celery("worker", env=env, log=tmp_path / "worker2.log")
    try:
        # The minute's sweep (beat) finds the build whose worker died and hands it over again.
        from reporting.tasks import dispatch_queued

        assert wait_for(lambda: dispatch_queued.apply().get() == 1, 30, every=1)
        assert wait_for(lambda: status_of(report.pk) == ReportStatus.DONE, 90), second.text()[-2000:]
    finally:
        second.stop()
    assert_built_once(report.pk, attempts=2)


def test_redis_killed_mid_build_loses_nothing_and_builds_once(broker, tmp_path, settings, office_a, bob):
    from tests.reporting.test_integration import broker_at

    redis_server = RedisServer(tmp_path)
    redis_server.start()
    env = worker_env(tmp_path, CELERY_BROKER_URL=redis_server.url, CELERY_RESULT_BACKEND=redis_server.url)
    worker = None
    try:
        with broker_at(redis_server.url):
            report = services.report_request(kind=ReportKind.QUOTA, month=MAY, office=office_a, user=bob)
            with table_locked(_database_url(), "inspectorate_office"):
                worker = celery("worker", env=env, log=tmp_path / "worker.log")
                assert wait_for(lambda: status_of(report.pk) == ReportStatus.RUNNING, 60), worker.text()[-2000:]
                redis_server.kill()  # the broker and result backend vanish mid-build, queue and all
            assert wait_for(lambda: status_of(report.pk) == ReportStatus.DONE, 90), worker.text()[-2000:]

            # Requested while Redis is down: accepted, kept queued, never lost.
            later = services.report_request(kind=ReportKind.QUOTA, month=dt.date(2024, 4, 1), office=office_a, user=bob)
            assert Report.objects.filter(pk=later.pk, status=ReportStatus.QUEUED, dispatched_at__isnull=True).exists()

            redis_server.start()  # back, empty (no persistence)
            settings.REPORTING_REDISPATCH_AFTER = 0
            from reporting.tasks import dispatch_queued

            assert wait_for(lambda: dispatch_queued.apply().get() >= 1, 60, every=1)
            assert wait_for(lambda: status_of(later.pk) == ReportStatus.DONE, 120), worker.text()[-3000:]
    finally:
        if worker is not None:
            worker.stop()
        redis_server.kill()
    for pk in (report.pk, later.pk):
        r = Report.objects.get(pk=pk)
        assert (r.status, r.builds, r.attempts) == (ReportStatus.DONE, 1, 1), r.error
        assert Notification.objects.filter(event="report.ready", target_id=pk).count() == 1
    assert len(pdfs()) == 2


def test_a_build_outliving_the_visibility_timeout_is_redelivered_and_skipped(broker, tmp_path, office_a, bob):
    env = worker_env(tmp_path, CELERY_VISIBILITY_TIMEOUT=2, DJANGO_SETTINGS_MODULE="tests.ops.fast_redelivery_settings")
    report = services.report_request(kind=ReportKind.QUOTA, month=MAY, office=office_a, user=bob)
    task_id = Report.objects.get(pk=report.pk).celery_task_id
    worker = None
    try:
        with table_locked(_database_url(), "inspectorate_office"):
            worker = celery("worker", env=env, log=tmp_path / "worker.log", concurrency=2)
            assert wait_for(lambda: status_of(report.pk) == ReportStatus.RUNNING, 60)
            # Redis hands the unacknowledged task to the other pool process; that delivery finds
            # the claim taken and skips, while the first build is still waiting. (The worker looks
            # for timed-out tasks every ten seconds: tests/ops/fast_redelivery_settings.py.)
            assert wait_for(lambda: f"build_report[{task_id}] succeeded" in worker.text(), 150), worker.text()[-3000:]
        assert wait_for(lambda: status_of(report.pk) == ReportStatus.DONE, 90), worker.text()[-3000:]
        assert wait_for(lambda: worker.text().count(f"build_report[{task_id}] succeeded") == 2, 30)
    finally:
        if worker is not None:
            worker.stop()
    log = worker.text()
    assert log.count(f"build_report[{task_id}] received") == 2
    assert "'skipped'" in log and "'done'" in log
    assert_built_once(report.pk, attempts=1)


def test_two_beat_processes_at_once_build_each_report_once(broker, tmp_path, office_a, bob):
    from tests.reporting.factories import ReportFactory

    hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    reports = [
        ReportFactory(office=office_a, month=dt.date(2024, m, 1), requested_by=bob, requested_at=hour_ago)
        for m in (2, 3, 4)
    ]
    env = worker_env(tmp_path, DJANGO_SETTINGS_MODULE="tests.ops.fast_beat_settings")
    procs = []
    try:
        procs.append(celery("worker", env=env, log=tmp_path / "worker.log", concurrency=2))
        for name in ("a", "b"):
            procs.append(
                celery("beat", env=env, log=tmp_path / f"beat-{name}.log", extra=["-s", str(tmp_path / f"beat-{name}")])
            )
        ids = [r.pk for r in reports]
        done = lambda: Report.objects.filter(pk__in=ids, status=ReportStatus.DONE).count() == 3  # noqa: E731
        assert wait_for(done, 120), procs[0].text()[-3000:]
        # Both beats keep sending the sweep for a while after the builds.
        assert wait_for(lambda: all(p.text().count("reporting-dispatch-queued") >= 5 for p in procs[1:]), 30)
    finally:
        for proc in procs:
            proc.stop()
    assert all(p.text().count("Sending due task reporting-dispatch-queued") >= 5 for p in procs[1:])
    for report in Report.objects.filter(pk__in=ids):
        assert (report.status, report.builds, report.attempts) == (ReportStatus.DONE, 1, 1)
        assert Notification.objects.filter(event="report.ready", target_id=report.pk).count() == 1
    assert len(pdfs()) == 3

"""Reports built by a REAL Celery worker on Redis and PostgreSQL, including the failures.

Needs CELERY_BROKER_URL and DATABASE_URL (PostgreSQL); the celery_worker fixture skips
visibly (fails in CI) without them.
"""

import contextlib
import datetime as dt
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from reporting import services
from reporting.choices import MONTHLY_KINDS, ReportKind, ReportStatus
from reporting.models import Report

from .factories import ReportFactory
from .pdfutil import pdf_text, squeeze

pytestmark = pytest.mark.services

MAY = dt.date(2024, 5, 1)
UNUSED_BROKER = "redis://127.0.0.1:6390/0"


def wait_for(predicate, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@contextlib.contextmanager
def broker_at(url):
    """Point the project's Celery app at another broker (and drop its cached connections)."""
    from inspectorate.celery import app

    # Settings live under the CELERY_ namespace; publishing uses the write URL.
    saved = app.conf.broker_write_url

    def switch(to):
        app.conf.CELERY_BROKER_WRITE_URL = to
        app._pool = None
        app.amqp._producer_pool = None
        assert app.connection_for_write().as_uri().startswith(to.rsplit("/", 1)[0])

    switch(url)
    try:
        yield
    finally:
        switch(saved)


def all_done(ids):
    return lambda: Report.objects.filter(
        pk__in=ids, status__in=[ReportStatus.DONE, ReportStatus.FAILED]
    ).count() == len(ids)


def test_it_builds_both_reports_of_a_known_month_on_a_real_worker(celery_worker, known_data, office_a, alice, bob):
    alice.last_name = "Kusuma"
    alice.save()
    ids = [
        services.report_request(kind=kind, month=MAY, office=office_a, user=bob, language="en").pk
        for kind in MONTHLY_KINDS
    ]

    assert wait_for(all_done(ids)), list(Report.objects.values("status", "error"))
    built = {r.kind: r for r in Report.objects.filter(pk__in=ids)}
    assert {k: r.status for k, r in built.items()} == dict.fromkeys(MONTHLY_KINDS, ReportStatus.DONE), [
        r.error for r in built.values()
    ]
    quota, resolution = built[ReportKind.QUOTA], built[ReportKind.RESOLUTION]
    assert quota.celery_task_id and quota.attempts == 1
    # Built in the worker process, not in this one.
    from celery.result import AsyncResult

    assert AsyncResult(quota.celery_task_id).get(timeout=10) == ReportStatus.DONE

    resolution_text = squeeze(pdf_text(resolution.file.read()))
    # Year to date: received 10, none rejected or referred, 10 counted, 6 resolved, 4 open, 60 %.
    assert "Yeartodate100010646" + "0%" in resolution_text
    assert "60%resolutionrate,yeartodate" in resolution_text

    quota_text = squeeze(pdf_text(quota.file.read()))
    # alice: 4 routine visits counted (then a zero for each other visit kind), quota 5, 80 %, 2 additional
    # assignments, below quota.
    assert "AliceKusuma400004580%2Belowquota" in quota_text
    assert "AniLestari5000055100%0Quotamet" in quota_text


def test_it_accepts_requests_while_the_broker_is_down_and_builds_them_when_it_is_back(
    celery_worker, office_a, region_a, bob, erin, settings
):
    months = [dt.date(2024, m, 1) for m in (1, 2, 3)]
    with broker_at(UNUSED_BROKER):
        started = time.monotonic()
        reports = [services.report_request(kind=ReportKind.QUOTA, month=m, office=office_a, user=bob) for m in months]
        reports += [services.report_request(kind=k, month=MAY, region=region_a, user=erin) for k in MONTHLY_KINDS]
        assert time.monotonic() - started < 60
    ids = [r.pk for r in reports]
    queued = len(months) + len(MONTHLY_KINDS)
    assert Report.objects.filter(pk__in=ids, status=ReportStatus.QUEUED, dispatched_at__isnull=True).count() == queued
    time.sleep(2)
    assert Report.objects.filter(pk__in=ids, status=ReportStatus.QUEUED).count() == queued, "nothing reached a worker"

    # The broker is back: the minute's sweep hands them over and the real worker builds them.
    settings.REPORTING_REDISPATCH_AFTER = 0
    from reporting.tasks import dispatch_queued

    assert dispatch_queued.apply().get() == queued
    assert wait_for(all_done(ids))
    assert list(
        Report.objects.filter(pk__in=ids).values_list("status", "attempts", "builds").order_by().distinct()
    ) == [("done", 1, 1)]


def test_it_keeps_one_row_and_one_build_when_the_same_report_is_requested_at_once(celery_worker, office_a, bob):
    barrier = threading.Barrier(4)
    results, errors = [], []

    def ask():
        try:
            barrier.wait(timeout=10)
            results.append(services.report_request(kind=ReportKind.RESOLUTION, month=MAY, office=office_a, user=bob).pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert len(set(results)) == 1 and Report.objects.count() == 1
    pk = results[0]
    # Extra hand-overs of the same report (e.g. a sweep racing the request) do not build it again.
    for _ in range(3):
        services._enqueue(pk)
    assert wait_for(all_done([pk]))
    time.sleep(2)
    report = Report.objects.get(pk=pk)
    assert (report.status, report.attempts, report.builds) == (ReportStatus.DONE, 1, 1)


def test_it_rebuilds_a_report_whose_worker_died_once_and_only_once(celery_worker, office_a, settings):
    long_ago = timezone.now() - dt.timedelta(seconds=settings.REPORTING_STALE_AFTER + 30)
    report = ReportFactory(
        office=office_a, status=ReportStatus.RUNNING, started_at=long_ago, attempts=1, requested_at=long_ago
    )
    settings.REPORTING_REDISPATCH_AFTER = 0

    assert services.reports_dispatch_pending() == 1
    for _ in range(2):
        services._enqueue(report.pk)
    assert wait_for(all_done([report.pk]))
    services.reports_dispatch_pending()  # nothing stale any more
    time.sleep(2)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.builds) == (ReportStatus.DONE, 2, 1)

    # Stale again after its rebuild: no third build, it is marked failed with the reason.
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, started_at=long_ago)
    assert services.reports_dispatch_pending() == 0
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and report.error and report.builds == 1

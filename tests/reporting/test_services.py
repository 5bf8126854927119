"""Requesting, building, sweeping and scheduling reports (reporting/services.py)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inspectorate.models import Office
from reporting import services
from reporting.choices import MONTHLY_KINDS, ReportKind, ReportStatus
from reporting.models import Report

from ..factories import OfficeFactory, RegionFactory
from .factories import ReportFactory

MAY = dt.date(2024, 5, 1)


@pytest.fixture
def broker_down(monkeypatch):
    """Publishing fails like an unreachable Redis does."""
    from kombu.exceptions import OperationalError

    from reporting.tasks import build_report

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(build_report, "apply_async", refuse)


def test_it_records_a_request_and_builds_it_on_commit(office_a, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(kind=ReportKind.QUOTA, month=dt.date(2024, 5, 17), office=office_a, user=bob)

    report.refresh_from_db()
    assert (report.month, report.scope_key, report.status, report.attempts) == (MAY, f"office:{office_a.pk}", "done", 1)
    assert report.file.name.startswith("reports/2024/05/quota-office-")
    assert report.celery_task_id and report.dispatched_at


def test_it_keeps_the_request_queued_when_the_broker_is_down(
    office_a, bob, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(kind=ReportKind.QUOTA, month=MAY, office=office_a, user=bob)

    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED and report.dispatched_at is None


def test_it_returns_the_existing_report_instead_of_a_second_one(office_a, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.report_request(kind=ReportKind.QUOTA, month=MAY, office=office_a, user=bob)
    first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = services.report_request(kind=ReportKind.QUOTA, month=MAY, office=office_a, user=bob)

    assert again.pk == first.pk and Report.objects.count() == 1
    assert callbacks == []
    again.refresh_from_db()
    assert again.file.name == first.file.name and again.builds == 1


def test_it_replaces_the_file_only_when_asked_to_rebuild(office_a, bob, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.report_request(kind=ReportKind.QUOTA, month=MAY, office=office_a, user=bob)
    first.refresh_from_db()
    old_path = first.file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request(kind=ReportKind.QUOTA, month=MAY, office=office_a, user=bob, rebuild=True)

    first.refresh_from_db()
    assert first.builds == 2 and first.status == ReportStatus.DONE
    assert first.file.path != old_path
    import os

    assert not os.path.exists(old_path) and os.path.exists(first.file.path)


def test_it_refuses_a_future_month_and_an_out_of_scope_office(office_a, office_b, bob):
    with pytest.raises(ValidationError):
        services.report_request(
            kind=ReportKind.QUOTA, month=timezone.localdate() + dt.timedelta(days=40), office=office_a, user=bob
        )
    with pytest.raises(ValidationError):
        services.report_request(kind=ReportKind.QUOTA, month=MAY, office=office_b, user=bob)
    with pytest.raises(ValidationError):
        services.report_request(kind=ReportKind.QUOTA, month=MAY, user=bob)  # national
    assert not Report.objects.exists()


def test_it_claims_a_report_once(office_a):
    report = ReportFactory(office=office_a)

    assert services.report_build(report_id=report.pk).status == ReportStatus.DONE
    assert services.report_build(report_id=report.pk) is None
    report.refresh_from_db()
    assert (report.attempts, report.builds) == (1, 1)


def test_it_does_not_take_over_a_running_build_that_is_not_stale(office_a):
    report = ReportFactory(office=office_a, status=ReportStatus.RUNNING, started_at=timezone.now(), attempts=1)

    assert services.report_build(report_id=report.pk) is None
    report.refresh_from_db()
    assert (report.status, report.attempts, report.builds) == (ReportStatus.RUNNING, 1, 0)


def test_it_rebuilds_a_stale_report_once_then_gives_up(office_a, settings):
    long_ago = timezone.now() - dt.timedelta(seconds=settings.REPORTING_STALE_AFTER + 5)
    report = ReportFactory(office=office_a, status=ReportStatus.RUNNING, started_at=long_ago, attempts=1)

    assert services.report_build(report_id=report.pk).status == ReportStatus.DONE
    report.refresh_from_db()
    assert (report.attempts, report.builds) == (2, 1)

    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, started_at=long_ago)
    assert services.report_build(report_id=report.pk) is None
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "2" in report.error and report.builds == 1


def test_it_records_why_a_build_failed(office_a, monkeypatch):
    import reporting.pdf

    def broken(*args, **kwargs):
        raise RuntimeError("the printer is on fire")

    monkeypatch.setattr(reporting.pdf, "render_report_pdf", broken)
    report = ReportFactory(office=office_a)

    assert services.report_build(report_id=report.pk) is None
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == "RuntimeError: the printer is on fire"
    assert not report.file


def test_it_gives_the_claim_back_on_a_transient_database_error(office_a, monkeypatch):
    from django.db import OperationalError

    import reporting.pdf

    def flaky(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(reporting.pdf, "render_report_pdf", flaky)
    report = ReportFactory(office=office_a)

    with pytest.raises(OperationalError):
        services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.QUEUED, 0)


def test_it_sweeps_waiting_and_stale_reports_to_the_queue(office_a, settings, monkeypatch):
    sent = []
    from reporting.tasks import build_report

    monkeypatch.setattr(build_report, "apply_async", lambda args, task_id: sent.append(args[0]))
    now = timezone.now()
    old = now - dt.timedelta(seconds=settings.REPORTING_REDISPATCH_AFTER + 1)
    stale = now - dt.timedelta(seconds=settings.REPORTING_STALE_AFTER + 1)
    waiting = ReportFactory(office=office_a, month=dt.date(2024, 1, 1), requested_at=old)
    fresh = ReportFactory(office=office_a, month=dt.date(2024, 2, 1), requested_at=now)
    sent_recently = ReportFactory(office=office_a, month=dt.date(2024, 3, 1), requested_at=old, dispatched_at=now)
    dead_worker = ReportFactory(
        office=office_a,
        month=dt.date(2024, 4, 1),
        requested_at=old,
        status=ReportStatus.RUNNING,
        started_at=stale,
        attempts=1,
    )
    exhausted = ReportFactory(
        office=office_a,
        month=dt.date(2024, 5, 1),
        requested_at=old,
        status=ReportStatus.RUNNING,
        started_at=stale,
        attempts=2,
    )
    done = ReportFactory(
        office=office_a, month=dt.date(2024, 6, 1), requested_at=old, status=ReportStatus.DONE, file="x.pdf"
    )

    assert services.reports_dispatch_pending(now=now) == 2
    assert sent == [waiting.pk, dead_worker.pk]
    exhausted.refresh_from_db()
    assert exhausted.status == ReportStatus.FAILED
    assert {fresh.pk, sent_recently.pk, done.pk}.isdisjoint(sent)
    # Handed over now: not sent again by the next minute's sweep.
    assert services.reports_dispatch_pending(now=now + dt.timedelta(seconds=60)) == 0


def test_it_stops_sweeping_while_the_broker_is_down(office_a, settings, broker_down):
    old = timezone.now() - dt.timedelta(seconds=settings.REPORTING_REDISPATCH_AFTER + 1)
    report = ReportFactory(office=office_a, requested_at=old)

    assert services.reports_dispatch_pending() == 0
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED and report.dispatched_at is None


# --- the monthly schedule -----------------------------------------------------------------


@pytest.fixture
def three_zones(db):
    west = RegionFactory(code="32", name="Jawa Barat")
    south = RegionFactory(code="63", name="Kalimantan Selatan")
    return {
        "jakarta": OfficeFactory(code="JB-I", region=west, time_zone="Asia/Jakarta"),
        "jakarta2": OfficeFactory(code="JB-II", region=west, time_zone="Asia/Jakarta"),
        "makassar": OfficeFactory(code="KS-I", region=south, time_zone="Asia/Makassar"),
        "west": west,
        "south": south,
    }


def keys(reports):
    return sorted((r.kind, r.scope_key, r.month.isoformat()) for r in reports)


def test_it_requests_nothing_new_before_any_office_passes_midnight(three_zones, monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda report_id: True)
    # 31 May 15:59 UTC = 23:59 in Makassar, 22:59 in Jakarta: April is every office's last month.
    first = services.reports_request_due(now=dt.datetime(2024, 5, 31, 15, 59, tzinfo=dt.UTC))
    assert {r.month for r in first} == {dt.date(2024, 4, 1)}
    assert services.reports_request_due(now=dt.datetime(2024, 5, 31, 15, 59, tzinfo=dt.UTC)) == []


def test_it_requests_each_office_region_and_nation_as_their_clocks_pass_midnight(three_zones, monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda report_id: True)
    o = three_zones
    services.reports_request_due(now=dt.datetime(2024, 5, 31, 15, 0, tzinfo=dt.UTC))  # April everywhere
    Report.objects.update(status=ReportStatus.DONE, file="x.pdf")

    # 16:30 UTC: 00:30 on 1 June in Makassar, still 23:30 on 31 May in Jakarta.
    makassar_midnight = services.reports_request_due(now=dt.datetime(2024, 5, 31, 16, 30, tzinfo=dt.UTC))
    assert keys(makassar_midnight) == [
        ("accidents", f"office:{o['makassar'].pk}", "2024-05-01"),
        ("accidents", f"region:{o['south'].pk}", "2024-05-01"),
        ("quota", f"office:{o['makassar'].pk}", "2024-05-01"),
        ("quota", f"region:{o['south'].pk}", "2024-05-01"),
        ("resolution", f"office:{o['makassar'].pk}", "2024-05-01"),
        ("resolution", f"region:{o['south'].pk}", "2024-05-01"),
    ]
    # 17:30 UTC: 00:30 in Jakarta too: both Jakarta offices, their region, and the nation.
    jakarta_midnight = services.reports_request_due(now=dt.datetime(2024, 5, 31, 17, 30, tzinfo=dt.UTC))
    assert keys(jakarta_midnight) == sorted(
        [(k, f"office:{o['jakarta'].pk}", "2024-05-01") for k in MONTHLY_KINDS]
        + [(k, f"office:{o['jakarta2'].pk}", "2024-05-01") for k in MONTHLY_KINDS]
        + [(k, f"region:{o['west'].pk}", "2024-05-01") for k in MONTHLY_KINDS]
        + [(k, "national", "2024-05-01") for k in MONTHLY_KINDS]
    )
    # An hour later nothing is doubled.
    assert services.reports_request_due(now=dt.datetime(2024, 5, 31, 18, 30, tzinfo=dt.UTC)) == []
    assert Report.objects.filter(month=dt.date(2024, 5, 1)).count() == len(MONTHLY_KINDS) * (3 + 2 + 1)
    assert Report.objects.filter(requested_by__isnull=False).count() == 0
    assert Office.objects.count() == 3

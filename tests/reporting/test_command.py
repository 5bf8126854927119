"""generate_reports, the beat schedule and the demo seed."""

import datetime as dt
import io
import random

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from reporting import demo
from reporting.choices import ReportStatus
from reporting.models import Report

from ..factories import OfficeFactory, RegionFactory


def test_it_builds_reports_in_process_and_prints_their_files(office_a):
    out = io.StringIO()
    call_command("generate_reports", "--month", "2024-05", "--office", office_a.code, "--sync", stdout=out)

    paths = out.getvalue().split()
    assert len(paths) == 2 and all(p.endswith(".pdf") for p in paths)
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.DONE}


def test_it_queues_reports_without_sync(office_a, region_a, monkeypatch):
    from reporting import services

    monkeypatch.setattr(services, "_enqueue", lambda report_id: False)
    call_command(
        "generate_reports",
        "--month",
        "2024-05",
        "--region",
        region_a.code,
        "--national",
        "--kind",
        "quota",
        stdout=io.StringIO(),
    )

    assert sorted(Report.objects.values_list("scope_key", "status")) == [
        ("national", "queued"),
        (f"region:{region_a.pk}", "queued"),
    ]


def test_it_rejects_bad_arguments(office_a):
    with pytest.raises(CommandError):
        call_command("generate_reports", "--month", "May", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("generate_reports", "--month", "2024-05", "--office", "NOPE", stdout=io.StringIO())


def test_it_schedules_the_sweep_every_minute_and_the_monthly_requests_hourly():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["reporting.tasks.dispatch_queued"] == 60.0
    assert schedule["reporting.tasks.request_monthly_reports"] == 3600.0


def test_it_seeds_last_months_demo_reports_once(db):
    region = RegionFactory(code="63")
    office = OfficeFactory(code="KS-I", region=region, time_zone="Asia/Makassar")
    now = dt.datetime(2024, 6, 10, 3, 0, tzinfo=dt.UTC)

    demo.seed(rng=random.Random(1), now=now, stdout=io.StringIO())
    assert sorted(Report.objects.values_list("kind", "scope_key", "month", "status")) == [
        ("quota", f"office:{office.pk}", dt.date(2024, 5, 1), "done"),
        ("resolution", f"office:{office.pk}", dt.date(2024, 5, 1), "done"),
    ]
    out = io.StringIO()
    demo.seed(rng=random.Random(1), now=now, stdout=out)
    assert Report.objects.count() == 2 and "nothing to do" in out.getvalue()

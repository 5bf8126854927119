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
        ("annual", f"region:{region.pk}", dt.date(2024, 1, 1), "done"),  # the year so far, with its tables
        ("quota", f"office:{office.pk}", dt.date(2024, 5, 1), "done"),
        ("resolution", f"office:{office.pk}", dt.date(2024, 5, 1), "done"),
    ]
    assert Report.objects.get(kind="annual").spreadsheet
    out = io.StringIO()
    demo.seed(rng=random.Random(1), now=now, stdout=out)
    assert Report.objects.count() == 3 and "nothing to do" in out.getvalue()


def test_make_demo_compiles_the_messages_before_seeding():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    commands = subprocess.run(
        ["make", "-n", "-B", "demo"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    compile_at = next(i for i, line in enumerate(commands) if "compilemessages" in line)
    seed_at = next(i for i, line in enumerate(commands) if "seed_demo" in line)
    assert compile_at < seed_at


def test_the_seeded_reports_are_in_indonesian(db):
    from django.core.files.storage import default_storage

    from .pdfutil import pdf_text

    OfficeFactory(code="KS-I", region=RegionFactory(code="63"), time_zone="Asia/Makassar")
    demo.seed(rng=random.Random(1), now=dt.datetime(2024, 6, 10, 3, 0, tzinfo=dt.UTC), stdout=io.StringIO())
    for report in Report.objects.all():
        assert report.language == "id"
        with default_storage.open(report.file.name) as handle:
            text = pdf_text(handle.read())
        assert "Dibuat" in text and "Periode" in text and "Generated" not in text


def test_seeding_refuses_to_build_reports_without_the_compiled_catalogue(db, settings, tmp_path):
    settings.LOCALE_PATHS = [tmp_path]
    OfficeFactory(code="KS-I", region=RegionFactory(code="63"), time_zone="Asia/Makassar")
    with pytest.raises(RuntimeError, match="compilemessages"):
        demo.seed(rng=random.Random(1), now=dt.datetime(2024, 6, 10, 3, 0, tzinfo=dt.UTC), stdout=io.StringIO())
    assert Report.objects.count() == 0

"""The benchmark command in its fastest mode prints every figure (its timings are not tested)."""

import io

import pytest
from django.core.management import CommandError, call_command

from reporting.choices import ReportKind

from ..conftest import require_service

pytestmark = pytest.mark.django_db

PAGES = [
    "national dashboard",
    "office dashboard",
    "office work queue (head, no filter)",
    "office work queue (head, in progress + overdue)",
    "office work queue (head, wages + company name)",
    "complaint detail",
    "company search by name, page (head)",
    "company search by name, page (national)",
    "company search by NIB, page",
    "company search by name, API",
    "company search by NIB, API",
    "visit list",
    "inspector home",
    "reports list",
    "visit page (inspector)",
    "company page (office head)",
    "home (office head)",
    "home (national official)",
    "notifications (office head)",
    "overdue findings (office head)",
    "accidents (office head)",
    "visit calendar (inspector)",
    "notification count (office head): a request's fixed cost",
]


def test_it_prints_every_page_pdf_and_batch_row_beside_its_budget():
    call_command("generate_scale_data", "--small", stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench", "--fast", stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    for label in PAGES:
        for mode in ("fresh", "cached"):
            line = next((line for line in lines if line.startswith(label) and f"[{mode}]" in line), None)
            assert line is not None, (label, mode)
            for part in ("median", "p95", "CPU", " q,", "SQL", "page/SQL", "cache"):
                assert part in line, (part, line)
            assert "HTTP" not in line, line  # every page answered 200
            assert line.rstrip().endswith("ok") or line.rstrip().endswith("OVER")
    for budgeted in ("national dashboard", "office dashboard", "complaint detail", "inspector home"):
        line = next(line for line in lines if line.startswith(budgeted))
        assert "p95<=" in line
    # The dashboards read the rollups and keep no figures cache: fresh and repeated runs both say so.
    for dashboard in ("national dashboard", "office dashboard"):
        fresh = next(line for line in lines if line.startswith(dashboard) and "[fresh]" in line)
        cached = next(line for line in lines if line.startswith(dashboard) and "[cached]" in line)
        assert "cache —" in fresh and "cache —" in cached
    assert "cache —" in next(line for line in lines if line.startswith("complaint detail"))
    assert any(line.startswith("Load average") for line in lines)
    # Pages timed as production serves them: the office head's and the national official's each ask
    # for their authenticator app, which the benchmark gave them (without it they would be 302s).
    assert "two-factor authentication enforced" in text
    for kind in ("quota", "resolution"):
        for scope in ("office", "region", "national"):
            line = next((line for line in lines if line.startswith(f"{kind} PDF") and f", {scope}" in line), None)
            assert line is not None and "(done)" in line and "CPU" in line, (kind, scope)
    batch = next(line for line in lines if line.startswith("month batch"))
    assert "2 done, 0 failed" in batch and "<=10min" in batch
    plan = next(line for line in lines if line.startswith("monthly visit plan, office"))
    assert "companies," in plan and "visits)" in plan and "<=10s" in plan and plan.rstrip().endswith("ok")
    # Pages fresh and cached; a PDF of each kind for an office, a region and the country; the batch; the plan.
    assert f"{2 * len(PAGES) + 3 * len(ReportKind) + 2} figures" in lines[-1]


def test_it_says_what_to_do_on_an_empty_database():
    with pytest.raises(CommandError, match="generate_scale_data"):
        call_command("bench", "--fast", stdout=io.StringIO())


def _restore_categories() -> None:
    from importlib import import_module

    from django.apps import apps

    from tests.inspections.provisions import ensure_provisions

    import_module("complaints.migrations.0002_categories").create_categories(apps, None)
    ensure_provisions()  # the visits' findings cite them


@pytest.mark.django_db(transaction=True)
def test_it_reports_how_pages_grow_between_two_data_sets():
    """Here both data sets are the same database: the queries are equal and nothing grows tenfold."""
    from django.db import connection

    from ..conftest import _database_url, require_service

    if connection.vendor != "postgresql":
        require_service("the growth report opens the second data set by its PostgreSQL URL")
    _restore_categories()  # a transactional test before this one may have flushed the reference data
    call_command("generate_scale_data", "--small", stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench", "--growth", _database_url(), "--requests", "2", "--warmup", "1", stdout=out)
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("Database:") for line in lines) == 2
    for label in PAGES:
        for mode in ("fresh", "cached"):
            line = next((line for line in lines if line.startswith(label) and f" {mode} " in line), None)
            assert line is not None, (label, mode)
            assert "->" not in line, line  # the same queries on both
            assert " x" in line


def test_the_second_data_set_gets_its_own_connection_and_leaves_the_callers_transaction_open():
    """``use_database`` must not close or commit the connection of the transaction around it."""
    from django.db import connection, transaction

    from bench.run import use_database
    from inspectorate.models import Office

    from ..conftest import _database_url

    if connection.vendor != "postgresql":
        require_service("the growth report opens the second data set by its PostgreSQL URL")
    caller = connection.settings_dict["NAME"]
    with transaction.atomic():
        Office.objects.filter(pk__in=[]).update(name="x")  # the caller's transaction has begun
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            caller_pid = cursor.fetchone()[0]
        with use_database(_database_url()):
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_database(), pg_backend_pid()")
                name, pid = cursor.fetchone()
            assert not connection.in_atomic_block  # a connection of its own, outside the caller's transaction
        assert connection.in_atomic_block
        assert connection.connection is not None and not connection.connection.closed
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] == caller_pid != pid
        assert name == caller


def test_the_timed_complaint_detail_is_the_newest_named_complaint_in_progress_with_a_visit():
    from bench.run import detail_complaint, pick_actors
    from complaints.models import Complaint

    call_command("generate_scale_data", "--small", stdout=io.StringIO())
    actors = pick_actors()
    complaint = actors.complaint
    assert complaint.company_id is not None and complaint.inspections.exists()
    assert complaint.status == "in_progress" and not complaint.is_anonymous and complaint.complainant_name
    newer = Complaint.objects.filter(office=actors.office, received_at__gt=complaint.received_at)
    shown_whole = newer.filter(company__isnull=False, inspections__isnull=False, status="in_progress")
    assert not shown_whole.filter(is_anonymous=False).exclude(complainant_name="").exists()
    # A newer complaint without a visit does not move the pick.
    assert newer.exists() or Complaint.objects.filter(office=actors.office).count() == 1
    assert detail_complaint(actors.office) == complaint


def test_the_p95_is_the_nearest_rank_value():
    from bench.run import p95

    # ⌈0.95 n⌉-th smallest: of 20 samples the 19th (not the slowest), of 100 the 95th, of 10 the 10th.
    assert p95([float(v) for v in range(20, 0, -1)]) == 19.0
    assert p95([float(v) for v in range(1, 101)]) == 95.0
    assert p95([float(v) for v in range(1, 11)]) == 10.0
    assert p95([7.0]) == 7.0

"""The figures' rollups: kept exact by every write, equal to a rebuild, checked every night."""

import datetime as dt
import io
import logging
import random
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.db.models import F

from complaints.choices import Channel, Outcome, Status
from complaints.models import Category, Complaint
from inspections.choices import InspectionStatus, Kind
from inspections.models import Inspection
from inspectorate.choices import Role
from reporting import figures
from rollups.models import ComplaintMonth, VisitMonth
from rollups.rebuild import drift, rebuild
from rollups.services import complaints_changing, visits_changing
from rollups.tasks import check_rollups

from ..conftest import require_service
from ..factories import StaffFactory
from ..reporting.conftest import JAKARTA, MAKASSAR, at
from ..reporting.factories import ComplaintFactory, InspectionFactory

MAY = dt.date(2024, 5, 1)
LATER = at(JAKARTA, 2025, 1, 1, 0)
CODES = ["wages", "osh", "social_security", "working_hours"]
NO_DRIFT = {"complaints": [], "complaint years": [], "visits": [], "workforce": []}


def _snapshot(offices):
    """Every figure the dashboards and PDFs show for the offices, for a few months (plain values)."""
    result = []
    for month in (dt.date(2024, 4, 1), MAY, dt.date(2024, 6, 1)):
        summary = figures.resolution_summary(offices=offices, month=month, now=LATER)
        quota = figures.quota_summary(offices=offices, month=month)
        result.append(
            (
                summary.month_figures.by_office,
                summary.year_figures.total,
                [(b.key, b.counts) for b in summary.year_figures.by_category],
                [(b.key, b.counts) for b in summary.year_figures.by_channel],
                summary.year_figures.wage_claimed,
                summary.year_figures.wage_recovered,
                [p.counts for p in summary.trend],
                [(q.inspector.pk, q.by_kind, q.assignments) for o in quota.offices for q in o.inspectors],
                [(o.visits_by_kind, o.assignment_visits) for o in quota.offices],
                [(p.visits, p.meeting) for p in figures.quota_trend(offices=offices, month=month)],
            )
        )
    return result


def _moment(rng):
    """A moment in April–June 2024, often within hours of a month's end in one of the two zones.

    Sometimes within hours of the new year 2024 instead: in one zone still 2023, in the other 2024.
    """
    if rng.random() < 0.1:
        return dt.datetime(2023, 12, 31, 17, 0, tzinfo=dt.UTC) + dt.timedelta(hours=rng.uniform(-1, 1))
    if rng.random() < 0.4:
        edge = rng.choice([dt.datetime(2024, 5, 1, tzinfo=dt.UTC), dt.datetime(2024, 6, 1, tzinfo=dt.UTC)])
        return edge + dt.timedelta(hours=rng.uniform(-10, 10))
    return at(JAKARTA, 2024, 4, 1, 0) + dt.timedelta(hours=rng.uniform(0, 91 * 24))


def _complaint_step(rng, offices, companies):
    complaints = list(Complaint.objects.values_list("pk", flat=True))
    action = rng.choice(["create", "create", "move", "move", "reopen", "categories", "office", "delete"])
    if action == "create" or not complaints:
        i = rng.randrange(2)
        ComplaintFactory(
            office=offices[i],
            company=companies[i],
            received_at=_moment(rng),
            channel=rng.choice(Channel.values),
            categories=rng.sample(CODES, rng.randint(1, 2)),
            amount_claimed=Decimal(rng.randint(1, 9) * 1_000_000),
        )
        return
    complaint = Complaint.objects.get(pk=rng.choice(complaints))
    with complaints_changing([complaint.pk]):
        if action == "move":
            to = rng.choice(Status.values)
            done = to in (Status.RESOLVED, Status.CLOSED)
            complaint.status = to
            complaint.outcome = Outcome.SETTLED if done else ""
            complaint.resolved_at = complaint.received_at + dt.timedelta(days=rng.uniform(0, 60)) if done else None
            complaint.amount_recovered = Decimal(rng.randint(0, 5) * 500_000) if done else None
            complaint.save()
        elif action == "reopen":
            # Reopened: the status goes back, the complaint keeps nothing of its resolution.
            complaint.status, complaint.outcome, complaint.resolved_at = Status.ASSIGNED, "", None
            complaint.amount_recovered = None
            complaint.save()
        elif action == "categories":
            complaint.categories.set(Category.objects.filter(code__in=rng.sample(CODES, rng.randint(1, 3))))
        elif action == "office":
            # Transferred to the other office, in another time zone: its months may change too.
            other = offices[1] if complaint.office_id == offices[0].pk else offices[0]
            complaint.office = other
            complaint.company = companies[offices.index(other)]
            complaint.save()
        else:
            complaint.delete()


def _visit_step(rng, offices, companies, inspectors):
    visits = list(Inspection.objects.values_list("pk", flat=True))
    action = rng.choice(["create", "create", "report", "close", "team", "office", "delete", "revisit"])
    if action == "create" or not visits:
        i = rng.randrange(2)
        InspectionFactory(
            office=offices[i],
            company=companies[i],
            lead_inspector=rng.choice(inspectors[i]),
            team=rng.sample(inspectors[i], rng.randint(0, 2)),
            kind=rng.choice(Kind.values),
            status=rng.choice([InspectionStatus.PLANNED, InspectionStatus.REPORTED, InspectionStatus.CLOSED]),
            visited_at=_moment(rng),
        )
        return
    visit = Inspection.objects.get(pk=rng.choice(visits))
    with visits_changing([visit.pk]):
        if action in ("report", "close"):
            visit.status = InspectionStatus.REPORTED if action == "report" else InspectionStatus.CLOSED
            visit.save()
        elif action == "team":
            visit.team.set(rng.sample(inspectors[0] + inspectors[1], rng.randint(0, 3)))
        elif action == "office":
            i = 1 if visit.office_id == offices[0].pk else 0
            visit.office, visit.company = offices[i], companies[i]
            visit.save()
        elif action == "revisit":
            visit.visited_at = _moment(rng)
            visit.save()
        else:
            visit.delete()


@pytest.mark.parametrize("seed", [0, 1])
def test_it_keeps_the_rollups_equal_to_a_rebuild_through_a_random_history(
    seed, office_a, office_b, company_a, company_b, alice, charlie
):
    rng = random.Random(seed)
    offices, companies = [office_a, office_b], [company_a, company_b]
    inspectors = [
        [alice, StaffFactory(role=Role.INSPECTOR, office=office_a)],
        [charlie, StaffFactory(role=Role.INSPECTOR, office=office_b)],
    ]
    for _ in range(120):
        _complaint_step(rng, offices, companies)
        _visit_step(rng, offices, companies, inspectors)

    assert drift() == NO_DRIFT
    before = _snapshot(offices)
    assert sum(t[1].received for t in before) > 0 and any(t[7] for t in before)  # the history is not empty
    rebuild()
    assert _snapshot(offices) == before


def _counted(complaints, office, start, end, now, category=None):
    """DESIGN.md §3 counted complaint by complaint: received in ``[start, end)`` (local), resolved by its end."""
    expected = figures.Counts()
    for c in complaints:
        local = c.received_at.astimezone(office.zone).date()
        if c.office_id != office.pk or not (start <= local < end):
            continue
        if category and category not in {cat.code for cat in c.categories.all()}:
            continue
        resolved = c.status in (Status.RESOLVED, Status.CLOSED) and c.resolved_at is not None
        by_end = resolved and c.resolved_at < figures.local_midnight(end, office.zone) and c.resolved_at <= now
        expected += figures.Counts(1, int(c.status == Status.REJECTED), int(c.status == Status.REFERRED), int(by_end))
    return expected


@pytest.mark.parametrize("seed", [7, 8])
def test_it_gives_the_figures_of_the_base_tables_after_a_random_history(seed, office_a, office_b, company_a, company_b):
    """The rolled-up rate equals one counted complaint by complaint (DESIGN.md §3) for each office and period.

    The months read the month rows; the years to date (1 January to the end of April, May, June,
    July or the whole year) read the year rows less the later months and the later resolutions,
    as of a moment after every resolution and as of one in the middle of them.
    """
    rng = random.Random(seed)
    for _ in range(150):
        _complaint_step(rng, [office_a, office_b], [company_a, company_b])
    # After the random history, what the year rows take off: resolved in a later month, in the next year.
    for office, company, received, resolved in (
        (office_a, company_a, at(JAKARTA, 2024, 4, 10, 9), at(JAKARTA, 2024, 6, 3, 9)),
        (office_b, company_b, at(JAKARTA, 2023, 12, 31, 23), at(JAKARTA, 2024, 1, 8, 9)),
    ):
        ComplaintFactory(
            office=office,
            company=company,
            received_at=received,
            status=Status.CLOSED,
            outcome=Outcome.SETTLED,
            resolved_at=resolved,
            categories=["wages"],
            amount_claimed=Decimal(1_000_000),
        )
    complaints = list(Complaint.objects.prefetch_related("categories"))
    new_year = dt.date(2024, 1, 1)
    periods = [(m, figures.add_months(m, 1)) for m in (dt.date(2024, 4, 1), MAY, dt.date(2024, 6, 1))]
    periods += [(new_year, dt.date(2024, m, 1)) for m in (5, 6, 7, 8)] + [(new_year, dt.date(2025, 1, 1))]
    periods += [(dt.date(2023, 1, 1), new_year)]
    for now in (LATER, at(JAKARTA, 2024, 5, 20, 12)):
        for start, end in periods:
            for office in (office_a, office_b):
                got = figures.period_figures(offices=[office], start=start, end=end, now=now).total
                assert got == _counted(complaints, office, start, end, now), (office.code, start, end, now)
            both = figures.period_figures(offices=[office_a, office_b], start=start, end=end, now=now, category="wages")
            expected = _counted(complaints, office_a, start, end, now, "wages")
            assert both.total == expected + _counted(complaints, office_b, start, end, now, "wages")


def _file_wages_complaint(company):
    from complaints import services

    wages = Category.objects.get_or_create(code="wages")[0]
    return services.complaint_create(
        channel=Channel.PHONE, description="Upah belum dibayar.", categories=[wages], company=company
    ).complaint


def test_the_services_keep_the_rollups_through_a_complaints_life(office_a, company_a, alice, bob):
    from complaints import services

    complaint = _file_wages_complaint(company_a)
    month = figures.month_start(complaint.received_at.astimezone(office_a.zone).date())
    end = figures.add_months(month, 1)

    def total():
        assert drift() == NO_DRIFT
        return figures.period_figures(offices=[office_a], start=month, end=end).total

    assert (total().received, total().resolved) == (1, 0)
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    services.complaint_start(complaint=complaint, actor=alice)
    services.complaint_resolve(complaint=complaint, actor=alice, outcome=Outcome.SETTLED)
    assert (total().received, total().resolved, total().rate) == (1, 1, 1.0)
    services.complaint_reopen(complaint=complaint, actor=bob, note="Upah baru dibayar separuh.")
    assert (total().received, total().resolved, total().open) == (1, 0, 1)
    complaint.refresh_from_db()
    assert (complaint.received_month, complaint.resolved_month) == (month, None)


def test_the_services_count_a_reported_visit_for_the_quota(office_a, company_a, alice, bob):
    from inspections import services

    visit = services.inspection_plan(
        actor=bob, company=company_a, kind=Kind.ROUTINE, lead=alice, planned_date=dt.date.today()
    )
    services.inspection_start(inspection=visit, actor=alice)
    month = figures.month_start(dt.date.today())
    assert figures.office_quota(office=office_a, month=month).visits == 0  # not reported yet
    services.inspection_update(inspection=visit, actor=alice, summary="Diperiksa.", workers_present=12)
    services.inspection_report(inspection=visit, actor=alice)
    visit.refresh_from_db()
    month = figures.month_start(visit.visited_at.astimezone(office_a.zone).date())
    assert visit.visit_month == month
    quota = figures.office_quota(office=office_a, month=month)
    assert quota.visits == 1
    assert {row.inspector.pk: row.counted for row in quota.inspectors} == {alice.pk: 1}
    assert drift() == NO_DRIFT


def test_the_nightly_check_logs_drift_and_repairs_it(office_a, company_a, alice, caplog):
    ComplaintFactory(office=office_a, company=company_a, received_at=at(JAKARTA, 2024, 5, 2, 9), categories=["osh"])
    InspectionFactory(office=office_a, company=company_a, lead_inspector=alice, visited_at=at(JAKARTA, 2024, 5, 3, 9))
    assert check_rollups() == 0
    # A write that went around the services: the rollups no longer match.
    Complaint.objects.update(status=Status.REJECTED)
    VisitMonth.objects.filter(inspector=alice).update(visits=F("visits") + 3)

    with caplog.at_level(logging.WARNING, logger="rollups.rebuild"):
        # Each of the complaint's three rows (all, channel, category) moved from open to rejected: six
        # month rows and six year rows differ; and alice's visit row.
        assert check_rollups() == 13
    assert "Rollup drift in complaints" in caplog.text and "Rollup drift in visits" in caplog.text
    assert drift() == NO_DRIFT
    may = figures.period_figures(offices=[office_a], start=MAY, end=dt.date(2024, 6, 1), now=LATER).total
    assert (may.received, may.rejected) == (1, 1)
    assert figures.office_quota(office=office_a, month=MAY).inspectors[0].counted == 1


def test_rebuild_rollups_counts_rows_written_in_bulk(office_a, office_b, company_a, company_b):
    # A bulk load (the generator, an import) writes neither months nor rollups.
    instant = dt.datetime(2024, 5, 31, 16, 30, tzinfo=dt.UTC)  # Jakarta 31 May, Makassar 1 June
    Complaint.objects.bulk_create(
        ComplaintFactory.build(office=office, company=company, received_at=instant)
        for office, company in ((office_a, company_a), (office_b, company_b))
    )
    assert figures.period_figures(offices=[office_a, office_b], start=MAY, end=dt.date(2024, 7, 1)).total.received == 0
    out = io.StringIO()
    call_command("rebuild_rollups", "--check", stdout=out)
    assert "0 rows differ" in out.getvalue()  # unstamped rows are not counted anywhere yet

    call_command("rebuild_rollups", stdout=io.StringIO())

    may = figures.period_figures(offices=[office_a, office_b], start=MAY, end=dt.date(2024, 6, 1), now=LATER)
    june = figures.period_figures(offices=[office_a, office_b], start=dt.date(2024, 6, 1), end=dt.date(2024, 7, 1))
    assert may.by_office == {office_a.pk: figures.Counts(received=1)}
    assert june.by_office == {office_b.pk: figures.Counts(received=1)}
    assert ComplaintMonth.objects.filter(dimension="all").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_nightly_check_reads_one_snapshot_and_holds_no_writer(office_a, company_a, monkeypatch):
    """The check reads for some twenty seconds at national size. A complaint filed meanwhile is
    neither kept waiting until it ends nor taken for drift: the check sees it whole or not at all."""
    if connection.vendor != "postgresql":
        require_service("the check reads one snapshot on PostgreSQL")
    from rollups import rebuild as rebuild_module

    first = _file_wages_complaint(company_a)
    read, go = threading.Event(), threading.Event()
    computed = rebuild_module.computed_complaint_months

    def computed_then_paused(*args, **kwargs):
        months = computed(*args, **kwargs)  # the base tables read; the kept rows are read after
        read.set()
        go.wait(timeout=30)
        return months

    monkeypatch.setattr(rebuild_module, "computed_complaint_months", computed_then_paused)
    results = {}

    def in_thread(key, work):
        try:
            results[key] = work()
        except Exception as exc:  # noqa: BLE001 - reported below
            results[key] = exc
        finally:
            connections.close_all()

    checker = threading.Thread(target=in_thread, args=("drift", drift))
    checker.start()
    assert read.wait(timeout=30), "the check never read the base tables"
    writer = threading.Thread(target=in_thread, args=("filed", lambda: _file_wages_complaint(company_a)))
    writer.start()
    writer.join(timeout=10)
    kept_waiting = writer.is_alive()
    go.set()
    checker.join(timeout=60)
    writer.join(timeout=60)

    assert not kept_waiting, "the complaint was kept waiting until the check ended"
    assert isinstance(results["filed"], Complaint), results["filed"]
    assert results["drift"] == NO_DRIFT  # not the new complaint's rows, read half before and half after
    assert drift() == NO_DRIFT
    start, last = (
        figures.month_start(c.received_at.astimezone(office_a.zone).date()) for c in (first, results["filed"])
    )
    counted = figures.period_figures(offices=[office_a], start=start, end=figures.add_months(last, 1)).total
    assert counted.received == 2


@pytest.mark.parametrize("name", ["rollups-check", "targeting-recompute-scores"])
def test_the_nightly_tasks_run_at_night_in_every_zone(name):
    """Whenever beat was started (a deploy at 10:00 WIB), the next runs fall between midnight and
    five in the morning in western, central and eastern Indonesia."""
    from celery.schedules import maybe_schedule

    from inspectorate.celery import app

    schedule = maybe_schedule(settings.CELERY_BEAT_SCHEDULE[name]["schedule"], app=app)  # as beat reads it
    zones = (JAKARTA, MAKASSAR, ZoneInfo("Asia/Jayapura"))
    for started in (
        at(JAKARTA, 2024, 5, 2, 10),
        at(JAKARTA, 2024, 5, 2, 23, 59),
        at(ZoneInfo("Asia/Jayapura"), 2024, 5, 3, 4),
    ):
        last = started.astimezone(app.timezone)  # beat keeps its last run in the app's zone
        runs = []
        for _ in range(3):
            schedule.nowfun = lambda last=last: last
            try:
                last = last + schedule.remaining_estimate(last)
            finally:
                schedule.nowfun = None
            runs.append(last)
            for zone in zones:
                local = last.astimezone(zone)
                assert 0 <= local.hour < 5, (name, started, zone.key, local)
        assert started < runs[0] <= started + dt.timedelta(days=1)
        assert runs[1] - runs[0] == runs[2] - runs[1] == dt.timedelta(days=1)  # once a night

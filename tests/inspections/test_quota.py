"""Quota counting (DESIGN.md §3) at month boundaries in two time zones, through reporting/figures/.

These cases once pinned a second implementation in inspections/selectors.py; the home page's
panels now read reporting/figures/, the one source of the quota, and the cases pin it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from inspections.choices import InspectionStatus, Kind
from inspectorate.choices import Role
from reporting import figures
from tests.factories import StaffFactory

from .factories import InspectionFactory

pytestmark = pytest.mark.django_db


def inspector_month_visits(*, inspector, year, month):
    quota = figures.inspector_quota(inspector=inspector, month=dt.date(year, month, 1))
    return quota.counted, quota.assignments


def office_month_quota(*, office, year, month):
    return figures.office_quota(office=office, month=dt.date(year, month, 1)).inspectors


UTC = dt.UTC
# 23:30 on 31 January and 00:30 on 1 February in Asia/Makassar (UTC+8) ...
LATE_MAKASSAR = dt.datetime(2026, 1, 31, 15, 30, tzinfo=UTC)
EARLY_MAKASSAR = dt.datetime(2026, 1, 31, 16, 30, tzinfo=UTC)


def visit(company, lead, at, *, status=InspectionStatus.REPORTED, kind=Kind.ROUTINE, team=()):
    return InspectionFactory(
        company=company, lead_inspector=lead, visited_at=at, status=status, kind=kind, team=list(team)
    )


def test_it_counts_by_the_month_in_the_office_time_zone_makassar(company_b, charlie):
    assert LATE_MAKASSAR.astimezone(ZoneInfo("Asia/Makassar")).strftime("%d %H:%M") == "31 23:30"
    assert EARLY_MAKASSAR.astimezone(ZoneInfo("Asia/Makassar")).strftime("%d %H:%M") == "01 00:30"
    visit(company_b, charlie, LATE_MAKASSAR)
    visit(company_b, charlie, EARLY_MAKASSAR)
    visit(company_b, charlie, EARLY_MAKASSAR)
    assert inspector_month_visits(inspector=charlie, year=2026, month=1) == (1, 0)
    assert inspector_month_visits(inspector=charlie, year=2026, month=2) == (2, 0)


def test_it_counts_the_same_instants_differently_in_jakarta(company_a, alice):
    # In Asia/Jakarta (UTC+7) both instants are still 31 January (22:30 and 23:30).
    visit(company_a, alice, LATE_MAKASSAR)
    visit(company_a, alice, EARLY_MAKASSAR)
    assert inspector_month_visits(inspector=alice, year=2026, month=1) == (2, 0)
    assert inspector_month_visits(inspector=alice, year=2026, month=2) == (0, 0)
    # ... and 00:30 on 1 February in Jakarta is the next month there.
    visit(company_a, alice, dt.datetime(2026, 1, 31, 17, 30, tzinfo=UTC))
    assert inspector_month_visits(inspector=alice, year=2026, month=2) == (1, 0)


def test_it_counts_the_team_and_only_reported_or_closed_visits(company_a, alice, alice2):
    at = dt.datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
    visit(company_a, alice, at, team=[alice2])
    visit(company_a, alice2, at, status=InspectionStatus.CLOSED)
    visit(company_a, alice, at, status=InspectionStatus.CANCELLED, team=[alice2])
    visit(company_a, alice, at, status=InspectionStatus.IN_PROGRESS)
    visit(company_a, alice, None, status=InspectionStatus.PLANNED)
    # the lead listed in the team too is still one visit
    visit(company_a, alice2, at, team=[alice2])
    assert inspector_month_visits(inspector=alice, year=2026, month=3) == (1, 0)
    assert inspector_month_visits(inspector=alice2, year=2026, month=3) == (3, 0)


def test_it_shows_assignments_apart(company_a, alice, alice2):
    at = dt.datetime(2026, 4, 10, 3, 0, tzinfo=UTC)
    visit(company_a, alice, at, kind=Kind.ASSIGNMENT)
    visit(company_a, alice2, at, kind=Kind.ASSIGNMENT, team=[alice])
    visit(company_a, alice, at, kind=Kind.FOLLOW_UP)
    visit(company_a, alice, at, kind=Kind.ACCIDENT)
    assert inspector_month_visits(inspector=alice, year=2026, month=4) == (2, 2)


def test_it_computes_the_office_quota_in_few_queries(company_a, alice, alice2, office_a, django_assert_max_num_queries):
    at = dt.datetime(2026, 5, 31, 16, 59, tzinfo=UTC)  # 23:59 in Jakarta
    for _ in range(5):
        visit(company_a, alice, at, team=[alice2])
    visit(company_a, alice2, at, kind=Kind.ASSIGNMENT)
    visit(company_a, alice2, dt.datetime(2026, 5, 31, 17, 0, tzinfo=UTC))  # June in Jakarta
    StaffFactory(username="zz_retired", role=Role.INSPECTOR, office=office_a, is_active=False)
    StaffFactory(username="zz_head", role=Role.OFFICE_HEAD, office=office_a)
    with django_assert_max_num_queries(5):  # zones, inspectors, lead and team counts, office visits
        rows = office_month_quota(office=office_a, year=2026, month=5)
    by_name = {row.inspector.username: row for row in rows}
    assert set(by_name) == {"alice", "alice2"}
    assert (by_name["alice"].counted, by_name["alice"].assignments, by_name["alice"].met) == (5, 0, True)
    assert (by_name["alice2"].counted, by_name["alice2"].assignments, by_name["alice2"].met) == (5, 1, True)
    # the set-based figures agree with the per-inspector ones
    for row in rows:
        assert inspector_month_visits(inspector=row.inspector, year=2026, month=5) == (row.counted, row.assignments)
    june = {r.inspector.username: r.counted for r in office_month_quota(office=office_a, year=2026, month=6)}
    assert june == {"alice": 0, "alice2": 1}


def test_it_handles_december_to_january(company_b, charlie):
    visit(company_b, charlie, dt.datetime(2026, 12, 31, 15, 59, tzinfo=UTC))  # 23:59 Makassar
    visit(company_b, charlie, dt.datetime(2026, 12, 31, 16, 0, tzinfo=UTC))  # 00:00 on 1 Jan 2027
    assert inspector_month_visits(inspector=charlie, year=2026, month=12) == (1, 0)
    assert inspector_month_visits(inspector=charlie, year=2027, month=1) == (1, 0)

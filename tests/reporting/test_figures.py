"""The numbers of DESIGN.md §3 (reporting/figures/)."""

import datetime as dt
from decimal import Decimal

import pytest

from complaints.choices import Channel, Outcome, Status
from inspections.choices import InspectionStatus, Kind
from inspectorate.choices import Role
from inspectorate.models import Staff
from reporting import figures

from ..factories import CompanyFactory, DistrictFactory, OfficeFactory, StaffFactory
from .conftest import JAKARTA, MAKASSAR, at
from .factories import ComplaintFactory, InspectionFactory

MAY = dt.date(2024, 5, 1)
JUNE = dt.date(2024, 6, 1)
LATER = at(JAKARTA, 2025, 1, 1, 0)


def counted(office, month, inspector):
    rows = {row.inspector.pk: row for row in figures.office_quota(office=office, month=month).inspectors}
    return rows[inspector.pk]


def test_it_counts_a_visit_late_on_the_last_evening_in_that_month_in_makassar(office_b, company_b, charlie):
    InspectionFactory(
        office=office_b, company=company_b, lead_inspector=charlie, visited_at=at(MAKASSAR, 2024, 5, 31, 23, 30)
    )
    InspectionFactory(
        office=office_b, company=company_b, lead_inspector=charlie, visited_at=at(MAKASSAR, 2024, 6, 1, 0, 10)
    )

    assert counted(office_b, MAY, charlie).counted == 1
    assert counted(office_b, JUNE, charlie).counted == 1


def test_it_takes_the_month_in_each_offices_own_time_zone(office_a, office_b, company_a, company_b, alice, charlie):
    # The same instant, 2024-05-31 16:30 UTC: 23:30 in Jakarta (May) but 00:30 on 1 June in Makassar.
    instant = dt.datetime(2024, 5, 31, 16, 30, tzinfo=dt.UTC)
    InspectionFactory(office=office_a, company=company_a, lead_inspector=alice, visited_at=instant)
    InspectionFactory(office=office_b, company=company_b, lead_inspector=charlie, visited_at=instant)

    assert counted(office_a, MAY, alice).counted == 1
    assert counted(office_b, MAY, charlie).counted == 0
    assert counted(office_b, JUNE, charlie).counted == 1
    # Aggregated nationally, each visit stays in its office's month.
    summary = figures.quota_summary(offices=[office_a, office_b], month=MAY)
    assert summary.visits == 1
    assert [o.visits for o in summary.offices] == [1, 0]


def test_it_counts_team_members_and_a_lead_listed_in_the_team_once(office_a, company_a, alice):
    ani = StaffFactory(role=Role.INSPECTOR, office=office_a)
    InspectionFactory(
        office=office_a, company=company_a, lead_inspector=ani, team=[alice, ani], visited_at=at(JAKARTA, 2024, 5, 2, 9)
    )

    assert counted(office_a, MAY, alice).counted == 1
    assert counted(office_a, MAY, ani).counted == 1
    assert figures.office_quota(office=office_a, month=MAY).visits == 1


def test_it_breaks_down_by_kind_and_keeps_assignments_apart(office_a, company_a, alice):
    kinds = [
        Kind.ROUTINE,
        Kind.ROUTINE,
        Kind.COMPLAINT,
        Kind.FOLLOW_UP,
        Kind.ACCIDENT,
        Kind.ASSIGNMENT,
        Kind.ASSIGNMENT,
    ]
    for i, kind in enumerate(kinds):
        InspectionFactory(
            office=office_a,
            company=company_a,
            lead_inspector=alice,
            kind=kind,
            visited_at=at(JAKARTA, 2024, 5, 3 + i, 9),
        )

    row = counted(office_a, MAY, alice)
    # A joint inspection with BPJS counts like any visit (none here).
    assert row.by_kind == {"routine": 2, "complaint": 1, "follow_up": 1, "accident": 1, "bpjs_joint": 0}
    assert row.counted == 5
    assert row.assignments == 2
    assert row.met and row.attainment == 1.0


def test_it_counts_only_reported_and_closed_visits(office_a, company_a, alice):
    for i, status in enumerate(InspectionStatus.values):
        visited = at(JAKARTA, 2024, 5, 3 + i, 9)
        InspectionFactory(office=office_a, company=company_a, lead_inspector=alice, status=status, visited_at=visited)

    assert counted(office_a, MAY, alice).counted == 2


def test_it_rates_the_office_on_active_inspectors_only(office_a, company_a, alice, bob):
    ani = StaffFactory(role=Role.INSPECTOR, office=office_a)
    StaffFactory(role=Role.INSPECTOR, office=office_a, is_active=False)
    for day in range(1, 6):
        InspectionFactory(
            office=office_a, company=company_a, lead_inspector=ani, visited_at=at(JAKARTA, 2024, 5, day, 9)
        )
    InspectionFactory(office=office_a, company=company_a, lead_inspector=alice, visited_at=at(JAKARTA, 2024, 5, 9, 9))

    office = figures.office_quota(office=office_a, month=MAY)
    assert [row.inspector for row in office.inspectors] == sorted(
        [alice, ani], key=lambda s: (s.last_name, s.first_name)
    )
    assert (office.meeting, office.active, office.attainment) == (1, 2, 0.5)
    below = next(row for row in office.inspectors if row.inspector == alice)
    assert not below.met and below.attainment == pytest.approx(0.2)


def test_each_row_names_its_inspector_as_the_staff_member_is_named(office_a, alice):
    StaffFactory(role=Role.INSPECTOR, office=office_a, first_name="", last_name="", username="tanpa.nama")
    StaffFactory(role=Role.INSPECTOR, office=office_a, first_name="Rina", last_name="", username="rina")
    StaffFactory(role=Role.INSPECTOR, office=office_a, first_name="", last_name="Siregar", username="siregar")
    rows = figures.office_quota(office=office_a, month=MAY).inspectors
    names = [row.name for row in rows]  # from the rows, no Staff made
    assert names == [str(Staff.objects.get(pk=row.inspector_id)) for row in rows]
    assert {"tanpa.nama", "Rina", "Siregar", str(alice)} <= set(names) and str(alice) == alice.get_full_name()
    assert [row.name for row in rows] == [str(row.inspector) for row in rows]  # and from the instances


def test_it_uses_the_offices_own_quota(office_a, company_a, alice):
    office_a.monthly_quota = 1
    office_a.save()
    InspectionFactory(office=office_a, company=company_a, lead_inspector=alice, visited_at=at(JAKARTA, 2024, 5, 9, 9))

    assert figures.office_quota(office=office_a, month=MAY).attainment == 1.0


def test_it_aggregates_a_region_over_its_offices(region_a, office_a, company_a, alice):
    other = OfficeFactory(region=region_a, time_zone="Asia/Makassar", monthly_quota=1)
    company = CompanyFactory(district=DistrictFactory(office=other, region=region_a))
    budi = StaffFactory(role=Role.INSPECTOR, office=other)
    InspectionFactory(office=other, company=company, lead_inspector=budi, visited_at=at(MAKASSAR, 2024, 5, 31, 23, 59))

    summary = figures.quota_summary(offices=figures.scope_offices(region=region_a), month=MAY)
    assert (summary.meeting, summary.active) == (1, 2)
    assert summary.attainment == 0.5


def test_it_draws_a_twelve_month_quota_trend(office_a, company_a, alice):
    office_a.monthly_quota = 1
    office_a.save()
    InspectionFactory(
        office=office_a, company=company_a, lead_inspector=alice, visited_at=at(JAKARTA, 2023, 6, 30, 23, 59)
    )
    InspectionFactory(
        office=office_a, company=company_a, lead_inspector=alice, visited_at=at(JAKARTA, 2024, 5, 1, 0, 0)
    )
    InspectionFactory(
        office=office_a,
        company=company_a,
        lead_inspector=alice,
        kind=Kind.ASSIGNMENT,
        visited_at=at(JAKARTA, 2024, 4, 1, 9),
    )

    trend = figures.quota_trend(offices=[office_a], month=MAY)
    assert [p.month for p in trend] == [figures.add_months(MAY, i) for i in range(-11, 1)]
    assert [p.visits for p in trend] == [1] + [0] * 10 + [1]
    assert trend[10].assignment_visits == 1 and trend[10].meeting == 0
    assert [p.attainment for p in trend] == [1.0] + [0.0] * 10 + [1.0]


def test_it_computes_quota_with_a_fixed_number_of_queries(office_a, company_a, django_assert_num_queries):
    def grow():
        lead = StaffFactory(role=Role.INSPECTOR, office=office_a)
        member = StaffFactory(role=Role.INSPECTOR, office=office_a)
        for kind in (Kind.ROUTINE, Kind.ASSIGNMENT):
            InspectionFactory(
                office=office_a,
                company=company_a,
                lead_inspector=lead,
                team=[member],
                kind=kind,
                visited_at=at(JAKARTA, 2024, 5, 2, 9),
            )

    grow()
    with django_assert_num_queries(3):
        small = figures.quota_summary(offices=[office_a], month=MAY)
    for _ in range(5):
        grow()
    with django_assert_num_queries(3):
        big = figures.quota_summary(offices=[office_a], month=MAY)
    assert (small.active, big.active) == (2, 12)
    with django_assert_num_queries(3):
        figures.quota_trend(offices=[office_a], month=MAY)


def test_it_counts_each_offices_quota_in_the_database_as_the_inspectors_rows_do(
    office_a, office_b, company_a, company_b, alice, charlie, django_assert_num_queries
):
    """The national pages read each office's counts (``rows=False``); the rows they stand for agree."""
    office_b.monthly_quota = 3
    office_b.save()
    ani = StaffFactory(role=Role.INSPECTOR, office=office_a)  # no visit
    gone = StaffFactory(role=Role.INSPECTOR, office=office_a, is_active=False)
    head = StaffFactory(role=Role.OFFICE_HEAD, office=office_a)
    empty = OfficeFactory(region=office_a.region)  # no inspector at all

    def visit(office, company, lead, day, kind=Kind.ROUTINE, team=(), month=5):
        InspectionFactory(
            office=office,
            company=company,
            lead_inspector=lead,
            team=list(team),
            kind=kind,
            visited_at=at(JAKARTA, 2024, month, day, 9),
        )

    # Alice meets office A's quota of 5 with a visit on office B's team; two assignments add nothing.
    for day in range(1, 5):
        visit(office_a, company_a, alice, day)
    visit(office_b, company_b, charlie, 5, team=[alice])
    visit(office_a, company_a, alice, 6, kind=Kind.ASSIGNMENT)
    visit(office_a, company_a, alice, 7, kind=Kind.ASSIGNMENT)
    # Charlie: that visit, one more and an assignment in May (2 of 3); June's visits do not count in May.
    visit(office_b, company_b, charlie, 8)
    visit(office_b, company_b, charlie, 9, kind=Kind.ASSIGNMENT)
    visit(office_b, company_b, charlie, 10, month=6)
    visit(office_b, company_b, charlie, 11, month=6)
    # Neither the inactive inspector nor the head is counted, whatever they visited.
    for day in range(12, 18):
        visit(office_a, company_a, gone, day)
        visit(office_a, company_a, head, day)
    offices = [office_a, office_b, empty]

    with_rows = figures.quota_summary(offices=offices, month=MAY)
    with django_assert_num_queries(2):
        counts = figures.quota_summary(offices=offices, month=MAY, rows=False)

    def seen(summary):
        return [(o.active, o.meeting, o.below, o.assignments, o.visits, o.assignment_visits) for o in summary.offices]

    assert seen(counts) == seen(with_rows) == [(2, 1, 1, 2, 16, 2), (1, 0, 1, 1, 2, 1), (0, 0, 0, 0, 0, 0)]
    assert [len(o.inspectors) for o in with_rows.offices] == [2, 1, 0]
    assert {row.inspector.pk for row in with_rows.offices[0].inspectors} == {alice.pk, ani.pk}
    assert all(o.inspectors is None for o in counts.offices)
    assert (counts.active, counts.meeting, counts.attainment) == (3, 1, 1 / 3)
    assert figures.quota_summary(offices=[], month=MAY, rows=False).offices == []


def test_it_reads_one_inspectors_quota_as_their_offices_row_has_it(
    office_a, office_b, company_a, company_b, alice, charlie, django_assert_num_queries
):
    ani = StaffFactory(role=Role.INSPECTOR, office=office_a)
    gone = StaffFactory(role=Role.INSPECTOR, office=office_a, is_active=False)
    head = StaffFactory(role=Role.OFFICE_HEAD, office=office_a)
    for day, (office, company, lead, kind, team) in enumerate(
        [
            (office_a, company_a, alice, Kind.ROUTINE, [ani]),
            (office_a, company_a, alice, Kind.ASSIGNMENT, []),
            (office_b, company_b, charlie, Kind.ROUTINE, [alice]),  # alice on another office's team
            (office_a, company_a, gone, Kind.ROUTINE, []),
            (office_a, company_a, head, Kind.ROUTINE, []),
        ],
        start=1,
    ):
        InspectionFactory(
            office=office,
            company=company,
            lead_inspector=lead,
            team=team,
            kind=kind,
            visited_at=at(JAKARTA, 2024, 5, day, 9),
        )
    summary = figures.quota_summary(offices=[office_a, office_b], month=MAY)
    rows = {row.inspector_id: row for office in summary.offices for row in office.inspectors}
    assert set(rows) == {alice.pk, ani.pk, charlie.pk}
    for person in (alice, ani, charlie, gone, head):
        row = rows.get(person.pk)
        with django_assert_num_queries(1 if row else 0):  # nobody else's rows; none for who counts nothing
            mine = figures.inspector_quota(inspector=person, month=MAY)
        if row is None:  # inactive, or not an inspector: nothing counted against the office's quota
            assert (mine.counted, mine.assignments, mine.quota, set(mine.by_kind.values())) == (0, 0, 5, {0})
        else:
            assert (mine.counted, mine.assignments, mine.quota, mine.by_kind) == (
                row.counted,
                row.assignments,
                row.quota,
                row.by_kind,
            )
    assert (figures.inspector_quota(inspector=alice, month=MAY).counted, rows[alice.pk].assignments) == (2, 1)
    assert figures.inspector_quota(inspector=gone, month=MAY).counted == 0
    assert figures.inspector_quota(inspector=alice, month=JUNE).counted == 0


# --- complaints ---------------------------------------------------------------------------


def complaint(office, received, status=Status.RECEIVED, resolved_at=None, **kwargs):
    done = status in (Status.RESOLVED, Status.CLOSED)
    return ComplaintFactory(
        office=office,
        company=kwargs.pop("company", None)
        or CompanyFactory(district=DistrictFactory(office=office, region=office.region)),
        received_at=received,
        status=status,
        outcome=Outcome.SETTLED if done else "",
        resolved_at=resolved_at,
        **kwargs,
    )


def test_it_finds_sixty_percent_for_ten_complaints_with_six_resolved(known_data, office_a):
    year = figures.period_figures(offices=[office_a], start=dt.date(2024, 1, 1), end=JUNE, now=LATER)

    assert (year.total.received, year.total.considered, year.total.resolved, year.total.open) == (10, 10, 6, 4)
    assert year.total.rate == pytest.approx(0.6)
    assert year.wage_complaints == 10
    assert year.wage_claimed == Decimal(20_000_000) and year.wage_recovered == Decimal(9_000_000)


def test_it_leaves_rejected_and_referred_out_of_the_rate(office_a):
    for status in (Status.RESOLVED, Status.CLOSED, Status.IN_PROGRESS, Status.REJECTED, Status.REFERRED):
        complaint(office_a, at(JAKARTA, 2024, 5, 2, 9), status, resolved_at=at(JAKARTA, 2024, 5, 9, 9))

    total = figures.period_figures(offices=[office_a], start=MAY, end=JUNE, now=LATER).total
    assert (total.received, total.rejected, total.referred, total.considered, total.resolved) == (5, 1, 1, 3, 2)
    assert total.rate == pytest.approx(2 / 3)


def test_it_does_not_count_a_complaint_resolved_after_the_period(office_a):
    complaint(office_a, at(JAKARTA, 2024, 5, 2, 9), Status.RESOLVED, resolved_at=at(JAKARTA, 2024, 6, 1, 0, 0))
    complaint(office_a, at(JAKARTA, 2024, 5, 3, 9), Status.CLOSED, resolved_at=at(JAKARTA, 2024, 5, 31, 23, 59))

    may = figures.period_figures(offices=[office_a], start=MAY, end=JUNE, now=LATER).total
    assert (may.considered, may.resolved, may.open) == (2, 1, 1)


def test_it_does_not_count_a_reopened_complaint_as_resolved(office_a):
    # Resolved in May, reopened since: status decides, whatever resolved_at still says.
    complaint(office_a, at(JAKARTA, 2024, 5, 2, 9), Status.ASSIGNED, resolved_at=at(JAKARTA, 2024, 5, 9, 9))

    assert figures.period_figures(offices=[office_a], start=MAY, end=JUNE, now=LATER).total.resolved == 0


def test_it_counts_the_current_period_up_to_now(office_a):
    now = at(JAKARTA, 2024, 5, 15, 12)
    complaint(office_a, at(JAKARTA, 2024, 5, 2, 9), Status.RESOLVED, resolved_at=at(JAKARTA, 2024, 5, 10, 9))
    complaint(office_a, at(JAKARTA, 2024, 5, 3, 9), Status.RESOLVED, resolved_at=at(JAKARTA, 2024, 5, 16, 9))

    assert figures.period_figures(offices=[office_a], start=MAY, end=JUNE, now=now).total.resolved == 1


def test_it_takes_complaints_into_the_month_of_their_office_time_zone(office_a, office_b):
    instant = dt.datetime(2024, 5, 31, 16, 30, tzinfo=dt.UTC)  # Jakarta 23:30 31 May, Makassar 00:30 1 June
    complaint(office_a, instant)
    complaint(office_b, instant)

    may = figures.period_figures(offices=[office_a, office_b], start=MAY, end=JUNE, now=LATER)
    june = figures.period_figures(offices=[office_a, office_b], start=JUNE, end=dt.date(2024, 7, 1), now=LATER)
    assert may.by_office == {office_a.pk: figures.Counts(received=1)}
    assert june.by_office == {office_b.pk: figures.Counts(received=1)}


def test_it_breaks_down_by_category_and_channel(office_a):
    complaint(
        office_a,
        at(JAKARTA, 2024, 5, 2, 9),
        Status.RESOLVED,
        at(JAKARTA, 2024, 5, 3, 9),
        categories=["wages", "osh"],
        channel=Channel.PHONE,
    )
    complaint(office_a, at(JAKARTA, 2024, 5, 2, 9), categories=["wages"], channel=Channel.ONLINE)

    figs = figures.period_figures(offices=[office_a], start=MAY, end=JUNE, now=LATER)
    by_category = {row.key: (row.counts.received, row.counts.resolved) for row in figs.by_category}
    assert by_category == {"wages": (2, 1), "osh": (1, 1)}
    by_channel = {row.key: (row.counts.received, row.counts.resolved) for row in figs.by_channel}
    assert by_channel == {"phone": (1, 1), "online": (1, 0)}


def test_it_ages_the_backlog_at_the_end_of_the_period(office_a):
    end = JUNE  # as of 1 June 00:00 Jakarta
    # Received an hour short of whole days before the end; due ``due_in`` days after 31 May.
    for days, due_in in [(0, 10), (30, 10), (31, -1), (60, 5), (61, -3), (90, 1), (91, -60), (400, -300)]:
        received = at(JAKARTA, 2024, 6, 1, 0) - dt.timedelta(days=days, hours=1)
        complaint(office_a, received, Status.IN_PROGRESS, due_date=(received + dt.timedelta(days=days + due_in)).date())
    complaint(office_a, at(JAKARTA, 2024, 4, 1, 9), Status.RESOLVED, resolved_at=at(JAKARTA, 2024, 5, 1, 9))
    complaint(office_a, at(JAKARTA, 2024, 4, 1, 9), Status.REJECTED)
    complaint(office_a, at(JAKARTA, 2024, 6, 2, 9), Status.RECEIVED)  # after the period

    backlog = figures.backlog(offices=[office_a], end=end, now=LATER)
    assert backlog.buckets == {"0-30": 2, "31-60": 2, "61-90": 2, ">90": 2}
    assert backlog.open == 8
    assert backlog.overdue == 4


def test_it_draws_a_twelve_month_resolution_trend(office_a):
    complaint(office_a, at(JAKARTA, 2023, 6, 1, 0), Status.RESOLVED, at(JAKARTA, 2023, 6, 30, 23))
    complaint(office_a, at(JAKARTA, 2024, 5, 2, 9), Status.RESOLVED, at(JAKARTA, 2024, 6, 3, 9))
    complaint(office_a, at(JAKARTA, 2024, 5, 2, 9), Status.REFERRED)
    complaint(office_a, at(JAKARTA, 2023, 5, 31, 9))  # before the window

    trend = figures.resolution_trend(offices=[office_a], month=MAY, now=LATER)
    assert len(trend) == 12
    assert (trend[0].counts.considered, trend[0].counts.resolved, trend[0].counts.rate) == (1, 1, 1.0)
    # May's complaint was resolved in June: not by the end of May.
    assert (trend[-1].counts.received, trend[-1].counts.considered, trend[-1].counts.resolved) == (2, 1, 0)
    assert trend[5].counts.rate is None


def test_it_computes_resolution_with_a_fixed_number_of_queries(office_a, django_assert_num_queries):
    company = CompanyFactory(district=DistrictFactory(office=office_a, region=office_a.region))

    def grow(n):
        for i in range(n):
            complaint(
                office_a,
                at(JAKARTA, 2024, 1 + i % 5, 2, 9),
                Status.RESOLVED,
                at(JAKARTA, 2024, 5, 9, 9),
                company=company,
                categories=["wages"],
            )

    grow(2)
    with django_assert_num_queries(7):
        figures.resolution_summary(offices=[office_a], month=MAY, now=LATER)
    grow(20)
    with django_assert_num_queries(7):
        summary = figures.resolution_summary(offices=[office_a], month=MAY, now=LATER)
    assert summary.year_figures.total.resolved == 22


def test_it_measures_a_complaints_age_to_resolution_or_now(office_a):
    open_one = complaint(office_a, at(JAKARTA, 2024, 5, 1, 9))
    done = complaint(office_a, at(JAKARTA, 2024, 5, 1, 9), Status.RESOLVED, at(JAKARTA, 2024, 5, 11, 10))

    assert figures.complaint_age_days(open_one, now=at(JAKARTA, 2024, 5, 31, 9)) == 30
    assert figures.complaint_age_days(done, now=at(JAKARTA, 2024, 5, 31, 9)) == 10


def test_it_counts_each_month_intake_resolved_so_far_whenever_it_was_resolved(office_a):
    # Received in May, resolved in June, August and (after "now") in 2025: the trend of intake
    # counts the first two for May, while "resolved by month end" counts none of them.
    complaint(office_a, at(JAKARTA, 2024, 5, 2, 9), Status.RESOLVED, at(JAKARTA, 2024, 6, 3, 9))
    complaint(office_a, at(JAKARTA, 2024, 5, 3, 9), Status.CLOSED, at(JAKARTA, 2024, 8, 3, 9))
    complaint(office_a, at(JAKARTA, 2024, 5, 4, 9), Status.RESOLVED, at(JAKARTA, 2025, 2, 1, 9))
    complaint(office_a, at(JAKARTA, 2024, 5, 5, 9), Status.IN_PROGRESS)
    complaint(office_a, at(JAKARTA, 2024, 5, 6, 9), Status.REJECTED)
    complaint(office_a, at(JAKARTA, 2024, 4, 30, 23), Status.RESOLVED, at(JAKARTA, 2024, 12, 1, 9))

    trend = figures.received_and_resolved_trend(offices=[office_a], month=MAY, now=LATER)
    by_month = {p.month: p.counts for p in trend}
    assert len(trend) == 12 and trend[-1].month == MAY
    may = by_month[MAY]
    assert (may.received, may.considered, may.resolved, may.rate) == (5, 4, 2, 0.5)
    april = by_month[dt.date(2024, 4, 1)]
    assert (april.considered, april.resolved, april.rate) == (1, 1, 1.0)
    assert by_month[dt.date(2024, 3, 1)].rate is None
    old = {p.month: p.counts for p in figures.resolution_trend(offices=[office_a], month=MAY, now=LATER)}
    assert (old[MAY].resolved, old[dt.date(2024, 4, 1)].resolved) == (0, 0)

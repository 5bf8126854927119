"""The list filters the dashboards link with: office, visit month, the quota rule, deadlines; scope; queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.choices import InspectionStatus, Kind, NoticeLevel, NoticeStatus
from inspections.filters import findings_overdue_url, notices_awaiting_url, visit_list_url
from inspections.models import Notice
from reporting import figures

from ..factories import CompanyFactory, DistrictFactory
from .factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

VISITS = "inspections:inspection_list"
NOTICES = "inspections:notice_list"
FINDINGS = "inspections:finding_overdue_list"


def _rows(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.context["page"].paginator.count, response


def _visit(company, lead, *, kind=Kind.ROUTINE, status=InspectionStatus.REPORTED, at=None, team=()):
    at = at or timezone.now()
    return InspectionFactory(
        company=company,
        lead_inspector=lead,
        kind=kind,
        status=status,
        visited_at=at if status != InspectionStatus.PLANNED else None,
        team=list(team),
    )


def _notice(visit, head, *, deadline, status=NoticeStatus.ISSUED, n=[0]):  # noqa: B006 - a counter for numbers
    n[0] += 1
    return Notice.objects.create(
        inspection=visit,
        office=visit.office,
        company=visit.company,
        level=NoticeLevel.FIRST,
        number=f"NP-T/{n[0]:05d}",
        issued_on=deadline - dt.timedelta(days=30),
        compliance_deadline=deadline,
        status=status,
        issued_by=head,
    )


# --- visits ---------------------------------------------------------------------------------------


def test_it_lists_a_team_visit_once_for_each_inspector_as_the_quota_counts_it(
    client_for, bob, alice, alice2, company_a
):
    # The lead also listed in the team: still one visit for her, one for the team member.
    _visit(company_a, alice, team=[alice, alice2])
    today = timezone.localdate()
    month = today.replace(day=1)
    client = client_for(bob)
    for inspector in (alice, alice2):
        counted = figures.inspector_quota(inspector=inspector, month=month).counted
        assert counted == 1
        assert _rows(client, visit_list_url(month=month, inspector=inspector, counted=True))[0] == 1
    office = figures.office_quota(office=alice.office, month=month)
    assert [q.counted for q in office.inspectors if q.inspector in (alice, alice2)] == [1, 1]
    assert _rows(client, visit_list_url(month=month, office=alice.office, counted=True))[0] == office.visits == 1


def test_it_takes_the_visit_month_in_each_offices_time_zone(client_for, grace, alice, charlie, company_a, office_b):
    company_b = CompanyFactory(district=DistrictFactory(office=office_b, region=office_b.region))
    # 16:30 UTC on 31 March: 23:30 in Jakarta (still March), 00:30 on 1 April in Makassar.
    instant = dt.datetime(2025, 3, 31, 16, 30, tzinfo=dt.UTC)
    in_jakarta = _visit(company_a, alice, at=instant)
    in_makassar = _visit(company_b, charlie, at=instant)
    client = client_for(grace)

    def refs(month):
        _n, response = _rows(client, reverse(VISITS), {"visited_month": month})
        return [v.reference for v in response.context["page"].object_list]

    assert refs("2025-03") == [in_jakarta.reference]
    assert refs("2025-04") == [in_makassar.reference]
    april = figures.quota_summary(offices=[alice.office, office_b], month=dt.date(2025, 4, 1))
    assert [o.visits for o in april.offices] == [0, 1]


def test_it_applies_the_quota_rule_and_separates_assignments(client_for, bob, alice, company_a):
    for status in (InspectionStatus.REPORTED, InspectionStatus.CLOSED, InspectionStatus.IN_PROGRESS):
        _visit(company_a, alice, status=status)
        _visit(company_a, alice, status=status, kind=Kind.ASSIGNMENT)
    _visit(company_a, alice, kind=Kind.FOLLOW_UP)
    _visit(company_a, alice, status=InspectionStatus.PLANNED)
    today = timezone.localdate()
    month = today.replace(day=1)
    mine = figures.inspector_quota(inspector=alice, month=month)
    counted, assignments = mine.counted, mine.assignments
    assert (counted, assignments) == (3, 2)
    client = client_for(bob)
    assert _rows(client, visit_list_url(month=month, inspector=alice, counted=True))[0] == counted
    assert _rows(client, visit_list_url(month=month, inspector=alice, assignments=True))[0] == assignments
    params = {"visited_month": f"{month:%Y-%m}"}
    assert _rows(client, reverse(VISITS), {**params, "assignment": "true"})[0] == 3  # in progress too
    assert _rows(client, reverse(VISITS), {**params, "counted": "false"})[0] == 4  # planned has no visit time
    assert _rows(client, reverse(VISITS), {**params, "reported": "true"})[0] == 5
    last_month = figures.add_months(month, -1)
    assert _rows(client, visit_list_url(month=last_month, inspector=alice, counted=True))[0] == 0


# --- scope and bad input: an empty list and the form's error, never the unfiltered list ----------


@pytest.mark.parametrize("name", [VISITS, NOTICES, FINDINGS])
def test_it_refuses_an_office_outside_the_users_scope(
    client_for, alice, erin, office_a, office_b, company_a, bob, name
):
    visit = _visit(company_a, alice)
    _notice(visit, bob, deadline=timezone.localdate() - dt.timedelta(days=3))
    FindingFactory(inspection=visit, deadline=timezone.localdate() - dt.timedelta(days=3))
    for user in (alice, erin):
        client = client_for(user)
        assert _rows(client, reverse(name))[0] == 1
        assert _rows(client, reverse(name), {"office": office_a.pk})[0] == 1
        n, response = _rows(client, reverse(name), {"office": office_b.pk})
        assert n == 0
        assert "office" in response.context["filter"].errors
        assert 'class="invalid-feedback d-block"' in response.content.decode()


def test_it_shows_nothing_for_a_malformed_month(client_for, alice, company_a):
    _visit(company_a, alice)
    n, response = _rows(client_for(alice), reverse(VISITS), {"visited_month": "2025-13"})
    assert n == 0 and "visited_month" in response.context["filter"].errors


def test_it_refuses_an_office_outside_scope_in_the_api(api_for, alice, office_a, office_b, company_a):
    _visit(company_a, alice)
    api = api_for(alice)
    assert api.get("/api/v1/inspections/", {"office": office_b.pk}).status_code == 400
    response = api.get("/api/v1/inspections/", {"office": office_a.pk, "counted": "true"})
    assert response.status_code == 200 and response.json()["count"] == 1


def test_it_offers_only_the_users_offices(client_for, erin, grace, office_a, office_b):
    choices = client_for(erin).get(reverse(VISITS)).context["filter"].form.fields["office"].queryset
    assert list(choices) == [office_a]
    choices = client_for(grace).get(reverse(VISITS)).context["filter"].form.fields["office"].queryset
    assert set(choices) == {office_a, office_b}


# --- notices and findings past their deadline ----------------------------------------------------


def test_it_lists_notices_awaiting_follow_up_as_the_work_queue_counts_them(client_for, bob, alice, company_a):
    from reporting.dashboards import office_work_queue

    visit = _visit(company_a, alice)
    today = timezone.localdate(timezone=alice.office.zone)
    _notice(visit, bob, deadline=today - dt.timedelta(days=1))
    _notice(visit, bob, deadline=today - dt.timedelta(days=40))
    _notice(visit, bob, deadline=today)  # due today: not passed yet
    _notice(visit, bob, deadline=today - dt.timedelta(days=5), status=NoticeStatus.COMPLIED)
    queue = office_work_queue(office=alice.office)
    client = client_for(bob)
    assert _rows(client, notices_awaiting_url(office=alice.office))[0] == queue.notices_awaiting == 2
    assert _rows(client, reverse(NOTICES), {"status": "issued"})[0] == 3
    assert _rows(client, reverse(NOTICES), {"deadline_passed": "false"})[0] == 1
    assert _rows(client, reverse(NOTICES), {"deadline_before": today.isoformat()})[0] == 3


def test_it_lists_overdue_findings_of_one_office_as_the_work_queue_counts_them(
    client_for, grace, bob, alice, charlie, company_a, office_b
):
    from reporting.dashboards import office_work_queue

    company_b = CompanyFactory(district=DistrictFactory(office=office_b, region=office_b.region))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    for company, lead in ((company_a, alice), (company_a, alice), (company_b, charlie)):
        FindingFactory(inspection=_visit(company, lead), deadline=yesterday)
    FindingFactory(inspection=_visit(company_a, alice), deadline=yesterday + dt.timedelta(days=5))
    queue = office_work_queue(office=alice.office)
    assert _rows(client_for(grace), findings_overdue_url(office=alice.office))[0] == queue.findings_past_deadline == 2
    assert _rows(client_for(grace), reverse(FINDINGS))[0] == 3
    assert _rows(client_for(bob), findings_overdue_url(office=alice.office))[0] == 2


# --- queries: fixed whatever the rows ---------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 6])
def test_it_pins_the_queries_of_the_visit_list_behind_a_quota_figure(
    client_for, bob, alice, alice2, company_a, n, django_assert_num_queries
):
    for _ in range(n):
        _visit(company_a, alice, team=[alice2])
        _visit(company_a, alice2, kind=Kind.ASSIGNMENT)
    month = timezone.localdate().replace(day=1)
    client = client_for(bob)
    url = visit_list_url(month=month, office=alice.office, inspector=alice2, counted=True)
    client.get(url)  # warm the session
    # Session and user with their office (2), the chosen office and inspector (2), the time zones of the
    # month, count and page (2), the form's choices (2), session save (1).
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.content.decode().count('data-testid="inspection-row"') == n


@pytest.mark.parametrize("n", [1, 5])
def test_it_pins_the_queries_of_the_notice_list_behind_the_queue(
    client_for, bob, alice, company_a, n, django_assert_num_queries
):
    for _ in range(n):
        visit = _visit(company_a, alice)
        _notice(visit, bob, deadline=timezone.localdate() - dt.timedelta(days=2))
        _notice(visit, bob, deadline=timezone.localdate() + dt.timedelta(days=2))
    client = client_for(bob)
    url = notices_awaiting_url(office=alice.office)
    client.get(url)
    # Session and user with their office (2), the chosen office, the time zones of "today", count and
    # page (2), the form's office choices, session save (1).
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count('data-testid="notice-row"') == n


@pytest.mark.parametrize("n", [1, 5])
def test_it_pins_the_queries_of_the_overdue_finding_list(
    client_for, bob, alice, company_a, n, django_assert_num_queries
):
    for _ in range(n):
        FindingFactory(inspection=_visit(company_a, alice), deadline=timezone.localdate() - dt.timedelta(days=2))
    client = client_for(bob)
    url = findings_overdue_url(office=alice.office)
    client.get(url)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count('data-testid="overdue-finding"') == n


def test_it_counts_every_notice_awaiting_follow_up_but_reads_only_the_ten_shown(
    bob, alice, company_a, django_assert_num_queries
):
    from reporting.dashboards import office_work_queue

    visit = _visit(company_a, alice)
    today = timezone.localdate(timezone=alice.office.zone)
    _notice(visit, bob, deadline=today - dt.timedelta(days=30))
    with django_assert_num_queries(4):
        queue = office_work_queue(office=alice.office)
    assert queue.notices_awaiting == 1 and len(queue.notices) == 1
    for days in range(1, 12):
        _notice(visit, bob, deadline=today - dt.timedelta(days=days))
    with django_assert_num_queries(4):
        queue = office_work_queue(office=alice.office)
        shown = [(n.number, n.company.name) for n in queue.notices]  # the company came with the notice
    assert queue.notices_awaiting == 12
    assert len(shown) == 10
    deadlines = [n.compliance_deadline for n in queue.notices]
    assert deadlines[0] == today - dt.timedelta(days=30) and deadlines == sorted(deadlines)


def test_the_visit_lists_inspectors_are_in_name_order_as_on_the_work_queue(client_for, bob, alice, office_a):
    import re

    from ..factories import StaffFactory

    StaffFactory(username="aaa", first_name="Zainal", last_name="Arifin", office=office_a)
    StaffFactory(username="zzz", first_name="Budi", last_name="Santoso", office=office_a)
    html = client_for(bob).get(reverse("inspections:inspection_list")).content.decode()
    select = re.search(r'<select name="inspector".*?</select>', html, re.S).group(0)
    names = [label for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)]
    assert [n.split()[0] for n in names] == ["Alice", "Budi", "Zainal"], names

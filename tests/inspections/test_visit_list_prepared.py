"""The visit list as it opens (no filter) is counted and paged by prepared queries
(inspectorate.pagination.PreparedRows): the same visits, in the same order, as the filtered list's
queryset gives, for every role, on every page; a filter, even a refused one, takes the usual way."""

import datetime as dt

import pytest

from inspections import selectors
from inspections.choices import Kind
from inspections.visit_html import inspection_rows_html

from .factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

LIST = "/inspections/"


@pytest.fixture
def visits(company_a, company_b, alice, charlie):
    """Two pages of office A's visits (some on the same day, to test the order's tie-break), one with
    open findings, and office B's."""
    made = [
        InspectionFactory(company=company_a, lead_inspector=alice, planned_date=dt.date(2026, 11, 1 + i % 7))
        for i in range(31)
    ]
    for _ in range(2):
        FindingFactory(inspection=made[3])
    made += [InspectionFactory(company=company_b, lead_inspector=charlie, kind=Kind.COMPLAINT) for _ in range(3)]
    return made


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "erin", "frank", "grace", "root"])
def test_every_page_is_the_querysets(request, client_for, visits, who, prepared_pages):
    user = request.getfixturevalue(who)
    expected = list(selectors.inspection_list(user=user))
    client = client_for(user)
    for number, query in ((1, ""), (1, "?page=1"), (2, "?page=2"), (1, "?page=nothing"), (2, "?page=99")):
        response = client.get(LIST + query)
        page = response.context["page"]
        if not expected:
            assert list(page.object_list) == [] and page.paginator.count == 0
            continue
        number = min(number, page.paginator.num_pages)
        assert page.number == number
        assert page.paginator.count == len(expected)
        shown = expected[(number - 1) * 25 : number * 25]
        assert [visit.pk for visit in page.object_list] == [visit.pk for visit in shown]
        assert response.context["rows_html"] == inspection_rows_html(shown)
    assert prepared_pages  # the list as it opens took the prepared way


def test_the_open_findings_and_the_scope_are_kept(client_for, visits, bob, charlie):
    rows = client_for(bob).get(LIST).context["page"].object_list
    assert {visit.company_id for visit in rows} == {visits[0].company_id}
    assert {visit.pk: visit.open_findings for visit in rows}[visits[3].pk] == 2
    assert all(visit.pk not in {v.pk for v in visits[31:]} for visit in rows)
    assert {visit.pk for visit in client_for(charlie).get(LIST).context["page"].object_list} == {
        visit.pk for visit in visits[31:]
    }


@pytest.mark.parametrize(
    "query, count",
    [("?kind=complaint", 0), ("?kind=routine", 31), ("?date_from=not-a-date", 0), ("?kind=&status=", 31)],
)
def test_a_filter_takes_the_usual_way_and_empty_filters_do_not(client_for, visits, bob, prepared_pages, query, count):
    response = client_for(bob).get(LIST + query)
    assert response.context["page"].paginator.count == count
    assert bool(prepared_pages) is (query == "?kind=&status=")


def test_an_office_without_visits_shows_none(client_for, visits, region_a, prepared_pages):
    from inspectorate.choices import Role
    from tests.factories import OfficeFactory, StaffFactory

    head = StaffFactory(username="kosong", role=Role.OFFICE_HEAD, office=OfficeFactory(region=region_a))
    page = client_for(head).get(LIST).context["page"]
    assert page.paginator.count == 0 and list(page.object_list) == []

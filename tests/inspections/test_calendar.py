"""The month calendar of planned visits: the inspector's own, the office's for the head, never another office's."""

import datetime as dt

import pytest
from django.urls import reverse

from .factories import InspectionFactory

pytestmark = pytest.mark.django_db

URL = reverse("inspections:inspection_calendar")
DAY = dt.date(2026, 12, 9)


def _visits(html: str) -> int:
    return html.count('data-testid="calendar-visit"')


def test_it_shows_the_inspector_own_visits_and_the_head_the_office(
    client_for, company_a, company_b, alice, alice2, bob, charlie
):
    own = InspectionFactory(company=company_a, lead_inspector=alice, planned_date=DAY)
    team = InspectionFactory(company=company_a, lead_inspector=alice2, team=[alice], planned_date=DAY)
    InspectionFactory(company=company_a, lead_inspector=alice2, planned_date=DAY)
    InspectionFactory(company=company_b, lead_inspector=charlie, planned_date=DAY)
    InspectionFactory(company=company_a, lead_inspector=alice, planned_date=dt.date(2027, 2, 1))

    response = client_for(alice).get(URL, {"month": "2026-12"})
    days = dict(response.context["cal"].days_with_visits)
    assert days == {DAY: sorted([own, team], key=lambda v: v.pk)}
    html = response.content.decode()
    assert _visits(html) == 2 and "Asia/Jakarta" in html
    assert _visits(client_for(bob).get(URL, {"month": "2026-12"}).content.decode()) == 3


def test_it_opens_on_the_current_month_in_the_office_zone_and_ignores_a_bad_month(client_for, alice):
    response = client_for(alice).get(URL, {"month": "2026-13"})
    assert response.status_code == 200 and response.context["cal"].month.day == 1
    assert client_for(alice).get(URL).context["cal"].month == response.context["cal"].month


def test_it_sends_anonymous_visitors_to_login_and_refuses_post(client, client_for, alice):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(alice).post(URL).status_code == 405


@pytest.mark.parametrize("n", [2, 12])
def test_it_keeps_the_query_count_flat(client_for, company_a, alice, bob, n, django_assert_num_queries):
    for i in range(n):
        InspectionFactory(company=company_a, lead_inspector=alice, planned_date=DAY + dt.timedelta(days=i % 20))
    client = client_for(bob)
    client.get(URL, {"month": "2026-12"})
    with django_assert_num_queries(4):
        response = client.get(URL, {"month": "2026-12"})
    assert _visits(response.content.decode()) == n


@pytest.mark.parametrize("who", ["alice", "alice2", "bob", "charlie", "erin", "grace", "root"])
def test_its_visits_are_the_scoped_querysets_and_compile_nothing_after_the_first_request(
    request, client_for, company_a, company_b, alice, alice2, charlie, who, orm_compiles
):
    """Read by queries built once (inspectorate.prepared): the visits ``access.restrict`` gives the
    user in the month's weeks, an inspector's own (lead or team, once each), by day, company and id."""
    from django.db.models import Q

    from inspections.models import Inspection
    from inspectorate import access
    from inspectorate.choices import Role

    InspectionFactory(company=company_a, lead_inspector=alice, planned_date=DAY)
    InspectionFactory(company=company_a, lead_inspector=alice2, team=[alice, charlie], planned_date=DAY)
    InspectionFactory(company=company_a, lead_inspector=alice2, planned_date=dt.date(2026, 11, 30))  # week of Dec 1
    InspectionFactory(company=company_b, lead_inspector=charlie, planned_date=DAY)
    InspectionFactory(company=company_a, lead_inspector=alice, planned_date=dt.date(2027, 2, 1))
    user = request.getfixturevalue(who)
    client = client_for(user)
    client.get(URL, {"month": "2026-12"})
    orm_compiles.clear()
    cal = client.get(URL, {"month": "2026-12"}).context["cal"]
    assert orm_compiles == []
    expected = access.restrict(Inspection.objects.all(), user).filter(
        planned_date__range=(dt.date(2026, 11, 30), dt.date(2027, 1, 3))
    )
    if user.role == Role.INSPECTOR:
        expected = expected.filter(Q(lead_inspector=user) | Q(team=user)).distinct()
    shown = [visit.pk for week in cal.weeks for _day, visits in week for visit in visits]
    assert shown == list(expected.order_by("planned_date", "company__name", "pk").values_list("pk", flat=True))

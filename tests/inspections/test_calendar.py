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

"""The head's queue of reported visits whose open findings still await a Nota."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import services

from .factories import InspectionFactory
from .helpers import reported, started

pytestmark = pytest.mark.django_db

URL = reverse("inspections:inspection_awaiting_notice")


def _nota(visit, head, findings):
    return services.notice_issue_first(
        inspection=visit, actor=head, findings=findings, compliance_deadline=timezone.localdate() + dt.timedelta(30)
    )


def test_it_lists_reported_visits_whose_open_findings_no_nota_covers(client_for, company_a, alice, bob):
    waiting = InspectionFactory(company=company_a, lead_inspector=alice)
    reported(waiting, alice, findings=2)
    covered = InspectionFactory(company=company_a, lead_inspector=alice)
    _nota(covered, bob, reported(covered, alice, findings=1))
    half = InspectionFactory(company=company_a, lead_inspector=alice)
    half_findings = reported(half, alice, findings=2)
    _nota(half, bob, half_findings[:1])
    clean = InspectionFactory(company=company_a, lead_inspector=alice)
    reported(clean, alice, findings=0)
    in_progress = InspectionFactory(company=company_a, lead_inspector=alice)
    started(in_progress, alice)
    response = client_for(bob).get(URL)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [waiting, half]
    assert response.content.decode().count('data-testid="awaiting-row"') == 2


def test_it_never_shows_another_office_visits(client_for, company_b, charlie, bob):
    theirs = InspectionFactory(company=company_b, lead_inspector=charlie)
    reported(theirs, charlie, findings=1)
    assert list(client_for(bob).get(URL).context["page"].object_list) == []


def test_it_sends_anonymous_visitors_to_login_and_refuses_post(client, client_for, bob):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(bob).post(URL).status_code == 405


@pytest.mark.parametrize("n", [1, 6])
def test_it_keeps_the_query_count_flat(client_for, company_a, alice, bob, n, django_assert_num_queries):
    for _ in range(n):
        reported(InspectionFactory(company=company_a, lead_inspector=alice), alice, findings=2)
    client = client_for(bob)
    client.get(URL)
    # The same for 1 or 6 visits: the open findings are counted inside the page query.
    with django_assert_num_queries(5):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == n

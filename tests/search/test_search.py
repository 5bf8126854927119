"""The navbar's global search: straight to the object on an exact match, a list otherwise, never out of scope."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import services as inspection_services
from tests.complaints.factories import make_complaint
from tests.factories import CompanyFactory
from tests.inspections.factories import InspectionFactory
from tests.inspections.helpers import reported
from tests.inspections.provisions import ensure_provisions

pytestmark = pytest.mark.django_db

SEARCH = reverse("inspectorate:search")
CANARY = "Canary Borneo Sejahtera"


@pytest.fixture(autouse=True)
def _setup(client, categories):  # noqa: F811
    client.cookies["django_language"] = "en"
    ensure_provisions()


def _notice(visit, lead, head):
    findings = reported(visit, lead)
    return inspection_services.notice_issue_first(
        inspection=visit,
        actor=head,
        findings=findings,
        compliance_deadline=timezone.localdate() + dt.timedelta(days=30),
    )


@pytest.fixture
def world(company_a, district_b, alice, bob, charlie, dave):
    """Office A's objects and office B's canaries, each kind once."""
    canary_company = CompanyFactory(name=CANARY, nib="9120000000001", district=district_b)
    own_visit = InspectionFactory(company=company_a, lead_inspector=alice, reference="PMR-32-2026-00001")
    canary_visit = InspectionFactory(company=canary_company, lead_inspector=charlie, reference="PMR-63-2026-00001")
    return {
        "complaint": make_complaint(company=company_a).complaint,
        "canary_complaint": make_complaint(company=canary_company).complaint,
        "visit": own_visit,
        "canary_visit": canary_visit,
        "notice": _notice(own_visit, alice, bob),
        "canary_notice": _notice(canary_visit, charlie, dave),
        "canary_company": canary_company,
    }


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(SEARCH, {"q": "PT"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_answers_405_to_post(client_for, bob):
    assert client_for(bob).post(SEARCH, {"q": "PT"}).status_code == 405


def test_it_goes_straight_to_the_object_on_an_exact_match(client_for, world, company_a, bob):
    client = client_for(bob)
    company_a.nib = "9120000000777"
    company_a.save()
    expected = {
        world["complaint"].reference.lower(): reverse("complaints:complaint_detail", args=[world["complaint"].pk]),
        world["visit"].reference: reverse("inspections:inspection_detail", args=[world["visit"].pk]),
        world["notice"].number: reverse("inspections:notice_detail", args=[world["notice"].pk]),
        "9120000000777": reverse("inspectorate:company_detail", args=[company_a.pk]),
        "  pt maju   bersama ": reverse("inspectorate:company_detail", args=[company_a.pk]),
    }
    for query, url in expected.items():
        response = client.get(SEARCH, {"q": query})
        assert (response.status_code, response["Location"]) == (302, url), query


def test_it_lists_partial_matches_by_kind(client_for, world, bob):
    response = client_for(bob).get(SEARCH, {"q": "maju"})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.complaints == [world["complaint"]]
    assert results.inspections == [world["visit"]]
    assert results.notices == [world["notice"]]
    assert [c.name for c in results.companies] == ["PT Maju Bersama"]


def test_it_never_finds_another_office_objects(client_for, world, bob, alice):
    queries = [
        world["canary_complaint"].reference,
        world["canary_visit"].reference,
        world["canary_notice"].number,
        world["canary_company"].nib,
        CANARY,
        "canary",
        "PMR-63",
    ]
    for user in (bob, alice):
        client = client_for(user)
        for query in queries:
            response = client.get(SEARCH, {"q": query})
            assert response.status_code == 200, query
            assert response.context["results"].count == 0, query
            text = response.content.decode()
            assert 'data-testid="search-empty"' in text, query
            assert "/companies/" not in text.split('id="main"')[1], query  # no company link in the page body


def test_it_finds_the_canaries_for_the_region_official_and_the_admin(client_for, world, frank, root, erin):
    for user in (frank, root):
        response = client_for(user).get(SEARCH, {"q": world["canary_notice"].number})
        assert response.status_code == 302, user
    assert client_for(erin).get(SEARCH, {"q": world["canary_notice"].number}).context["results"].count == 0


def test_it_asks_for_more_than_one_letter_and_says_when_nothing_matches(client_for, bob):
    client = client_for(bob)
    assert "Type at least 2 characters" in client.get(SEARCH, {"q": "x"}).content.decode()
    assert "Nothing found for “zzzz”" in client.get(SEARCH, {"q": "zzzz"}).content.decode()


@pytest.mark.parametrize("n", [2, 12])
def test_it_keeps_the_query_count_flat(client_for, company_a, alice, bob, n, django_assert_num_queries):
    for i in range(n):
        CompanyFactory(name=f"PT Maju Jaya {i}", district=company_a.district)
        make_complaint(company=company_a)
        InspectionFactory(company=company_a, lead_inspector=alice)
    client = client_for(bob)
    client.get(SEARCH, {"q": "maju"})
    with django_assert_num_queries(11):
        response = client.get(SEARCH, {"q": "maju"})
    assert response.context["results"].count == 3 * n + 1  # n complaints, n visits, n + 1 companies

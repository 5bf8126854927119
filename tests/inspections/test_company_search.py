"""Planning a visit at real scale: the company is searched within the office, not picked from a long list."""

import pytest
from django.urls import reverse

from inspections.models import Inspection
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

PLAN = reverse("inspections:inspection_create")
SEARCH = reverse("inspectorate:company_search")


@pytest.fixture
def many(district_a):
    return [CompanyFactory(name=f"PT Karya Mandiri {i:03d}", district=district_a) for i in range(150)]


def test_it_lists_no_company_until_the_planner_searches(client_for, bob, many):
    html = client_for(bob).get(PLAN).content.decode()
    assert "PT Karya Mandiri" not in html
    assert 'data-company-search="/companies/search/"' in html and "<script>" not in html


def test_it_lists_the_matches_of_a_search_without_javascript(client_for, bob, many, company_b):
    response = client_for(bob).get(PLAN, {"company_q": "mandiri 14"})
    html = response.content.decode()
    assert html.count("PT Karya Mandiri 14") == 10  # 140 … 149
    assert company_b.name not in client_for(bob).get(PLAN, {"company_q": "Borneo"}).content.decode()


def test_it_plans_a_visit_for_a_company_found_by_search(client_for, bob, alice, many):
    company = many[123]
    response = client_for(bob).post(
        PLAN,
        {"company": company.pk, "kind": "routine", "lead": alice.pk, "planned_date": "2026-12-01"},
    )
    assert response.status_code == 302
    assert Inspection.objects.get().company == company


def test_it_refuses_another_office_company(client_for, bob, alice, company_b):
    response = client_for(bob).post(
        PLAN, {"company": company_b.pk, "kind": "routine", "lead": alice.pk, "planned_date": "2026-12-01"}
    )
    assert response.status_code == 200 and not Inspection.objects.exists()


def test_it_answers_the_search_box_with_the_office_companies_only(client_for, bob, many, company_a, company_b):
    company_a.nib = "7777000000777"
    company_a.save()
    client = client_for(bob)
    results = client.get(SEARCH, {"q": "karya"}).json()["results"]
    assert len(results) == 20 and all("PT Karya Mandiri" in r["label"] for r in results)
    assert set(results[0]) == {"id", "label"}
    assert [r["id"] for r in client.get(SEARCH, {"q": "77770"}).json()["results"]] == [company_a.pk]
    assert client.get(SEARCH, {"q": company_b.name}).json()["results"] == []
    assert client.get(SEARCH, {"q": "k"}).json()["results"] == []


def test_it_keeps_the_search_box_to_staff_who_may_plan(client, client_for, erin, company_a):
    response = client.get(SEARCH, {"q": "maju"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(erin).get(SEARCH, {"q": "maju"}).json()["results"] == []  # officials only read
    assert client_for(erin).post(SEARCH, {"q": "maju"}).status_code == 405


@pytest.mark.parametrize("n", [3, 30])
def test_it_keeps_the_search_query_count_flat(client_for, bob, district_a, n, django_assert_num_queries):
    for i in range(n):
        CompanyFactory(name=f"CV Sinar {i}", district=district_a)
    client = client_for(bob)
    client.get(SEARCH, {"q": "sinar"})
    with django_assert_num_queries(4):
        response = client.get(SEARCH, {"q": "sinar"})
    assert len(response.json()["results"]) == min(n, 20)

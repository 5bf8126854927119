"""The capped paginator of the company search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspectorate.models import Company
from inspectorate.pagination import CappedPaginator

from ..factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_it_counts_exactly_up_to_the_cap(district_a):
    CompanyFactory.create_batch(5, district=district_a)
    paginator = CappedPaginator(Company.objects.order_by("name"), 2, cap=5)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, False, 3)


def test_it_stops_counting_past_the_cap(district_a):
    CompanyFactory.create_batch(7, district=district_a)
    paginator = CappedPaginator(Company.objects.order_by("name"), 2, cap=5)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 3)
    assert len(paginator.page(3).object_list) == 1  # the pages end at the cap
    assert paginator.get_page(4).number == 3


def test_it_counts_with_a_limit_instead_of_every_row(district_a):
    CompanyFactory.create_batch(3, district=district_a)
    with CaptureQueriesContext(connection) as queries:
        CappedPaginator(Company.objects.order_by("name"), 2, cap=1000).count  # noqa: B018
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "COUNT(" in sql and "LIMIT 1001" in sql and "ORDER BY" not in sql


def test_it_caps_lists_too():
    paginator = CappedPaginator(list(range(12)), 5, cap=10)
    assert (paginator.count, paginator.capped) == (10, True)


def test_it_says_more_than_the_cap_on_the_company_list(client_for, alice, district_a, monkeypatch):
    monkeypatch.setattr("inspectorate.views.COUNT_CAP", 3)
    CompanyFactory.create_batch(4, district=district_a, name="PT Plastik Makmur")
    client = client_for(alice)
    response = client.get(reverse("inspectorate:company_list"), {"q": "plastik"})
    assert response.context["page"].paginator.capped
    assert "Lebih dari 3 perusahaan" in response.text
    CompanyFactory.create_batch(1, district=district_a, name="CV Sawit Jaya")
    response = client.get(reverse("inspectorate:company_list"), {"q": "sawit"})
    assert "1 perusahaan" in response.text and "Lebih dari" not in response.text


@pytest.mark.parametrize("cap", [1000, 2])
def test_the_company_api_sorts_few_matches_from_the_matches_and_many_by_the_name_index(
    api_for, grace, district_a, cap, monkeypatch
):
    """Same order either way (name, id); few matches are ordered by an expression no index serves."""
    from inspectorate.pagination import FewMatchesSortedPaginator

    monkeypatch.setattr(FewMatchesSortedPaginator, "cap", cap)
    names = ["PT Sinar Jaya", "CV Jaya Abadi", "PT Bumi Jaya", "CV Jaya Abadi", "PT Tanpa Nama"]
    made = [CompanyFactory(name=name, district=district_a) for name in names]
    with CaptureQueriesContext(connection) as queries:
        response = api_for(grace).get("/api/v1/companies/", {"q": "jaya"})
    assert response.status_code == 200
    expected = sorted((c for c in made if "Jaya" in c.name), key=lambda c: (c.name, c.pk))
    assert response.json()["count"] == 4  # exact, whatever the cap
    assert [row["id"] for row in response.json()["results"]] == [c.pk for c in expected]
    (page_sql,) = [
        q["sql"] for q in queries.captured_queries if "inspectorate_company" in q["sql"] and "LIMIT" in q["sql"]
    ]
    order_by = page_sql.split("ORDER BY")[1]
    assert ("||" in order_by or "CONCAT" in order_by.upper()) == (cap == 1000)

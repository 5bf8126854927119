"""Organisation pages: home, company list and detail."""

import pytest
from django.urls import reverse

from ..factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name,args", [("home", []), ("inspectorate:company_list", []), ("inspectorate:company_detail", [1])]
)
def test_it_sends_anonymous_users_to_login(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["home", "inspectorate:company_list"])
def test_it_refuses_post(client_for, alice, name):
    assert client_for(alice).post(reverse(name)).status_code == 405


def test_it_refuses_post_on_company_detail(client_for, alice, company_a):
    assert client_for(alice).post(reverse("inspectorate:company_detail", args=[company_a.pk])).status_code == 405


def test_it_lists_only_own_office_companies(client_for, alice, company_a, company_b):
    response = client_for(alice).get(reverse("inspectorate:company_list"))
    assert response.status_code == 200
    assert company_a.name in response.text
    assert company_b.name not in response.text


def test_it_filters_by_name_nib_district_and_bpjs(client_for, alice, district_a):
    a = CompanyFactory(name="PT Tekstil Makmur", nib="1234567890123", district=district_a)
    b = CompanyFactory(name="CV Sawit Jaya", district=district_a, bpjs_registered=False, bpjs_participants=0)
    client = client_for(alice)
    url = reverse("inspectorate:company_list")
    page = client.get(url, {"q": "tekstil"}).context["page"]
    assert list(page.object_list) == [a]
    page = client.get(url, {"q": "1234567"}).context["page"]
    assert list(page.object_list) == [a]
    page = client.get(url, {"bpjs_registered": "false"}).context["page"]
    assert list(page.object_list) == [b]
    page = client.get(url, {"district": district_a.pk, "kbli": "107"}).context["page"]
    assert set(page.object_list) == {a, b}


def test_it_shows_an_empty_state(client_for, alice, office_a):
    response = client_for(alice).get(reverse("inspectorate:company_list"), {"q": "nothing like this"})
    assert "Tidak ada perusahaan yang cocok" in response.text


def test_it_paginates(client_for, alice, district_a):
    CompanyFactory.create_batch(30, district=district_a)
    response = client_for(alice).get(reverse("inspectorate:company_list"), {"page": 2})
    assert len(response.context["page"].object_list) == 5
    assert "Halaman 2 dari 2" in response.text


def test_it_keeps_the_company_list_query_count_flat(
    client_for, alice, district_a, django_assert_num_queries, django_assert_max_num_queries
):
    client = client_for(alice)
    url = reverse("inspectorate:company_list")
    CompanyFactory.create_batch(3, district=district_a)
    client.get(url)  # warm the session
    # Session, user, office, count, district choices, page of companies, session save.
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    CompanyFactory.create_batch(40, district=district_a)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_it_shows_company_details(client_for, erin, company_a):
    response = client_for(erin).get(reverse("inspectorate:company_detail", args=[company_a.pk]))
    assert response.status_code == 200
    assert company_a.nib in response.text
    assert company_a.district.office.name in response.text


def test_it_points_browsers_asking_for_favicon_ico_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("/static/favicon.svg")


@pytest.mark.parametrize("cap", [1000, 2])
def test_it_lists_search_matches_by_name_whether_few_or_past_the_cap(client_for, grace, district_a, cap):
    """Few matches are sorted by an expression (no index walk), many by the name index: the same order."""
    from inspectorate import views

    names = ["PT Sinar Jaya", "CV Jaya Abadi", "PT Bumi Jaya", "CV Jaya Abadi", "PT Tanpa Nama"]
    made = [CompanyFactory(name=name, district=district_a) for name in names]
    old_cap, views.COUNT_CAP = views.COUNT_CAP, cap
    try:
        page = client_for(grace).get(reverse("inspectorate:company_list"), {"q": "jaya"}).context["page"]
    finally:
        views.COUNT_CAP = old_cap
    expected = sorted((c for c in made if "Jaya" in c.name), key=lambda c: (c.name, c.pk))
    assert page.paginator.capped == (cap == 2)
    assert [c.pk for c in page.object_list] == [c.pk for c in expected][: 2 if cap == 2 else None]

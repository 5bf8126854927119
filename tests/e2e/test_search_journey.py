"""The navbar search: a reference opens its page, a name gives a list, another office's data is never found."""

import pytest

from tests.complaints.factories import make_complaint
from tests.factories import CompanyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("categories")]


def _search(page, text):
    box = page.get_by_test_id("nav-search")
    if not box.is_visible():
        page.get_by_role("button", name="Menu").click()
    box.fill(text)
    box.press("Enter")
    page.wait_for_load_state("networkidle")


def test_it_finds_what_the_head_may_see_and_nothing_else(page, login, company_a, district_b, bob):
    mine = make_complaint(company=company_a).complaint
    CompanyFactory(name="PT Maju Sentosa", district=company_a.district)
    canary_company = CompanyFactory(name="PT Canary Maju Borneo", nib="8810000000001", district=district_b)
    canary = make_complaint(company=canary_company).complaint

    login(page, bob)
    _search(page, mine.reference.lower())
    assert page.url.endswith(f"/complaints/{mine.pk}/")
    assert page.get_by_test_id("status").is_visible()

    _search(page, "maju")
    companies = page.get_by_test_id("search-companies")
    assert companies.get_by_role("link", name="PT Maju Bersama").is_visible()
    assert companies.get_by_role("link", name="PT Maju Sentosa").is_visible()
    assert "Canary" not in page.locator("main").inner_text()
    page.get_by_test_id("search-complaints").get_by_role("link", name=mine.reference).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/complaints/{mine.pk}/")

    for query in (canary.reference, "8810000000001", "PT Canary Maju Borneo"):
        _search(page, query)
        assert page.url.split("?")[0].endswith("/search/"), query
        assert page.get_by_test_id("search-empty").is_visible(), query


def test_it_searches_from_the_phone_menu(phone_page, login, company_a, bob):
    company_a.nib = "8810000000777"
    company_a.save()
    login(phone_page, bob)
    _search(phone_page, "8810000000777")
    assert phone_page.url.endswith(f"/companies/{company_a.pk}/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= phone_page.viewport_size["width"]

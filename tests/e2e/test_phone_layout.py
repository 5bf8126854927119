"""At 390 px wide (a common phone) the visit list keeps its Status column on screen and the Nota fits."""

import datetime as dt

import pytest
from django.utils import timezone

from inspections import services
from tests.factories import CompanyFactory
from tests.inspections.factories import InspectionFactory
from tests.inspections.helpers import reported
from tests.inspections.provisions import ensure_provisions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def phone390(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport=PHONE_390, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]


def test_it_keeps_the_status_column_of_the_visit_list_on_screen(phone390, login, district_a, alice):
    long_name = "PT Perkebunan Kelapa Sawit Nusantara Sejahtera Abadi Makmur"
    for i in range(3):
        company = CompanyFactory(name=f"{long_name} {i}", district=district_a)
        InspectionFactory(company=company, lead_inspector=alice, reference=f"PMR-32-2026-{i:05d}")
    login(phone390, alice)
    phone390.goto("/inspections/")
    _fits(phone390)
    header = phone390.locator("th", has_text="Status").first
    box = header.bounding_box()
    assert header.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_390["width"]
    badge = phone390.get_by_test_id("inspection-row").first.get_by_test_id("status")
    badge_box = badge.bounding_box()
    assert badge_box["x"] + badge_box["width"] <= PHONE_390["width"]
    # Nothing scrolls sideways inside the table either.
    assert phone390.evaluate(
        "(() => { const t = document.querySelector('.table-responsive'); return t.scrollWidth <= t.clientWidth; })()"
    )


def test_it_fits_the_nota_print_view_on_a_phone(phone390, login, company_a, alice, bob):
    ensure_provisions()
    company_a.address = "Jl. Raya Industri Kawasan Jababeka II Blok C-12 Nomor 45, Cikarang Utara"
    company_a.save()
    visit = InspectionFactory(company=company_a, lead_inspector=alice)
    findings = reported(visit, alice, findings=2)
    notice = services.notice_issue_first(
        inspection=visit, actor=bob, findings=findings, compliance_deadline=timezone.localdate() + dt.timedelta(30)
    )
    login(phone390, bob)
    phone390.goto(f"/inspections/notices/{notice.pk}/document/")
    assert phone390.locator(".notice-table").is_visible()
    _fits(phone390)


def test_the_administration_lists_scroll_inside_their_table_not_the_page(phone390, login, root):
    ensure_provisions()
    login(phone390, root)
    for path in (
        "/manage/offices/",
        "/manage/districts/",
        "/manage/minimum-wages/",
        "/manage/provisions/",
        "/manage/workforce-estimates/",
        "/manage/accident-codes/",
    ):
        assert phone390.goto(path).status == 200, path
        # The last column's heading is a visually hidden label: it must stay inside the table's scroll box.
        assert phone390.locator(".table-responsive th .visually-hidden").count() == 1, path
        assert phone390.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"], path

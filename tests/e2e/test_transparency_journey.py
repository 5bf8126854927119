"""The public transparency page and the reports list with an annual report, in Indonesian, at 390 and 1366 px.

Screenshots are written to ``media/screenshots/`` (``SCREENSHOTS=1``) for a person to look at.
"""

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reporting import services
from reporting.choices import ReportKind

from ..reporting.factories import InspectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path("media/screenshots")
WIDTHS = (390, 1366)


def _shot(page, name):
    if os.environ.get("SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_public_page_in_indonesian(browser, live_server, width, office_a, company_a, alice):
    for day in (3, 4, 5):
        InspectionFactory(
            office=office_a,
            company=company_a,
            lead_inspector=alice,
            visited_at=dt.datetime(2025, 3, day, 9, tzinfo=ZoneInfo("Asia/Jakarta")),
        )
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto("/transparansi/?tahun=2025&bulan=3")
    assert page.locator("h1").inner_text() == "Pengawasan ketenagakerjaan dalam angka"
    assert page.locator("html").get_attribute("lang") == "id"
    row = page.locator("tr[data-level=office]").first
    assert "<5" in row.inner_text() and "Kunjungan dilakukan" in page.locator("thead").inner_text()
    assert _no_sideways_scroll(page)
    _shot(page, f"transparansi-{width}.png")
    # The language links keep the period.
    page.get_by_role("link", name="English").click()
    assert page.locator("h1").inner_text() == "Labour inspection in figures" and "bulan=3" in page.url
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_reports_list_offers_the_annual_report_and_its_tables(browser, live_server, login, width, erin, region_a):
    report = services.report_request(
        kind=ReportKind.ANNUAL, month=dt.date(2025, 1, 1), region=region_a, user=erin, language="id", enqueue=False
    )
    services.report_build(report_id=report.pk)
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, erin)
    page.goto("/reports/")
    row = page.get_by_test_id("report-row").first
    assert "Laporan tahunan (ILO K81)" in row.inner_text() and "2025" in row.inner_text()
    assert page.get_by_test_id("report-download-xlsx").is_visible()
    assert _no_sideways_scroll(page)
    _shot(page, f"reports-annual-{width}.png")
    context.close()

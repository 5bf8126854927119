"""An inspector on a phone records an accident with two injured persons, one fatal; the office head is told at
once (bell and notification centre) and the monthly accidents report, built by a real Celery worker, reads back
the figures. The pages are also looked at 1366 px wide."""

import datetime as dt
import io
import os
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accidents.models import Accident
from tests.accidents.helpers import ensure_codes

pytestmark = [pytest.mark.e2e, pytest.mark.services, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("E2E_SCREENSHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _fill_person(page, index: int, name: str, *, fatal: bool = False, days: str = "0") -> None:
    prefix = f"#id_injured-{index}-"
    page.fill(prefix + "name", name)
    page.select_option(prefix + "sex", "male")
    page.fill(prefix + "age", "33")
    for field in ("occupation", "employment_status", "injury", "body_part"):
        page.select_option(prefix + field, index=1)
    page.fill(prefix + "days_lost", days)
    if fatal:
        page.check(prefix + "fatal")


def test_an_inspector_records_a_fatal_accident_on_a_phone_and_the_report_reads_it_back(
    celery_worker, browser, live_server, login, settings, alice, bob, office_a, company_a
):
    settings.LANGUAGE_CODE = "en"
    ensure_codes()
    office_a.time_zone = "Asia/Jayapura"
    office_a.save()
    phone = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 390, "height": 844}, is_mobile=True,
        has_touch=True, device_scale_factor=2,
    )  # fmt: skip
    phone.set_default_timeout(15_000)
    page = phone.new_page()
    login(page, alice)
    page.goto(f"{live_server.url}/accidents/")
    page.get_by_test_id("accident-new").click()
    local = timezone.localtime(timezone.now() - dt.timedelta(hours=3), ZoneInfo("Asia/Jayapura"))
    page.select_option("#id_company", str(company_a.pk))
    page.fill("#id_occurred_at", local.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "Gudang bahan baku")
    page.fill("#id_description", "Rak roboh menimpa dua pekerja saat bongkar muat.")
    for field in ("deviation", "contact", "agent"):
        page.select_option(f"#id_{field}", index=1)
    page.select_option("#id_source", "employer_form")
    page.fill("#id_received_at", (local + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    _fill_person(page, 0, "Korban Hidup", days="14")
    page.locator("[data-add-person]").click()
    _fill_person(page, 1, "Korban Meninggal", fatal=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "accident-form-390")
    page.get_by_role("button", name="Record the accident").click()
    page.wait_for_load_state("networkidle")
    accident = Accident.objects.get()
    assert page.url.endswith(f"/accidents/{accident.pk}/")
    assert page.get_by_test_id("fatal-banner").is_visible()
    assert page.get_by_test_id("injured-row").count() == 2
    assert "Korban Meninggal" in page.content()  # the recorder sees the names
    assert local.strftime("%H:%M") in page.get_by_test_id("occurred-at").inner_text()
    assert "WIT" in page.get_by_test_id("occurred-at").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "accident-detail-390")
    phone.close()

    desk = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1366, "height": 900})
    desk.set_default_timeout(15_000)
    head = desk.new_page()
    login(head, bob)
    head.get_by_test_id("bell-count").wait_for(state="visible")
    assert head.get_by_test_id("bell-count").inner_text() == "1"
    assert head.get_by_test_id("bell").get_attribute("aria-label") == "Notifications 1"  # its name once
    head.get_by_test_id("bell").click()
    head.wait_for_load_state("networkidle")
    item = head.get_by_test_id("notification").first
    assert accident.reference in item.inner_text() and "Serious accident" in item.inner_text()
    assert "Korban" not in item.inner_text()
    _shot(head, "notification-1366")
    head.goto(f"{live_server.url}/accidents/{accident.pk}/")
    _shot(head, "accident-detail-1366")
    head.goto(f"{live_server.url}/accidents/rates/")
    _shot(head, "rates-1366")

    month = local.strftime("%Y-%m")
    head.goto(f"{live_server.url}/reports/")
    head.select_option("#id_kind", "accidents")
    head.fill("#id_month", month)
    head.select_option("#id_scope", f"office:{office_a.pk}")
    head.locator("form[action$='/reports/request/'] button[type=submit]").click()
    head.wait_for_load_state("networkidle")
    head.get_by_test_id("report-download").wait_for(timeout=90_000)
    with head.expect_download() as download_info:
        head.get_by_test_id("report-download").click()
    with open(download_info.value.path(), "rb") as fh:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    flat = "".join(text.split())
    assert "Accidents1" in flat and "Peoplehurt2" in flat and "—Fatal1" in flat and "DaysLost14".lower() in flat.lower()
    assert "Korban" not in text
    desk.close()

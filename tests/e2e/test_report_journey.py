"""An office head requests a monthly report; a real Celery worker builds it while the page waits.

The status cell updates in place (htmx polling, under the Content-Security-Policy) until the
download appears; the downloaded PDF is read back.
"""

import io

import pytest
from pypdf import PdfReader

from reporting.models import Report

pytestmark = [pytest.mark.e2e, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_it_builds_a_requested_report_in_the_background_and_offers_it(
    celery_worker, live_server, page, login, bob, office_a
):
    console = []
    page.on("console", lambda message: console.append(message.text))
    login(page, bob)
    page.goto(f"{live_server.url}/reports/")

    page.select_option("#id_kind", "quota")
    page.fill("#id_month", "2026-10")
    page.select_option("#id_scope", f"office:{office_a.pk}")
    page.locator("form[action$='/reports/request/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    report = Report.objects.get()
    assert report.month.isoformat() == "2026-10-01"
    # The answer came before the worker finished rendering the PDF (seconds, against milliseconds).
    assert page.get_by_test_id("report-status").get_attribute("data-status") in ("queued", "running")
    # Mark the page to prove the download link arrives without a reload.
    page.evaluate("window.__notReloaded = true")
    page.get_by_test_id("report-download").wait_for(timeout=90_000)
    assert page.evaluate("window.__notReloaded") is True

    with page.expect_download() as download_info:
        page.get_by_test_id("report-download").click()
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read())).pages
    )
    assert office_a.name in text
    report.refresh_from_db()
    assert (report.status, report.builds) == ("done", 1)
    assert not [line for line in console if "Content Security Policy" in line]

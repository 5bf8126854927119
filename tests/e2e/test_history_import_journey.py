"""An office head brings the office's history in from a workbook, reads the bad lines, and rolls it back."""

import io

import pytest
from openpyxl import Workbook

from complaints.models import Complaint
from history_import.models import HistoryImport
from history_import.reading import COMPLAINT_COLUMNS
from inspectorate.choices import Role
from tests.factories import CompanyFactory, StaffFactory
from tests.security.world import ensure_categories

pytestmark = pytest.mark.django_db(transaction=True)
NIP = "198001012005011001"


def workbook(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "complaints"
    sheet.append(COMPLAINT_COLUMNS)
    good = {
        "external_reference": "LAMA-001",
        "received_at": "2026-01-14 10:00",
        "channel": "letter",
        "company_nib": "9120001234567",
        "categories": "wages",
        "status": "resolved",
        "outcome": "settled",
        "resolved_at": "2026-02-20 15:30",
        "inspector_nip": NIP,
    }
    sheet.append([good.get(c, "") for c in COMPLAINT_COLUMNS])
    bad = {**good, "external_reference": "LAMA-002", "channel": "merpati"}
    sheet.append([bad.get(c, "") for c in COMPLAINT_COLUMNS])
    path = tmp_path / "riwayat.xlsx"
    data = io.BytesIO()
    book.save(data)
    path.write_bytes(data.getvalue())
    return path


@pytest.mark.parametrize("width", [390, 1366])
def test_an_office_head_imports_history_and_rolls_it_back(live_server, browser, login, dave, office_b, district_b,
                                                          tmp_path, width, office_a, bob):  # fmt: skip
    ensure_categories()  # a transactional test before this one may have flushed the seeded categories
    StaffFactory(username="charlie", role=Role.INSPECTOR, office=office_b, nip=NIP)
    CompanyFactory(name="PT Borneo Lestari", nib="9120001234567", district=district_b)
    # Another office's import: its file name must never show to Dave.
    HistoryImport.objects.create(office=office_a, original_name="canary-office-a-7731.csv", imported_by=bob)
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        login(page, dave)
        page.goto(f"{live_server.url}/")
        page.get_by_role("link", name="Impor riwayat").first.click() if width > 991 else page.goto(
            f"{live_server.url}/manage/history/"
        )
        page.wait_for_selector("[data-testid=history-empty]")
        assert "canary-office-a-7731" not in page.content()
        page.set_input_files("input[name=file]", str(workbook(tmp_path)))
        page.click("[data-testid=history-import-form] button[type=submit]")
        page.wait_for_selector("[data-testid=history-summary]")
        page.screenshot(path=f"/tmp/history-import-{width}.png", full_page=True)

        summary = page.locator("[data-testid=history-summary]").inner_text()
        assert "1 pengaduan" in summary and "1 baris salah" in summary
        errors = page.locator("[data-testid=history-errors]").inner_text()
        assert "3" in errors and "merpati" in errors
        assert "WITA" in page.locator("main").inner_text() or "WITA" in page.content()
        complaint = Complaint.objects.get()
        assert complaint.reference in page.locator("[data-testid=history-records]").inner_text()

        page.click("[data-testid=history-rollback] button[type=submit]")
        page.wait_for_selector(".alert-secondary[data-testid=history-summary]")
        assert Complaint.objects.count() == 0
        assert "Dibatalkan" in page.locator("[data-testid=history-summary]").inner_text()
        page.goto(f"{live_server.url}/manage/history/")
        assert "canary-office-a-7731" not in page.content()
        page.screenshot(path=f"/tmp/history-list-{width}.png", full_page=True)
    finally:
        context.close()

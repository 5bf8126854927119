"""Issue 13 acceptance: a worker on a 390 px phone, from / to a receipt PDF and back to the status."""

import io
import re

import pytest
from pypdf import PdfReader

from complaints.models import Complaint
from tests.factories import CompanyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("categories")]

CODE_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$")


@pytest.fixture
def worker(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_a_worker_reports_keeps_the_receipt_and_tracks_the_complaint(worker, district_a, district_b):
    CompanyFactory(name="PT Bandung Baja", district=district_a)
    CompanyFactory(name="PT Banjar Sejahtera", district=district_b)
    CompanyFactory(name="CV Bantu Niaga", district=district_b)

    # From the home page to the complaint form.
    worker.goto("/")
    worker.get_by_role("link", name="Laporkan masalah").click()
    worker.wait_for_url("**/lapor/")

    # The district first; the search shows only its companies.
    worker.get_by_label("Kabupaten/kota tempat kerja").select_option(label="Kota Banjarmasin")
    worker.get_by_label("Nama perusahaan").fill("Ban")
    results = worker.locator("#company-results button")
    results.first.wait_for()
    assert sorted(results.all_inner_texts()) == [
        "CV Bantu Niaga — Kota Banjarmasin",
        "PT Banjar Sejahtera — Kota Banjarmasin",
    ]
    worker.get_by_role("button", name="PT Banjar Sejahtera — Kota Banjarmasin").click()
    assert worker.get_by_label("Kabupaten/kota tempat kerja").evaluate("s => s.options[s.selectedIndex].text") == (
        "Kota Banjarmasin"
    )
    worker.get_by_label(re.compile(r"^(Upah|Wages)$")).check()
    worker.get_by_label("Uraikan masalahnya").fill("Upah tiga bulan belum dibayar dan tidak ada slip gaji.")
    worker.get_by_label("Nama Anda").fill("Rina Wati")
    worker.get_by_label("Telepon (WhatsApp)").fill("081300001111")
    assert worker.evaluate("document.documentElement.scrollWidth") <= 390
    worker.get_by_role("button", name="Kirim pengaduan").click()

    # The receipt, with a short code, survives a reload.
    worker.wait_for_url("**/lapor/tanda-terima/")
    reference = worker.get_by_test_id("reference").inner_text().strip()
    code = worker.get_by_test_id("tracking-code").inner_text().strip()
    assert CODE_RE.match(code)
    complaint = Complaint.objects.get(reference=reference)
    assert complaint.office == district_b.office and reference.startswith("ADU-63-")
    assert code not in worker.url
    assert worker.get_by_role("button", name="Salin kode").is_visible()
    worker.reload()
    assert worker.get_by_test_id("tracking-code").inner_text().strip() == code
    assert worker.get_by_test_id("office").inner_text() == district_b.office.name
    assert "WITA" in worker.get_by_test_id("received-at").inner_text()

    # The receipt PDF.
    with worker.expect_download() as download_info:
        worker.get_by_test_id("receipt-pdf").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    text = " ".join(text.split())
    assert reference in text and code in text and district_b.office.name in text
    assert "WITA" in text and "Apa yang terjadi selanjutnya" in text

    # Tracking by reference and code, typed carelessly.
    worker.get_by_role("link", name="Lacak pengaduan").click()
    worker.get_by_label("Nomor pengaduan").fill(reference.lower())
    worker.get_by_label("Kode pelacakan").fill(code.replace("-", " ").lower())
    worker.get_by_role("button", name="Tampilkan status").click()
    worker.wait_for_load_state("networkidle")
    assert worker.get_by_test_id("track-reference").inner_text() == reference
    assert worker.get_by_test_id("track-office").inner_text() == district_b.office.name
    assert worker.get_by_test_id("track-status").inner_text() == (
        "Pengaduan Anda sudah diterima dan menunggu ditelaah."
    )
    assert "WITA" in worker.get_by_test_id("track-steps").inner_text()
    assert worker.evaluate("document.documentElement.scrollWidth") <= 390

"""The file store down while a worker files a complaint with evidence: a clear page, nothing kept."""

import re

import pytest

from complaints.models import Complaint
from tests.complaints import files

from ..inspectorate.test_storage import _down_entry

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("categories")]


@pytest.mark.parametrize("width", [390, 1366])
def test_a_worker_filing_evidence_while_the_store_is_down_is_told_and_nothing_is_kept(
    browser, live_server, settings, district_a, tmp_path, width
):
    settings.STORAGES = {**settings.STORAGES, "default": _down_entry()}
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto("/lapor/")
    page.get_by_label("Kabupaten/kota tempat kerja").select_option(label="Kota Bekasi")
    page.get_by_label("Nama perusahaan").fill("CV Sumber Rejeki")
    page.get_by_label(re.compile(r"^(Upah|Wages)$")).check()
    page.get_by_label("Uraikan masalahnya").fill("Upah dua bulan terakhir belum dibayar dan lembur tidak dihitung.")
    page.get_by_label("Jumlah pekerja yang terdampak").fill("12")
    page.get_by_label("Nama Anda").fill("Siti Rahmawati")
    page.get_by_label("Telepon (WhatsApp)").fill("081234567890")
    evidence = tmp_path / "bukti.pdf"
    evidence.write_bytes(files.PDF)
    page.set_input_files("input[name=attachments]", str(evidence))
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Kirim pengaduan").click()
    assert posted.value.status == 503
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Penyimpanan berkas tidak tersedia"
    assert "tidak ada yang disimpan" in page.get_by_role("alert").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(tmp_path / f"storage-down-{width}.png"), full_page=True)
    assert Complaint.objects.count() == 0
    context.close()

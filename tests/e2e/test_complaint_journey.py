"""A worker reports on a phone, the office head screens and assigns, the inspector resolves, the worker sees it."""

import re

import pytest

from complaints.models import Complaint

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("categories")]


def test_it_takes_a_complaint_from_the_worker_to_resolved(
    browser,
    phone_page,
    live_server,
    login,
    district_a,
    bob,
    alice,
):
    worker = phone_page
    # 1. The worker files the complaint on a phone, in Indonesian.
    worker.goto("/lapor/")
    assert worker.locator("html").get_attribute("lang") == "id"
    worker.get_by_label("Kabupaten/kota tempat kerja").select_option(label="Kota Bekasi")
    worker.get_by_label("Nama perusahaan").fill("CV Sumber Rejeki")
    # The category names are the shared norm categories (translated with the organisation's messages).
    worker.get_by_label(re.compile(r"^(Upah|Wages)$")).check()
    worker.get_by_label("Uraikan masalahnya").fill("Upah dua bulan terakhir belum dibayar dan lembur tidak dihitung.")
    worker.get_by_label("Jumlah pekerja yang terdampak").fill("12")
    worker.get_by_label("Upah yang belum dibayar (Rupiah), untuk pengaduan upah").fill("7500000")
    worker.get_by_label("Nama Anda").fill("Siti Rahmawati")
    worker.get_by_label("Telepon (WhatsApp)").fill("081234567890")
    assert worker.evaluate("document.documentElement.scrollWidth") <= 360
    worker.get_by_role("button", name="Kirim pengaduan").click()
    worker.wait_for_load_state("networkidle")

    receipt = worker.get_by_test_id("receipt")
    reference = worker.get_by_test_id("reference").inner_text().strip()
    code = worker.get_by_test_id("tracking-code").inner_text().strip()
    assert receipt.get_by_role("heading", level=1).inner_text() == "Pengaduan Anda sudah diterima"
    assert reference.startswith("ADU-32-") and len(code) == 12
    complaint = Complaint.objects.get(reference=reference)

    # 2. The office head logs in, screens and assigns it to Alice.
    head_context = browser.new_context(base_url=live_server.url, locale="id-ID")
    head = head_context.new_page()
    login(head, bob)
    head.goto("/complaints/")
    head.get_by_role("link", name=reference).click()
    # Each action opens its own form: one note box on screen at a time.
    head.get_by_test_id("action-screen").locator("summary").click()
    assert head.locator("details[open] textarea").count() == 1
    head.get_by_role("button", name="Tandai sudah ditelaah").click()
    head.wait_for_load_state("networkidle")
    assert head.get_by_test_id("status").inner_text() == "Ditelaah"
    assert "Siti Rahmawati" in head.get_by_test_id("complainant").inner_text()
    head.get_by_test_id("action-assign").locator("summary").click()
    assert head.locator("details[open]").count() == 1  # opening one action closes the others
    # The option labels carry each inspector's caseload: pick by value.
    head.get_by_test_id("action-assign").get_by_label("Pengawas").select_option(value=str(alice.pk))
    head.get_by_role("button", name="Tugaskan", exact=True).click()
    head.wait_for_load_state("networkidle")
    assert head.get_by_test_id("status").inner_text() == "Ditugaskan"
    assert head.get_by_test_id("assignee").inner_text() == str(alice)
    head_context.close()

    # 3. The inspector logs in, starts and resolves it.
    inspector_context = browser.new_context(base_url=live_server.url, locale="id-ID")
    inspector = inspector_context.new_page()
    login(inspector, alice)
    inspector.goto("/complaints/mine/")
    inspector.get_by_role("link", name=reference).click()
    inspector.get_by_test_id("action-start").locator("summary").click()
    inspector.get_by_role("button", name="Mulai tangani").click()
    inspector.wait_for_load_state("networkidle")
    assert inspector.get_by_test_id("status").inner_text() == "Sedang ditangani"
    resolve = inspector.get_by_test_id("action-resolve")
    resolve.locator("summary").click()
    resolve.get_by_label("Hasil").select_option(label="Selesai dengan kesepakatan")
    resolve.get_by_label("Jumlah yang dipulihkan (Rupiah)").fill("7500000")
    resolve.get_by_role("button", name="Selesaikan").click()
    inspector.wait_for_load_state("networkidle")
    assert inspector.get_by_test_id("status").inner_text() == "Selesai"
    inspector_context.close()

    # 4. The worker follows it with the code and reads that it is resolved.
    worker.goto("/lapor/lacak/")
    worker.get_by_label("Nomor pengaduan").fill(reference)
    worker.get_by_label("Kode pelacakan").fill(code)
    worker.get_by_role("button", name="Tampilkan status").click()
    worker.wait_for_load_state("networkidle")
    assert worker.get_by_test_id("track-status").inner_text() == "Pengaduan Anda telah diselesaikan."
    assert "Alice" not in worker.content()
    complaint.refresh_from_db()
    assert complaint.status == "resolved" and complaint.amount_recovered == 7500000


def test_it_finds_a_registered_company_by_name_and_stays_anonymous(phone_page, company_a):
    worker = phone_page
    worker.goto("/lapor/")
    # The search looks only in the chosen district (issue 13), so the district comes first.
    worker.get_by_label("Kabupaten/kota tempat kerja").select_option(label="Kota Bekasi")
    worker.get_by_label("Nama perusahaan").fill("maju")
    worker.get_by_role("button", name="PT Maju Bersama — Kota Bekasi").click()
    assert worker.get_by_test_id("company-chosen").inner_text() == "PT Maju Bersama — Kota Bekasi"
    worker.get_by_label(re.compile(r"^(Keselamatan|Occupational safety)")).check()
    worker.get_by_label("Uraikan masalahnya").fill("Tidak ada alat pelindung diri di bagian pengelasan pabrik.")
    worker.get_by_label("Tetap anonim (nama dan kontak tidak disimpan)").check()
    assert worker.get_by_label("Nama Anda").is_hidden()
    worker.get_by_role("button", name="Kirim pengaduan").click()
    worker.wait_for_load_state("networkidle")
    reference = worker.get_by_test_id("reference").inner_text().strip()
    complaint = Complaint.objects.get(reference=reference)
    assert complaint.company == company_a and complaint.office == company_a.district.office
    assert complaint.is_anonymous and complaint.complainant_name == ""

"""An inspector logs a complaint-triggered visit on a phone; the office head issues a Nota I.

The company-facing PDF names the company and the findings and nothing of the complaint.
"""

import datetime as dt
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from inspections import services
from inspections.models import Attachment, Inspection, LegalProvision
from tests.inspections.factories import make_complaint
from tests.inspections.provisions import ensure_provisions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CANARY_NAME = "Siti Canary Rahayu"
CANARY_REF = "ADU-CANARY-2026-00077"


def gps_png() -> bytes:
    image = Image.new("RGB", (120, 90), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "CanaryPhone"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (3.0, 19.0, 12.0), "E", (114.0, 35.0, 24.0)
    out = io.BytesIO()
    image.save(out, format="PNG", exif=exif)
    return out.getvalue()


def add_finding(page, provision: LegalProvision, description: str) -> None:
    page.click("#findings summary")
    form = page.locator("[data-testid=finding-form]")
    form.locator("select[name=category]").select_option(provision.category)
    form.locator("select[name=provision]").select_option(str(provision.pk))
    form.locator("textarea[name=description]").fill(description)
    form.locator("select[name=severity]").select_option("high")
    form.locator("textarea[name=corrective_action]").fill("Perbaiki paling lambat sesuai nota")
    findings = page.locator("[data-testid=finding]")
    before = findings.count()
    form.locator("button[type=submit]").click()
    # The page is loaded already when the form is sent: wait for the finding itself, not for a load.
    expect(findings).to_have_count(before + 1)


def test_it_logs_a_visit_on_a_phone_and_issues_a_clean_notice(
    live_server,
    phone_page,
    login,
    browser,
    alice,
    bob,
    company_a,
    office_a,
):
    ensure_provisions()
    complaint = make_complaint(office=office_a, company=company_a, name=CANARY_NAME, reference=CANARY_REF)
    visit = services.inspection_plan_from_complaint(
        complaint=complaint, actor=bob, lead=alice, planned_date=dt.date.today()
    )
    bpjs = LegalProvision.objects.get(act="UU 24/2011", article="ps. 15")
    k3 = LegalProvision.objects.get(act="UU 1/1970", article="ps. 14")
    page = phone_page

    login(page, alice)
    page.goto(f"{live_server.url}/inspections/today/")
    page.click("[data-testid=today-visit]")
    page.click("[data-testid=start-visit]")
    page.wait_for_selector("[data-testid=visit-form]")

    # The summary is saved by the autosave script after a pause in typing.
    with page.expect_response(lambda r: r.url.endswith(f"/inspections/{visit.pk}/record/") and r.status == 200):
        page.fill("input[name=workers_present]", "37")
        page.fill("textarea[name=summary]", "Pemeriksaan norma BPJS dan K3 di area produksi.")
    add_finding(page, bpjs, "Dua puluh pekerja belum didaftarkan BPJS Ketenagakerjaan")

    page.reload()
    assert page.input_value("textarea[name=summary]") == "Pemeriksaan norma BPJS dan K3 di area produksi."
    assert page.input_value("input[name=workers_present]") == "37"
    assert page.locator("[data-testid=finding]").count() == 1

    add_finding(page, k3, "Alat pelindung diri tidak disediakan di bagian pengelasan")
    page.set_input_files(
        "input[name=file]", files=[{"name": "lokasi.png", "mimeType": "image/png", "buffer": gps_png()}]
    )
    page.locator("#files button[type=submit]").click()
    page.wait_for_selector("[data-testid=attachment]")
    stored = Attachment.objects.get(inspection=visit)
    with stored.file.open("rb") as handle:
        content = handle.read()
    with Image.open(io.BytesIO(content)) as clean:
        assert not clean.getexif() and "exif" not in clean.info
    assert b"CanaryPhone" not in content

    # Everything fits a 360 px screen: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.check("[data-testid=report-confirm]")
    page.click("[data-testid=report-visit]")
    page.wait_for_selector("[data-testid=summary]")
    visit.refresh_from_db()
    assert visit.status == "reported" and visit.findings.count() == 2

    # The office head issues a Nota I and downloads its PDF.
    context = browser.new_context(viewport={"width": 360, "height": 740}, accept_downloads=True)
    head = context.new_page()
    login(head, bob)
    head.goto(f"{live_server.url}/inspections/{visit.pk}/")
    head.click("[data-testid=issue-notice]")
    for box in head.locator("input[name=findings]").all():
        box.check()
    head.fill("input[name=compliance_deadline]", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    head.click("[data-testid=issue-submit]")
    head.wait_for_selector("[data-testid=notice-pdf]")
    with head.expect_download() as download:
        head.click("[data-testid=notice-pdf]")
    data = open(download.value.path(), "rb").read()  # noqa: PTH123, SIM115
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert company_a.name in text
    assert "Dua puluh pekerja belum didaftarkan BPJS Ketenagakerjaan" in text
    assert "Alat pelindung diri tidak disediakan di bagian pengelasan" in text
    assert "UU 24/2011 ps. 15" in text
    for secret in [CANARY_NAME, CANARY_REF, "complaint", "pengaduan", "aduan"]:
        assert secret.lower() not in text.lower()
    assert Inspection.objects.get(pk=visit.pk).notices.get().number in text
    context.close()

"""On a 390 px phone an inspector answers a three-section checklist; the head issues a Nota I from it.

One answer is non-compliant and needs a photo: the visit cannot be reported until the photo is
added; the draft finding it proposed is confirmed and the Nota I cites the question's provision.
"""

import io
import re

import pytest
from pypdf import PdfReader

from checklists.models import Answer, DraftFinding
from inspections import services
from inspections.models import Inspection
from tests.checklists.conftest import build_version, photo
from tests.inspections.factories import InspectionFactory
from tests.inspections.provisions import ensure_provisions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}


def test_it_answers_a_checklist_on_a_phone_and_the_head_cites_its_provision(
    live_server, browser, login, alice, bob, root, company_a, tmp_path
):
    ensure_provisions()
    version = build_version(root)
    visit = InspectionFactory(company=company_a, lead_inspector=alice)
    services.inspection_start(inspection=visit, actor=alice)
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport=PHONE_390, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, alice)

    page.goto(f"/inspections/{visit.pk}/")
    page.click("[data-testid=checklist-link]")
    page.select_option("select[name=version]", str(version.pk))
    page.click("[data-testid=checklist-start]")

    # Section 1 of 3: wages.
    page.wait_for_selector("[data-testid=question-U1]")
    assert "Bagian 1 dari 3" in page.inner_text("[data-testid=checklist-section]")
    page.click("[data-testid=question-U1] label[for$='-yes']")
    page.click("[data-testid=save-next]")
    # Section 2: BPJS, answered "no": a photo is required.
    page.wait_for_selector("[data-testid=question-B1]")
    page.click("[data-testid=question-B1] label[for$='-no']")
    page.click("[data-testid=save-next]")
    # Section 3: K3.
    page.wait_for_selector("[data-testid=question-K1]")
    page.fill("[data-testid=question-K1] input", "3")
    page.locator("[data-testid=question-K2] label", has_text="baik").click()
    page.click("[data-testid=save-section]")
    page.wait_for_selector("[data-testid=draft-confirm]")
    assert page.get_attribute("[data-testid=progress]", "value") == "4"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "checklist-390.png"), full_page=True)

    # Reporting is refused: the photo is missing and the draft finding is undecided.
    page.goto(f"/inspections/{visit.pk}/")
    with page.expect_response(lambda r: r.url.endswith(f"/inspections/{visit.pk}/record/") and r.status == 200):
        page.fill("textarea[name=summary]", "Pemeriksaan dengan daftar periksa.")
    page.check("[data-testid=report-confirm]")
    page.click("[data-testid=report-visit]")
    page.wait_for_load_state()
    assert "B1" in page.inner_text(".alert-danger, [role=alert]")
    assert Inspection.objects.get(pk=visit.pk).status == "in_progress"

    # The photo, then the draft finding confirmed with its own words.
    page.goto(f"/checklists/visit/{visit.pk}/?section=1")
    upload = photo()
    page.set_input_files(
        "[data-testid=photo-form-B1] input[type=file]",
        files=[{"name": "bpjs.png", "mimeType": "image/png", "buffer": upload.read()}],
    )
    page.click("[data-testid=photo-form-B1] button[type=submit]")
    page.wait_for_selector("[data-testid=photo-form-B1]")
    assert Answer.objects.get(question__code="B1").photo_id is not None
    page.fill("textarea[name=description]", "Dua belas pekerja belum didaftarkan BPJS")
    page.click("[data-testid=draft-confirm]")
    page.wait_for_selector("[data-testid=draft-status]")
    assert DraftFinding.objects.get().status == "confirmed"

    page.goto(f"/inspections/{visit.pk}/")
    page.check("[data-testid=report-confirm]")
    page.click("[data-testid=report-visit]")
    page.wait_for_selector("[data-testid=summary]")
    assert Inspection.objects.get(pk=visit.pk).status == "reported"
    context.close()

    # The office head issues the Nota I: it cites the question's provision.
    head_context = browser.new_context(base_url=live_server.url, viewport=PHONE_390, accept_downloads=True)
    head = head_context.new_page()
    login(head, bob)
    head.goto(f"/inspections/{visit.pk}/")
    head.click("[data-testid=issue-notice]")
    for box in head.locator("input[name=findings]").all():
        box.check()
    head.fill(
        "input[name=compliance_deadline]", visit.planned_date.replace(year=visit.planned_date.year + 1).isoformat()
    )
    head.click("[data-testid=issue-submit]")
    head.wait_for_selector("[data-testid=notice-pdf]")
    with head.expect_download() as download:
        head.click("[data-testid=notice-pdf]")
    data = open(download.value.path(), "rb").read()  # noqa: PTH123, SIM115
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert "Dua belas pekerja belum didaftarkan BPJS" in text and "UU 24/2011 ps. 15" in text
    head_context.close()

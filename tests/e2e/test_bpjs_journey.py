"""A head opens the BPJS targeting list, plans a joint inspection from it, records a finding citing the
flag's provision, and issues written warning I (390 and 1366 px)."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.choices import Kind
from inspections.models import Finding, Inspection, LegalProvision
from socialsecurity import services
from socialsecurity.models import Sanction
from tests.factories import CompanyFactory
from tests.inspections.provisions import ensure_provisions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _import(head, office, lines: str, source: str) -> None:
    content = ("nib,npp,participants,programmes\n" + lines).encode()
    imp, _ = services.import_create(
        actor=head, office=office, upload=SimpleUploadedFile("bpjs.csv", content), as_of=dt.date.today(),
        source=source,
    )  # fmt: skip
    services.import_run(import_id=imp.pk)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_head_plans_a_joint_inspection_and_issues_a_warning(browser, live_server, login, bob, alice, office_a,
                                                              district_a, dave, office_b, district_b, width,
                                                              tmp_path):  # fmt: skip
    ensure_provisions()
    target = CompanyFactory(name="PT Sawit Tanpa BPJS", nib="6400000000001", district=district_a, workers_total=48,
                            workers_female=0, bpjs_registered=False, bpjs_participants=0)  # fmt: skip
    CompanyFactory(name="PT Sebagian Terdaftar", nib="6400000000002", district=district_a, workers_total=30,
                   workers_female=0)  # fmt: skip
    CompanyFactory(name="PT Kenari Seberang", nib="6400000000003", district=district_b, workers_total=99,
                   workers_female=0, bpjs_registered=False, bpjs_participants=0)  # fmt: skip
    _import(bob, office_a, "6400000000002,NPP-2,20,JKK;JKM;JHT;JP;JKP\n", "BPJS A")
    _import(dave, office_b, "", "BPJS B")
    shots = Path(os.environ.get("E2E_SHOTS_DIR", str(tmp_path)))
    shots.mkdir(parents=True, exist_ok=True)

    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, bob)
    page.goto(f"{live_server.url}/companies/")
    page.get_by_test_id("bpjs-targeting-link").click()  # the navigation bar is full: from the company list
    rows = page.get_by_test_id("target-row")
    rows.first.wait_for()
    assert "PT Kenari Seberang" not in page.content()  # office B's company
    assert rows.first.get_by_test_id("gap").inner_text() == "48"  # the largest gap first
    assert "PT Sebagian Terdaftar" in rows.nth(1).inner_text()
    page.screenshot(path=str(shots / f"bpjs-targeting-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    rows.first.locator("[data-testid=plan-joint]:visible").click()
    page.select_option("select[name=lead]", str(alice.pk))
    page.fill("input[name=planned_date]", dt.date.today().isoformat())
    page.screenshot(path=str(shots / f"bpjs-plan-{width}.png"), full_page=True)
    page.get_by_test_id("plan-submit").click()
    page.wait_for_url(re.compile(r"/inspections/\d+/$"))
    visit = Inspection.objects.get(company=target)
    assert visit.kind == Kind.BPJS_JOINT and "Pemeriksaan bersama BPJS" in page.content()  # Indonesian pages

    page.click("[data-testid=start-visit]")
    page.wait_for_selector("[data-testid=visit-form]")
    provision = LegalProvision.objects.get(act="UU 24/2011", article="ps. 15")
    page.click("#findings summary")
    form = page.locator("[data-testid=finding-form]")
    form.locator("select[name=category]").select_option(provision.category)
    form.locator("select[name=provision]").select_option(str(provision.pk))
    form.locator("textarea[name=description]").fill("Mempekerjakan 48 pekerja tanpa NPP BPJS Ketenagakerjaan.")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=finding]")
    assert Finding.objects.get(inspection=visit).provision == provision

    page.goto(f"{live_server.url}/bpjs/")
    page.get_by_test_id("target-row").first.locator("[data-testid=issue-warning]:visible").click()
    page.wait_for_url(re.compile(r"/bpjs/sanctions/\d+/$"))
    sanction = Sanction.objects.get(company=target)
    assert page.get_by_test_id("sanction-number").inner_text() == sanction.number
    assert "Mempekerjakan 48 pekerja" in page.content()  # the flag's sentence as the grounds
    page.screenshot(path=str(shots / f"bpjs-warning-{width}.png"), full_page=True)
    page.get_by_test_id("sanction-document").click()
    assert "SURAT TEGURAN TERTULIS I" in page.content() and sanction.number in page.content()
    page.screenshot(path=str(shots / f"bpjs-document-{width}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_an_official_drills_down_the_coverage(browser, live_server, login, bob, erin, office_a, width, tmp_path):
    from socialsecurity.models import WorkforceEstimate
    from tests.factories import DistrictFactory

    kukar = DistrictFactory(code="6403", name="Kutai Kartanegara", office=office_a, region=office_a.region)
    CompanyFactory(nib="6403000000000", district=kukar, workers_total=120000, workers_female=0)
    content = (
        "nib,npp,participants,programmes,segment,district\n6403000000000,NPP-A,104769,JKK,PU,\n,,57466,,BPU,6403\n"
    )
    imp, _ = services.import_create(
        actor=bob, office=office_a, upload=SimpleUploadedFile("kukar.csv", content.encode()),
        as_of=dt.date(2025, 12, 31), source="BPJS Cabang Tenggarong",
    )  # fmt: skip
    services.import_run(import_id=imp.pk)
    WorkforceEstimate.objects.create(district=kukar, year=2025, formal_workers=136100, informal_workers=119971,
                                     source="BPS Sakernas Agustus 2025")  # fmt: skip
    shots = Path(os.environ.get("E2E_SHOTS_DIR", str(tmp_path)))
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, erin)
    page.goto(f"{live_server.url}/bpjs/coverage/?year=2025")
    page.get_by_role("link", name=office_a.region.name).click()
    row = page.get_by_test_id("coverage-row").filter(has_text="Kutai Kartanegara")
    assert "77,0 %" in row.get_by_test_id("formal").inner_text()  # Indonesian number format
    assert "104.769 / 136.100" in row.get_by_test_id("formal").inner_text()
    assert "47,9 %" in row.get_by_test_id("informal").inner_text()
    assert page.locator("[data-testid=coverage-chart] svg").count() == 1
    page.screenshot(path=str(shots / f"bpjs-coverage-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(shots / f"bpjs-coverage-{width}.png"), full_page=True)
    context.close()

"""An administrator runs the organisation from the browser; an inspector cites the right law.

- the admin creates an inspector, finds and deactivates another, imports a company CSV and
  reads the report of every line;
- an inspector on a phone finds a legal provision by its subject among those of the finding's
  norm category.
"""

import datetime as dt

import pytest

from inspections import services
from inspections.models import Finding
from inspectorate.choices import ImportStatus, Role
from inspectorate.models import Company, CompanyImport, Staff
from tests.inspections.factories import InspectionFactory
from tests.inspections.provisions import ensure_provisions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_admin_creates_an_inspector_and_deactivates_another(live_server, page, login, root, alice, office_a):
    login(page, root)
    page.get_by_test_id("nav-more").click()  # Administration is in the navbar's "Lainnya" menu
    page.get_by_test_id("nav-more-list").get_by_role("link", name="Administrasi").click()
    page.click("main a[href='/manage/staff/'] >> nth=0")
    page.click("[data-testid=staff-create]")

    form = page.locator("[data-testid=staff-form]")
    form.locator("input[name=username]").fill("jb1.pengawas07")
    form.locator("input[name=first_name]").fill("Sari")
    form.locator("input[name=last_name]").fill("Noor")
    form.locator("input[name=email]").fill("sari.noor@example.org")
    form.locator("input[name=nip]").fill("1990031520150620")  # 16 digits: refused
    form.locator("select[name=role]").select_option(Role.INSPECTOR)
    form.locator("select[name=office]").select_option(str(office_a.pk))
    form.locator("button[type=submit]").click()
    assert "NIP terdiri dari 18 angka" in page.content()
    assert not Staff.objects.filter(username="jb1.pengawas07").exists()

    page.locator("input[name=nip]").fill("199003152015062001")
    page.locator("[data-testid=staff-form] button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    assert "jb1.pengawas07" in page.locator(".alert-success").inner_text()
    created = Staff.objects.get(username="jb1.pengawas07")
    assert created.office == office_a and created.role == Role.INSPECTOR and created.is_active

    page.click("main a[href='/manage/staff/'] >> nth=0")
    page.fill("main input[name=q]", "alice")  # not the navbar's global search
    page.click("main form[role=search] button[type=submit]")
    assert page.locator("[data-testid=staff-row]").count() == 1
    page.locator("[data-testid=staff-row] a").first.click()
    page.click("[data-testid=staff-deactivate]")
    page.wait_for_selector("[data-testid=deactivated]")
    alice.refresh_from_db()
    assert not alice.is_active


def test_the_admin_imports_a_company_csv_and_reads_every_bad_line(live_server, page, login, root, district_a, tmp_path):
    csv = tmp_path / "perusahaan.csv"
    csv.write_text(
        "nib,name,kbli,address,district_code,workers_total,workers_female,workers_foreign,bpjs_registered,bpjs_participants\n"
        "1234567890123,PT Sinar Baru,10750,Jl. A,3275,50,10,0,ya,40\n"
        "1234567890124,PT Tanpa Wilayah,10750,Jl. B,9999,50,10,0,ya,40\n"
        "1234567890125,PT Angka Salah,10750,Jl. C,3275,lima,10,0,ya,40\n",
        encoding="utf-8",
    )
    login(page, root)
    page.goto(f"{live_server.url}/manage/companies/import/")
    page.set_input_files("input[name=file]", str(csv))
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_selector("[data-testid=import-summary]")

    summary = page.locator("[data-testid=import-summary]").inner_text()
    assert "1 dibuat" in summary and "2 baris salah" in summary
    errors = page.locator("[data-testid=import-errors]").inner_text()
    assert "3" in errors and "9999" in errors
    assert "workers_total" in errors and "lima" in errors
    assert Company.objects.filter(name="PT Sinar Baru").exists()
    assert CompanyImport.objects.get().status == ImportStatus.DONE


def test_an_inspector_finds_a_provision_by_its_subject_within_the_category(
    live_server, phone_page, login, alice, company_a
):
    ensure_provisions()
    visit = InspectionFactory(company=company_a, lead_inspector=alice, planned_date=dt.date.today())
    services.inspection_start(inspection=visit, actor=alice)
    page = phone_page
    login(page, alice)
    page.goto(f"{live_server.url}/inspections/{visit.pk}/")
    page.click("#findings summary")
    form = page.locator("[data-testid=finding-form]")
    form.locator("select[name=category]").select_option("osh")

    provision = form.locator("select[name=provision]")
    visible = provision.locator("option:not([hidden])[data-category]")
    assert visible.count() > 0
    assert all(o.get_attribute("data-category") == "osh" for o in visible.all())
    # The contract-compensation rule is not on offer for a K3 finding.
    assert "kompensasi" not in " ".join(visible.all_inner_texts()).lower()

    form.locator("[data-testid=provision-search]").fill("pelindung")
    matches = provision.locator("option:not([hidden])[data-category]")
    assert matches.count() >= 1
    label = matches.first.inner_text()
    assert "—" in label  # act and article, then the subject
    provision.select_option(label=label)

    # "Every category" shows the other rules again.
    form.locator("[data-testid=provision-search]").fill("")
    form.locator("input[type=checkbox][id$=-all]").check()
    assert provision.locator("option:not([hidden])[data-category=employment_relationship]").count() > 0

    form.locator("textarea[name=description]").fill("APAR di gudang kedaluwarsa")
    form.locator("select[name=severity]").select_option("high")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    finding = Finding.objects.get(inspection=visit)
    assert finding.category == "osh" and finding.provision.category == "osh"
    assert finding.provision.title in page.content()

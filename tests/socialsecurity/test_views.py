import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from inspections.choices import Kind
from inspections.models import Inspection
from socialsecurity.models import BpjsImport, WorkforceEstimate
from tests.factories import CompanyFactory, StaffFactory

from .conftest import csv_of

pytestmark = pytest.mark.django_db


def _flagged(district, n, prefix="91"):
    """n companies of the district without BPJS; their NIBs stay 13 digits whatever the district's id."""
    return [
        CompanyFactory(nib=f"{prefix}{district.pk % 1000:03d}{i:08d}", district=district, workers_total=10 + i,
                       workers_female=0, bpjs_registered=False, bpjs_participants=0)
        for i in range(n)
    ]  # fmt: skip


@pytest.fixture
def two_offices(run_import, bob, dave, office_a, office_b, district_a, district_b):
    a = _flagged(district_a, 2)
    b = _flagged(district_b, 2, prefix="92")
    b[0].name = "PT Kenari Seberang"
    b[0].save()
    run_import(bob, office_a, csv_of(), source="BPJS A")
    run_import(dave, office_b, csv_of(), source="BPJS B")
    return a, b


def test_the_targeting_list_shows_the_office_s_flagged_companies_by_gap(client_for, alice, two_offices):
    a, b = two_offices
    response = client_for(alice).get("/bpjs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index(a[1].name) < body.index(a[0].name)  # 11 workers before 10
    assert "PT Kenari Seberang" not in body
    assert f"/bpjs/companies/{a[0].pk}/plan/" in body


def test_officials_see_their_region(client_for, frank, erin, two_offices):
    a, b = two_offices
    body = client_for(frank).get("/bpjs/").content.decode()
    assert "PT Kenari Seberang" in body and a[0].name not in body
    assert "/plan/" not in body  # officials only read


def test_the_targeting_list_s_queries_do_not_grow(client_for, bob, run_import, office_a, district_a,
                                                  django_assert_max_num_queries):  # fmt: skip
    client = client_for(bob)
    _flagged(district_a, 2)
    run_import(bob, office_a, csv_of(), source="one")
    with django_assert_max_num_queries(12) as small:
        client.get("/bpjs/")
    _flagged(district_a, 12, prefix="93")
    run_import(bob, office_a, csv_of(), source="two")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/bpjs/")


def test_the_company_list_filters_by_flag(client_for, alice, two_offices, district_a):
    a, _ = two_offices
    fine = CompanyFactory(name="PT Patuh Selalu", district=district_a, workers_total=0, workers_female=0)
    body = client_for(alice).get("/companies/?bpjs_flag=not_registered").content.decode()
    assert a[0].name in body and fine.name not in body


def test_plan_a_joint_inspection_from_a_row(client_for, bob, alice, two_offices):
    a, _ = two_offices
    response = client_for(bob).post(
        f"/bpjs/companies/{a[0].pk}/plan/", {"lead": alice.pk, "planned_date": "2026-12-10"}
    )
    visit = Inspection.objects.get(company=a[0])
    assert response.status_code == 302 and response["Location"] == f"/inspections/{visit.pk}/"
    assert visit.kind == Kind.BPJS_JOINT


def test_another_office_s_company_is_a_404(client_for, charlie, two_offices):
    a, _ = two_offices
    assert client_for(charlie).get(f"/bpjs/companies/{a[0].pk}/plan/").status_code == 404


def test_the_import_page_imports_a_small_file_at_once(client_for, bob, district_a):
    company = CompanyFactory(nib="9100000000001", district=district_a, workers_total=5, workers_female=0)
    upload = SimpleUploadedFile("juni.csv", csv_of("9100000000001,NPP-1,,5,JKK;JKM;JHT,,,", "123,X,,1,JKK,,,").encode())
    response = client_for(bob).post(
        "/bpjs/imports/", {"office": bob.office_id, "file": upload, "as_of": "2026-06-30", "source": "BPJS Cabang"}
    )
    imp = BpjsImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bpjs/imports/{imp.pk}/"
    page = client_for(bob).get(f"/bpjs/imports/{imp.pk}/").content.decode()
    assert "Unknown NIB 123" in page and imp.snapshots.get().company == company


def test_an_inspector_has_no_import_form(client_for, alice, office_a):
    assert client_for(alice).get("/bpjs/imports/").context["form"] is None
    assert client_for(alice).post("/bpjs/imports/", {}).status_code == 403


def test_another_office_s_import_is_a_404(client_for, charlie, two_offices):
    imp = BpjsImport.objects.get(source="BPJS A")
    assert client_for(charlie).get(f"/bpjs/imports/{imp.pk}/").status_code == 404
    assert "BPJS A" not in client_for(charlie).get("/bpjs/imports/").content.decode()


@pytest.fixture
def estimates(district_a, district_b):
    WorkforceEstimate.objects.create(district=district_a, year=2026, formal_workers=1000, informal_workers=500,
                                     source="BPS Sakernas A")  # fmt: skip
    WorkforceEstimate.objects.create(district=district_b, year=2026, formal_workers=10, informal_workers=5,
                                     source="BPS Sakernas B")  # fmt: skip


def test_the_coverage_page_drills_down_from_regions_to_districts(client_for, grace, estimates, district_a):
    client = client_for(grace)
    body = client.get("/bpjs/coverage/?year=2026").content.decode()
    assert district_a.region.name in body and f"region={district_a.region_id}" in body
    body = client.get(f"/bpjs/coverage/?year=2026&region={district_a.region_id}").content.decode()
    assert district_a.name in body and "0 / 1,000" in body and "BPS Sakernas A" in body


def test_an_official_sees_only_their_region(client_for, frank, estimates, district_a, district_b):
    client = client_for(frank)
    body = client.get("/bpjs/coverage/?year=2026").content.decode()
    assert district_b.region.name in body and district_a.region.name not in body
    assert client.get(f"/bpjs/coverage/?year=2026&region={district_a.region_id}").status_code == 404


def test_the_coverage_api_refuses_a_year_or_region_it_cannot_hold(client_for, grace, estimates, district_a):
    client = client_for(grace)
    for query in ("year=0", "year=99999", "year=abc", "region=abc", "region=0"):
        response = client.get(f"/api/v1/bpjs-coverage/?{query}", HTTP_ACCEPT="application/json")
        assert response.status_code == 400, query
        assert query.split("=")[0] in response.json(), query
    response = client.get(f"/api/v1/bpjs-coverage/?year=2026&region={district_a.region_id}")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["rows"]] == [district_a.name]


def test_over_100_percent_carries_a_warning(client_for, grace, run_import, bob, office_a, district_a, estimates):
    WorkforceEstimate.objects.filter(district=district_a).update(formal_workers=5)
    CompanyFactory(nib="9100000000009", district=district_a, workers_total=8, workers_female=0)
    run_import(bob, office_a, csv_of("9100000000009,N9,,8,JKK;JKM;JHT,,,"), as_of=dt.date(2026, 5, 1))
    body = client_for(grace).get(f"/bpjs/coverage/?year=2026&region={district_a.region_id}").content.decode()
    assert "160.0 %" in body and "check the estimate" in body


def test_the_coverage_exports(client_for, grace, estimates, district_a):
    client = client_for(grace)
    csv_body = client.get(f"/bpjs/coverage/?year=2026&region={district_a.region_id}&format=csv").content.decode()
    assert csv_body.splitlines()[1].startswith(f"{district_a.name},{district_a.code},0,1000,0.0,0,500,0.0")
    xlsx = client.get("/bpjs/coverage/?year=2026&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(1, 1).value == "Area" and sheet.max_row == 4  # header, two regions, total


def test_the_pages_speak_indonesian(client_for, bob, two_offices):
    client = client_for(bob)
    client.cookies["django_language"] = "id"
    body = client.get("/bpjs/").content.decode()
    assert "Daftar sasaran" in body and "Pekerja belum terlindungi" in body


def test_the_sanction_pages(client_for, bob, alice, two_offices):
    a, _ = two_offices
    client = client_for(bob)
    response = client.post(f"/bpjs/companies/{a[0].pk}/warn/")
    sanction = a[0].bpjs_sanctions.get()
    assert response["Location"] == f"/bpjs/sanctions/{sanction.pk}/"
    page = client.get(f"/bpjs/sanctions/{sanction.pk}/").content.decode()
    assert sanction.number in page and "Employs 10 workers" in page
    document = client.get(f"/bpjs/sanctions/{sanction.pk}/document/").content.decode()
    assert "SURAT TEGURAN TERTULIS I" in document and "Undang-Undang Nomor 24 Tahun 2011" in document
    other = StaffFactory(username="other_head", role="office_head")
    assert client_for(other).get(f"/bpjs/sanctions/{sanction.pk}/").status_code == 404


def test_a_big_file_goes_to_the_worker_and_shows_its_progress(client_for, bob, district_a,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    CompanyFactory(nib="9100000000001", district=district_a, workers_total=5, workers_female=0)
    filler = "".join(f"9{n:012d},N{n},,1,JKK,,,\n" for n in range(20000))  # unknown NIBs: > 512 kB
    upload = SimpleUploadedFile("besar.csv", csv_of("9100000000001,NPP-1,,5,JKK;JKM;JHT,,,").encode() + filler.encode())
    client = client_for(bob)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/bpjs/imports/", {"office": bob.office_id, "file": upload, "as_of": "2026-06-30", "source": "BPJS"}
        )
    imp = BpjsImport.objects.get()
    assert response["Location"] == f"/bpjs/imports/{imp.pk}/" and imp.state == "pending"
    page = client.get(f"/bpjs/imports/{imp.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and "import-progress" in page
    for callback in callbacks:
        callback()  # the task (eager in tests) reads the file
    imp.refresh_from_db()
    assert imp.state == "done" and imp.rows_imported == 1 and len(imp.errors) == 20000
    assert 'http-equiv="refresh"' not in client.get(f"/bpjs/imports/{imp.pk}/").content.decode()

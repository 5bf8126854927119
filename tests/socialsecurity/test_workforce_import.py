"""Workforce estimates imported from a CSV or XLSX file: /manage/workforce-estimates/import/ and its API."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from audit.models import AuditEntry
from socialsecurity.models import WorkforceEstimate
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

URL = "/manage/workforce-estimates/import/"
API = "/api/v1/workforce-estimates/import/"
HEADER = "district,year,formal,informal,source\n"


def csv_file(*lines: str, name: str = "sakernas.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + "".join(line + "\n" for line in lines)).encode(), "text/csv")


def xlsx_file(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["district", "year", "formal", "informal", "source"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("sakernas.xlsx", buffer.getvalue())


@pytest.fixture
def districts(district_a, district_b):
    return district_a, district_b


def estimates() -> dict:
    return {
        (w.district.code, w.year): (w.formal_workers, w.informal_workers, w.source)
        for w in WorkforceEstimate.objects.select_related("district")
    }


def test_it_imports_the_good_lines_and_shows_what_it_did(client_for, root, districts):
    response = client_for(root).post(
        URL, {"file": csv_file("3275,2025,812000,355000,BPS Sakernas Agustus 2025", "6371,2025,250000,120000,BPS")}
    )
    assert response.status_code == 200
    assert estimates() == {
        ("3275", 2025): (812000, 355000, "BPS Sakernas Agustus 2025"),
        ("6371", 2025): (250000, 120000, "BPS"),
    }
    page = response.content.decode()
    assert "2 estimates added" in page and "0 bad lines, not imported" in page
    assert "The good lines are applied and the bad ones are listed below" in page
    created = AuditEntry.objects.filter(object_type="socialsecurity.workforceestimate", action="create")
    assert created.count() == 2 and all(e.extra.get("via") == "import" for e in created)


def test_it_reports_an_unknown_district_a_bad_number_and_a_missing_source_and_keeps_the_good_lines(
    client_for, root, districts
):
    response = client_for(root).post(
        URL,
        {
            "file": csv_file(
                "3275,2025,812000,355000,BPS",  # line 2: good
                "9999,2025,1000,2000,BPS",  # line 3: unknown district
                "6371,2025,12.5,2000,BPS",  # line 4: not a whole number
                "6371,2024,-3,2000,BPS",  # line 5: negative
                "6371,2023,1000,2000,",  # line 6: no source
                "6371,abc,1000,2000,BPS",  # line 7: bad year
                "3275,2025,1,1,BPS",  # line 8: the same district and year as line 2
            )
        },
    )
    assert response.status_code == 200
    assert estimates() == {("3275", 2025): (812000, 355000, "BPS")}
    rows = _error_rows(response.content.decode())
    assert [line for line, _text in rows] == ["3", "4", "5", "6", "7", "8"]
    text = dict(rows)
    assert "Unknown district code '9999'" in text["3"]
    assert "formal" in text["4"] and "'12.5'" in text["4"]
    assert "'-3'" in text["5"]
    assert "source" in text["6"]
    assert "year" in text["7"]
    assert "also on line 2" in text["8"]
    assert "6 bad lines, not imported" in response.content.decode()


def _error_rows(page: str) -> list[tuple[str, str]]:
    table = page.split('data-testid="import-errors"')[1].split("</table>")[0]
    return [(line, html.unescape(text)) for line, text in re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>", table)]


def test_it_reads_an_xlsx_workbook(client_for, root, districts):
    response = client_for(root).post(
        URL,
        {"file": xlsx_file([["3275", 2026, 820000, 350000, "BPS Sakernas Februari 2026"], [6371, 2026, 1, 2, "BPS"]])},
    )
    assert response.status_code == 200
    assert estimates() == {
        ("3275", 2026): (820000, 350000, "BPS Sakernas Februari 2026"),
        ("6371", 2026): (1, 2, "BPS"),
    }


def test_the_same_file_twice_changes_nothing(client_for, root, districts):
    lines = ("3275,2025,812000,355000,BPS", "6371,2025,250000,120000,BPS")
    client = client_for(root)
    client.post(URL, {"file": csv_file(*lines)})
    before = (estimates(), AuditEntry.objects.count())
    response = client.post(URL, {"file": csv_file(*lines)})
    assert (estimates(), AuditEntry.objects.count()) == before
    page = response.content.decode()
    assert "0 estimates added" in page and "0 estimates changed" in page and "2 lines already as stored" in page


def test_a_line_for_an_existing_year_updates_it_with_its_history(client_for, root, districts, district_a):
    existing = WorkforceEstimate.objects.create(
        district=district_a, year=2025, formal_workers=800000, informal_workers=300000, source="BPS 2024"
    )
    response = client_for(root).post(URL, {"file": csv_file("3275,2025,812000,300000,BPS Sakernas Agustus 2025")})
    assert "1 estimate changed" in response.content.decode()
    existing.refresh_from_db()
    assert (existing.formal_workers, existing.informal_workers, existing.source) == (
        812000, 300000, "BPS Sakernas Agustus 2025",
    )  # fmt: skip
    change = AuditEntry.objects.get(object_type="socialsecurity.workforceestimate", object_id=str(existing.pk))
    assert change.action == "update" and sorted(change.changed_fields) == ["formal_workers", "source"]
    assert WorkforceEstimate.objects.count() == 1


def test_a_file_without_the_columns_changes_nothing_and_says_which(client_for, root, districts):
    upload = SimpleUploadedFile("x.csv", b"district,year,formal\n3275,2025,1\n")
    response = client_for(root).post(URL, {"file": upload})
    assert "Missing columns: informal, source." in response.content.decode()
    assert not WorkforceEstimate.objects.exists()


def test_it_refuses_a_file_that_is_not_csv_or_xlsx(client_for, root, districts):
    response = client_for(root).post(URL, {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert response.status_code == 400
    assert "Upload a CSV or XLSX file." in response.content.decode()


def test_the_page_is_in_indonesian(client_for, root, districts):
    client = client_for(root)
    client.cookies["django_language"] = "id"
    response = client.post(URL, {"file": csv_file("3275,2025,1,2,BPS", "9999,2025,1,2,BPS")}, HTTP_ACCEPT_LANGUAGE="id")
    page = html.unescape(response.content.decode())
    assert "Impor perkiraan jumlah pekerja" in page
    assert "1 perkiraan ditambahkan" in page and "Kode kabupaten/kota '9999' tidak dikenal." in page
    assert "estimates added" not in page


def test_the_list_links_to_the_import(client_for, root, districts):
    page = client_for(root).get("/manage/workforce-estimates/").content.decode()
    assert f'href="{URL}"' in page


def test_only_administrators_import(client_for, bob, erin, districts):
    for user in (bob, erin):
        response = client_for(user).post(URL, {"file": csv_file("3275,2025,1,2,BPS")})
        assert response.status_code == 404
    assert not WorkforceEstimate.objects.exists()


def test_the_page_needs_a_login_and_takes_no_other_method(client, root):
    assert client.get(URL).status_code == 302
    client.force_login(root)
    assert client.put(URL).status_code == 405


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def _more_districts(start: int, count: int = 30) -> None:
    for n in range(start, start + count):
        district = DistrictFactory(code=f"99{n:02d}")
        WorkforceEstimate.objects.create(district=district, year=2025, formal_workers=1, informal_workers=1, source="x")


def test_the_page_reads_in_a_fixed_number_of_queries(client_for, root, districts):
    client = client_for(root)
    client.get(URL)
    one_line = csv_file("3275,2025,1,2,BPS")

    def post():
        one_line.seek(0)
        client.post(URL, {"file": one_line})
        WorkforceEstimate.objects.filter(district__code="3275").delete()

    few = (_queries(lambda: client.get(URL)), _queries(post))
    _more_districts(0)  # more districts and stored estimates: still the same queries
    assert (_queries(lambda: client.get(URL)), _queries(post)) == few


def test_the_api_imports_like_the_page(api_for, root, districts):
    response = api_for(root).post(
        API, {"file": csv_file("3275,2025,812000,355000,BPS", "9999,2025,1,2,BPS")}, format="multipart"
    )
    assert response.status_code == 200
    assert response.json()["created"] == 1 and response.json()["updated"] == 0
    assert response.json()["errors"] == [{"line": 3, "message": "Unknown district code '9999'."}]
    assert estimates() == {("3275", 2025): (812000, 355000, "BPS")}


def test_the_api_refuses_other_roles_and_a_missing_file(api_for, root, bob, grace, districts):
    for user in (bob, grace):
        assert api_for(user).post(API, {"file": csv_file("3275,2025,1,2,BPS")}, format="multipart").status_code == 403
    assert api_for().post(API, {}, format="multipart").status_code == 401
    assert api_for(root).post(API, {}, format="multipart").status_code == 400
    assert not WorkforceEstimate.objects.exists()

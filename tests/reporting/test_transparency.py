"""The public transparency page /transparansi/ and its CSV: aggregates, suppression, caching, rate limit."""

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from reporting.figures.public import PublicRow, PublicTable, RegionBlock, suppress
from socialsecurity import services as bpjs_services
from socialsecurity.models import WorkforceEstimate

from ..factories import CompanyFactory, DistrictFactory, OfficeFactory
from .factories import ComplaintFactory, InspectionFactory

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def at(*args):
    return dt.datetime(*args, tzinfo=JAKARTA)


@pytest.fixture
def office_a2(region_a):
    return OfficeFactory(code="JB-2", name="UPTD Wilayah II Jawa Barat", region=region_a)


@pytest.fixture
def visits(office_a, company_a, alice, office_a2, office_b, company_b):
    """March 2025: office A 3 visits (a small cell), office A2 (same region) 7, office B 12."""
    for day in (3, 4, 5):
        InspectionFactory(office=office_a, company=company_a, lead_inspector=alice, visited_at=at(2025, 3, day, 9))
    for day in range(1, 8):
        InspectionFactory(office=office_a2, company=company_a, visited_at=at(2025, 3, day, 9))
    for day in range(1, 13):
        InspectionFactory(office=office_b, company=company_b, visited_at=at(2025, 3, day, 9))


def _page_rows(html: str) -> str:
    return html[html.index('data-testid="transparency-table"') :]


def test_a_cell_of_three_shows_less_than_five_on_the_page_and_in_the_csv(visits, office_a, office_b):
    client = Client()
    page = client.get("/transparansi/?tahun=2025&bulan=3&lang=id")
    assert page.status_code == 200
    table = _page_rows(page.content.decode())
    office_a_row = table[table.index(office_a.name) :].split("</tr>")[0]
    assert "&lt;5" in office_a_row and ">3<" not in office_a_row
    office_b_row = table[table.index(office_b.name) :].split("</tr>")[0]
    assert ">12<" in office_b_row

    response = client.get("/transparansi/data.csv?tahun=2025&bulan=3&lang=id")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0][0].startswith("Lisensi: Creative Commons Attribution 4.0")
    header = lines[1]
    visits_column = header.index("Kunjungan dilakukan")
    by_office = {line[3]: line for line in lines[2:] if line[3]}
    assert by_office[office_a.name][visits_column] == "<5"
    assert by_office[office_b.name][visits_column] == "12"
    # Each region has one office: its total equals the office's and is hidden with it; the country's 15 is shown.
    # Region A's total (10) would give A's 3 back from A2's 7: A2 is hidden too.
    assert by_office["UPTD Wilayah II Jawa Barat"][visits_column] == "<5"
    totals = {line[2]: line[visits_column] for line in lines[2:] if line[1] == "Provinsi"}
    assert totals == {"Jawa Barat": "10", "Kalimantan Selatan": "12"}
    national = next(line for line in lines[2:] if line[1] == "Nasional")
    assert national[visits_column] == "22"
    assert "3" not in [line[visits_column] for line in lines[2:]]


def test_no_company_or_person_appears(visits, office_a, company_a, alice):
    ComplaintFactory(office=office_a, company=company_a, received_at=at(2025, 3, 2, 9))
    html = Client().get("/transparansi/?tahun=2025&bulan=3").content.decode()
    csv_text = Client().get("/transparansi/data.csv?tahun=2025&bulan=3").content.decode()
    for text in (html, csv_text):
        assert company_a.name not in text and alice.username not in text and "ADU-TEST" not in text


def _row(level, name, **values):
    return PublicRow(level=level, name=name, region="R", **values)


def test_a_total_never_gives_back_a_single_suppressed_cell():
    offices = [_row("office", "A", visits=3), _row("office", "B", visits=20), _row("office", "C", visits=7)]
    region = _row("region", "R", visits=30)
    other = [_row("office", "D", visits=40)]
    table = PublicTable(
        year=2025,
        month=None,
        regions=[RegionBlock(None, offices, region), RegionBlock(None, other, _row("region", "S", visits=40))],
        total=_row("national", "", visits=70),
        bpjs_recorded=False,
    )
    suppress(table)
    assert [o.shown("visits") for o in offices] == ["<5", 20, "<5"]  # C (the smallest other) hides A's complement
    assert region.shown("visits") == 30 and table.total.shown("visits") == 70


def test_a_suppressed_region_total_is_not_the_sum_of_shown_offices():
    small = [_row("office", "A", visits=2)]
    big = [_row("office", "B", visits=20), _row("office", "C", visits=30)]
    table = PublicTable(
        year=2025,
        month=None,
        regions=[
            RegionBlock(None, small, _row("region", "R", visits=2)),
            RegionBlock(None, big, _row("region", "S", visits=50)),
        ],
        total=_row("national", "", visits=52),
        bpjs_recorded=False,
    )
    suppress(table)
    # R's 2 is hidden; S is its complement in the country's total, and then both of S's offices are hidden.
    assert table.regions[0].total.shown("visits") == "<5" and table.regions[1].total.shown("visits") == "<5"
    assert [o.shown("visits") for o in big] == ["<5", "<5"] and table.total.shown("visits") == 52


def test_rates_need_both_counts_shown_and_five_in_the_denominator():
    assert _row("office", "A", received=10, considered=10, resolved=3).resolution_rate == 0.3
    row = _row("office", "A", received=10, considered=10, resolved=3)
    suppress(PublicTable(2025, None, [RegionBlock(None, [row], _row("region", "R"))], _row("national", ""), False))
    assert row.resolution_rate is None and row.shown("recovered") is None
    assert _row("office", "A", notices=4, complied=2, decided=4).compliance_rate is None


def test_anonymous_answers_may_be_cached_and_staff_answers_not(alice):
    anonymous = Client().get("/transparansi/")
    assert "public" in anonymous["Cache-Control"] and "max-age=300" in anonymous["Cache-Control"]
    assert "csrftoken" not in anonymous.cookies
    staff = Client()
    staff.force_login(alice)
    response = staff.get("/transparansi/")
    assert response.status_code == 200 and "private" in response["Cache-Control"]


def test_the_figures_are_read_from_the_shared_cache(visits, django_assert_max_num_queries):
    client = Client()
    client.get("/transparansi/?tahun=2025")
    with django_assert_max_num_queries(0):
        client.get("/transparansi/?tahun=2025")


def test_the_page_reads_a_fixed_number_of_queries(visits, django_assert_num_queries, region_a):
    """Two data sizes, the same number of queries (and the figures come from the rollups)."""
    client = Client()
    with django_assert_num_queries(10) as small:
        client.get("/transparansi/?tahun=2025")
    for n in range(6):
        office = OfficeFactory(code=f"X-{n}", region=region_a)
        company = CompanyFactory(district=DistrictFactory(code=f"X{n}", office=office, region=region_a))
        InspectionFactory(office=office, company=company, visited_at=at(2025, 4, 1, 9))
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/transparansi/?tahun=2025")


@override_settings(RATE_LIMITS={"public-stats": "2/m"})
def test_it_is_rate_limited():
    client = Client()
    assert [client.get("/transparansi/").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/transparansi/data.csv").status_code == 429


@pytest.fixture
def coverage(office_a, office_b, district_a, district_b, bob, dave):
    """2025: Kota Bekasi (office A) 640 formal of 1,000, 3 non-wage participants of 900 informal (a small cell);
    office B's district has an estimate of 4 formal workers (too few to publish a rate)."""
    CompanyFactory(nib="3275000000009", district=district_a, workers_total=700, workers_female=0)
    upload = SimpleUploadedFile(
        "bpjs.csv",
        b"nib,npp,registered_on,participants,programmes,wage_base,segment,district\n"
        b"3275000000009,NPP-A,,640,JKK;JKM;JHT;JP;JKP,,,\n,,,3,,,BPU,3275\n",
    )
    imp, _created = bpjs_services.import_create(
        actor=bob, office=office_a, upload=upload, as_of=dt.date(2025, 6, 30), source="BPJS Cabang Bekasi"
    )
    bpjs_services.import_run(import_id=imp.pk)
    WorkforceEstimate.objects.create(
        district=district_a, year=2025, formal_workers=1000, informal_workers=900, source="BPS Sakernas 2025"
    )
    WorkforceEstimate.objects.create(
        district=district_b, year=2025, formal_workers=4, informal_workers=10, source="BPS Sakernas 2025"
    )


def _cells_of(row_html: str) -> list[str]:
    return re.findall(r"<td[^>]*>([^<]*)</td>", row_html)


def test_bpjs_coverage_per_office_and_district_on_the_page_and_in_the_csv(
    coverage, office_a, office_b, district_a, district_b
):
    client = Client()
    html = client.get("/transparansi/?tahun=2025&bulan=3&lang=id").content.decode()
    table = _page_rows(html)
    # Formal 640 / 1,000 = 64.0 %; informal: 3 participants, a count under 5, so no rate.
    assert _cells_of(table[table.index(office_a.name) :].split("</tr>")[0])[-2:] == ["64,0 %", "—"]
    # Office B: an estimate of 4 formal workers is too small a denominator.
    assert _cells_of(table[table.index(office_b.name) :].split("</tr>")[0])[-2:] == ["—", "0,0 %"]
    districts = html[html.index('data-testid="coverage-table"') :]
    assert _cells_of(districts[districts.index(district_a.name) :].split("</tr>")[0]) == ["64,0 %", "—"]
    assert "BPS Sakernas 2025" in html and "BPJS Cabang Bekasi" in html
    assert "Cakupan BPJS: tidak ada data" not in html

    response = client.get("/transparansi/data.csv?tahun=2025&bulan=3&lang=id")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    header = lines[1]
    assert header[-2:] == ["Cakupan BPJS, pekerja formal", "Cakupan BPJS, pekerja informal"]
    offices = {line[3]: line[-2:] for line in lines[2:] if len(line) > 3 and line[1] == "UPTD"}
    assert offices == {office_a.name: ["64,0 %", "—"], office_b.name: ["—", "0,0 %"]}
    national = next(line for line in lines[2:] if len(line) > 1 and line[1] == "Nasional")
    assert national[-2:] == ["63,7 %", "—"]  # 640 / (1,000 + 4); 3 informal participants stay hidden
    start = next(i for i, line in enumerate(lines) if line and line[0].startswith("Cakupan BPJS Ketenagakerjaan"))
    by_district = {line[3]: line[-2:] for line in lines[start + 2 :]}
    assert by_district == {district_a.name: ["64,0 %", "—"], district_b.name: ["—", "0,0 %"]}


def test_without_estimates_the_page_says_bpjs_coverage_is_not_recorded(office_a):
    html = Client().get("/transparansi/?tahun=2025&lang=en").content.decode()
    assert "BPJS coverage: no data recorded for this year." in html and 'data-testid="coverage-table"' not in html

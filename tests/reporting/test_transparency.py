"""The public transparency page /transparansi/ and its CSV: aggregates, suppression, caching, rate limit."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from reporting.figures.public import PublicRow, PublicTable, RegionBlock, suppress

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
    with django_assert_num_queries(6) as small:
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

"""The ILO C81 annual report: built for a region from known data, every item read back from the PDF and the XLSX."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from accidents import services as accident_services
from accidents.choices import CodeList, DiseaseSource
from accidents.choices import Severity as AccidentSeverity
from accidents.choices import Sex as AccidentSex
from inspections.choices import Kind, NoticeLevel, NoticeStatus
from inspections.models import Finding, LegalProvision, Notice
from inspectorate.choices import Role, Sex
from reporting import pdf, services
from reporting.annual import Table, all_tables, annual_sections, cell_text, no_data_sentence, xlsx_value
from reporting.choices import MONTHLY_KINDS, ReportKind, ReportStatus
from reporting.figures.annual import annual_figures, enforcement_figures
from reporting.models import AnnualText, Employment, ReportBuild
from socialsecurity import services as bpjs_services
from socialsecurity.models import WorkforceEstimate
from tests.accidents.helpers import code, make_accident, person

from ..factories import CompanyFactory, StaffFactory
from .factories import InspectionFactory
from .pdfutil import pdf_text, squeeze

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")
YEAR = 2025


def at(*args):
    return dt.datetime(*args, tzinfo=JAKARTA)


@pytest.fixture
def year_data(region_a, office_a, district_a, company_a, alice, bob, office_b, company_b):
    """Office A in 2025: 3 inspectors at year end (2 women, 1 PPNS), 1 joined, 1 left; 8 visits; 3 findings; 3 Notas.

    Office B (another region) has data of its own that the region's report must not count.
    """
    alice.sex, alice.date_joined = Sex.FEMALE, at(2019, 1, 2, 8)
    alice.save()
    ani = StaffFactory(
        username="ani",
        role=Role.INSPECTOR,
        office=office_a,
        sex=Sex.FEMALE,
        is_investigator=True,
        date_joined=at(2018, 5, 1, 8),
    )
    StaffFactory(username="budi", role=Role.INSPECTOR, office=office_a, sex=Sex.MALE, date_joined=at(YEAR, 3, 1, 8))
    StaffFactory(
        username="dedi",
        role=Role.INSPECTOR,
        office=office_a,
        sex=Sex.MALE,
        date_joined=at(2015, 1, 1, 8),
        service_ended_on=dt.date(YEAR, 6, 30),
        is_active=False,
    )
    StaffFactory(username="eko", role=Role.INSPECTOR, office=office_b, sex=Sex.MALE, date_joined=at(2015, 1, 1, 8))
    company_a.kbli, company_a.workers_total, company_a.workers_female, company_a.workers_foreign = "10792", 120, 50, 3
    company_a.save()
    CompanyFactory(name="CV Kecil", district=district_a, kbli="47111", workers_total=4, workers_female=2)
    visits = [
        InspectionFactory(office=office_a, company=company_a, lead_inspector=alice, visited_at=at(YEAR, 1 + i, 10, 9))
        for i in range(6)
    ]
    for day in (3, 4):
        InspectionFactory(
            office=office_a, company=company_a, lead_inspector=ani, kind=Kind.COMPLAINT, visited_at=at(YEAR, 8, day, 9)
        )
    # Not in the year (local time): 31 December 2024, 23:30 WIB.
    InspectionFactory(office=office_a, company=company_a, lead_inspector=alice, visited_at=at(2024, 12, 31, 23, 30))
    InspectionFactory(office=office_b, company=company_b, visited_at=at(YEAR, 5, 5, 9))
    provision = LegalProvision.objects.get(act="UU 24/2011", article="ps. 15")
    wages = LegalProvision.objects.filter(category="wages").order_by("act", "article").first()
    for category, visit in (("wages", visits[0]), ("wages", visits[1]), ("social_security", visits[2])):
        Finding.objects.create(
            inspection=visit,
            office=visit.office,
            category=category,
            provision=provision if category == "social_security" else wages,
            description="temuan",
            created_by=alice,
        )
    previous = None
    for n, (level, status) in enumerate(
        [
            (NoticeLevel.FIRST, NoticeStatus.COMPLIED),
            (NoticeLevel.FIRST, NoticeStatus.NOT_COMPLIED),
            (NoticeLevel.SECOND, NoticeStatus.ISSUED),
        ]
    ):
        previous = Notice.objects.create(
            previous=previous if level == NoticeLevel.SECOND else None,
            inspection=visits[n],
            office=office_a,
            company=company_a,
            level=level,
            number=f"NP-A/{n}",
            issued_on=dt.date(YEAR, 4 + n, 1),
            compliance_deadline=dt.date(YEAR, 5 + n, 1),
            status=status,
            issued_by=bob,
        )
    Employment.objects.create(region=region_a, year=YEAR, employed=30_000, source="BPS, Sakernas Agustus 2025")
    AnnualText.objects.create(region=region_a, year=YEAR, laws_and_regulations="Permenaker 5/2025 tentang pengawasan.")
    return {"ani": ani}


def test_the_figures_count_the_year_of_the_region(year_data, region_a, office_a):
    f = annual_figures(offices=[office_a], region=region_a, year=YEAR)
    staff = f.staff_total
    assert (staff.in_service, staff.women, staff.men, staff.ppns, staff.joined, staff.left) == (3, 2, 1, 1, 1, 1)
    assert (f.workplaces.companies, f.workplaces.workers, f.workplaces.women, f.workplaces.foreign) == (2, 124, 52, 3)
    assert f.workplaces.by_section == {"C": 1, "G": 1} and f.workplaces.by_size["micro"] == 1
    assert f.visits_total == 8 and f.visits_by_kind == {"routine": 6, "complaint": 2}
    assert f.enforcement.findings == 3 and f.enforcement.findings_by_provision[1] == ("UU 24/2011 ps. 15", 1)
    assert f.enforcement.findings_by_category == {"wages": 2, "social_security": 1}
    assert f.enforcement.notices == {"I": 2, "II": 1} and f.enforcement.compliance_rate == 0.5
    assert f.ilostat.per_10000 == 1.0 and f.ilostat.women_share == pytest.approx(2 / 3)
    assert [met for _k, _w, _n, met in f.ilostat.benchmarks()] == [True, True, True]
    assert f.accidents is None and f.diseases is None


def test_provisions_rank_by_findings_then_act_and_article_and_bands_add_up_across_sectors(
    year_data, region_a, office_a, district_a, alice
):
    """The provisions and the workplaces are added up from one grouped reading each (§34): ties keep
    the order of act and article, the list is cut after the most cited, and the size bands and
    sectors add up to the companies (one without a KBLI code among them)."""
    visit = Finding.objects.first().inspection
    wages = list(LegalProvision.objects.filter(category="wages").order_by("act", "article")[:4])
    extra = [("wages", wages[3]), ("wages", wages[2]), ("wages", wages[2]), ("wages", wages[1])]
    for category, provision in extra:
        Finding.objects.create(
            inspection=visit, office=office_a, category=category, provision=provision, description="t", created_by=alice
        )
    CompanyFactory(name="PT Tanpa KBLI", district=district_a, kbli="", workers_total=20, workers_female=0)
    CompanyFactory(
        name="PT Besar", district=district_a, kbli="10110", workers_total=100, workers_female=0, workers_foreign=7
    )
    CompanyFactory(name="PT Sedang", district=district_a, kbli="47111", workers_total=19, workers_female=0)

    def named(provisions, n):
        return [(f"{p.act} {p.article}", n) for p in sorted(provisions, key=lambda p: (p.act, p.article))]

    f = annual_figures(offices=[office_a], region=region_a, year=YEAR)
    e = f.enforcement
    # wages[0] and wages[2]: 2 findings each; UU 24/2011 ps. 15, wages[1] and wages[3]: 1 each.
    social = LegalProvision.objects.get(act="UU 24/2011", article="ps. 15")
    expected = named([wages[0], wages[2]], 2) + named([wages[1], wages[3], social], 1)
    assert e.findings_by_provision == expected
    assert enforcement_figures([office_a], YEAR, provisions=3).findings_by_provision == expected[:3]
    assert e.findings == 7 and e.findings_by_category == {"wages": 6, "social_security": 1}
    w = f.workplaces
    assert (w.companies, w.workers, w.women, w.foreign) == (5, 124 + 20 + 100 + 19, 52, 10)
    assert w.by_size == {"micro": 1, "small": 1, "medium": 1, "large": 2}
    assert w.by_section == {"C": 2, "G": 2, "?": 1} and sum(w.by_size.values()) == w.companies


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_region_report_prints_every_item_and_its_tables_equal_the_spreadsheet(
    year_data, region_a, bob, language, django_capture_on_commit_callbacks
):
    root = StaffFactory(username="root", role=Role.ADMIN, office=None)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            kind=ReportKind.ANNUAL, month=dt.date(YEAR, 7, 1), region=region_a, user=root, language=language
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.month == dt.date(YEAR, 1, 1)
    text = pdf_text(default_storage.open(report.file.name).read())
    flat = squeeze(text)
    with translation.override(language):
        sentence = squeeze(str(translation.gettext("No data recorded for this year.")))
        expected = {
            "(a)": ["Permenaker 5/2025 tentang pengawasan.", "UU 24/2011"],
            "(b) inspectors in service, women, PPNS": ["3", "2", "1"],
            "(c) workplaces and workers": [cell_text(124), cell_text(52)],
            "(d) visits and per inspector": ["8", cell_text(2.7)],
            "(e) compliance rate": [cell_text(50.0)],
            "ILOSTAT per 10,000": [cell_text(1.0), "BPS, Sakernas Agustus 2025"],
        }
    for item, values in expected.items():
        for value in values:
            assert squeeze(value) in flat, (item, value)
    assert flat.count(sentence) == 2  # (f) accidents and (g) occupational diseases: no data recorded
    for letter in "abcdefg":
        assert f"({letter})" in text

    # The spreadsheet holds the same tables; every row of each, as printed, is in the PDF in its order.
    book = load_workbook(io.BytesIO(default_storage.open(report.spreadsheet.name).read()))
    with translation.override(language):
        tables = all_tables(
            annual_sections(annual_figures(offices=[*region_a.offices.all()], region=region_a, year=YEAR))
        )
        assert book.sheetnames == [t.key for t in tables]
        for table in tables:
            rows = list(book[table.key].iter_rows(values_only=True))
            assert rows[0][0] == table.title and list(rows[1]) == table.header
            assert len(rows) - 2 == len(table.rows)
            for sheet_row in rows[2:]:
                printed = "".join(squeeze(cell_text(v)) for v in sheet_row)
                assert printed in flat, (table.key, sheet_row)
    assert book["b_staff"]["B4"].value == 3  # the total line: inspectors in service


@pytest.fixture
def accident_data(year_data, office_a, district_a, company_a, alice, bob, dave, company_b):
    """2025 in office A: one accident (a man killed, a woman off work 7 days), one disease case, BPJS coverage.

    Not counted: an accident at 00:30 on 1 January 2026 in Jakarta (17:30 UTC on 31 December) and
    office B's accident.
    """
    make_accident(
        alice, company_a, occurred_at=at(YEAR, 3, 2, 9),
        injured=[person(fatal=True), person("Sari Canary", sex=AccidentSex.FEMALE, days_lost=7)],
    )  # fmt: skip
    make_accident(alice, company_a, occurred_at=at(YEAR + 1, 1, 1, 0, 30))
    make_accident(dave, company_b, occurred_at=at(YEAR, 5, 5, 10))
    accident_services.disease_create(
        actor=alice, company=company_a, disease=code(CodeList.DISEASE, "1.2.1"), worker_name="Tono Canary",
        sex=AccidentSex.MALE, exposure="Kebisingan 95 dB(A)", diagnosed_on=dt.date(YEAR, 4, 1),
        source=DiseaseSource.DOCTOR, notified_on=dt.date(YEAR, 4, 3),
    )  # fmt: skip
    company_a.nib = "3275000000001"
    company_a.save()
    upload = SimpleUploadedFile(
        "bpjs.csv",
        b"nib,npp,registered_on,participants,programmes,wage_base,segment,district\n"
        b"3275000000001,NPP-A,,1234,JKK;JKM;JHT;JP;JKP,,,\n,,,567,,,BPU,3275\n",
    )
    imp, _created = bpjs_services.import_create(
        actor=bob, office=office_a, upload=upload, as_of=dt.date(YEAR, 12, 31), source="BPJS Cabang Bekasi"
    )
    bpjs_services.import_run(import_id=imp.pk)
    WorkforceEstimate.objects.create(
        district=district_a, year=YEAR, formal_workers=2000, informal_workers=1000, source="BPS Sakernas 2025"
    )


def _section(flat: str, letter: str, following: str) -> str:
    return flat[flat.index(f"({letter})") : flat.index(f"({following})")]


@pytest.mark.parametrize("language", ["en", "id"])
def test_accidents_diseases_and_bpjs_coverage_are_printed_and_equal_the_spreadsheet(
    accident_data, region_a, language, django_capture_on_commit_callbacks
):
    f = annual_figures(offices=[*region_a.offices.all()], region=region_a, year=YEAR)
    assert (f.accidents["accidents"], f.accidents["cases"], f.accidents["fatalities"], f.accidents["days_lost"]) == (
        1, 2, 1, 7,
    )  # fmt: skip
    assert f.diseases["by_disease"] == {"1.2.1": 1}
    assert (f.coverage.total.formal.rate, f.coverage.total.informal.rate) == (Decimal("61.7"), Decimal("56.7"))

    root = StaffFactory(username="root", role=Role.ADMIN, office=None)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            kind=ReportKind.ANNUAL, month=dt.date(YEAR, 1, 1), region=region_a, user=root, language=language
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    flat = squeeze(pdf_text(default_storage.open(report.file.name).read()))
    with translation.override(language):
        assert squeeze(translation.gettext("No data recorded for this year.")) not in flat
        f_text, g_text = _section(flat, "f", "g"), flat[flat.index("(g)") :]
        for label, value in [
            ("Accidents", 1), ("Persons injured or killed (cases)", 2), ("Fatal cases", 1), ("Working days lost", 7),
        ]:  # fmt: skip
            assert squeeze(translation.gettext(label)) + cell_text(value) in f_text, label
        assert squeeze(str(AccidentSeverity.FATAL.label)) + "1" in f_text
        assert squeeze(str(AccidentSex.FEMALE.label)) + "1" in f_text
        assert squeeze(translation.gettext("Cases diagnosed")) + "1" in g_text
        disease = code(CodeList.DISEASE, "1.2.1").name
        assert "1.2.1" + squeeze(disease) + "1" in g_text
        c_text = _section(flat, "c", "d")
        assert "KotaBekasi" + cell_text(1234) + cell_text(2000) + cell_text(61.7) in c_text
        assert cell_text(567) + cell_text(1000) + cell_text(56.7) in c_text
        again = annual_figures(offices=[*region_a.offices.all()], region=region_a, year=YEAR)  # names in the language
        tables = {t.key: t for t in all_tables(annual_sections(again))}
    book = load_workbook(io.BytesIO(default_storage.open(report.spreadsheet.name).read()))
    for key in ("c_bpjs", "f_accidents", "f_severity", "f_sectors", "f_sex", "g_diseases", "g_by_disease"):
        rows = [list(r) for r in book[key].iter_rows(min_row=3, values_only=True)]
        assert rows == [[xlsx_value(v) for v in row] for row in tables[key].rows], key


def test_a_year_without_accidents_says_so_for_f_and_g(accident_data, region_a):
    f = annual_figures(offices=[*region_a.offices.all()], region=region_a, year=YEAR - 1)
    assert f.accidents is None and f.diseases is None
    sections = {s.letter: s for s in annual_sections(f)}
    assert sections["f"].paragraphs == sections["g"].paragraphs == [no_data_sentence()]
    assert not sections["f"].tables and not sections["g"].tables


def test_a_rebuild_keeps_the_earlier_files(year_data, region_a, django_capture_on_commit_callbacks):
    root = StaffFactory(username="root", role=Role.ADMIN, office=None)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(kind=ReportKind.ANNUAL, month=dt.date(YEAR, 1, 1), region=region_a, user=root)
    report.refresh_from_db()
    first = report.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request(
            kind=ReportKind.ANNUAL, month=dt.date(YEAR, 3, 1), region=region_a, user=root, rebuild=True
        )
    report.refresh_from_db()
    builds = list(ReportBuild.objects.filter(report=report).order_by("built_at"))
    assert report.builds == 2 and len(builds) == 2 and report.file.name != first
    assert (
        builds[0].file.name == first
        and default_storage.exists(first)
        and default_storage.exists(builds[0].spreadsheet.name)
    )


def test_the_monthly_schedule_never_requests_the_annual_report(office_a):
    created = services.reports_request_due(now=dt.datetime(2025, 2, 1, 3, tzinfo=dt.UTC))
    assert created and {r.kind for r in created} == set(MONTHLY_KINDS) and ReportKind.ANNUAL not in MONTHLY_KINDS


def test_the_api_builds_and_lists_the_annual_report_within_scope(
    api_for, year_data, region_a, region_b, erin, frank, django_capture_on_commit_callbacks
):
    """A regional official requests their region's annual report; the PDF and the XLSX come back; region B is 404."""
    api = api_for(erin)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            "/api/v1/reports/", {"kind": "annual", "month": f"{YEAR}-09", "region": region_a.pk}, format="json"
        )
    assert created.status_code == 202
    listed = api.get("/api/v1/reports/?kind=annual").json()["results"]
    assert [(r["scope_key"], r["month"], r["status"], r["builds"]) for r in listed] == [
        (f"region:{region_a.pk}", f"{YEAR}-01", "done", 1)
    ]
    spreadsheet = api.get(listed[0]["spreadsheet_url"])
    assert spreadsheet.status_code == 200 and spreadsheet["Content-Type"].startswith("application/vnd.openxmlformats")
    assert api.get(listed[0]["download_url"]).status_code == 200
    outside = api.post(
        "/api/v1/reports/", {"kind": "annual", "month": f"{YEAR}-01", "region": region_b.pk}, format="json"
    )
    assert outside.status_code == 404
    assert api_for(frank).get(f"/api/v1/reports/{listed[0]['id']}/spreadsheet/").status_code == 404


def test_the_history_page_lists_every_build_in_a_fixed_number_of_queries(
    client_for, erin, region_a, django_assert_max_num_queries, django_assert_num_queries
):
    from django.utils import timezone

    from .factories import ReportFactory

    report = ReportFactory(kind=ReportKind.ANNUAL, office=None, region=region_a, month=dt.date(YEAR, 1, 1))
    client = client_for(erin)
    url = f"/reports/{report.pk}/history/"

    def build(n):
        ReportBuild.objects.create(
            report=report, built_at=timezone.now(), language="id", file=f"reports/x{n}.pdf", requested_by=erin
        )

    build(0)
    client.get(url)  # the session's first request
    with django_assert_max_num_queries(20) as small:
        first = client.get(url)
    for n in range(1, 4):
        build(n)
    with django_assert_num_queries(len(small.captured_queries)):
        second = client.get(url)
    assert first.content.decode().count('data-testid="build-row"') == 1
    assert second.content.decode().count('data-testid="build-row"') == 4


def test_each_table_works_out_its_number_columns_once(year_data, region_a, monkeypatch):
    """Which columns are numbers scans every row: read per cell, the national report's 2,460 cells took
    half a second of the build (docs/performance.md §34). The columns are still right-aligned."""
    readings = []
    columns = Table.numeric.fget

    def counted(table):
        readings.append(table.key)
        return columns(table)

    monkeypatch.setattr(Table, "numeric", property(counted))
    report = services.report_request(
        kind=ReportKind.ANNUAL, month=dt.date(YEAR, 1, 1), region=region_a, enqueue=False, language="en"
    )
    html = pdf.render_report_html(report)
    tables = html.count('<table class="data">')
    assert tables > 5 and len(readings) == tables == len(set(readings))
    # (c) workplaces and workers: its counts right-aligned, its labels not.
    assert f'<td class="num">{cell_text(124)}</td>' in html.replace("\n", "")
    assert "<td>Section C</td>" in html and '<td class="num">Section' not in html

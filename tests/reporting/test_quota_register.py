"""The office quota report's register of visits, its page footer, and the rates' rows written in Python."""

import datetime as dt
import gc
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from inspections.choices import InspectionStatus, Kind
from reporting.choices import ReportKind
from reporting.dashboard_html import rates_rows_html
from reporting.pdf import render_report_pdf

from ..factories import StaffFactory
from .conftest import JAKARTA, MAKASSAR, at
from .factories import InspectionFactory, ReportFactory
from .pdfutil import pdf_pages, squeeze

pytestmark = pytest.mark.django_db


def _rina(office):
    return StaffFactory(office=office, first_name="Rina", last_name="Lubis", username="rina")


def _may_quota_pages(office) -> list[str]:
    """The office's quota report for May 2024, in Indonesian: each page's text."""
    report = ReportFactory(kind=ReportKind.QUOTA, office=office, month=dt.date(2024, 5, 1), language="id")
    return pdf_pages(render_report_pdf(report))


def test_the_register_lists_each_visit_of_the_month_once_in_the_offices_time(office_a, office_b, company_b):
    rina = _rina(office_b)
    yudi = StaffFactory(office=office_b, first_name="Yudi", last_name="Wijaya", username="yudi")

    def visit(**kwargs):
        return InspectionFactory(office=office_b, company=company_b, lead_inspector=rina, **kwargs)

    # 00:30 on 1 May in Makassar is 16:30 on 30 April in UTC: a May visit there.
    first = visit(visited_at=at(MAKASSAR, 2024, 5, 1, 0, 30), team=[rina, yudi])
    special = visit(visited_at=at(MAKASSAR, 2024, 5, 20, 14), kind=Kind.ASSIGNMENT)
    june = visit(visited_at=at(MAKASSAR, 2024, 6, 1, 0, 10))  # 31 May in UTC, June in Makassar
    planned = visit(visited_at=at(MAKASSAR, 2024, 5, 10, 9), status=InspectionStatus.PLANNED)
    canary = InspectionFactory(office=office_a, reference="PMR-CANARY-A", visited_at=at(JAKARTA, 2024, 5, 10, 9))

    pages = _may_quota_pages(office_b)
    text = squeeze("\n".join(pages))
    register = text[text.index(squeeze("Pemeriksaan bulan ini")) :]

    # One line each, in the office's zone; the lead not repeated among the team.
    assert register.count(first.reference) == 1
    assert squeeze(f"01/05/2024 00:30 WITA · {first.reference}") in register
    assert squeeze("Rutin — Rina Lubis, Yudi Wijaya") in register
    # Special assignments are listed (and said not to count), other months, plans and offices are not.
    assert squeeze(f"20/05/2024 14:00 WITA · {special.reference}") in register
    assert squeeze("Tugas khusus dicantumkan tetapi tidak dihitung untuk kuota") in register
    assert june.reference not in text and planned.reference not in text
    assert canary.reference not in text

    # Each visit's time is one run of text that no line break splits (no-break spaces, not an inline box).
    lines = [line.replace("\xa0", " ") for page in pages for line in page.splitlines()]
    assert any(f"01/05/2024 00:30 WITA · {first.reference}" in line for line in lines), lines

    # Every page's footer names the product in the report's language.
    assert all("Inspektorat" in page for page in pages), pages
    assert "Inspectorate" not in text


def test_a_register_over_several_pages_names_itself_at_the_top_of_each(office_b, company_b):
    rina = _rina(office_b)
    days = [at(MAKASSAR, 2024, 5, 2 + i % 25, 9) for i in range(150)]
    visits = [InspectionFactory(office=office_b, company=company_b, lead_inspector=rina, visited_at=d) for d in days]
    pages = [squeeze(page) for page in _may_quota_pages(office_b)]
    heading = squeeze("Pemeriksaan bulan ini")
    first = next(n for n, page in enumerate(pages) if visits[0].reference in page or heading in page)
    register = pages[first:]
    assert len(register) >= 2, "150 visits should take more than one page"
    assert all(heading in page for page in register), register
    assert not any(heading in page for page in pages[:first])
    assert sum(page.count(visit.reference) for page in register for visit in visits) == 150
    # And every page after the first names the report at its top left.
    title = squeeze("Kuota pemeriksaan — UPTD Wilayah I Kalimantan Selatan — Mei 2024")
    assert all(title in page for page in pages[1:]), pages[1:]


def test_the_rates_rows_are_escaped_and_localized_as_the_template_would():
    rows = [
        SimpleNamespace(
            label="<script>x</script>",
            estimated=True,
            accidents=3,
            cases=4,
            fatal=0,
            days_lost=12500,
            frequency_rate=Decimal("12.50"),
            severity_rate=None,
            incidence=Decimal("0.75"),
        ),
        SimpleNamespace(
            label="",
            estimated=False,
            accidents=0,
            cases=0,
            fatal=0,
            days_lost=0,
            frequency_rate=None,
            severity_rate=None,
            incidence=None,
        ),
    ]
    with translation.override("id"):
        html = str(rates_rows_html(rows))
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert html.count('data-testid="rates-row"') == 2
    # Indonesian decimal commas; no thousands separator, as {{ }} prints without one.
    assert ">12,50<" in html and ">0,75<" in html and ">12500<" in html
    assert html.count("perkiraan") == 1  # the estimate badge, on the first row only
    assert html.count(">—<") == 5  # no label, and four rates without hours or workers


def test_the_server_processes_collect_garbage_less_often():
    from inspectorate.runtime import GC_THRESHOLDS

    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        import inspectorate.celery

        inspectorate.celery._tune_worker()
        assert gc.get_threshold() == GC_THRESHOLDS
        gc.set_threshold(700, 10, 10)
        import importlib

        import inspectorate.wsgi

        importlib.reload(inspectorate.wsgi)
        assert gc.get_threshold() == GC_THRESHOLDS
    finally:
        gc.set_threshold(*saved)


def test_unbroken_keeps_a_text_on_one_line_and_escapes_as_before():
    from django.template import engines

    template = engines["django"].from_string("{% load reporting %}{{ value|unbroken }}")
    assert template.render({"value": "01/05/2024 00:30 WITA"}) == "01/05/2024\xa000:30\xa0WITA"
    assert template.render({"value": "<b>a & b</b>"}) == "&lt;b&gt;a\xa0&amp;\xa0b&lt;/b&gt;"
    from django.utils.safestring import mark_safe

    assert template.render({"value": mark_safe("<b>a b</b>")}) == "<b>a\xa0b</b>"  # safe stays safe

"""The "generated" time on a report: in the office's zone, a region's or the country's when its offices
share one, else UTC, named once. A known instant read back from the PDF."""

import datetime as dt

import pytest

from reporting.choices import ReportKind
from reporting.pdf import render_report_pdf

from .factories import ReportFactory
from .pdfutil import pdf_text, squeeze

pytestmark = pytest.mark.django_db

# 23:30 UTC on 30 November is 1 December in Jakarta (06:30 WIB) and in Makassar (07:30 WITA).
INSTANT = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)


def _generated(report) -> str:
    text = squeeze(pdf_text(render_report_pdf(report, generated_at=INSTANT)))
    start = text.index("Dibuat") + len("Dibuat")
    return text[start : start + 40]


@pytest.mark.parametrize("kind", [ReportKind.ACCIDENTS, ReportKind.ANNUAL])
def test_a_regions_report_is_dated_in_its_offices_zone(kind, region_a, office_a):
    report = ReportFactory(kind=kind, office=None, region=region_a, month=dt.date(2026, 11, 1), language="id")
    assert _generated(report).startswith(squeeze("1 Des 2026 06:30 WIB (Asia/Jakarta)"))


def test_an_offices_report_is_dated_in_its_zone(office_b):
    report = ReportFactory(kind=ReportKind.ACCIDENTS, office=office_b, month=dt.date(2026, 11, 1), language="id")
    assert _generated(report).startswith(squeeze("1 Des 2026 07:30 WITA (Asia/Makassar)"))


def test_a_national_report_over_several_zones_is_dated_in_utc_named_once(office_a, office_b):
    report = ReportFactory(
        kind=ReportKind.ACCIDENTS, office=None, region=None, month=dt.date(2026, 11, 1), language="id"
    )
    generated = _generated(report)
    assert generated.startswith(squeeze("30 Nov 2026 23:30 UTC")), generated
    assert "(UTC)" not in generated

"""The monthly accidents report: built by the reporting machinery, figures read back from the PDF text."""

import datetime as dt

import pytest

from accidents import services
from reporting import services as report_services
from reporting.choices import ReportKind
from tests.reporting.pdfutil import pdf_text, squeeze

from .helpers import make_accident, person

pytestmark = pytest.mark.django_db


def test_the_accidents_report_reads_back_the_figures(
    alice, bob, office_a, company_a, django_capture_on_commit_callbacks
):
    company_a.workers_total = 100
    company_a.save()
    services.hours_set(actor=alice, company=company_a, year=2026, hours=200_000, workers=100)
    # March 2026 (Asia/Jakarta): two people hurt, one fatal, 15 days lost; the employer reported 3 days late.
    occurred = dt.datetime(2026, 3, 10, 2, tzinfo=dt.UTC)
    make_accident(
        alice, company_a, occurred_at=occurred, received_at=occurred + dt.timedelta(hours=120),
        injured=[person("Kenarikorban Satu", days_lost=15), person("Kenarikorban Dua", fatal=True)],
    )  # fmt: skip
    # 31 March 23:30 WIB is 16:30 UTC: still March in the office's zone
    make_accident(
        alice, company_a, occurred_at=dt.datetime(2026, 3, 31, 16, 30, tzinfo=dt.UTC), injured=[person(days_lost=5)]
    )
    # 1 April 00:30 WIB: April, not in March's report (but in the year's rates)
    make_accident(
        alice, company_a, occurred_at=dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.UTC), injured=[person(days_lost=1)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_request(
            kind=ReportKind.ACCIDENTS, month=dt.date(2026, 3, 1), office=office_a, user=bob, language="en"
        )
    report.refresh_from_db()
    assert report.status == "done"
    with report.file.open("rb") as fh:
        text = pdf_text(fh.read())
    flat = squeeze(text)
    assert "Accidents" in text
    assert "Accidents2" in flat and "Peoplehurt3" in flat and "DaysLost20".lower() in flat.lower()
    assert "Employer'sreportlate(after2×24hours)1" in flat
    # The year: 4 cases, 21 days, 200,000 hours entered: FR 4 × 10^6 / 200,000 = 20.00;
    # SR 21 × 10^6 / 200,000 = 105.00; incidence 4 × 1,000 / 100 = 40.00
    assert "20.00" in flat and "105.00" in flat and "40.00" in flat
    assert "200,000" in flat  # the hours grouped in thousands, as the language writes them
    assert "Kenarikorban" not in text

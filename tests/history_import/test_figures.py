"""An office's year rebuilt from an import gives the same figures and PDFs as live data."""

import datetime as dt

import pytest

from history_import import services
from history_import.reading import COMPLAINT_COLUMNS, VISIT_COLUMNS
from reporting import figures
from reporting.pdf import render_report_pdf
from rollups.rebuild import drift
from tests.inspections.provisions import ensure_provisions
from tests.reporting.factories import ReportFactory
from tests.reporting.pdfutil import pdf_text, squeeze

from .conftest import CHARLIE_NIP, csv_bytes

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.date(2026, 9, 1)


def year_rows():
    rows = []
    for n in range(1, 11):
        row = {
            "external_reference": f"Y-{n:02d}",
            "received_at": f"2026-{n if n < 10 else 9:02d}-10 10:00",
            "channel": "walk_in",
            "company_nib": "9120001234567",
            "categories": "wages",
            "status": "received",
        }
        if n <= 6:  # six of the ten were resolved before the end of September
            row.update(status="closed" if n % 2 else "resolved", outcome="settled", inspector_nip=CHARLIE_NIP)
            row["resolved_at"] = f"2026-{n:02d}-20 14:00"
        rows.append(row)
    # 00:30 on New Year's Day in Makassar is still 31 December in UTC: it counts in January 2026.
    rows[0]["received_at"] = "2026-01-01 00:30"
    # Rejected and referred complaints are outside the rate, and one from 2025 outside the year.
    rows.append({**rows[9], "external_reference": "Y-11", "status": "rejected"})
    rows.append({**rows[9], "external_reference": "Y-12", "received_at": "2025-12-31 23:30"})
    return rows


def test_an_offices_year_rebuilt_from_an_import_reproduces_six_of_ten(world, dave):
    report = services.history_import_run(
        actor=dave, office=world, data=csv_bytes(COMPLAINT_COLUMNS, year_rows()), name="year.csv"
    )
    assert report.errors == [] and report.complaints_created == 12

    year = figures.resolution_summary(offices=[world], month=SEPTEMBER, trend=False).year_figures.total
    assert (year.received, year.rejected, year.considered, year.resolved) == (11, 1, 10, 6)
    assert year.rate == pytest.approx(0.6)
    january = figures.period_figures(offices=[world], start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 1)).total
    assert (january.received, january.resolved) == (1, 1)
    # The kept rollups match a rebuild from the complaints themselves.
    assert drift() == {"complaints": [], "complaint years": [], "visits": [], "workforce": []}

    pdf = squeeze(pdf_text(render_report_pdf(ReportFactory(office=world, language="en", kind="resolution",
                                                            month=SEPTEMBER))))  # fmt: skip
    assert "60%" in pdf or "60.0%" in pdf

    services.history_import_rollback(actor=dave, batch=report.batch)
    year = figures.resolution_summary(offices=[world], month=SEPTEMBER, trend=False).year_figures.total
    assert year.received == 0
    assert drift() == {"complaints": [], "complaint years": [], "visits": [], "workforce": []}


def test_imported_visits_count_for_the_quota_in_the_offices_month(world, dave, charlie):
    ensure_provisions()
    rows = [
        {
            "external_reference": f"Q-{n}",
            "kind": "routine",
            "company_nib": "9120001234567",
            "lead_nip": CHARLIE_NIP,
            "visit_date": f"2026-03-{n + 10:02d}",
            "status": "closed",
        }
        for n in range(5)
    ]
    # 23:30 on 31 March in Makassar is 15:30 UTC: still March for the quota.
    rows[0].update(visit_date="2026-03-31", visit_time="23:30")
    services.history_import_run(actor=dave, office=world, data=csv_bytes(VISIT_COLUMNS, rows), name="v.csv")

    quota = figures.inspector_quota(inspector=charlie, month=dt.date(2026, 3, 1))
    assert quota.counted == 5

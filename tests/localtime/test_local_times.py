"""Every time a person reads is in the zone its label names (issue 13).

One known instant, 2026-11-30 01:30 UTC, is 08:30 WIB in Jakarta, 09:30 WITA in Makassar and
10:30 WIT in Jayapura. Django's ``|date`` would print it in the site zone (Asia/Jakarta) again.
"""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from audit.models import AuditEntry
from complaints.models import Complaint, ComplaintEvent
from inspectorate.localtime import format_local
from reporting.pdf import render_report_html, render_report_pdf
from tests.complaints.factories import make_complaint
from tests.factories import OfficeFactory
from tests.inspections.factories import InspectionFactory
from tests.reporting.factories import ReportFactory
from tests.reporting.pdfutil import pdf_text

pytestmark = pytest.mark.django_db

INSTANT = dt.datetime(2026, 11, 30, 1, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", "30 Nov 2026 08:30 WIB"),
        ("Asia/Makassar", "30 Nov 2026 09:30 WITA"),
        ("Asia/Jayapura", "30 Nov 2026 10:30 WIT"),
        ("", "30 Nov 2026 01:30 UTC"),
    ],
)
def test_the_filter_prints_the_instant_in_the_named_zone(zone, expected):
    rendered = Template("{{ t|local:zone }}|{{ t|local_short:zone }}").render(Context({"t": INSTANT, "zone": zone}))
    text, short = rendered.split("|")
    assert text == expected
    assert short == "30/11/2026 " + expected.split(" ", 3)[3]


def test_the_filter_takes_an_office_and_is_empty_for_no_time():
    office = OfficeFactory.build(time_zone="Asia/Jayapura")
    assert format_local(INSTANT, office) == "30 Nov 2026 10:30 WIT"
    assert format_local(None, office) == ""
    # The local calendar day can differ from the UTC one.
    late = dt.datetime(2026, 11, 30, 20, 0, tzinfo=dt.UTC)
    with translation.override("id"):  # not whichever language an earlier test's request left active
        assert format_local(late, office, "DATE_FORMAT") == "1 Des 2026"


def _at_instant(complaint: Complaint) -> None:
    Complaint.objects.filter(pk=complaint.pk).update(received_at=INSTANT, status_changed_at=INSTANT)
    ComplaintEvent.objects.filter(complaint=complaint).update(at=INSTANT)


def test_the_complaint_page_shows_office_time(client, company_b, dave):
    intake = make_complaint(company=company_b)
    _at_instant(intake.complaint)
    client.force_login(dave)
    content = client.get(f"/complaints/{intake.complaint.pk}/").content.decode()
    assert content.count("30 Nov 2026 09:30 WITA") >= 2  # received, and the first history entry
    assert "08:30" not in content


def test_the_tracking_page_shows_office_time(client, company_b):
    intake = make_complaint(company=company_b)
    _at_instant(intake.complaint)
    response = client.post("/lapor/lacak/", {"reference": intake.complaint.reference, "code": intake.tracking_code})
    content = response.content.decode()
    assert content.count("30 Nov 2026 09:30 WITA") >= 2 and "08:30" not in content


def test_the_complaint_export_gives_office_time_with_its_offset(client, company_b, dave):
    intake = make_complaint(company=company_b)
    _at_instant(intake.complaint)
    client.force_login(dave)
    response = client.get("/complaints/export.csv")
    content = response.content.decode() if not response.streaming else b"".join(response.streaming_content).decode()
    assert "2026-11-30T09:30+08:00" in content


def test_the_visit_page_shows_office_time(client, company_b, charlie):
    visit = InspectionFactory(company=company_b, lead_inspector=charlie, status="reported", visited_at=INSTANT)
    client.force_login(charlie)
    content = client.get(f"/inspections/{visit.pk}/").content.decode()
    assert "30 Nov 2026 09:30 WITA" in content


def test_the_audit_page_shows_utc_as_its_label_says(client, root, company_b):
    # Written at the known instant (the trail is append-only: its rows cannot be moved afterwards).
    AuditEntry.objects.create(created_at=INSTANT, action="create", object_type="complaints.complaint", object_id="1")
    client.force_login(root)
    content = client.get("/audit/").content.decode()
    # Not the instant in Jakarta's clock (the sign-in's own entry is at the time the test runs).
    assert "30/11/2026 01:30 UTC" in content and "30/11/2026 08:30" not in content


@pytest.mark.parametrize(
    ("office_zone", "expected"),
    [("Asia/Makassar", "30 Nov 2026 09:30 WITA"), ("Asia/Jayapura", "30 Nov 2026 10:30 WIT"), (None, "01:30 UTC")],
)
def test_the_report_pdfs_say_when_they_were_made_in_the_zone_they_name(office_zone, expected, region_b):
    office = OfficeFactory(code="TZ-1", region=region_b, time_zone=office_zone) if office_zone else None
    report = ReportFactory(office=office, language="id", kind="resolution")
    html = render_report_html(report, generated_at=INSTANT)
    assert expected in html
    text = " ".join(pdf_text(render_report_pdf(report, generated_at=INSTANT)).split())
    assert expected in text
    assert "08:30" not in text


def test_the_visit_history_reads_as_sentences_with_labels_and_office_time(client, company_b, charlie):
    from inspections import services as inspection_services

    visit = InspectionFactory(company=company_b, lead_inspector=charlie)
    past = INSTANT.replace(year=2025)  # a visit cannot start in the future
    inspection_services.inspection_start(inspection=visit, actor=charlie, visited_at=past)
    client.force_login(charlie)
    content = client.get(f"/inspections/{visit.pk}/").content.decode()
    history = content[content.index('id="history"') :]
    assert "Pemeriksaan dimulai" in history and "30 Nov 2025 09:30 WITA" in history
    assert "Sedang ditangani" in history  # the status value, in words
    for raw in ("started", "visited_at", "in_progress", "2025-11-30T"):
        assert raw not in history


def test_a_day_is_written_as_django_writes_it_in_each_language_and_zone():
    """localtime.date_text keeps each day's text per format and language: the same text as Django's
    date_format, a datetime refused (its day depends on a zone), and format_local's day of a moment
    is the day in the office's zone."""
    import datetime as dt

    import pytest
    from django.utils import formats, translation

    from inspectorate.localtime import date_text, format_local

    days = [dt.date(2026, 1, 1), dt.date(2026, 11, 30), dt.date(2024, 2, 29)]
    for language in ("id", "en"):
        with translation.override(language):
            for day in days:
                for fmt in ("SHORT_DATE_FORMAT", "DATE_FORMAT"):
                    assert date_text(day, fmt) == formats.date_format(day, fmt)
                    assert date_text(day, fmt) == formats.date_format(day, fmt)  # kept, the same
    with translation.override("en"):
        english = date_text(dt.date(2026, 10, 5), "DATE_FORMAT")
    with translation.override("id"):
        assert date_text(dt.date(2026, 10, 5), "DATE_FORMAT") != english  # "Oct" / "Okt"
    with pytest.raises(TypeError):
        date_text(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))
    moment = dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.UTC)  # 23:30 WIB, 00:30 WITA the next day
    with translation.override("id"):
        assert format_local(moment, "Asia/Jakarta", "SHORT_DATE_FORMAT") == date_text(dt.date(2026, 11, 30))
        assert format_local(moment, "Asia/Makassar", "SHORT_DATE_FORMAT") == date_text(dt.date(2026, 12, 1))


def test_a_moment_s_text_is_kept_per_zone_and_language():
    """format_local keeps a moment's text per instant, zone, format and language: the same instant
    read alternately in three zones and two languages is each zone's own clock and label every time,
    and the same as Django writes it."""
    from zoneinfo import ZoneInfo

    from django.utils import formats

    moment = dt.datetime(2026, 10, 31, 16, 30, tzinfo=dt.UTC)  # 23:30 WIB, 00:30 WITA and 01:30 WIT on 1 Nov
    labels = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
    for _ in range(2):
        for language in ("id", "en"):
            with translation.override(language):
                for zone, label in labels.items():
                    for fmt in ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"):
                        expected = f"{formats.date_format(moment.astimezone(ZoneInfo(zone)), fmt)} {label}"
                        assert format_local(moment, zone, fmt) == expected
    for language, october in (("id", "Okt"), ("en", "Oct"), ("id", "Okt")):
        with translation.override(language):
            assert format_local(moment, "Asia/Jakarta") == f"31 {october} 2026 23:30 WIB"
            assert format_local(moment, "Asia/Makassar") == "1 Nov 2026 00:30 WITA"
            assert format_local(moment, "Asia/Jayapura", "SHORT_DATETIME_FORMAT") == "01/11/2026 01:30 WIT"

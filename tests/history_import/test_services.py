"""The history import: good lines, each kind of bad line, idempotence, rollback, figures after import."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from complaints.choices import Status
from complaints.models import Complaint, ComplaintEvent
from history_import import services
from history_import.models import BatchStatus, HistoryImport, ImportedRecord
from history_import.reading import COMPLAINT_COLUMNS, VISIT_COLUMNS
from inspections.models import ChangeRecord, Finding, Inspection
from rollups.models import ComplaintMonth, VisitMonth
from tests.inspections.provisions import ensure_provisions

from .conftest import CHARLIE_NIP, HANA_NIP, IVAN_NIP, csv_bytes, local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The reasons below are matched in English; the pages' Indonesian is checked in test_views."""
    from django.utils import translation

    with translation.override("en"):
        yield


def complaint_row(n, **values):
    row = {
        "external_reference": f"OLD-{n:03d}",
        "received_at": f"2026-01-{n % 28 + 1:02d} 10:00",
        "channel": "letter",
        "company_nib": "9120001234567",
        "categories": "wages",
        "description": "Upah belum dibayar",
        "status": "received",
    }
    row.update(values)
    return row


def resolved_row(n, **values):
    return complaint_row(
        n, status="resolved", outcome="settled", resolved_at="2026-03-02 15:00", inspector_nip=CHARLIE_NIP, **values
    )


def run(actor, office, rows, columns=COMPLAINT_COLUMNS, **kwargs):
    return services.history_import_run(
        actor=actor, office=office, data=csv_bytes(columns, rows), name="history.csv", **kwargs
    )


def test_it_imports_good_lines_with_their_history_in_the_offices_zone(world, dave, charlie):
    report = run(dave, world, [resolved_row(1, amount_claimed="4.500.000", amount_recovered="4500000")])

    assert report.errors == [] and report.complaints_created == 1
    complaint = Complaint.objects.get()
    # 10:00 written in Makassar is 02:00 UTC, not 03:00 (a Jakarta reading).
    assert complaint.received_at == local(2026, 1, 2, 10, 0)
    assert complaint.received_at.astimezone(dt.UTC).hour == 2
    assert complaint.resolved_at == local(2026, 3, 2, 15, 0)
    assert complaint.status == Status.RESOLVED and complaint.assigned_to == charlie
    assert complaint.amount_claimed == Decimal("4500000") and complaint.amount_recovered == Decimal("4500000")
    assert complaint.reference.startswith("ADU-63-2026-")
    steps = list(complaint.events.values_list("to_status", flat=True))
    assert steps == ["received", "screened", "assigned", "in_progress", "resolved"]
    assert all(f"#{report.batch.pk}" in e.note for e in complaint.events.all())
    entry = AuditEntry.objects.get(object_type="complaints.complaint", object_id=str(complaint.pk))
    assert entry.extra["history_import"] == report.batch.pk and entry.extra["external_reference"] == "OLD-001"
    record = ImportedRecord.objects.get()
    assert (record.batch, record.complaint, record.line) == (report.batch, complaint, 2)
    # The rollups know it: received in January, resolved in March (office months).
    january = ComplaintMonth.objects.get(dimension="all", office=world, received_month=dt.date(2026, 1, 1))
    assert january.complaints == 1 and january.resolved_month == dt.date(2026, 3, 1)


BAD_LINES = [
    ({"received_at": "31/31/2026"}, "received_at must be a date"),
    ({"received_at": "2099-01-01 10:00"}, "cannot be in the future"),
    ({"channel": "pigeon"}, "Unknown channel"),
    ({"categories": "wages;flying"}, "unknown categories: flying"),
    ({"categories": ""}, "at least one category"),
    ({"company_nib": "123"}, "no company with NIB 123"),
    ({"company_nib": "", "company_name": "PT Baru"}, "give the district code"),
    ({"company_nib": "", "company_name": "PT Jauh", "district_code": "3275"}, "is not served by"),
    ({"company_nib": "", "district_code": "9999", "company_name": "PT X"}, "unknown district code"),
    ({"status": "lost"}, "Unknown status"),
    ({"status": "assigned"}, "Give the NIP of the inspector"),
    ({"status": "screened", "inspector_nip": CHARLIE_NIP}, "only given for a complaint that was assigned"),
    ({"status": "assigned", "inspector_nip": IVAN_NIP}, "is not an inspector of"),
    ({"status": "assigned", "inspector_nip": "199999999999999999"}, "no staff member has NIP"),
    ({"status": "resolved", "inspector_nip": CHARLIE_NIP, "outcome": "settled"}, "needs the time it was resolved"),
    (
        {"status": "resolved", "inspector_nip": CHARLIE_NIP, "outcome": "", "resolved_at": "2026-03-01 10:00"},
        "Choose the outcome",
    ),
    (
        {"status": "resolved", "inspector_nip": CHARLIE_NIP, "outcome": "settled", "resolved_at": "2026-01-02 09:00"},
        "after the complaint was received",
    ),
    ({"status": "received", "outcome": "settled"}, "only given for a resolved or closed complaint"),
    ({"categories": "working_time", "amount_claimed": "1000"}, "only given for a wage complaint"),
    ({"amount_claimed": "banyak"}, "amount in rupiah"),
    ({"workers_affected": "-3"}, "whole number"),
    ({"external_reference": ""}, "external reference is missing"),
]


@pytest.mark.parametrize(("change", "reason"), BAD_LINES)
def test_it_reports_each_bad_line_with_its_number_and_reason_and_imports_the_good_ones(world, dave, change, reason):
    report = run(dave, world, [complaint_row(1), complaint_row(2, **change), complaint_row(3)])

    assert report.complaints_created == 2
    assert len(report.errors) == 1
    sheet, line, message = report.errors[0]
    assert (sheet, line) == ("CSV", 3)
    assert reason in message
    assert Complaint.objects.count() == 2
    assert report.batch.errors == [["CSV", 3, message]]


def test_a_repeated_external_reference_in_one_file_is_a_bad_line(world, dave):
    report = run(dave, world, [complaint_row(1), complaint_row(1)])
    assert report.complaints_created == 1
    assert report.errors[0][1] == 3 and "already appears on line 2" in report.errors[0][2]


def test_a_second_run_changes_nothing(world, dave):
    rows = [resolved_row(1), complaint_row(2)]
    first = run(dave, world, rows)
    before = (Complaint.objects.count(), ComplaintEvent.objects.count(), list(ComplaintMonth.objects.values()))

    second = run(dave, world, rows)

    assert (first.complaints_created, second.complaints_created, second.unchanged) == (2, 0, 2)
    assert second.errors == []
    assert (Complaint.objects.count(), ComplaintEvent.objects.count(), list(ComplaintMonth.objects.values())) == before
    assert second.batch.status == BatchStatus.NOTHING


def test_a_check_run_imports_nothing_and_reports_the_same(world, dave):
    report = run(dave, world, [complaint_row(1), complaint_row(2, channel="x")], dry_run=True)
    assert (report.complaints_created, len(report.errors), report.batch) == (1, 1, None)
    assert Complaint.objects.count() == 0 and HistoryImport.objects.count() == 0


def test_an_unreadable_file_records_nothing(world, dave):
    with pytest.raises(ValidationError, match="missing columns"):
        services.history_import_run(actor=dave, office=world, data=b"received_at,foo\n", name="x.csv")
    with pytest.raises(ValidationError, match="not UTF-8"):
        services.history_import_run(actor=dave, office=world, data=b"\xff\xfe\x00x", name="x.csv")
    assert HistoryImport.objects.count() == 0


def test_only_an_admin_or_the_offices_head_imports(world, charlie, bob, root):
    with pytest.raises(PermissionDenied):
        run(charlie, world, [complaint_row(1)])
    from django.http import Http404

    with pytest.raises(Http404):  # another office's head: the office is out of scope
        run(bob, world, [complaint_row(1)])
    assert run(root, world, [complaint_row(1)]).complaints_created == 1


def visit_row(n, **values):
    row = {
        "external_reference": f"V-{n:03d}",
        "kind": "routine",
        "company_nib": "9120001234567",
        "lead_nip": CHARLIE_NIP,
        "team_nips": HANA_NIP,
        "visit_date": f"2026-02-{n % 27 + 1:02d}",
        "visit_time": "09:30",
        "status": "reported",
        "findings": "UU 24/2011 ps. 15",
    }
    row.update(values)
    return row


def test_it_imports_visits_with_team_and_findings_counted_for_the_quota(world, dave, charlie, hana):
    ensure_provisions()
    report = run(dave, world, [visit_row(1), visit_row(2, status="planned", findings="")], columns=VISIT_COLUMNS)

    assert report.errors == [] and report.visits_created == 2
    visit = Inspection.objects.get(status="reported")
    assert visit.visited_at == local(2026, 2, 2, 9, 30)
    assert set(visit.team.all()) == {hana} and visit.lead_inspector == charlie
    assert Finding.objects.get().provision.act == "UU 24/2011"
    assert ChangeRecord.objects.filter(inspection=visit, action="imported").count() == 2
    counted = VisitMonth.objects.filter(office=world, month=dt.date(2026, 2, 1), inspector=charlie).get()
    assert counted.visits == 1


VISIT_BAD_LINES = [
    ({"lead_nip": IVAN_NIP}, "is not an inspector of"),
    ({"team_nips": "199999999999999999"}, "no staff member has NIP"),
    ({"company_nib": "", "company_name": "PT Tidak Ada", "district_code": "6371"}, "import the company first"),
    ({"status": "reported", "visit_date": "2099-01-01"}, "cannot be dated in the future"),
    ({"status": "planned"}, "Findings are only recorded for a visit that took place"),
    ({"findings": "UU 99/2099 ps. 1"}, "unknown legal provisions"),
    ({"kind": "party"}, "Unknown kind of visit"),
    ({"status": "done"}, "Unknown status"),
    ({"visit_time": "25:99"}, "must be a time"),
]


@pytest.mark.parametrize(("change", "reason"), VISIT_BAD_LINES)
def test_it_reports_each_bad_visit_line(world, dave, change, reason):
    ensure_provisions()
    report = run(dave, world, [visit_row(1), visit_row(2, **change)], columns=VISIT_COLUMNS)
    assert report.visits_created == 1
    assert [(e[1], reason in e[2]) for e in report.errors] == [(3, True)], report.errors


def test_a_rollback_removes_the_import_and_its_figures(world, dave, charlie):
    ensure_provisions()
    report = run(dave, world, [resolved_row(1), complaint_row(2)])
    visits = run(dave, world, [visit_row(1)], columns=VISIT_COLUMNS)

    services.history_import_rollback(actor=dave, batch=report.batch)

    assert Complaint.objects.count() == 0 and ComplaintEvent.objects.count() == 0
    assert sum(ComplaintMonth.objects.values_list("complaints", flat=True)) == 0
    assert Inspection.objects.count() == 1  # the other import stays
    batch = HistoryImport.objects.get(pk=report.batch.pk)
    assert batch.status == BatchStatus.ROLLED_BACK and batch.rolled_back_by == dave
    assert AuditEntry.objects.filter(action="delete", extra__history_import=batch.pk).count() == 2
    # The external references are free again: the same file imports again.
    assert run(dave, world, [resolved_row(1), complaint_row(2)]).complaints_created == 2

    services.history_import_rollback(actor=dave, batch=visits.batch)
    assert Inspection.objects.count() == 0 and Finding.objects.count() == 0
    assert sum(VisitMonth.objects.values_list("visits", flat=True)) == 0
    with pytest.raises(services.RollbackRefused, match="already been rolled back"):
        services.history_import_rollback(actor=dave, batch=visits.batch)


def test_a_rollback_is_refused_while_something_else_refers_to_its_records(world, dave):
    from complaints import services as complaint_services

    report = run(dave, world, [complaint_row(1), complaint_row(2)])
    worked = Complaint.objects.get(reference__isnull=False, imported_as__external_reference="OLD-002")
    complaint_services.complaint_screen(complaint=worked, actor=dave)

    with pytest.raises(services.RollbackRefused, match=worked.reference):
        services.history_import_rollback(actor=dave, batch=report.batch)
    assert Complaint.objects.count() == 2
    assert HistoryImport.objects.get().status == BatchStatus.DONE


def test_a_rollback_is_refused_while_a_visit_refers_to_an_imported_complaint(world, dave, charlie, borneo):
    from tests.inspections.factories import InspectionFactory

    report = run(dave, world, [complaint_row(1, status="assigned", inspector_nip=CHARLIE_NIP)])
    complaint = Complaint.objects.get()
    # A visit written straight to the table, without a complaint event: only the reference protects it.
    visit = InspectionFactory(company=borneo, lead_inspector=charlie, kind="complaint", origin_complaint=complaint)

    with pytest.raises(services.RollbackRefused, match=visit.reference):
        services.history_import_rollback(actor=dave, batch=report.batch)
    assert Complaint.objects.filter(pk=complaint.pk).exists()
    assert ImportedRecord.objects.count() == 1 and ComplaintEvent.objects.count() == 3
    assert sum(ComplaintMonth.objects.filter(dimension="all").values_list("complaints", flat=True)) == 1

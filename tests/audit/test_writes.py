"""Every create, update and status change of complaints, visits, findings, notices and
investigations, every export and every report download leaves exactly one audit entry, with
field names only, written in the same transaction as the change."""

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Max
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.choices import Action
from audit.models import AuditEntry
from complaints import services as complaint_services
from complaints.models import Category, Complaint
from inspections.models import Finding, Inspection, Notice
from tests.inspections.helpers import provision
from tests.inspections.provisions import ensure_provisions
from tests.security.world import (
    CANARY_NAME,
    CANARY_NIK,
    CANARY_PHONE,
    complaint_for,
    ensure_categories,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reference_data(db, settings):
    settings.LANGUAGE_CODE = "en"
    ensure_categories()
    ensure_provisions()


def mark() -> int:
    return AuditEntry.objects.aggregate(m=Max("pk"))["m"] or 0


def only_entry_since(before: int) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(pk__gt=before))
    assert len(entries) == 1, [(e.action, e.object_type, e.changed_fields) for e in entries]
    return entries[0]


def assert_complete(entry: AuditEntry, *, action: str, obj, actor, request: bool = True) -> None:
    """Every column set: time, actor with role and office, object, action, outcome, fields, request."""
    assert entry.action == action
    assert entry.outcome == "success"
    assert entry.created_at is not None and abs(timezone.now() - entry.created_at) < dt.timedelta(minutes=1)
    assert entry.object_type == obj._meta.label_lower and entry.object_id == str(obj.pk)
    assert entry.changed_fields and all(isinstance(name, str) for name in entry.changed_fields)
    if actor is None:
        assert entry.actor_id is None and entry.actor_username == ""
    else:
        assert entry.actor_id == actor.pk and entry.actor_username == actor.username
        assert entry.actor_role == actor.role and entry.actor_office_id == actor.office_id
    if request:
        assert len(entry.request_id) >= 8 and entry.client_address == "127.0.0.1"
    else:
        assert entry.request_id == "" and entry.client_address is None


def detail(c):
    return reverse("complaints:complaint_detail", args=[c.pk])


def act(c, name):
    return reverse(f"complaints:complaint_{name}", args=[c.pk])


def test_it_records_the_public_intake_once_with_field_names_only(client, district_a):
    before = mark()
    response = client.post(
        "/lapor/",
        {
            "submission_token": "tok-" + "b" * 30,
            "district": str(district_a.pk),
            "company_name": "CV Sumber Rejeki",
            "categories": [str(Category.objects.get(code="wages").pk)],
            "description": "Upah dua bulan belum dibayar, lembur juga tidak dihitung sama sekali.",
            "workers_affected": "12",
            "complainant_name": CANARY_NAME,
            "complainant_phone": CANARY_PHONE,
            "complainant_id_number": CANARY_NIK,
        },
        HTTP_X_REQUEST_ID="req-public-0001",
    )
    assert response.status_code == 302  # to the receipt (issue 13)
    complaint = Complaint.objects.get()
    entry = only_entry_since(before)
    assert_complete(entry, action="create", obj=complaint, actor=None)
    assert entry.request_id == "req-public-0001"
    assert {"complainant_name", "complainant_phone", "complainant_id_number", "description"} <= set(
        entry.changed_fields
    )
    assert "tracking_code_hash" not in entry.changed_fields


def test_it_records_staff_intake_once(client_for, alice, district_a):
    client = client_for(alice)
    before = mark()
    response = client.post(
        reverse("complaints:complaint_create"),
        {
            "channel": "letter",
            "received_at": (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "district": str(district_a.pk),
            "company_name": "CV Tanpa Nama",
            "categories": [str(Category.objects.get(code="wages").pk)],
            "description": "Pekerja melapor lewat surat bahwa upah lembur tidak dibayar.",
            "workers_affected": "3",
            "is_anonymous": "on",
        },
    )
    assert response.status_code == 302
    entry = only_entry_since(before)
    assert_complete(entry, action="create", obj=Complaint.objects.get(), actor=alice)
    assert "complainant_name" not in entry.changed_fields  # anonymous: no identity was given


def test_it_records_every_complaint_step_through_the_pages_once(client_for, company_a, alice, bob):
    complaint = complaint_for(company_a, files=[]).complaint
    clients = {bob: Client(), alice: Client()}
    for user, logged in clients.items():
        logged.force_login(user)
    steps = [
        (bob, "screen", {}, "transition"),
        (bob, "assign", {"assignee": alice.pk}, "transition"),
        (alice, "start", {}, "transition"),
        (alice, "add_note", {"note": "Kunjungan ke pabrik"}, "update"),
        (alice, "resolve", {"outcome": "settled", "amount_recovered": "1000000"}, "transition"),
        (bob, "close", {}, "transition"),
        (bob, "reopen", {"note": "Pekerja melapor lagi"}, "transition"),
    ]
    for actor, step, data, action in steps:
        before = mark()
        response = clients[actor].post(act(complaint, step), data)
        assert response.status_code == 302
        entry = only_entry_since(before)
        assert_complete(entry, action=action, obj=complaint, actor=actor)
        if action == "transition":
            assert "status" in entry.changed_fields and entry.extra["to"]
    complaint.refresh_from_db()
    assert complaint.status == "assigned"


def test_it_records_nothing_when_the_change_is_refused_or_rolled_back(client_for, company_a, alice, bob):
    complaint = complaint_for(company_a, files=[]).complaint
    head = client_for(bob)
    before = mark()
    response = head.post(act(complaint, "close"))  # received → closed is not allowed
    # The page is shown again (its form open): what it reads of the complainant is logged as a
    # read, as on every showing of it; nothing is recorded as written.
    assert response.status_code == 400
    assert {e.action for e in AuditEntry.objects.filter(pk__gt=before)} == {Action.SEALED_READ}
    before = mark()
    with pytest.raises(RuntimeError), transaction.atomic():
        complaint_services.complaint_screen(complaint=complaint, actor=bob)
        raise RuntimeError("the caller's transaction fails after the change")
    assert mark() == before
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_it_records_visits_findings_and_notices_through_the_api_once(api_for, alice, bob, company_a):
    api = api_for(alice)

    def one(method, url, payload, actor_expected, action, model):
        before = mark()
        response = getattr(api_for(actor_expected), method)(url, payload, format="json")
        assert response.status_code in (200, 201), response.content
        obj = model.objects.get(pk=response.json()["id"])
        entry = only_entry_since(before)
        assert_complete(entry, action=action, obj=obj, actor=actor_expected)
        return obj, entry

    visit, entry = one(
        "post",
        "/api/v1/inspections/",
        {"company": company_a.pk, "kind": "routine", "lead_inspector": alice.pk, "planned_date": "2026-12-01"},
        alice,
        "create",
        Inspection,
    )
    _, entry = one(
        "patch", f"/api/v1/inspections/{visit.pk}/", {"planned_date": "2026-12-02"}, alice, "update", Inspection
    )
    assert entry.changed_fields == ["planned_date"]
    _, entry = one("post", f"/api/v1/inspections/{visit.pk}/start/", {}, alice, "transition", Inspection)
    assert "status" in entry.changed_fields
    finding, _ = one(
        "post",
        "/api/v1/findings/",
        {"inspection": visit.pk, "category": "social_security", "provision": provision().pk,
         "description": "Belum BPJS", "severity": "high"},
        alice,
        "create",
        Finding,
    )  # fmt: skip
    _, entry = one(
        "patch", f"/api/v1/findings/{finding.pk}/", {"description": "Belum BPJS sama sekali"}, alice, "update", Finding
    )
    assert entry.changed_fields == ["description"]
    _, entry = one("patch", f"/api/v1/inspections/{visit.pk}/", {"summary": "Selesai"}, alice, "update", Inspection)
    assert entry.changed_fields == ["summary"]
    one("post", f"/api/v1/inspections/{visit.pk}/report/", {}, alice, "transition", Inspection)
    deadline = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    notice, entry = one(
        "post",
        "/api/v1/notices/",
        {"inspection": visit.pk, "findings": [finding.pk], "compliance_deadline": deadline},
        bob,
        "create",
        Notice,
    )
    assert "Belum BPJS" not in str(entry.extra) and notice.number not in str(entry.changed_fields)
    assert api.get(f"/api/v1/inspections/{visit.pk}/").status_code == 200


def test_it_records_notice_and_investigation_steps_through_the_pages(client_for, world, bob, ppns_a):
    investigation = world.investigation
    investigator, head = Client(), Client()
    investigator.force_login(ppns_a)
    head.force_login(bob)
    before = mark()
    response = investigator.post(
        reverse("inspections:investigation_step_create", args=[investigation.pk]),
        {"on": timezone.localdate().isoformat(), "description": "Pemanggilan saksi"},
    )
    assert response.status_code == 302
    assert_complete(only_entry_since(before), action="update", obj=investigation, actor=ppns_a)
    before = mark()
    response = head.post(reverse("inspections:investigation_close", args=[investigation.pk]), {"outcome": "stopped"})
    assert response.status_code == 302
    investigation.refresh_from_db()
    assert investigation.status == "closed"
    entry = only_entry_since(before)
    assert_complete(entry, action="transition", obj=investigation, actor=bob)
    assert set(entry.changed_fields) == {"status", "outcome"}


def test_it_records_one_entry_per_object_a_service_changes(world, bob, alice):
    """Recording compliance of a notice corrects each finding and complies the notice: one entry each."""
    from inspections import services

    visit = services.inspection_plan(
        actor=bob, company=world.visit.company, kind="routine", lead=alice, planned_date=timezone.localdate()
    )
    services.inspection_start(inspection=visit, actor=alice)
    findings = [
        services.finding_add(
            inspection=visit, actor=alice, category="wages", provision=provision(), description=f"T{i}", severity="low"
        )
        for i in range(2)
    ]
    services.inspection_update(inspection=visit, actor=alice, summary="Selesai")
    services.inspection_report(inspection=visit, actor=alice)
    notice = services.notice_issue_first(
        inspection=visit, actor=bob, findings=findings, compliance_deadline=timezone.localdate() + dt.timedelta(days=9)
    )
    before = mark()
    services.notice_record_compliance(notice=notice, actor=alice, corrected=findings)
    entries = list(AuditEntry.objects.filter(pk__gt=before).order_by("pk"))
    assert [(e.object_type, e.action) for e in entries] == [
        ("inspections.finding", "transition"),
        ("inspections.finding", "transition"),
        ("inspections.notice", "transition"),
    ]
    assert all(e.request_id == "" and e.client_address is None and e.actor_id == alice.pk for e in entries)


def test_it_records_the_csv_export_once(client_for, bob, company_a):
    complaint_for(company_a, files=[])
    head = client_for(bob)
    before = mark()
    response = head.get(reverse("complaints:complaint_export"), {"status": "received"})
    assert response.status_code == 200
    entry = only_entry_since(before)
    assert entry.action == "export" and entry.object_type == "complaints.complaint"
    assert entry.actor_id == bob.pk and entry.actor_role == "office_head" and entry.actor_office_id == bob.office_id
    assert entry.extra == {"format": "csv", "rows": 1, "list": "all", "filters": {"status": "received"}}
    assert entry.request_id and entry.client_address == "127.0.0.1"
    assert "complainant_name" not in entry.changed_fields


def test_it_records_report_downloads_on_the_page_and_the_api(client_for, api_for, world, bob, dave):
    report = world.report
    head, outsider, api = Client(), Client(), api_for(bob)
    head.force_login(bob)
    outsider.force_login(dave)
    before = mark()
    response = head.get(reverse("reporting:report_download", args=[report.pk]))
    assert response.status_code == 200
    entry = only_entry_since(before)
    assert_complete_download(entry, report, bob, via="page")
    before = mark()
    assert api.get(f"/api/v1/reports/{report.pk}/download/").status_code == 200
    assert_complete_download(only_entry_since(before), report, bob, via="api")
    before = mark()
    assert outsider.get(reverse("reporting:report_download", args=[report.pk])).status_code == 404
    assert mark() == before  # nothing was downloaded


def assert_complete_download(entry, report, actor, via):
    assert entry.action == "report_download" and entry.outcome == "success"
    assert entry.object_type == "reporting.report" and entry.object_id == str(report.pk)
    assert entry.actor_id == actor.pk and entry.actor_role == actor.role and entry.actor_office_id == actor.office_id
    assert entry.request_id and entry.client_address == "127.0.0.1" and entry.extra == {"via": via}

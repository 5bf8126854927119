"""Extra posted fields are ignored by every create and update form and serializer of complaints
and inspections: nobody can set the office, status, assignee, anonymity, reference, tracking
code hash or creator by adding them to a request."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from complaints.models import Category, Complaint
from inspections.models import Finding, Inspection
from tests.inspections.helpers import provision
from tests.inspections.provisions import ensure_provisions

from .world import ensure_categories

pytestmark = pytest.mark.django_db

HASH = "0" * 64


@pytest.fixture(autouse=True)
def _reference_data(db, settings):
    settings.LANGUAGE_CODE = "en"
    ensure_categories()
    ensure_provisions()


@pytest.fixture
def extra(office_b, charlie):
    """What an attacker adds to any request."""
    return {
        "office": office_b.pk,
        "office_id": office_b.pk,
        "status": "closed",
        "assignee": charlie.pk,
        "assigned_to": charlie.pk,
        "is_anonymous": "true",
        "reference": "HACK-00001",
        "tracking_code_hash": HASH,
        "created_by": charlie.pk,
        "lead_inspector_id": charlie.pk,
    }


def wages():
    return str(Category.objects.get(code="wages").pk)


def assert_intact_new_complaint(complaint, *, office, created_by):
    assert complaint.office == office and complaint.status == "received" and complaint.assigned_to is None
    assert complaint.reference.startswith("ADU-") and complaint.tracking_code_hash != HASH
    assert complaint.created_by == created_by


def test_the_public_form_ignores_extra_fields(client, district_a, office_a, extra):
    data = {
        "submission_token": "tok-" + "d" * 30,
        "district": str(district_a.pk),
        "company_name": "CV Sumber Rejeki",
        "categories": [wages()],
        "description": "Upah dua bulan belum dibayar, lembur juga tidak dihitung sama sekali.",
        "workers_affected": "2",
        "complainant_name": "Budi",
        "complainant_phone": "0812-0000-1111",
    }
    extra.pop("is_anonymous")  # a real field of this form
    response = client.post("/lapor/", {**data, **extra})
    assert response.status_code == 302 and response["Location"] == "/lapor/tanda-terima/"  # to the receipt
    assert_intact_new_complaint(Complaint.objects.get(), office=office_a, created_by=None)


def test_the_public_api_ignores_extra_fields(api_for, district_a, office_a, extra):
    extra.pop("is_anonymous")
    payload = {
        "district": district_a.pk,
        "company_name": "CV Sumber Rejeki",
        "categories": ["wages"],
        "description": "Upah dua bulan belum dibayar, lembur juga tidak dihitung sama sekali.",
        "complainant_name": "Budi",
        "complainant_contact": "0812",
        **extra,
    }
    assert api_for().post("/api/v1/public/complaints/", payload, format="json").status_code == 201
    assert_intact_new_complaint(Complaint.objects.get(), office=office_a, created_by=None)


def test_the_staff_form_ignores_extra_fields(client_for, alice, district_a, office_a, extra):
    extra.pop("is_anonymous")
    data = {
        "channel": "letter",
        "received_at": (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "district": str(district_a.pk),
        "company_name": "CV Tanpa Nama",
        "categories": [wages()],
        "description": "Pekerja melapor lewat surat bahwa upah lembur tidak dibayar.",
        "workers_affected": "3",
        "complainant_name": "Budi",
        "complainant_phone": "0812-0000-1111",
    }
    assert client_for(alice).post("/complaints/new/", {**data, **extra}).status_code == 302
    assert_intact_new_complaint(Complaint.objects.get(), office=office_a, created_by=alice)


def snapshot(complaint):
    complaint.refresh_from_db()
    return (
        complaint.office_id, complaint.reference, complaint.tracking_code_hash, complaint.created_by_id,
        complaint.is_anonymous, complaint.complainant_name,
    )  # fmt: skip


def test_the_complaint_actions_and_api_transition_ignore_extra_fields(world, bob, alice, api_for, extra):
    complaint = world.complaint
    before = snapshot(complaint)
    head, inspector = Client(), Client()
    head.force_login(bob)
    inspector.force_login(alice)
    inspector.post(f"/complaints/{complaint.pk}/note/", {"note": "Catatan", **extra})
    complaint.refresh_from_db()
    assert complaint.status == "in_progress" and complaint.assigned_to == alice
    response = api_for(alice).post(
        f"/api/v1/complaints/{complaint.pk}/transition/",
        {"to": "resolved", "outcome": "settled", **{k: v for k, v in extra.items() if k != "assignee"}},
        format="json",
    )
    assert response.status_code == 200
    head.post(f"/complaints/{complaint.pk}/close/", {"note": "Selesai", **extra})
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.assigned_to == alice
    assert snapshot(complaint) == before


def test_the_visit_forms_and_api_ignore_extra_fields(client_for, api_for, alice, company_a, office_a, extra, charlie):
    client = client_for(alice)
    today = timezone.localdate()
    form = {"company": company_a.pk, "kind": "routine", "lead": alice.pk, "planned_date": today.isoformat()}
    assert client.post("/inspections/new/", {**form, **extra}).status_code == 302
    visit = Inspection.objects.get()
    assert (visit.office, visit.status, visit.lead_inspector, visit.created_by) == (office_a, "planned", alice, alice)
    assert visit.reference.startswith("PMR-JB-1-")

    api = api_for(alice)
    payload = {"company": company_a.pk, "kind": "routine", "lead_inspector": alice.pk, "planned_date": str(today)}
    response = api.post("/api/v1/inspections/", {**payload, **extra}, format="json")
    assert response.status_code == 201
    second = Inspection.objects.get(pk=response.json()["id"])
    assert (second.office, second.status, second.created_by) == (office_a, "planned", alice)

    client.post(f"/inspections/{visit.pk}/start/", extra)
    visited_at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    client.post(f"/inspections/{visit.pk}/record/", {"visited_at": visited_at, "summary": "Ringkasan", **extra})
    assert (
        api.patch(f"/api/v1/inspections/{visit.pk}/", {"workers_present": 9, **extra}, format="json").status_code == 200
    )
    visit.refresh_from_db()
    assert (visit.office, visit.status, visit.lead_inspector, visit.created_by) == (
        office_a,
        "in_progress",
        alice,
        alice,
    )
    assert visit.summary == "Ringkasan" and visit.workers_present == 9 and not visit.reference.startswith("HACK")

    finding_form = {
        "category": "wages",
        "provision": provision().pk,
        "description": "Upah di bawah UMK",
        "severity": "high",
    }
    client.post(f"/inspections/{visit.pk}/findings/", {**finding_form, **extra})
    finding = Finding.objects.get()
    response = api.post(
        "/api/v1/findings/", {**finding_form, "inspection": visit.pk, **extra, "status": "corrected"}, format="json"
    )
    assert response.status_code == 201
    response = api.patch(f"/api/v1/findings/{finding.pk}/", {"description": "Diubah", "status": "corrected",
                                                              "inspection": 0, **extra}, format="json")  # fmt: skip
    assert response.status_code == 200
    for f in Finding.objects.all():
        assert (f.status, f.inspection_id, f.created_by) == ("open", visit.pk, alice)

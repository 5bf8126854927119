"""Complaint page actions over the API: the head's triage and attaching files, with the page's checks."""

import pytest

from complaints import services
from complaints.choices import Status
from complaints.models import Complaint, ComplaintEvent

from . import files
from .factories import make_complaint

pytestmark = pytest.mark.django_db


def test_it_triages_several_complaints_all_or_nothing(api_for, company_a, bob, alice):
    received = make_complaint(company=company_a).complaint
    screened = make_complaint(company=company_a).complaint
    services.complaint_screen(complaint=screened, actor=bob)
    response = api_for(bob).post(
        "/api/v1/complaints/triage/",
        {"complaints": [received.pk, screened.pk], "assignee": alice.pk, "note": "Segera"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "assigned": [received.reference, screened.reference],
        "screened": [received.reference],
    }
    assert set(Complaint.objects.values_list("status", flat=True)) == {Status.ASSIGNED}

    fresh = make_complaint(company=company_a).complaint
    events = ComplaintEvent.objects.count()
    refused = api_for(bob).post(
        "/api/v1/complaints/triage/", {"complaints": [fresh.pk, received.pk], "assignee": alice.pk}, format="json"
    )
    assert refused.status_code == 400
    fresh.refresh_from_db()
    assert fresh.status == Status.RECEIVED and ComplaintEvent.objects.count() == events


def test_triage_is_the_heads_and_within_the_office(api_for, company_a, company_b, alice, bob, dave, charlie):
    mine = make_complaint(company=company_a).complaint
    assert (
        api_for(alice)
        .post("/api/v1/complaints/triage/", {"complaints": [mine.pk], "assignee": alice.pk}, format="json")
        .status_code
        == 403
    )
    # Another office's head: office A's complaint is not in the queue, like one that does not exist.
    other = api_for(dave).post(
        "/api/v1/complaints/triage/", {"complaints": [mine.pk], "assignee": charlie.pk}, format="json"
    )
    missing = api_for(dave).post(
        "/api/v1/complaints/triage/", {"complaints": [987654], "assignee": charlie.pk}, format="json"
    )
    assert other.status_code == missing.status_code == 400
    assert other.json()["complaints"][0].replace(str(mine.pk), "N") == missing.json()["complaints"][0].replace(
        "987654", "N"
    )
    # An inspector of another office cannot be the assignee.
    wrong = api_for(bob).post(
        "/api/v1/complaints/triage/", {"complaints": [mine.pk], "assignee": charlie.pk}, format="json"
    )
    assert wrong.status_code == 400 and "assignee" in wrong.json()
    mine.refresh_from_db()
    assert mine.status == Status.RECEIVED


def test_it_attaches_files_checked_like_the_page(api_for, company_a, alice, bob, dave):
    complaint = make_complaint(company=company_a).complaint
    before = complaint.attachments.count()
    pdf = files.pdf("surat.pdf")
    response = api_for(bob).post(
        f"/api/v1/complaints/{complaint.pk}/attachments/", {"attachments": [pdf]}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"attached": 1} and complaint.attachments.count() == before + 1
    exe = files.exe_as_pdf()
    refused = api_for(bob).post(
        f"/api/v1/complaints/{complaint.pk}/attachments/", {"attachments": [exe]}, format="multipart"
    )
    assert refused.status_code == 400 and complaint.attachments.count() == before + 1
    pdf.seek(0)
    assert (
        api_for(dave)
        .post(f"/api/v1/complaints/{complaint.pk}/attachments/", {"attachments": [pdf]}, format="multipart")
        .status_code
        == 404
    )


def test_it_adds_notes_and_closes_duplicates(api_for, company_a, bob, dave):
    original = make_complaint(company=company_a).complaint
    repeat = make_complaint(company=company_a).complaint
    api = api_for(bob)
    assert api.post(f"/api/v1/complaints/{repeat.pk}/notes/", {"note": "  "}, format="json").status_code == 400
    note = api.post(f"/api/v1/complaints/{repeat.pk}/notes/", {"note": "Ditelepon ulang"}, format="json")
    assert note.status_code == 201 and note.json()["note"] == "Ditelepon ulang"
    services.complaint_screen(complaint=repeat, actor=bob)
    assert api.post(f"/api/v1/complaints/{repeat.pk}/duplicate/", {"original": repeat.pk}).status_code == 400
    closed = api.post(f"/api/v1/complaints/{repeat.pk}/duplicate/", {"original": original.pk}, format="json")
    assert closed.status_code == 200, closed.json()
    repeat.refresh_from_db()
    assert (repeat.status, repeat.duplicate_of) == (Status.CLOSED, original)
    assert api_for(dave).post(f"/api/v1/complaints/{original.pk}/notes/", {"note": "x"}).status_code == 404

"""The complaints API: scope, transitions, events, the public intake and tracking."""

import pytest
from rest_framework.test import APIClient

from complaints import services
from complaints.choices import Status
from complaints.models import Complaint, ComplaintEvent

from .factories import make_complaint

pytestmark = pytest.mark.django_db


def test_it_requires_authentication_for_staff_endpoints(complaint):
    api = APIClient()
    for url in (
        "/api/v1/complaints/",
        f"/api/v1/complaints/{complaint.pk}/",
        f"/api/v1/complaints/{complaint.pk}/events/",
    ):
        assert api.get(url).status_code in (401, 403)
    assert api.post(f"/api/v1/complaints/{complaint.pk}/transition/", {"to": "screened"}).status_code in (401, 403)


def test_it_scopes_the_list_and_answers_404_out_of_scope(api_for, company_a, company_b, bob, dave):
    mine = make_complaint(company=company_a).complaint
    other = make_complaint(company=company_b).complaint
    assert [row["id"] for row in api_for(bob).get("/api/v1/complaints/").json()["results"]] == [mine.pk]
    assert api_for(bob).get(f"/api/v1/complaints/{other.pk}/").status_code == 404
    assert api_for(dave).post(f"/api/v1/complaints/{mine.pk}/transition/", {"to": "screened"}).status_code == 404
    assert api_for(bob).get(f"/api/v1/complaints/{other.pk}/events/").status_code == 404


def test_it_answers_405_to_wrong_methods(api_for, complaint, bob):
    api = api_for(bob)
    # POST on the list is the staff intake (tests/history_import/test_backdated_intake.py).
    assert api.put(f"/api/v1/complaints/{complaint.pk}/", {}).status_code == 405
    assert api.delete(f"/api/v1/complaints/{complaint.pk}/").status_code == 405
    assert api.get(f"/api/v1/complaints/{complaint.pk}/transition/").status_code == 405
    assert api.post(f"/api/v1/complaints/{complaint.pk}/events/").status_code == 405
    assert APIClient().get("/api/v1/public/complaints/").status_code == 405
    assert APIClient().get("/api/v1/public/track/").status_code == 405


def test_it_moves_a_complaint_through_the_api(api_for, complaint, bob, alice):
    head = api_for(bob)
    assert (
        head.post(f"/api/v1/complaints/{complaint.pk}/transition/", {"to": "screened"}).json()["status"] == "screened"
    )
    response = head.post(f"/api/v1/complaints/{complaint.pk}/transition/", {"to": "assigned", "assignee": alice.pk})
    assert response.status_code == 200 and response.json()["assigned_to"] == alice.pk
    inspector = api_for(alice)
    inspector.post(f"/api/v1/complaints/{complaint.pk}/transition/", {"to": "in_progress"})
    response = inspector.post(
        f"/api/v1/complaints/{complaint.pk}/transition/",
        {"to": "resolved", "outcome": "settled", "amount_recovered": "3000000", "note": "Dibayar"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "resolved" and response.json()["amount_recovered"] == "3000000"
    events = head.get(f"/api/v1/complaints/{complaint.pk}/events/").json()
    assert [e["to_status"] for e in events] == ["received", "screened", "assigned", "in_progress", "resolved"]


def test_it_refuses_an_illegal_move_with_400_and_a_clear_message(api_for, complaint, bob):
    response = api_for(bob).post(
        f"/api/v1/complaints/{complaint.pk}/transition/", {"to": "resolved", "outcome": "settled"}
    )
    assert response.status_code == 400
    assert "cannot become" in response.json()["detail"] or "tidak dapat menjadi" in response.json()["detail"]
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED and ComplaintEvent.objects.count() == 1
    assert api_for(bob).post(f"/api/v1/complaints/{complaint.pk}/transition/", {"to": "nonsense"}).status_code == 400


def test_it_refuses_transitions_to_officials(api_for, complaint, erin):
    assert api_for(erin).post(f"/api/v1/complaints/{complaint.pk}/transition/", {"to": "screened"}).status_code == 404
    assert api_for(erin).get(f"/api/v1/complaints/{complaint.pk}/").status_code == 200


def _public_payload(where, **overrides):
    data = {
        "district": where.pk,
        "company_name": "CV Sumber Rejeki",
        "categories": ["wages"],
        "description": "Upah dua bulan belum dibayar oleh perusahaan tempat saya bekerja.",
        "workers_affected": 4,
        "amount_claimed": "5000000",
        "is_anonymous": True,
    }
    data.update(overrides)
    return data


def test_it_files_a_public_complaint_and_tracks_it(district_a, office_a):
    api = APIClient()
    response = api.post("/api/v1/public/complaints/", _public_payload(district_a), format="json")
    assert response.status_code == 201
    body = response.json()
    complaint = Complaint.objects.get()
    assert body["reference"] == complaint.reference and len(body["tracking_code"]) == 12  # 7K3M-9QXA-2F
    assert complaint.office == office_a and complaint.is_anonymous
    tracked = api.post("/api/v1/public/track/", {"code": body["tracking_code"]}, format="json")
    assert tracked.status_code == 200 and tracked.json()["status"] == "received"
    assert set(tracked.json()) == {"status", "text", "changed_at"}
    assert api.post("/api/v1/public/track/", {"code": "nope-" * 5}, format="json").status_code == 404


def test_it_creates_one_complaint_for_a_repeated_public_submission(district_a):
    api = APIClient()
    payload = _public_payload(district_a, submission_token="t" * 32)
    first = api.post("/api/v1/public/complaints/", payload, format="json")
    second = api.post("/api/v1/public/complaints/", payload, format="json")
    assert first.status_code == 201 and second.status_code == 200
    assert second.json()["reference"] == first.json()["reference"] and second.json()["tracking_code"] is None
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"categories": ["unknown"]},
        {"categories": []},
        {"description": ""},
        {"workers_affected": -2},
        {"amount_claimed": "lima juta"},
        {"district": 999999},
        {"company_name": ""},
        {"is_anonymous": False},
        {"categories": ["osh"]},  # an amount without a wage category
    ],
)
def test_it_refuses_bad_public_input_and_creates_nothing(district_a, overrides):
    response = APIClient().post("/api/v1/public/complaints/", _public_payload(district_a, **overrides), format="json")
    assert response.status_code == 400 and response.json()
    assert Complaint.objects.count() == 0 and ComplaintEvent.objects.count() == 0


def test_it_refuses_a_company_of_another_province(district_a, company_b):
    response = APIClient().post(
        "/api/v1/public/complaints/", _public_payload(district_a, company=company_b.pk), format="json"
    )
    assert response.status_code == 400 and "company" in response.json()
    assert Complaint.objects.count() == 0


def test_it_throttles_public_tracking(company_a):
    intake = make_complaint(company=company_a)
    api = APIClient()
    statuses = [api.post("/api/v1/public/track/", {"code": "x" * 24}, format="json").status_code for _ in range(10)]
    assert statuses == [404] * 10
    assert api.post("/api/v1/public/track/", {"code": intake.tracking_code}, format="json").status_code == 429
    # A made-up X-Forwarded-For does not make a new client.
    spoofed = api.post("/api/v1/public/track/", {"code": "y" * 24}, format="json", HTTP_X_FORWARDED_FOR="10.9.8.7")
    assert spoofed.status_code == 429


def test_it_throttles_public_intake(district_a):
    api = APIClient()
    statuses = [
        api.post("/api/v1/public/complaints/", _public_payload(district_a), format="json").status_code
        for _ in range(21)
    ]
    assert statuses[:20] == [201] * 20 and statuses[20] == 429
    assert Complaint.objects.count() == 20


def test_it_lists_overdue_in_the_api(api_for, company_a, bob):
    make_complaint(company=company_a, received_days_ago=60)
    row = api_for(bob).get("/api/v1/complaints/").json()["results"][0]
    assert row["overdue"] is True


def test_it_reopens_through_the_dispatcher(assigned, alice, bob):
    services.complaint_start(complaint=assigned, actor=alice)
    services.complaint_resolve(complaint=assigned, actor=alice, outcome="settled")
    services.complaint_transition(complaint=assigned, actor=bob, to="assigned", note="Belum dibayar")
    assigned.refresh_from_db()
    assert assigned.status == Status.ASSIGNED and assigned.outcome == ""


def test_it_documents_the_endpoints_in_the_schema(api_for, bob):
    schema = api_for(bob).get("/api/schema/").content.decode()
    for path in ("/api/v1/complaints/{id}/transition/", "/api/v1/public/complaints/", "/api/v1/public/track/"):
        assert path in schema

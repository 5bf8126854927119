import datetime as dt

import pytest

from inspections.models import Inspection, Notice

from .helpers import provision, reported, started

pytestmark = pytest.mark.django_db
IN_A_MONTH = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def test_it_requires_authentication(api_for, visit_a):
    assert api_for().get("/api/v1/inspections/").status_code == 401


def test_it_scopes_the_lists_and_answers_404_out_of_scope(api_for, alice, dave, visit_a, visit_b):
    ids = [row["id"] for row in api_for(alice).get("/api/v1/inspections/").json()["results"]]
    assert ids == [visit_a.pk]
    assert api_for(dave).get(f"/api/v1/inspections/{visit_a.pk}/").status_code == 404
    assert "origin_complaint" not in api_for(alice).get(f"/api/v1/inspections/{visit_a.pk}/").json()


def test_it_plans_records_and_reports_through_the_services(api_for, alice, company_a):
    api = api_for(alice)
    response = api.post(
        "/api/v1/inspections/",
        {"company": company_a.pk, "kind": "routine", "lead_inspector": alice.pk, "planned_date": "2026-12-01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["reference"].startswith("PMR-JB-1-")
    assert api.post(f"/api/v1/inspections/{pk}/start/").json()["status"] == "in_progress"
    finding = api.post(
        "/api/v1/findings/",
        {"inspection": pk, "category": "social_security", "provision": provision().pk,
         "description": "Belum BPJS", "severity": "high"},
        format="json",
    )  # fmt: skip
    assert finding.status_code == 201, finding.json()
    assert api.patch(f"/api/v1/inspections/{pk}/", {"summary": "Selesai"}, format="json").status_code == 200
    assert api.post(f"/api/v1/inspections/{pk}/report/").json()["status"] == "reported"


def test_it_refuses_editing_a_reported_visit_with_409(api_for, alice, visit_a):
    findings = reported(visit_a, alice)
    api = api_for(alice)
    response = api.patch(f"/api/v1/inspections/{visit_a.pk}/", {"summary": "diubah"}, format="json")
    assert response.status_code == 409
    response = api.patch(f"/api/v1/findings/{findings[0].pk}/", {"description": "diubah"}, format="json")
    assert response.status_code == 409
    visit_a.refresh_from_db()
    findings[0].refresh_from_db()
    assert visit_a.summary == "Pemeriksaan selesai" and findings[0].description == "Temuan nomor 1"


def test_it_issues_notices_and_refuses_editing_them(api_for, alice, bob, visit_a):
    findings = reported(visit_a, alice, findings=2)
    payload = {"inspection": visit_a.pk, "findings": [f.pk for f in findings], "compliance_deadline": IN_A_MONTH}
    assert api_for(alice).post("/api/v1/notices/", payload, format="json").status_code == 403
    response = api_for(bob).post("/api/v1/notices/", payload, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = api_for(bob).patch(f"/api/v1/notices/{pk}/", {"compliance_deadline": "2099-01-01"}, format="json")
    assert response.status_code == 409
    assert Notice.objects.get(pk=pk).compliance_deadline.isoformat() == IN_A_MONTH


def test_it_keeps_officials_read_only(api_for, erin, visit_a, alice):
    api = api_for(erin)
    assert api.get(f"/api/v1/inspections/{visit_a.pk}/").status_code == 200
    started(visit_a, alice)
    assert api.patch(f"/api/v1/inspections/{visit_a.pk}/", {"summary": "x"}, format="json").status_code == 404
    assert api.post(f"/api/v1/inspections/{visit_a.pk}/report/").status_code == 404
    assert Inspection.objects.get(pk=visit_a.pk).summary == ""


def test_it_refuses_planning_in_another_office(api_for, dave, charlie, company_a):
    def plan(company_id):
        return api_for(dave).post(
            "/api/v1/inspections/",
            {"company": company_id, "kind": "routine", "lead_inspector": charlie.pk, "planned_date": "2026-12-01"},
            format="json",
        )

    # Another office's company is refused exactly like one that does not exist.
    response, missing = plan(company_a.pk), plan(987654)
    assert response.status_code == missing.status_code == 400
    assert response.json() == {"company": [f'Invalid pk "{company_a.pk}" - object does not exist.']}
    assert missing.json() == {"company": ['Invalid pk "987654" - object does not exist.']}
    assert not Inspection.objects.exists()

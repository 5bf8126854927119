"""The field pages: scope, methods, the conflict page's resolution, the manifest and the worker."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from field.models import SyncConflict
from inspections import services
from tests.inspections.factories import FindingFactory, InspectionFactory, make_complaint
from tests.inspections.helpers import add_finding, started

pytestmark = pytest.mark.django_db


def conflict_on(visit, alice, bob, client_for):
    started(visit, alice)
    finding = add_finding(visit, alice, description="Awal")
    services.finding_update(finding=finding, actor=bob, description="Versi kepala")
    client_for(alice).post(
        "/api/v1/field/sync/",
        {"key": str(uuid.uuid4()), "kind": "finding_edit", "inspection": visit.pk, "finding": finding.pk,
         "base_version": 1, "description": "Versi lapangan"},
        content_type="application/json",
    )  # fmt: skip
    return SyncConflict.objects.get(), finding


def test_it_shows_the_visit_page_without_anything_of_the_complaint(client_for, alice, bob, company_a, office_a):
    complaint = make_complaint(office=office_a, company=company_a, reference="ADU-CANARY-2026-00555")
    visit = services.inspection_plan_from_complaint(
        complaint=complaint, actor=bob, lead=alice, planned_date=timezone.localdate()
    )
    response = client_for(alice).get(f"/field/visits/{visit.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert company_a.name in body and 'data-testid="start-visit"' in body
    for secret in ["Siti Canary Rahayu", "0812-0000-9999", "Upah tidak dibayar", "ADU-CANARY-2026-00555"]:
        assert secret not in body


def test_it_lists_the_next_14_days_of_my_visits(client_for, alice, alice2, company_a):
    today = timezone.localdate()
    soon = InspectionFactory(company=company_a, lead_inspector=alice, planned_date=today + dt.timedelta(days=13))
    later = InspectionFactory(company=company_a, lead_inspector=alice, planned_date=today + dt.timedelta(days=20))
    team = InspectionFactory(company=company_a, lead_inspector=alice2, planned_date=today, team=[alice])
    other = InspectionFactory(company=company_a, lead_inspector=alice2, planned_date=today)
    body = client_for(alice).get("/field/").content.decode()
    assert f"/field/visits/{soon.pk}/" in body and f"/field/visits/{team.pk}/" in body
    assert f"/field/visits/{later.pk}/" not in body and f"/field/visits/{other.pk}/" not in body
    api = client_for(alice).get("/api/v1/field/visits/").json()
    assert {v["id"] for v in api} == {soon.pk, team.pk}
    assert set(api[0]) == {"id", "reference", "company_name", "status", "planned_date", "url"}


def test_it_shows_an_empty_state(client_for, charlie):
    response = client_for(charlie).get("/field/")
    assert "No visits planned for you in the next 14 days." in response.content.decode()
    assert "No conflicts to resolve." in client_for(charlie).get("/field/conflicts/").content.decode()


def test_another_office_gets_404_and_anonymous_the_login(client, client_for, charlie, visit_a):
    response = client.get(f"/field/visits/{visit_a.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(charlie).get(f"/field/visits/{visit_a.pk}/").status_code == 404


def test_the_visit_page_reads_a_fixed_number_of_queries(client_for, alice, visit_a, django_assert_max_num_queries):
    started(visit_a, alice)
    FindingFactory(inspection=visit_a)
    services.field_note_add(inspection=visit_a, actor=alice, text="Catatan pertama")
    client = client_for(alice)
    client.get(f"/field/visits/{visit_a.pk}/")
    # 20 for the visit, its notes, findings, earlier findings and Notas; 5 for the checklist versions it may
    # start on (published versions, their sections, questions with their provisions).
    with django_assert_max_num_queries(25) as few:
        client.get(f"/field/visits/{visit_a.pk}/")
    for i in range(6):
        FindingFactory(inspection=visit_a)
        services.field_note_add(inspection=visit_a, actor=alice, text=f"Catatan {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/field/visits/{visit_a.pk}/").status_code == 200


def test_the_visit_page_with_its_checklist_reads_a_fixed_number_of_queries(
    client_for, alice, root, visit_a, django_assert_max_num_queries
):
    from checklists import services as checklists
    from checklists.models import Question
    from tests.checklists.conftest import build_version

    version = build_version(root)
    started(visit_a, alice)
    checklist = checklists.checklist_start(inspection=visit_a, actor=alice, version=version)
    questions = list(Question.objects.filter(section__version=version).order_by("pk"))
    checklists.answer_save(checklist=checklist, question=questions[0], actor=alice, value="yes")
    client = client_for(alice)
    client.get(f"/field/visits/{visit_a.pk}/")
    with django_assert_max_num_queries(25) as few:
        page = client.get(f"/field/visits/{visit_a.pk}/").content.decode()
    assert "1 of 4 questions answered" in page
    checklists.answer_save(checklist=checklist, question=questions[1], actor=alice, value="no")
    checklists.answer_save(checklist=checklist, question=questions[2], actor=alice, value="7")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"/field/visits/{visit_a.pk}/").content.decode()
    # The questions, the provisions they cite and the answers are in the page the device keeps.
    assert "UU 24/2011 ps. 15" in page and 'data-testid="answer-value"' in page
    assert page.count('data-outbox="answer"') == 4 and page.count('data-outbox="answer_photo"') == 1


def test_it_resolves_a_conflict_on_its_page(client_for, alice, bob, visit_a):
    conflict, finding = conflict_on(visit_a, alice, bob, client_for)
    client = client_for(alice)
    page = client.get(f"/field/conflicts/{conflict.pk}/").content.decode()
    assert "Versi kepala" in page and "Versi lapangan" in page
    assert client.get(f"/field/conflicts/{conflict.pk}/resolve/").status_code == 405
    response = client.post(
        f"/field/conflicts/{conflict.pk}/resolve/",
        {"resolution": "edited", "seen_version": 2, "value_description": "Versi gabungan"},
    )
    assert response.status_code == 302 and response["Location"] == f"/field/visits/{visit_a.pk}/"
    finding.refresh_from_db()
    assert finding.description == "Versi gabungan"
    assert client.get("/field/conflicts/").content.decode().count('data-testid="conflict"') == 0


def test_a_bad_resolution_changes_nothing(client_for, alice, bob, visit_a):
    conflict, finding = conflict_on(visit_a, alice, bob, client_for)
    response = client_for(alice).post(f"/field/conflicts/{conflict.pk}/resolve/", {"resolution": "addendum"})
    assert response.status_code == 400
    conflict.refresh_from_db()
    finding.refresh_from_db()
    assert conflict.status == "open" and finding.description == "Versi kepala"


def test_the_conflict_is_404_for_another_office_and_403_for_a_bystander(
    client_for, alice, alice2, bob, charlie, visit_a
):
    conflict, _finding = conflict_on(visit_a, alice, bob, client_for)
    assert client_for(charlie).get(f"/field/conflicts/{conflict.pk}/").status_code == 404
    assert (
        client_for(charlie).post(f"/field/conflicts/{conflict.pk}/resolve/", {"resolution": "server"}).status_code
        == 404
    )
    assert (
        client_for(alice2).post(f"/field/conflicts/{conflict.pk}/resolve/", {"resolution": "server"}).status_code == 403
    )
    # The office head sees the office's conflicts; a team member only their own.
    assert f"/field/conflicts/{conflict.pk}/" in client_for(bob).get("/field/conflicts/").content.decode()
    assert f"/field/conflicts/{conflict.pk}/" not in client_for(alice2).get("/field/conflicts/").content.decode()


def test_the_manifest_and_the_worker_are_public_and_hold_no_data(client):
    manifest = client.get("/field/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    assert manifest.json()["start_url"] == "/field/"
    worker = client.get("/field/sw.js")
    assert worker["Content-Type"].startswith("application/javascript") and worker["Cache-Control"] == "no-cache"
    assert b"/static/vendor/workbox/" in worker.content
    assert client.get("/field/session/").json() == {"authenticated": False, "login_url": "/accounts/login/"}


def test_the_session_answer_carries_a_fresh_csrf_token(client_for, alice):
    data = client_for(alice).get("/field/session/").json()
    assert data["authenticated"] is True and data["user"] == alice.pk and len(data["csrf_token"]) >= 32


def test_a_note_for_a_visit_reported_meanwhile_becomes_an_addendum_on_its_page(client_for, alice, bob, visit_a):
    started(visit_a, alice)
    services.inspection_update(inspection=visit_a, actor=bob, summary="Dilaporkan kepala")
    services.inspection_report(inspection=visit_a, actor=bob)
    client = client_for(alice)
    client.post(
        "/api/v1/field/sync/",
        {"key": str(uuid.uuid4()), "kind": "note", "inspection": visit_a.pk, "text": "Catatan yang terlambat"},
        content_type="application/json",
    )
    conflict = SyncConflict.objects.get()
    page = client.get(f"/field/conflicts/{conflict.pk}/").content.decode()
    assert "Catatan yang terlambat" in page and "The visit was reported meanwhile" in page
    response = client.post(f"/field/conflicts/{conflict.pk}/resolve/", {"resolution": "addendum"})
    assert response.status_code == 302
    assert visit_a.addenda.get().text == "Catatan yang terlambat"

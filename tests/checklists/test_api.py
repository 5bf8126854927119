"""The checklist actions over the API, through the services the visit's checklist page calls."""

import pytest

from audit.models import AuditEntry
from checklists import services
from checklists.choices import DraftStatus
from checklists.models import Answer, DraftFinding, Question, VisitChecklist
from inspections import services as inspection_services
from inspections.models import ChangeRecord, Finding

from .conftest import photo

pytestmark = pytest.mark.django_db


def _q(version, code):
    return Question.objects.get(section__version=version, code=code)


@pytest.fixture
def in_progress(visit_a, alice):
    inspection_services.inspection_start(inspection=visit_a, actor=alice)
    return visit_a


def test_it_starts_a_checklist_once(client_for, alice, in_progress, version):
    client = client_for(alice)
    response = client.post("/api/v1/visit-checklists/", {"inspection": in_progress.pk, "version": version.pk})
    assert response.status_code == 201, response.json()
    checklist = VisitChecklist.objects.get(inspection=in_progress)
    assert response.json()["id"] == checklist.pk and response.json()["version_number"] == version.number
    assert ChangeRecord.objects.filter(inspection=in_progress, action="checklist started").count() == 1
    again = client.post("/api/v1/visit-checklists/", {"inspection": in_progress.pk, "version": version.pk})
    assert again.status_code == 400 and VisitChecklist.objects.count() == 1
    listed = client.get(f"/api/v1/visit-checklists/?inspection={in_progress.pk}").json()
    assert [row["id"] for row in listed["results"]] == [checklist.pk]


def test_another_office_cannot_start_or_see_it(client_for, alice, charlie, in_progress, version):
    response = client_for(charlie).post(
        "/api/v1/visit-checklists/", {"inspection": in_progress.pk, "version": version.pk}
    )
    assert response.status_code == 404 and not VisitChecklist.objects.exists()
    checklist = services.checklist_start(inspection=in_progress, actor=alice, version=version)
    assert client_for(charlie).get(f"/api/v1/visit-checklists/{checklist.pk}/").status_code == 404


def test_it_adds_an_answer_photo(client_for, alice, charlie, in_progress, version):
    checklist = services.checklist_start(inspection=in_progress, actor=alice, version=version)
    b1 = _q(version, "B1")
    services.answer_save(checklist=checklist, question=b1, actor=alice, value="no")
    refused = client_for(charlie).post(
        "/api/v1/checklist-answers/photo/", {"checklist": checklist.pk, "question": b1.pk, "photo": photo()}
    )
    assert refused.status_code == 404
    response = client_for(alice).post(
        "/api/v1/checklist-answers/photo/", {"checklist": checklist.pk, "question": b1.pk, "photo": photo()}
    )
    assert response.status_code == 201, response.json()
    answer = Answer.objects.get(checklist=checklist, question=b1)
    assert response.json()["photo"] == answer.photo_id and answer.photo.inspection_id == in_progress.pk
    assert ChangeRecord.objects.filter(inspection=in_progress, action="file added").count() == 1
    assert AuditEntry.objects.filter(extra__step="file added").count() == 1
    other = Question.objects.exclude(section__version=version).first()
    wrong = client_for(alice).post(
        "/api/v1/checklist-answers/photo/", {"checklist": checklist.pk, "question": other.pk, "photo": photo()}
    )
    assert wrong.status_code == 400


def test_it_confirms_and_dismisses_draft_findings(client_for, alice, in_progress, version):
    checklist = services.checklist_start(inspection=in_progress, actor=alice, version=version)
    u1 = services.answer_save(checklist=checklist, question=_q(version, "U1"), actor=alice, value="no")
    b1 = services.answer_save(checklist=checklist, question=_q(version, "B1"), actor=alice, value="no")
    client = client_for(alice)
    drafts = client.get(f"/api/v1/checklist-drafts/?answer__checklist__inspection={in_progress.pk}").json()["results"]
    assert sorted(d["question_code"] for d in drafts) == ["B1", "U1"]
    confirmed = client.post(
        f"/api/v1/checklist-drafts/{b1.draft_finding.pk}/confirm/",
        {"severity": "high", "corrective_action": "Daftarkan semua pekerja."},
        content_type="application/json",
    )
    assert confirmed.status_code == 200, confirmed.json()
    finding = Finding.objects.get(inspection=in_progress)
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["finding"] == finding.pk
    assert finding.provision.act == "UU 24/2011" and finding.severity == "high"
    assert client.post(f"/api/v1/checklist-drafts/{b1.draft_finding.pk}/confirm/").status_code == 400
    assert Finding.objects.filter(inspection=in_progress).count() == 1
    assert client.post(f"/api/v1/checklist-drafts/{u1.draft_finding.pk}/dismiss/", {}).status_code == 400
    dismissed = client.post(f"/api/v1/checklist-drafts/{u1.draft_finding.pk}/dismiss/", {"reason": "Salah baca slip."})
    assert dismissed.status_code == 200
    assert DraftFinding.objects.get(pk=u1.draft_finding.pk).status == DraftStatus.DISMISSED
    assert ChangeRecord.objects.filter(inspection=in_progress, action="draft finding dismissed").count() == 1


def test_another_office_cannot_decide_a_draft(client_for, alice, charlie, in_progress, version):
    checklist = services.checklist_start(inspection=in_progress, actor=alice, version=version)
    b1 = services.answer_save(checklist=checklist, question=_q(version, "B1"), actor=alice, value="no")
    client = client_for(charlie)
    assert client.post(f"/api/v1/checklist-drafts/{b1.draft_finding.pk}/confirm/").status_code == 404
    assert client.get(f"/api/v1/checklist-drafts/{b1.draft_finding.pk}/").status_code == 404
    assert client.get("/api/v1/checklist-drafts/").json()["results"] == []
    assert DraftFinding.objects.get(pk=b1.draft_finding.pk).status == DraftStatus.DRAFT

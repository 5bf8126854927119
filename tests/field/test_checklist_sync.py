"""The offline visit page's checklist: started and answered from the outbox once, conflicts kept for a person."""

import io
import uuid

import pytest
from PIL import Image

from checklists import services as checklists
from checklists.models import Answer, DraftFinding, Question, VisitChecklist
from field.choices import ConflictReason, ConflictStatus, OperationStatus, Resolution
from field.models import SyncConflict, SyncOperation
from field.services import conflict_resolve
from inspections import services
from inspections.models import ChangeRecord
from tests.checklists.conftest import build_version

pytestmark = pytest.mark.django_db

URL = "/api/v1/field/sync/"


def post(client, **data):
    data.setdefault("key", str(uuid.uuid4()))
    return client.post(URL, data, content_type="application/json")


def jpeg(width=1600, height=1000) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 90, 200)).save(out, format="JPEG")
    out.seek(0)
    out.name = "b1.jpg"
    return out


@pytest.fixture
def version(root):
    return build_version(root)


def q(version, code) -> Question:
    return Question.objects.get(section__version=version, code=code)


def test_it_starts_the_visit_and_its_checklist_and_answers_it_once(client_for, alice, visit_a, version):
    client = client_for(alice)
    assert post(client, kind="start", inspection=visit_a.pk).status_code == 201
    start_key = str(uuid.uuid4())
    started = post(client, key=start_key, kind="checklist_start", inspection=visit_a.pk, checklist_version=version.pk)
    assert started.status_code == 201, started.json()
    checklist = VisitChecklist.objects.get(inspection=visit_a)
    assert started.json()["object_id"] == checklist.pk and checklist.version == version
    key = str(uuid.uuid4())
    b1 = q(version, "B1")
    data = {"key": key, "kind": "answer", "inspection": visit_a.pk, "question": b1.pk, "value": "no", "base_version": 0}
    first = post(client, **data)
    again = post(client, **data)
    assert first.status_code == 201, first.json()
    assert again.status_code == 200 and again.json()["replayed"] is True
    answer = Answer.objects.get(checklist=checklist, question=b1)
    assert (answer.value, answer.compliant, answer.version) == ("no", False, 1)
    assert first.json()["version"] == 1
    # The non-compliant answer proposed its draft finding, once.
    assert DraftFinding.objects.filter(answer=answer).count() == 1
    # The start replayed, and a start of the same version by a team member meanwhile: no second checklist.
    assert post(client, key=start_key, kind="checklist_start", inspection=visit_a.pk,
                checklist_version=version.pk).status_code == 200  # fmt: skip
    assert post(client, kind="checklist_start", inspection=visit_a.pk, checklist_version=version.pk).status_code == 201
    assert VisitChecklist.objects.filter(inspection=visit_a).count() == 1


def test_it_attaches_an_answer_photo_once(client_for, alice, visit_a, version):
    services.inspection_start(inspection=visit_a, actor=alice)
    checklist = checklists.checklist_start(inspection=visit_a, actor=alice, version=version)
    client = client_for(alice)
    b1 = q(version, "B1")
    key = str(uuid.uuid4())
    data = {"key": key, "kind": "answer_photo", "inspection": visit_a.pk, "question": b1.pk, "file": jpeg()}
    assert client.post(URL, data).status_code == 201
    data["file"] = jpeg()
    assert client.post(URL, data).status_code == 200
    answer = Answer.objects.get(checklist=checklist, question=b1)
    assert answer.photo is not None and answer.photo.content_type == "image/jpeg"
    assert visit_a.attachments.count() == 1


def test_a_second_offline_answer_builds_on_the_first(client_for, alice, visit_a, version):
    services.inspection_start(inspection=visit_a, actor=alice)
    checklists.checklist_start(inspection=visit_a, actor=alice, version=version)
    client = client_for(alice)
    u1 = q(version, "U1")
    first = post(client, kind="answer", inspection=visit_a.pk, question=u1.pk, value="no", note="Di bawah UMK",
                 base_version=0)  # fmt: skip
    second = post(client, kind="answer", inspection=visit_a.pk, question=u1.pk, value="yes", note="",
                  base_version=first.json()["version"])  # fmt: skip
    assert second.status_code == 201, second.json()
    answer = Answer.objects.get(question=u1)
    assert (answer.value, answer.version) == ("yes", 2)
    # The same answer saved again on the page moves no version.
    checklists.answer_save(checklist=answer.checklist, question=u1, actor=alice, value="yes", note="")
    answer.refresh_from_db()
    assert answer.version == 2


def test_an_answer_changed_on_the_server_is_a_conflict_with_both_values(client_for, alice, bob, visit_a, version):
    services.inspection_start(inspection=visit_a, actor=alice)
    checklist = checklists.checklist_start(inspection=visit_a, actor=alice, version=version)
    u1 = q(version, "U1")
    checklists.answer_save(checklist=checklist, question=u1, actor=alice, value="yes")  # version 1, seen by the device
    # Meanwhile the head corrects the answer online (version 2).
    checklists.answer_save(checklist=checklist, question=u1, actor=bob, value="no", note="Slip gaji kurang")
    client = client_for(alice)
    key = str(uuid.uuid4())
    response = post(client, key=key, kind="answer", inspection=visit_a.pk, question=u1.pk, value="na",
                    note="Borongan", base_version=1)  # fmt: skip
    assert response.status_code == 409, response.json()
    assert post(client, key=key, kind="answer", inspection=visit_a.pk, question=u1.pk, value="na",
                note="Borongan", base_version=1).status_code == 409  # fmt: skip
    answer = Answer.objects.get(question=u1)
    assert (answer.value, answer.note, answer.version) == ("no", "Slip gaji kurang", 2)  # nothing overwritten
    conflict = SyncConflict.objects.get()
    assert conflict.answer == answer and conflict.reason == ConflictReason.CHANGED
    assert conflict.offered == {"value": "na", "note": "Borongan"}
    assert conflict.server == {"value": "no", "note": "Slip gaji kurang"}
    assert (conflict.base_version, conflict.server_version) == (1, 2)
    assert SyncOperation.objects.get(key=key).status == OperationStatus.CONFLICT

    page = client.get(response.json()["conflict_url"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "U1" in text and "Slip gaji kurang" in text and "Borongan" in text

    conflict_resolve(actor=alice, conflict=conflict, resolution=Resolution.MINE, seen=2)
    answer.refresh_from_db()
    assert (answer.value, answer.note, answer.version) == ("na", "Borongan", 3)
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.RESOLVED
    history = ChangeRecord.objects.filter(inspection=visit_a, action="conflict recorded").get()
    assert {"field": "U1", "old": "no", "new": "na"} in history.changes


def test_the_same_answer_given_on_both_sides_is_no_conflict(client_for, alice, bob, visit_a, version):
    services.inspection_start(inspection=visit_a, actor=alice)
    checklist = checklists.checklist_start(inspection=visit_a, actor=alice, version=version)
    k2 = q(version, "K2")
    checklists.answer_save(checklist=checklist, question=k2, actor=bob, value="rusak")
    response = post(client_for(alice), kind="answer", inspection=visit_a.pk, question=k2.pk, value="rusak", note="",
                    base_version=0)  # fmt: skip
    assert response.status_code == 201 and not SyncConflict.objects.exists()


def test_resolving_an_answer_conflict_on_its_page_and_over_the_api(client_for, alice, bob, visit_a, version):
    services.inspection_start(inspection=visit_a, actor=alice)
    checklist = checklists.checklist_start(inspection=visit_a, actor=alice, version=version)
    k1 = q(version, "K1")
    checklists.answer_save(checklist=checklist, question=k1, actor=bob, value="4")
    client = client_for(alice)
    conflict_url = post(client, kind="answer", inspection=visit_a.pk, question=k1.pk, value="3", note="",
                        base_version=0).json()["conflict_url"]  # fmt: skip
    conflict = SyncConflict.objects.get()
    response = client.post(conflict_url + "resolve/", {"resolution": "edited", "value_value": "5", "seen_version": 1})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Answer.objects.get(question=k1).value == "5"
    conflict.refresh_from_db()
    assert conflict.resolution == Resolution.EDITED


def test_an_answer_for_a_question_the_visit_does_not_have_is_refused(client_for, alice, visit_a, version):
    services.inspection_start(inspection=visit_a, actor=alice)
    client = client_for(alice)
    response = post(client, kind="answer", inspection=visit_a.pk, question=q(version, "U1").pk, value="yes",
                    base_version=0)  # fmt: skip
    assert response.status_code == 400 and not Answer.objects.exists()
    assert not SyncOperation.objects.exists()


def test_another_office_cannot_answer(client_for, charlie, alice, visit_a, version):
    services.inspection_start(inspection=visit_a, actor=alice)
    checklists.checklist_start(inspection=visit_a, actor=alice, version=version)
    response = post(client_for(charlie), kind="answer", inspection=visit_a.pk, question=q(version, "U1").pk,
                    value="yes", base_version=0)  # fmt: skip
    assert response.status_code == 400 and not Answer.objects.exists()

"""The outbox endpoint: each change applied once, conflicts kept for a person, scope as the pages."""

import io
import uuid

import pytest
from PIL import Image

from field.choices import ConflictReason, ConflictStatus, OperationStatus, Resolution
from field.models import SyncConflict, SyncOperation
from field.services import conflict_resolve
from inspections import services
from inspections.models import Attachment, ChangeRecord, FieldNote, Finding
from tests.inspections.helpers import add_finding, provision, started

pytestmark = pytest.mark.django_db

URL = "/api/v1/field/sync/"


def post(client, **data):
    data.setdefault("key", str(uuid.uuid4()))
    return client.post(URL, data, content_type="application/json")


def photo(width=3000, height=2000) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def test_it_applies_a_note_once_however_often_it_is_replayed(client_for, alice, visit_a):
    started(visit_a, alice)
    client = client_for(alice)
    key = str(uuid.uuid4())
    first = post(client, key=key, kind="note", inspection=visit_a.pk, text="Gudang tanpa APAR")
    again = post(client, key=key, kind="note", inspection=visit_a.pk, text="Gudang tanpa APAR")
    assert first.status_code == 201 and first.json()["replayed"] is False
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["object_id"] == first.json()["object_id"]
    assert FieldNote.objects.filter(inspection=visit_a).count() == 1
    assert SyncOperation.objects.get(key=key).status == OperationStatus.APPLIED


def test_it_starts_and_records_a_visit_offline_in_order(client_for, alice, visit_a):
    client = client_for(alice)
    assert post(client, kind="start", inspection=visit_a.pk, at="2026-01-01T01:00:00Z").status_code == 201
    added = post(
        client, kind="finding_add", inspection=visit_a.pk, category="social_security", provision=provision().pk,
        description="Dua pekerja belum terdaftar BPJS", severity="high", corrective_action="", deadline=None,
    )  # fmt: skip
    assert added.status_code == 201, added.json()
    assert added.json()["version"] == 1
    visit = post(client, kind="visit", inspection=visit_a.pk, summary="Selesai", workers_present=12,
                 base={"summary": "", "workers_present": ""})  # fmt: skip
    assert visit.status_code == 201, visit.json()
    assert post(client, kind="report", inspection=visit_a.pk).status_code == 201
    visit_a.refresh_from_db()
    assert visit_a.status == "reported" and visit_a.summary == "Selesai" and visit_a.workers_present == 12
    # A start replayed after the visit moved on changes nothing and is not an error.
    assert post(client, kind="start", inspection=visit_a.pk).status_code == 201
    visit_a.refresh_from_db()
    assert visit_a.status == "reported"


def test_it_resizes_nothing_itself_but_cleans_the_photo_as_the_page_does(client_for, alice, visit_a):
    started(visit_a, alice)
    client = client_for(alice)
    key = str(uuid.uuid4())
    upload = io.BytesIO(photo(800, 600))
    upload.name = "lokasi.jpg"
    data = {"key": key, "kind": "photo", "inspection": visit_a.pk, "caption": "Pintu darurat", "file": upload}
    response = client.post(URL, data)
    assert response.status_code == 201, response.json()
    upload.seek(0)
    assert client.post(URL, data).status_code == 200
    attachment = Attachment.objects.get(inspection=visit_a)
    assert attachment.caption == "Pintu darurat" and attachment.content_type == "image/jpeg"


def test_it_refuses_a_finding_edit_on_a_moved_version_and_records_a_conflict(client_for, alice, bob, visit_a):
    started(visit_a, alice)
    finding = add_finding(visit_a, alice, description="Versi awal")
    assert finding.version == 1
    services.finding_update(finding=finding, actor=bob, description="Versi kepala kantor")
    finding.refresh_from_db()
    assert finding.version == 2
    response = post(
        client_for(alice), kind="finding_edit", inspection=visit_a.pk, finding=finding.pk, base_version=1,
        description="Versi inspektur di lapangan",
    )  # fmt: skip
    assert response.status_code == 409
    assert response.json()["status"] == "conflict" and response.json()["conflict_url"]
    finding.refresh_from_db()
    assert finding.description == "Versi kepala kantor"  # never last-write-wins
    conflict = SyncConflict.objects.get()
    assert conflict.reason == ConflictReason.CHANGED and conflict.server_version == 2 and conflict.base_version == 1
    assert conflict.offered == {"description": "Versi inspektur di lapangan"}
    assert conflict.server == {"description": "Versi kepala kantor"}
    recorded = ChangeRecord.objects.get(action="conflict recorded")
    assert recorded.changes == [
        {"field": "description", "old": "Versi kepala kantor", "new": "Versi inspektur di lapangan"}
    ]


def test_it_replays_a_conflict_without_a_second_one(client_for, alice, bob, visit_a):
    started(visit_a, alice)
    finding = add_finding(visit_a, alice)
    services.finding_update(finding=finding, actor=bob, description="Diubah kepala")
    data = {"key": str(uuid.uuid4()), "kind": "finding_edit", "inspection": visit_a.pk, "finding": finding.pk,
            "base_version": 1, "description": "Diubah inspektur"}  # fmt: skip
    assert post(client_for(alice), **data).status_code == 409
    assert post(client_for(alice), **data).status_code == 409
    assert SyncConflict.objects.count() == 1


def test_it_applies_a_finding_edit_on_the_version_it_saw(client_for, alice, visit_a):
    started(visit_a, alice)
    finding = add_finding(visit_a, alice)
    response = post(client_for(alice), kind="finding_edit", inspection=visit_a.pk, finding=finding.pk, base_version=1,
                    description="Lebih tepat")  # fmt: skip
    assert response.status_code == 201 and response.json()["version"] == 2
    finding.refresh_from_db()
    assert finding.description == "Lebih tepat" and finding.version == 2


def test_it_keeps_a_note_for_a_visit_reported_meanwhile_as_a_conflict(client_for, alice, bob, visit_a):
    started(visit_a, alice)
    services.inspection_update(inspection=visit_a, actor=bob, summary="Dilaporkan kepala")
    services.inspection_report(inspection=visit_a, actor=bob)
    response = post(client_for(alice), kind="note", inspection=visit_a.pk, text="Catatan dari lapangan")
    assert response.status_code == 409
    conflict = SyncConflict.objects.get()
    assert conflict.reason == ConflictReason.LOCKED and conflict.offered == {"text": "Catatan dari lapangan"}
    assert not FieldNote.objects.exists()
    conflict_resolve(actor=alice, conflict=conflict, resolution=Resolution.ADDENDUM)
    visit_a.refresh_from_db()
    assert visit_a.addenda.get().text == "Catatan dari lapangan"


def test_it_detects_a_summary_changed_meanwhile(client_for, alice, bob, visit_a):
    started(visit_a, alice)
    services.inspection_update(inspection=visit_a, actor=bob, summary="Ringkasan kepala")
    response = post(client_for(alice), kind="visit", inspection=visit_a.pk, summary="Ringkasan inspektur",
                    base={"summary": ""})  # fmt: skip
    assert response.status_code == 409
    visit_a.refresh_from_db()
    assert visit_a.summary == "Ringkasan kepala"
    conflict = SyncConflict.objects.get()
    conflict_resolve(actor=bob, conflict=conflict, resolution=Resolution.MINE)
    visit_a.refresh_from_db()
    assert visit_a.summary == "Ringkasan inspektur"


def test_it_resolves_with_the_offline_value_and_keeps_both_in_the_history(client_for, alice, bob, visit_a):
    started(visit_a, alice)
    finding = add_finding(visit_a, alice, description="Awal")
    services.finding_update(finding=finding, actor=bob, description="Kepala")
    post(client_for(alice), kind="finding_edit", inspection=visit_a.pk, finding=finding.pk, base_version=1,
         description="Inspektur")  # fmt: skip
    conflict = SyncConflict.objects.get()
    conflict_resolve(actor=alice, conflict=conflict, resolution=Resolution.MINE, seen=2)
    finding.refresh_from_db()
    assert finding.description == "Inspektur" and finding.version == 3
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.RESOLVED and conflict.resolved_by == alice
    updates = [c.changes for c in ChangeRecord.objects.filter(object_id=finding.pk, action="finding updated")]
    assert {"field": "description", "old": "Awal", "new": "Kepala"} in updates[0]
    assert {"field": "description", "old": "Kepala", "new": "Inspektur"} in updates[1]
    with pytest.raises(Exception, match="already resolved"):
        conflict_resolve(actor=alice, conflict=conflict, resolution=Resolution.SERVER)


def test_it_asks_again_when_the_finding_moved_while_deciding(client_for, alice, bob, visit_a):
    started(visit_a, alice)
    finding = add_finding(visit_a, alice, description="Awal")
    services.finding_update(finding=finding, actor=bob, description="Kepala")
    post(client_for(alice), kind="finding_edit", inspection=visit_a.pk, finding=finding.pk, base_version=1,
         description="Inspektur")  # fmt: skip
    services.finding_update(finding=finding, actor=bob, description="Kepala lagi")
    conflict = SyncConflict.objects.get()
    with pytest.raises(Exception, match="changed again"):
        conflict_resolve(actor=alice, conflict=conflict, resolution=Resolution.MINE, seen=2)
    assert Finding.objects.get().description == "Kepala lagi"
    assert SyncConflict.objects.get().status == ConflictStatus.OPEN


def test_it_refuses_another_office_as_missing(client_for, charlie, alice, visit_a):
    started(visit_a, alice)
    response = post(client_for(charlie), kind="note", inspection=visit_a.pk, text="x")
    assert response.status_code == 400
    assert "inspection" in response.json()
    assert not FieldNote.objects.exists()


def test_it_refuses_a_key_used_by_someone_else(client_for, alice, alice2, visit_a):
    visit_a.team.add(alice2)
    started(visit_a, alice)
    key = str(uuid.uuid4())
    assert post(client_for(alice), key=key, kind="note", inspection=visit_a.pk, text="a").status_code == 201
    assert post(client_for(alice2), key=key, kind="note", inspection=visit_a.pk, text="b").status_code == 400
    assert FieldNote.objects.count() == 1


def test_it_needs_a_login_and_the_right_method(client, alice, visit_a):
    assert post(client, kind="note", inspection=visit_a.pk, text="x").status_code == 401
    assert client.get(URL).status_code in (401, 403)


def test_bad_input_changes_nothing(client_for, alice, visit_a):
    started(visit_a, alice)
    response = post(client_for(alice), kind="note", inspection=visit_a.pk, text="   ")
    assert response.status_code == 400
    assert not SyncOperation.objects.exists() and not FieldNote.objects.exists()
    assert post(client_for(alice), key="not-a-uuid", kind="note", inspection=visit_a.pk, text="x").status_code == 400


def test_it_lets_only_the_sender_or_the_head_resolve(client_for, alice, alice2, bob, visit_a):
    visit_a.team.add(alice2)
    started(visit_a, alice)
    finding = add_finding(visit_a, alice)
    services.finding_update(finding=finding, actor=bob, description="Kepala")
    post(client_for(alice), kind="finding_edit", inspection=visit_a.pk, finding=finding.pk, base_version=1,
         description="Inspektur")  # fmt: skip
    conflict = SyncConflict.objects.get()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        conflict_resolve(actor=alice2, conflict=conflict, resolution=Resolution.SERVER)
    conflict_resolve(actor=bob, conflict=conflict, resolution=Resolution.SERVER)
    assert Finding.objects.get().description == "Kepala"


def test_it_puts_only_the_disagreeing_fields_before_a_person(client_for, alice, bob, visit_a):
    started(visit_a, alice)
    finding = add_finding(visit_a, alice, description="Awal", corrective_action="Daftarkan")
    services.finding_update(finding=finding, actor=bob, description="Kepala")
    response = post(client_for(alice), kind="finding_edit", inspection=visit_a.pk, finding=finding.pk, base_version=1,
                    description="Inspektur", corrective_action="Daftarkan")  # fmt: skip
    assert response.status_code == 409
    assert SyncConflict.objects.get().offered == {"description": "Inspektur"}
    # The same value the server already has is no conflict at all.
    response = post(client_for(alice), kind="finding_edit", inspection=visit_a.pk, finding=finding.pk, base_version=1,
                    description="Kepala")  # fmt: skip
    assert response.status_code == 201 and response.json()["version"] == 2


def test_it_merges_the_visit_record_field_by_field(client_for, alice, bob, visit_a):
    started(visit_a, alice)
    services.inspection_update(inspection=visit_a, actor=bob, workers_present=40)
    response = post(client_for(alice), kind="visit", inspection=visit_a.pk, summary="Ringkasan lapangan",
                    workers_present=None, base={"summary": "", "workers_present": ""})  # fmt: skip
    # The device changed only the summary: applied; the head's head count stays.
    assert response.status_code == 201
    visit_a.refresh_from_db()
    assert visit_a.summary == "Ringkasan lapangan" and visit_a.workers_present == 40


def test_it_records_the_wage_found_offline_and_asks_when_it_moved(client_for, alice, bob, visit_a):
    started(visit_a, alice)
    client = client_for(alice)
    base = {"summary": "", "workers_present": "", "wage_found": ""}
    applied = post(client, kind="visit", inspection=visit_a.pk, summary="", workers_present=None, wage_found=5200000,
                   base=base)  # fmt: skip
    assert applied.status_code == 201, applied.json()
    visit_a.refresh_from_db()
    assert visit_a.wage_found == 5200000
    refused = post(client, kind="visit", inspection=visit_a.pk, wage_found=0, base=base)
    assert refused.status_code == 400 and "wage_found" in refused.json()
    # The head corrects the figure meanwhile; the device's other figure is a conflict, not an overwrite.
    services.inspection_update(inspection=visit_a, actor=bob, wage_found=5300000)
    moved = post(client, kind="visit", inspection=visit_a.pk, wage_found=5100000, base={"wage_found": "5200000"})
    assert moved.status_code == 409
    conflict = SyncConflict.objects.get()
    assert (conflict.offered, conflict.server) == ({"wage_found": "5100000"}, {"wage_found": "5300000"})
    with pytest.raises(Exception, match="at least 1"):
        conflict_resolve(actor=alice, conflict=conflict, resolution=Resolution.EDITED, values={"wage_found": "0"})
    visit_a.refresh_from_db()
    assert visit_a.wage_found == 5300000
    conflict_resolve(actor=alice, conflict=conflict, resolution=Resolution.MINE)
    visit_a.refresh_from_db()
    assert visit_a.wage_found == 5100000

"""The enforcement process through the API: the same services, step maps, scope and audit as the pages.

alice (inspector of office A) leads the visit, bob heads office A, ppns_a is its PPNS
investigator; charlie and dave (office B) are outsiders and get 404 for every object of office A.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditEntry
from inspections import services
from inspections.choices import FindingStatus, InvestigationStatus, NoticeStatus
from inspections.models import Addendum, ChangeRecord, FieldNote, Investigation, Notice
from tests.security.world import png_upload

from .helpers import reported, started

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _days(n: int) -> str:
    return (_today() + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def nota_one(visit_a, alice, bob):
    """A Nota I on two findings of a reported visit, its deadline passed ten days ago."""
    findings = reported(visit_a, alice, findings=2)
    notice = services.notice_issue_first(
        inspection=visit_a,
        actor=bob,
        findings=findings,
        issued_on=_today() - dt.timedelta(days=40),
        compliance_deadline=_today() - dt.timedelta(days=10),
    )
    return notice, findings


def test_it_records_compliance_per_finding_and_marks_the_notice(api_for, alice, bob, nota_one):
    notice, findings = nota_one
    response = api_for(alice).post(
        f"/api/v1/notices/{notice.pk}/compliance/", {"corrected": [findings[0].pk]}, format="json"
    )
    assert response.status_code == 200, response.json()
    findings[0].refresh_from_db()
    findings[1].refresh_from_db()
    assert (findings[0].status, findings[1].status) == (FindingStatus.CORRECTED, FindingStatus.OPEN)

    # Complied while a finding is open is refused with the service's message; nothing changes.
    refused = api_for(bob).post(f"/api/v1/notices/{notice.pk}/mark/", {"status": "complied"}, format="json")
    assert refused.status_code == 400
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ISSUED

    # The inspector may not mark (the step map gives it to the head): 403, not 404.
    assert (
        api_for(alice).post(f"/api/v1/notices/{notice.pk}/mark/", {"status": "not_complied"}, format="json").status_code
        == 403
    )
    marked = api_for(bob).post(f"/api/v1/notices/{notice.pk}/mark/", {"status": "not_complied"}, format="json")
    assert marked.status_code == 200 and marked.json()["status"] == "not_complied"
    assert ChangeRecord.objects.filter(inspection=notice.inspection, action="notice not_complied").count() == 1
    assert AuditEntry.objects.filter(actor=bob).exists()


def test_it_issues_a_nota_two_and_escalates_it_to_an_investigation(api_for, alice, bob, ppns_a, nota_one):
    notice, findings = nota_one
    api = api_for(bob)
    response = api.post(f"/api/v1/notices/{notice.pk}/second/", {"compliance_deadline": _days(14)}, format="json")
    assert response.status_code == 201, response.json()
    second = Notice.objects.get(previous=notice)
    assert second.level == "II" and set(second.findings.all()) == set(findings)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.NOT_COMPLIED

    # Escalating is refused while the Nota II's deadline runs (and before it is marked not complied).
    early = api.post(f"/api/v1/notices/{second.pk}/escalate/", {"investigator": ppns_a.pk}, format="json")
    assert early.status_code == 400 and not Investigation.objects.exists()


def test_it_escalates_a_not_complied_nota_two_and_runs_the_investigation(api_for, alice, bob, ppns_a, nota_one):
    notice, _ = nota_one
    second = services.notice_issue_second(
        previous=notice,
        actor=bob,
        issued_on=_today() - dt.timedelta(days=9),
        compliance_deadline=_today() - dt.timedelta(days=2),
    )
    api = api_for(bob)
    assert api.post(f"/api/v1/notices/{second.pk}/mark/", {"status": "not_complied"}, format="json").status_code == 200
    # An inspector who is not a PPNS investigator is refused.
    wrong = api.post(f"/api/v1/notices/{second.pk}/escalate/", {"investigator": alice.pk}, format="json")
    assert wrong.status_code == 400 and "investigator" in wrong.json()
    assert (
        api_for(alice)
        .post(f"/api/v1/notices/{second.pk}/escalate/", {"investigator": ppns_a.pk}, format="json")
        .status_code
        == 403
    )
    response = api.post(f"/api/v1/notices/{second.pk}/escalate/", {"investigator": ppns_a.pk}, format="json")
    assert response.status_code == 201, response.json()
    investigation = Investigation.objects.get(pk=response.json()["id"])
    assert investigation.notice == second and investigation.investigator == ppns_a
    assert set(second.findings.values_list("status", flat=True)) == {FindingStatus.ESCALATED}

    ppns = api_for(ppns_a)
    step = ppns.post(
        f"/api/v1/investigations/{investigation.pk}/steps/",
        {"on": _today().isoformat(), "description": "Pemanggilan pengusaha"},
        format="json",
    )
    assert step.status_code == 201, step.json()
    future = ppns.post(
        f"/api/v1/investigations/{investigation.pk}/steps/",
        {"on": _days(3), "description": "Belum terjadi"},
        format="json",
    )
    assert future.status_code == 400
    assert ppns.post(f"/api/v1/investigations/{investigation.pk}/close/", {"outcome": "sp3"}).status_code == 400
    closed = ppns.post(f"/api/v1/investigations/{investigation.pk}/close/", {"outcome": "stopped"}, format="json")
    assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == InvestigationStatus.CLOSED and len(closed.json()["steps"]) == 1


def test_outsiders_get_404_for_every_enforcement_action(api_for, charlie, dave, ppns_a, nota_one):
    notice, findings = nota_one
    for user in (charlie, dave):
        api = api_for(user)
        for path, body in [
            (f"/api/v1/notices/{notice.pk}/compliance/", {"corrected": [findings[0].pk]}),
            (f"/api/v1/notices/{notice.pk}/mark/", {"status": "not_complied"}),
            (f"/api/v1/notices/{notice.pk}/second/", {"compliance_deadline": _days(14)}),
            (f"/api/v1/notices/{notice.pk}/escalate/", {"investigator": ppns_a.pk}),
            (f"/api/v1/notices/{notice.pk}/addenda/", {"text": "x"}),
            (f"/api/v1/inspections/{notice.inspection_id}/addenda/", {"text": "x"}),
            (f"/api/v1/inspections/{notice.inspection_id}/close/", {}),
        ]:
            assert api.post(path, body, format="json").status_code == 404, (user, path)
        assert api.get(f"/api/v1/notices/{notice.pk}/document/").status_code == 404
        assert api.get(f"/api/v1/notices/{notice.pk}/pdf/").status_code == 404
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ISSUED and not Addendum.objects.exists()


def test_it_adds_addenda_to_a_reported_visit_and_an_issued_notice(api_for, alice, nota_one):
    notice, _ = nota_one
    api = api_for(alice)
    assert api.post(f"/api/v1/inspections/{notice.inspection_id}/addenda/", {"text": "Koreksi"}).status_code == 201
    assert api.post(f"/api/v1/notices/{notice.pk}/addenda/", {"text": "Ralat nomor"}).status_code == 201
    assert api.post(f"/api/v1/notices/{notice.pk}/addenda/", {"text": "   "}).status_code == 400
    assert Addendum.objects.filter(notice=notice).count() == 1
    assert Addendum.objects.filter(inspection=notice.inspection).count() == 1


def test_it_downloads_the_notice_document_and_pdf(api_for, alice, nota_one):
    notice, _ = nota_one
    api = api_for(alice)
    html = api.get(f"/api/v1/notices/{notice.pk}/document/")
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    assert notice.number in html.content.decode()
    pdf = api.get(f"/api/v1/notices/{notice.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_it_records_notes_and_files_during_a_visit(api_for, alice, charlie, visit_a):
    api = api_for(alice)
    not_yet = api.post(f"/api/v1/inspections/{visit_a.pk}/notes/", {"text": "Tiba di lokasi"}, format="json")
    assert not_yet.status_code == 400  # notes are taken during the visit
    started(visit_a, alice)
    assert api.post(f"/api/v1/inspections/{visit_a.pk}/notes/", {"text": "Tiba di lokasi"}).status_code == 201
    assert api.post(f"/api/v1/inspections/{visit_a.pk}/notes/", {"text": " "}).status_code == 400
    assert FieldNote.objects.filter(inspection=visit_a).count() == 1
    upload = api.post(
        f"/api/v1/inspections/{visit_a.pk}/files/", {"file": png_upload(), "caption": "Papan K3"}, format="multipart"
    )
    assert upload.status_code == 201, upload.content
    assert upload.json()["caption"] == "Papan K3" and visit_a.attachments.count() == 1
    text = SimpleUploadedFile("catatan.txt", b"bukan gambar", content_type="text/plain")
    assert api.post(f"/api/v1/inspections/{visit_a.pk}/files/", {"file": text}, format="multipart").status_code == 400
    assert visit_a.attachments.count() == 1
    assert api_for(charlie).post(f"/api/v1/inspections/{visit_a.pk}/notes/", {"text": "x"}).status_code == 404


def test_it_cancels_a_planned_visit_with_a_reason(api_for, alice, visit_a):
    api = api_for(alice)
    assert api.post(f"/api/v1/inspections/{visit_a.pk}/cancel/", {"reason": ""}, format="json").status_code == 400
    response = api.post(f"/api/v1/inspections/{visit_a.pk}/cancel/", {"reason": "Perusahaan tutup"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_it_closes_a_reported_visit_once_its_findings_are_corrected(api_for, alice, bob, visit_a):
    findings = reported(visit_a, alice)
    assert api_for(bob).post(f"/api/v1/inspections/{visit_a.pk}/close/").status_code == 400
    notice = services.notice_issue_first(
        inspection=visit_a, actor=bob, findings=findings, compliance_deadline=_today() + dt.timedelta(days=7)
    )
    services.notice_record_compliance(notice=notice, actor=alice, corrected=findings)
    assert api_for(alice).post(f"/api/v1/inspections/{visit_a.pk}/close/").status_code == 403
    response = api_for(bob).post(f"/api/v1/inspections/{visit_a.pk}/close/")
    assert response.status_code == 200 and response.json()["status"] == "closed"


def test_investigations_are_listed_within_scope(api_for, alice, bob, dave, ppns_a, nota_one):
    notice, _ = nota_one
    second = services.notice_issue_second(
        previous=notice,
        actor=bob,
        issued_on=_today() - dt.timedelta(days=9),
        compliance_deadline=_today() - dt.timedelta(days=2),
    )
    services.notice_mark(notice=second, actor=bob, status=NoticeStatus.NOT_COMPLIED)
    investigation = services.investigation_open(notice=second, actor=bob, investigator=ppns_a)
    assert [row["id"] for row in api_for(bob).get("/api/v1/investigations/").json()["results"]] == [investigation.pk]
    assert api_for(dave).get("/api/v1/investigations/").json()["results"] == []
    assert api_for(dave).get(f"/api/v1/investigations/{investigation.pk}/").status_code == 404

"""Retention: complainant identities (and evidence files) of complaints in a final state for longer
than COMPLAINANT_RETENTION_DAYS are erased, unless an investigation from them is still open."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry
from complaints import services
from complaints.models import Complaint, ComplaintAttachment
from complaints.tasks import erase_expired_identities
from inspections import services as inspection_services

from .world import (
    CANARY_CONTACT,
    CANARY_EMAIL,
    CANARY_NAME,
    CANARY_NIK,
    CANARY_PHONE_STORED,
    complaint_for,
    escalated_visit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.COMPLAINANT_RETENTION_DAYS = 730
    settings.LANGUAGE_CODE = "en"


def finished(company, bob, alice, *, status="closed", days_ago=731):
    complaint = complaint_for(company).complaint
    services.complaint_screen(complaint=complaint, actor=bob)
    if status == "rejected":
        services.complaint_reject(complaint=complaint, actor=bob, note="Di luar kewenangan")
    elif status == "referred":
        services.complaint_refer(complaint=complaint, actor=bob, note="Ke mediator hubungan industrial")
    elif status == "closed":
        services.complaint_close(complaint=complaint, actor=bob, outcome="settled")
    Complaint.objects.filter(pk=complaint.pk).update(status_changed_at=timezone.now() - dt.timedelta(days=days_ago))
    complaint.refresh_from_db()
    return complaint


def erase_entries():
    return list(AuditEntry.objects.filter(action="erase"))


@pytest.mark.parametrize("status", ["closed", "rejected", "referred"])
def test_it_erases_the_identity_and_files_of_an_old_finished_complaint(
    status, company_a, bob, alice, django_capture_on_commit_callbacks
):
    complaint = finished(company_a, bob, alice, status=status)
    path = Path(complaint.attachments.get().file.path)
    assert path.exists()
    before = (complaint.reference, complaint.status, complaint.amount_claimed, complaint.received_at)

    with django_capture_on_commit_callbacks(execute=True):
        erased = services.complaints_erase_expired_identities()

    assert [c.pk for c in erased] == [complaint.pk]
    complaint.refresh_from_db()
    assert all(getattr(complaint, name) == "" for name in services.ERASED_FIELDS)
    assert complaint.is_anonymous is False  # what the complainant chose stays
    assert (complaint.reference, complaint.status, complaint.amount_claimed, complaint.received_at) == before
    assert list(complaint.categories.values_list("code", flat=True)) == ["wages"]
    assert not ComplaintAttachment.objects.filter(complaint=complaint).exists() and not path.exists()
    assert complaint.events.filter(note__contains="erased").count() == 1
    (entry,) = erase_entries()
    assert entry.object_type == "complaints.complaint" and entry.object_id == str(complaint.pk)
    assert set(entry.changed_fields) == {
        "complainant_name", "complainant_contact", "complainant_phone", "complainant_email", "complainant_id_number",
        "attachments",
    }  # fmt: skip
    trail = str(list(AuditEntry.objects.values()))
    assert CANARY_NAME not in trail and CANARY_CONTACT not in trail and CANARY_NIK not in trail
    assert CANARY_PHONE_STORED not in trail and CANARY_EMAIL not in trail


def test_it_keeps_recent_and_open_complaints(company_a, bob, alice):
    recent = finished(company_a, bob, alice, days_ago=700)
    open_old = complaint_for(company_a).complaint
    Complaint.objects.filter(pk=open_old.pk).update(
        received_at=timezone.now() - dt.timedelta(days=2000), status_changed_at=timezone.now() - dt.timedelta(days=2000)
    )
    resolved_old = finished(company_a, bob, alice, status="none", days_ago=900)  # screened only: still open

    assert services.complaints_erase_expired_identities() == []
    for complaint in (recent, open_old, resolved_old):
        complaint.refresh_from_db()
        assert complaint.complainant_name == CANARY_NAME and complaint.attachments.exists()
        assert services.complaint_erase_identity(complaint=complaint) is False
    assert erase_entries() == []


def test_it_honours_the_retention_setting(company_a, bob, alice, settings):
    complaint = finished(company_a, bob, alice, days_ago=40)
    assert services.complaints_erase_expired_identities() == []
    settings.COMPLAINANT_RETENTION_DAYS = 30
    assert [c.pk for c in services.complaints_erase_expired_identities()] == [complaint.pk]


def test_it_keeps_a_complaint_under_legal_hold_until_the_investigation_closes(company_a, alice, bob, ppns_a):
    complaint = complaint_for(company_a).complaint
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    *_, investigation = escalated_visit(complaint=complaint, alice=alice, bob=bob, ppns=ppns_a, files=False)
    # The visit's story is what matters here: set the final state and the clock directly.
    Complaint.objects.filter(pk=complaint.pk).update(
        status="closed", status_changed_at=timezone.now() - dt.timedelta(days=800)
    )

    assert services.complaints_erase_expired_identities() == []
    assert services.complaint_erase_identity(complaint=complaint) is False
    complaint.refresh_from_db()
    assert complaint.complainant_name == CANARY_NAME

    inspection_services.investigation_close(investigation=investigation, actor=bob, outcome="case_file_complete")
    assert [c.pk for c in services.complaints_erase_expired_identities()] == [complaint.pk]


def test_it_is_idempotent(company_a, bob, alice):
    finished(company_a, bob, alice)
    assert len(services.complaints_erase_expired_identities()) == 1
    assert services.complaints_erase_expired_identities() == []
    assert len(erase_entries()) == 1


def test_it_erases_an_anonymous_complaints_files_only(company_a, bob, alice):
    complaint = complaint_for(company_a, is_anonymous=True).complaint
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_close(complaint=complaint, actor=bob, outcome="withdrawn")
    Complaint.objects.filter(pk=complaint.pk).update(status_changed_at=timezone.now() - dt.timedelta(days=800))
    assert len(services.complaints_erase_expired_identities()) == 1
    (entry,) = erase_entries()
    assert entry.changed_fields == ["attachments"]
    complaint.refresh_from_db()
    assert complaint.is_anonymous is True


def test_the_command_lists_in_dry_run_and_erases_otherwise(company_a, bob, alice):
    complaint = finished(company_a, bob, alice)
    out = StringIO()
    call_command("erase_complainant_identities", "--dry-run", stdout=out)
    assert complaint.reference in out.getvalue() and "1 complaint(s) due for erasure" in out.getvalue()
    complaint.refresh_from_db()
    assert complaint.complainant_name == CANARY_NAME and erase_entries() == []

    out = StringIO()
    call_command("erase_complainant_identities", stdout=out)
    assert "1 complaint(s) erased" in out.getvalue()
    complaint.refresh_from_db()
    assert complaint.complainant_name == "" and len(erase_entries()) == 1


def test_beat_runs_the_erasure_daily(company_a, bob, alice):
    entry = django_settings.CELERY_BEAT_SCHEDULE["complaints-erase-expired-identities"]
    assert entry["task"] == "complaints.tasks.erase_expired_identities" and entry["schedule"] == 86400.0
    finished(company_a, bob, alice)
    assert erase_expired_identities.delay().get() == 1


def test_it_blanks_the_message_thread_and_deletes_its_files_too(
    company_a, bob, alice, django_capture_on_commit_callbacks
):
    from complaints import messaging
    from complaints.models import ComplaintMessage
    from complaints.uploads import clean_uploads
    from tests.complaints.files import pdf

    complaint = complaint_for(company_a).complaint
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    messaging.message_send(complaint=complaint, actor=alice, body="Canary-Tanya-1212 ada slip gaji?")
    answer = messaging.complainant_reply(
        complaint_id=complaint.pk, body="Canary-Jawab-1212", files=clean_uploads([pdf()])
    )
    path = Path(answer.attachments.get().file.path)
    services.complaint_start(complaint=complaint, actor=alice)
    services.complaint_resolve(complaint=complaint, actor=alice, outcome="settled")
    services.complaint_close(complaint=complaint, actor=bob, outcome="settled")
    Complaint.objects.filter(pk=complaint.pk).update(status_changed_at=timezone.now() - dt.timedelta(days=731))

    with django_capture_on_commit_callbacks(execute=True):
        assert [c.pk for c in services.complaints_erase_expired_identities()] == [complaint.pk]

    assert list(ComplaintMessage.objects.filter(complaint=complaint).values_list("body", flat=True)) == ["", ""]
    assert not answer.attachments.exists() and not path.exists()
    assert "messages" in erase_entries()[0].changed_fields
    # Nothing left to erase: a second run finds nothing.
    assert services.complaints_erase_expired_identities() == []

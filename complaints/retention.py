"""Retention of complainant identities: erasing them, the evidence files and the message thread's
texts and files, once a finished complaint is past COMPLAINANT_RETENTION_DAYS, unless an
investigation from it is still open.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from inspectorate import storage
from inspectorate.models import Staff

from .choices import EventKind, Status
from .models import Complaint, ComplaintEvent, ComplaintMessage, ComplaintMessageAttachment

# Final states after which the complainant's identity is kept only for the retention period.
RETENTION_STATUSES = (Status.CLOSED, Status.REJECTED, Status.REFERRED)
ERASED_FIELDS = (
    "complainant_name",
    "complainant_contact",
    "complainant_phone",
    "complainant_email",
    "complainant_id_number",
)


def _under_legal_hold():
    """Complaints whose visits led (through their notices) to an investigation still open."""
    from inspections.choices import InvestigationStatus

    return Q(inspections__notices__investigation__status=InvestigationStatus.OPEN)


def identities_due_for_erasure(*, now: datetime | None = None):
    """Complaints past retention, not under legal hold, that still hold an identity or evidence files."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.COMPLAINANT_RETENTION_DAYS)
    holding = (
        ~Q(complainant_name="")
        | ~Q(complainant_contact="")
        | ~Q(complainant_phone="")
        | ~Q(complainant_email="")
        | ~Q(complainant_id_number="")
        | Q(attachments__isnull=False)
        | Q(messages__body__gt="")
        | Q(messages__attachments__isnull=False)
    )
    held = Complaint.objects.filter(_under_legal_hold()).values("pk")
    return (
        Complaint.objects.filter(status__in=RETENTION_STATUSES, status_changed_at__lte=cutoff)
        .filter(holding)
        .exclude(pk__in=held)
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def complaint_erase_identity(*, complaint: Complaint, now: datetime | None = None, actor: Staff | None = None) -> bool:
    """Erase the complainant's identity and evidence files of one complaint past retention.

    The complaint, its figures and its history stay; ``is_anonymous`` keeps what the complainant
    chose. Attachments are deleted with their files: evidence can identify the complainant and is
    only shown to those who may see the identity. The message thread's texts are blanked and its
    files deleted for the same reason. Returns False (and changes nothing) when the
    complaint is not due: still open, within retention, under legal hold, or already erased.
    """
    due = identities_due_for_erasure(now=now).filter(pk=complaint.pk)
    locked = Complaint.objects.select_for_update(of=("self",)).filter(pk__in=due.values("pk")).first()
    if locked is None:
        return False
    fields = [name for name in ERASED_FIELDS if getattr(locked, name)]
    for name in fields:
        setattr(locked, name, "")
    locked.save(update_fields=[*fields, "updated_at"])
    stored = []
    attachments = list(locked.attachments.all())
    if attachments:
        fields.append("attachments")
        stored += [(a.file.storage, a.file.name) for a in attachments]
        locked.attachments.all().delete()
    # The thread is sealed like the identity: its texts are blanked (the rows stay, as history) and
    # its files deleted.
    message_files = ComplaintMessageAttachment.objects.filter(message__complaint=locked)
    texts = ComplaintMessage.objects.filter(complaint=locked).exclude(body="")
    if message_files.exists() or texts.exists():
        fields.append("messages")
        stored += [(a.file.storage, a.file.name) for a in message_files]
        message_files.delete()
        texts.update(body="")
    if stored:
        # Files go only once the rows are gone for good: a rollback keeps both.
        transaction.on_commit(lambda: [storage.delete_quietly(store, name) for store, name in stored])
    ComplaintEvent.objects.create(
        complaint=locked, kind=EventKind.NOTE, actor=actor, at=timezone.now(),
        note=_("The complainant's identity and evidence files were erased at the end of the retention period."),
    )  # fmt: skip
    audit_record(
        action=Action.ERASE,
        actor=actor,
        obj=locked,
        fields=fields,
        extra={"retention_days": settings.COMPLAINANT_RETENTION_DAYS},
    )
    return True


def complaints_erase_expired_identities(*, now: datetime | None = None, dry_run: bool = False) -> list[Complaint]:
    """Erase every complaint due (each in its own transaction); with ``dry_run`` only list them."""
    due = list(identities_due_for_erasure(now=now))
    if dry_run:
        return due
    return [complaint for complaint in due if complaint_erase_identity(complaint=complaint, now=now)]

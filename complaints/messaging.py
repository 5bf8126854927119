"""The two-way channel between the office and the complainant (the tracking page's thread).

- :func:`message_send`: the assigned inspector, the office head or an admin writes to the
  complainant from the complaint page (the ``message`` step of complaints/steps.py). When the
  complainant left an e-mail address (and did not opt out), an update e-mail is recorded with
  the message and sent on commit: it says only that there is news, the reference and the
  tracking page's address, with an opt-out link; never the message itself.
- :func:`complainant_reply`: the complainant answers from the tracking page, with files checked
  like the intake's; the assigned inspector and the office's heads are notified (without the
  text: ``complaint.message_received``).
- :func:`messages_for`: the thread for a staff page, only for those who may see the identity
  (confidentiality.can_see_identity), every read on the audit trail.

Messages are sealed like the identity: their text and files never reach the history's notes,
notifications, exports, the API of other roles or anything the company receives. A closed,
rejected or referred complaint's thread is read-only (``choices.MESSAGE_STATUSES``).
"""

from __future__ import annotations

import logging
import re
import secrets
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from inspectorate import storage
from inspectorate.choices import Role
from inspectorate.models import Staff
from inspectorate.prepared import prepared
from notifications import services as outbox
from notifications.services import notify

from . import confidentiality
from .choices import MESSAGE_STATUSES, EventKind, MessageDirection, UpdateEmailState
from .models import Complaint, ComplaintEvent, ComplaintMessage, ComplaintMessageAttachment
from .services import ComplaintTransitionError, _lock, _require
from .uploads import CleanFile

logger = logging.getLogger(__name__)

MAX_LENGTH = 5000
UNSUBSCRIBE_SALT = "complaints.complainant-updates-off"
_EMAIL_RE = re.compile(r"[^\s,;<>()]+@[^\s,;<>()]+\.[^\s,;<>()]+")


def complainant_email(complaint: Complaint) -> str:
    """The complainant's e-mail address, or ``""`` (anonymous, a phone number only, erased).

    The validated ``complainant_email`` field; for complaints filed before it existed, an address
    written in the free-text contact.
    """
    if complaint.is_anonymous:
        return ""
    if complaint.complainant_email:
        return complaint.complainant_email
    match = _EMAIL_RE.search(complaint.complainant_contact or "")
    if match is None:
        return ""
    try:
        validate_email(match.group(0))
    except ValidationError:
        return ""
    return match.group(0)


def thread_open(complaint: Complaint) -> bool:
    return complaint.status in MESSAGE_STATUSES


def _clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "").strip()
    if len(body) > MAX_LENGTH:
        raise ComplaintTransitionError(_("A message is at most %(max)d characters long.") % {"max": MAX_LENGTH})
    return body


def _check_open(complaint: Complaint) -> None:
    if not thread_open(complaint):
        raise ComplaintTransitionError(_("This complaint is closed: its messages can be read but no longer answered."))


@transaction.atomic
def message_send(*, complaint: Complaint, actor: Staff, body: str) -> ComplaintMessage:
    """A question or an update from the office to the complainant (the ``message`` step)."""
    complaint = _lock(complaint, actor)
    _require(actor, complaint, "message")
    _check_open(complaint)
    body = _clean_body(body)
    if not body:
        raise ComplaintTransitionError(_("Write the message."))
    now = timezone.now()
    wants_email = bool(complainant_email(complaint)) and not complaint.complainant_updates_off
    message = ComplaintMessage.objects.create(
        complaint=complaint,
        direction=MessageDirection.TO_COMPLAINANT,
        author=actor,
        body=body,
        created_at=now,
        email_state=UpdateEmailState.PENDING if wants_email else UpdateEmailState.SKIPPED,
    )
    ComplaintEvent.objects.create(complaint=complaint, kind=EventKind.MESSAGE_OUT, actor=actor, at=now)
    audit_record(
        action=Action.CREATE, actor=actor, obj=message, fields=["body"], extra={"reference": complaint.reference}
    )
    if wants_email:
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _heads(office_id: int) -> list[Staff]:
    return list(Staff.objects.filter(office_id=office_id, role=Role.OFFICE_HEAD, is_active=True))


@transaction.atomic
def complainant_reply(*, complaint_id: int, body: str, files: list[CleanFile] = ()) -> ComplaintMessage:
    """The complainant's message from the tracking page (they proved the code; there is no account)."""
    complaint = Complaint.objects.select_for_update(of=("self",)).select_related("office").get(pk=complaint_id)
    _check_open(complaint)
    body = _clean_body(body)
    if not body and not files:
        raise ComplaintTransitionError(_("Write a message or attach a file."))
    now = timezone.now()
    message = ComplaintMessage.objects.create(
        complaint=complaint, direction=MessageDirection.FROM_COMPLAINANT, body=body, created_at=now
    )
    for number, clean in enumerate(files, start=1):
        attachment = ComplaintMessageAttachment(
            message=message,
            name=f"{complaint.reference}-M{message.pk}-{number}.{clean.extension}",
            content_type=clean.content_type,
            size=clean.size,
        )
        # A random stored name: nothing of the original file name reaches the disk.
        storage.save_file(attachment.file, f"{secrets.token_hex(16)}.{clean.extension}", clean.content)
        attachment.save()
    ComplaintEvent.objects.create(complaint=complaint, kind=EventKind.MESSAGE_IN, at=now)
    audit_record(
        action=Action.CREATE,
        obj=message,
        fields=["body", *(["attachments"] if files else [])],
        extra={"reference": complaint.reference, "via": "tracking page"},
    )
    notify(
        recipients=[complaint.assigned_to, *_heads(complaint.office_id)],
        event="complaint.message_received",
        key=f"complaint-message:{message.pk}",
        target=complaint,
        params={"reference": complaint.reference},
    )
    return message


@prepared("complaint_id")
def _staff_thread(*, complaint_id: int):
    return (
        ComplaintMessage.objects.filter(complaint_id=complaint_id)
        .select_related("author")
        .prefetch_related("attachments")
    )


def messages_for(*, user, complaint: Complaint, request=None, via: str) -> list[ComplaintMessage] | None:
    """The thread for a staff reader, logged; ``None`` for those who may not see it."""
    if not confidentiality.can_see_identity(user, complaint):
        return None
    thread = _staff_thread(complaint_id=complaint.pk)
    if thread:
        audit_record(
            action=Action.SEALED_READ,
            request=request,
            actor=user,
            obj=complaint,
            fields=["messages"],
            extra={"via": via, "reference": complaint.reference, "count": len(thread)},
        )
    return thread


def public_thread(*, complaint: Complaint) -> list[ComplaintMessage]:
    """The thread as the complainant reads it on the tracking page (who wrote it: never a staff name)."""
    return list(complaint.messages.prefetch_related("attachments"))


# --- The complainant's update e-mail ---------------------------------------------------------


def _enqueue(message_id: int) -> bool:
    from .tasks import send_complainant_update_email

    try:
        send_complainant_update_email.apply_async(args=[message_id], task_id=str(uuid.uuid4()))
    except outbox.ENQUEUE_ERRORS as exc:
        logger.warning("Complainant e-mail %s stays pending: the task queue is unreachable (%s)", message_id, exc)
        return False
    ComplaintMessage.objects.filter(pk=message_id).update(email_dispatched_at=timezone.now())
    return True


def unsubscribe_token(complaint: Complaint) -> str:
    return signing.dumps(complaint.pk, salt=UNSUBSCRIBE_SALT)


def _update_email(message: ComplaintMessage, to: str) -> EmailMultiAlternatives:
    complaint = message.complaint
    context = {
        "reference": complaint.reference,
        "track_link": outbox.absolute_url(reverse("complaints:public_track")),
        "unsubscribe_link": outbox.absolute_url(
            reverse("complaints:public_updates_off", args=[unsubscribe_token(complaint)])
        ),
    }
    # The complainant has no account and no language preference: the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("News on your complaint %(reference)s") % {"reference": complaint.reference}
        text = render_to_string("complaints/email/complainant_update.txt", context)
        html = render_to_string("complaints/email/complainant_update.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={
            "Message-ID": outbox.message_id("complaint-message", message.pk),
            "List-Unsubscribe": f"<{context['unsubscribe_link']}>",
        },
    )
    email.attach_alternative(html, "text/html")
    return email


def complainant_email_send(*, message_id: int) -> str:
    """Send one update e-mail if this call wins the claim (the notifications' outbox pattern)."""
    if not outbox.outbox_claim(ComplaintMessage, message_id):
        return "skipped"
    message = ComplaintMessage.objects.select_related("complaint").get(pk=message_id)
    to = complainant_email(message.complaint)
    if not to or message.complaint.complainant_updates_off:
        # Erased by retention or opted out since: nothing to send, ever.
        ComplaintMessage.objects.filter(pk=message_id).update(email_state=UpdateEmailState.SKIPPED)
        return UpdateEmailState.SKIPPED
    try:
        _update_email(message, to).send()
    except outbox.SEND_ERRORS as exc:
        return outbox.outbox_failed(ComplaintMessage, message_id, attempts=message.email_attempts, error=exc)
    return outbox.outbox_sent(ComplaintMessage, message_id)


def complainant_emails_dispatch_pending(*, now=None) -> int:
    """Every minute: hand update e-mails still waiting (broker or SMTP was down) to the workers."""
    sent = 0
    for pk in outbox.outbox_waiting(ComplaintMessage, now=now or timezone.now()):
        if not _enqueue(pk):
            break
        sent += 1
    return sent


@transaction.atomic
def complainant_updates_stop(*, token: str) -> Complaint:
    """Stop the update e-mails of the complaint the signed ``token`` names (``BadSignature`` otherwise)."""
    pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=pk)
    if not complaint.complainant_updates_off:
        complaint.complainant_updates_off = True
        complaint.save(update_fields=["complainant_updates_off", "updated_at"])
        audit_record(action=Action.UPDATE, obj=complaint, fields=["complainant_updates_off"])
    return complaint

"""Statuses, outcomes, channels and the allowed transitions of a complaint."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    SCREENED = "screened", _("Screened")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    REFERRED = "referred", _("Referred")


class Outcome(models.TextChoices):
    COMPLIED_AFTER_ORDER = "complied_after_order", _("Complied after order")
    SETTLED = "settled", _("Settled by agreement")
    NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DUPLICATE = "duplicate", _("Duplicate")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    REFERRAL = "referral", _("Referral")


class EventKind(models.TextChoices):
    CREATED = "created", _("Received")
    STATUS = "status", _("Status changed")
    ASSIGNMENT = "assignment", _("Assigned")
    NOTE = "note", _("Note")
    ATTACHMENT = "attachment", _("Attachment added")
    DUPLICATE = "duplicate", _("Linked as duplicate")
    # The text of a message is never in the history: it is sealed (complaints/messaging.py).
    MESSAGE_OUT = "message_out", _("Message to the complainant")
    MESSAGE_IN = "message_in", _("Message from the complainant")


class MessageDirection(models.TextChoices):
    TO_COMPLAINANT = "to_complainant", _("To the complainant")
    FROM_COMPLAINANT = "from_complainant", _("From the complainant")


class UpdateEmailState(models.TextChoices):
    """Where the complainant's "there is news" e-mail of an office message is."""

    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("not sent by e-mail")
    FAILED = "failed", _("failed")


# The allowed moves are the step map in complaints/steps.py (STEPS, ALLOWED_TRANSITIONS).

# Complaints in these statuses count as resolved for the resolution rate (DESIGN.md §3).
RESOLVED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})
# Excluded from the resolution rate's denominator.
EXCLUDED_STATUSES = frozenset({Status.REJECTED, Status.REFERRED})
OPEN_STATUSES = frozenset({Status.RECEIVED, Status.SCREENED, Status.ASSIGNED, Status.IN_PROGRESS})

# What the complainant is told on the public tracking page, one plain sentence per status.
PUBLIC_STATUS_TEXT = {
    Status.RECEIVED: _("Your complaint has been received and is waiting to be examined."),
    Status.SCREENED: _("Your complaint has been examined and is waiting for an inspector."),
    Status.ASSIGNED: _("An inspector has been given your complaint."),
    Status.IN_PROGRESS: _("An inspector is handling your complaint."),
    Status.RESOLVED: _("Your complaint has been resolved."),
    Status.CLOSED: _("Your complaint has been resolved and closed."),
    Status.REJECTED: _("Your complaint could not be handled by the labour inspectorate."),
    Status.REFERRED: _("Your complaint has been passed on to another competent body."),
}

# The complainant and the office may write to each other while the complaint is open or just
# resolved; a closed, rejected or referred complaint's thread is read-only.
MESSAGE_STATUSES = OPEN_STATUSES | {Status.RESOLVED}

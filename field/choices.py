"""What a device sends from its outbox, and what became of it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OperationKind(models.TextChoices):
    """One queued action of the offline visit page."""

    START = "start", _("Start the visit")
    VISIT = "visit", _("Visit record")
    NOTE = "note", _("Field note")
    FINDING_ADD = "finding_add", _("New finding")
    FINDING_EDIT = "finding_edit", _("Finding change")
    PHOTO = "photo", _("Photo")
    CHECKLIST_START = "checklist_start", _("Start the checklist")
    ANSWER = "answer", _("Checklist answer")
    ANSWER_PHOTO = "answer_photo", _("Checklist answer photo")
    REPORT = "report", _("Report the visit")


class OperationStatus(models.TextChoices):
    """Applied, or refused as a conflict for a person to resolve."""

    APPLIED = "applied", _("Applied")
    CONFLICT = "conflict", _("Conflict")


class ConflictReason(models.TextChoices):
    """Why the server refused an offline change."""

    CHANGED = "changed", _("Changed by someone else meanwhile")
    LOCKED = "locked", _("The visit was reported meanwhile")


class ConflictStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Resolution(models.TextChoices):
    """How a person settled a conflict."""

    SERVER = "server", _("Kept the value on the server")
    MINE = "mine", _("Used the offline value")
    EDITED = "edited", _("Wrote a new value")
    ADDENDUM = "addendum", _("Added as an addendum")
    DISCARD = "discard", _("Discarded the offline change")


RESOLUTIONS_FOR = {
    ConflictReason.CHANGED: (Resolution.SERVER, Resolution.MINE, Resolution.EDITED),
    ConflictReason.LOCKED: (Resolution.ADDENDUM, Resolution.DISCARD),
}

"""Kinds, statuses and severities of visits, findings, notices and investigations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    COMPLAINT = "complaint", _("Complaint")
    FOLLOW_UP = "follow_up", _("Follow-up")
    ACCIDENT = "accident", _("Accident")
    ASSIGNMENT = "assignment", _("Special assignment")
    BPJS_JOINT = "bpjs_joint", _("Joint inspection with BPJS")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# The allowed moves of visits, notices and investigations: inspections/steps.py.

# Visits in these statuses count toward the quota (DESIGN.md §3), except assignments.
COUNTED_STATUSES = frozenset({InspectionStatus.REPORTED, InspectionStatus.CLOSED})


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CORRECTED = "corrected", _("Corrected")
    ESCALATED = "escalated", _("Escalated")


class NoticeLevel(models.TextChoices):
    FIRST = "I", _("Nota Pemeriksaan I")
    SECOND = "II", _("Nota Pemeriksaan II")


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    COMPLIED = "complied", _("Complied")
    NOT_COMPLIED = "not_complied", _("Not complied")


class InvestigationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class InvestigationOutcome(models.TextChoices):
    CASE_FILE_COMPLETE = "case_file_complete", _("Case file handed to the prosecutor")
    COMPLIED = "complied", _("Company complied")
    STOPPED = "stopped", _("Investigation stopped")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class RecordedObject(models.TextChoices):
    """What a change record is about."""

    INSPECTION = "inspection", _("Visit")
    FINDING = "finding", _("Finding")
    NOTICE = "notice", _("Notice")
    INVESTIGATION = "investigation", _("Investigation")


FINDING_TRANSITIONS: dict[str, frozenset[str]] = {
    FindingStatus.OPEN: frozenset({FindingStatus.CORRECTED, FindingStatus.ESCALATED}),
    FindingStatus.CORRECTED: frozenset(),
    FindingStatus.ESCALATED: frozenset(),
}

# A visit in these statuses is a record: it can only be completed by addenda.
LOCKED_STATUSES = frozenset({InspectionStatus.REPORTED, InspectionStatus.CLOSED, InspectionStatus.CANCELLED})

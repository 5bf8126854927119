"""Kinds and statuses of monthly reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    QUOTA = "quota", _("Inspection quota")
    RESOLUTION = "resolution", _("Complaint resolution")
    ANNUAL = "annual", _("Annual report (ILO C81)")


# Built every month by the schedule; the annual report is requested by a person (month = 1 January).
MONTHLY_KINDS = (ReportKind.QUOTA, ReportKind.RESOLUTION)


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ScopeLevel(models.TextChoices):
    OFFICE = "office", _("Office")
    REGION = "region", _("Region")
    NATIONAL = "national", _("National")


# A build is tried at most this many times: the first run and one rebuild after a lost worker.
MAX_ATTEMPTS = 2

"""Roles and other fixed vocabularies of the organisation."""

import zoneinfo

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INSPECTOR = "inspector", _("Inspector")
    OFFICE_HEAD = "office_head", _("Office head")
    OFFICIAL = "official", _("Official")
    ADMIN = "admin", _("Administrator")


# Indonesia's three zones first; any IANA zone is accepted so other inspectorates can use it.
INDONESIAN_TIME_ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
TIME_ZONE_CHOICES = [(tz, tz) for tz in INDONESIAN_TIME_ZONES] + [
    (tz, tz) for tz in sorted(zoneinfo.available_timezones()) if tz not in INDONESIAN_TIME_ZONES and "/" in tz
]


class NormCategory(models.TextChoices):
    """The norm clusters shared by complaint categories and inspection findings."""

    WAGES = "wages", _("Wages")
    WORKING_TIME = "working_time", _("Working time and overtime")
    EMPLOYMENT_RELATIONSHIP = "employment_relationship", _("Employment relationship (contracts, outsourcing)")
    TERMINATION = "termination", _("Termination and severance")
    OSH = "osh", _("Occupational safety and health (K3)")
    SOCIAL_SECURITY = "social_security", _("Social security (BPJS)")
    FREEDOM_OF_ASSOCIATION = "freedom_of_association", _("Freedom of association")
    CHILD_LABOUR = "child_labour", _("Child labour")
    FOREIGN_WORKERS = "foreign_workers", _("Foreign workers")
    DISCRIMINATION = "discrimination", _("Discrimination and harassment")
    OTHER = "other", _("Other")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")

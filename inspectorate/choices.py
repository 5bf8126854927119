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

"""Roles and other fixed vocabularies of the organisation."""

import zoneinfo

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
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


_LABELS: dict[tuple, dict] = {}


def choice_labels(field) -> dict:
    """``{value: translated label}`` of a model field's choices, built once per field and language."""
    key = (field.model, field.name, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {make_hashable(value): str(label) for value, label in field.flatchoices}
    return labels


def choice_label(field, value) -> str:
    """The label of ``value`` in a model field's choices, in the current language (the value itself
    when it is not one of them), as Django's ``get_FOO_display`` gives it."""
    return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)


class ChoiceLabels:
    """Model mixin: ``get_FOO_display()`` from :func:`choice_labels` instead of translating every label.

    Django's own ``get_FOO_display`` builds a dict of all the field's choices on each call, which
    translates every lazy label; a work queue page called it hundreds of times (a category's
    ``__str__``, each row's status) and spent more time there than in its SQL.
    """

    def _get_FIELD_display(self, field):
        return choice_label(field, getattr(self, field.attname))


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")

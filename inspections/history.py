"""A visit's history as people read it: a sentence per entry, field labels, values in local time.

The change records keep machine words (``"started"``, ``{"field": "visited_at", ...}``) so they
stay stable whatever the reader's language; this module turns them into the reader's language
at display time, with times in the office's zone.
"""

import datetime as dt

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from inspectorate.localtime import format_local

from .choices import RecordedObject
from .models import Finding, Inspection, Investigation, Notice

ACTIONS = {
    "planned": _("Visit planned"),
    "started": _("Visit started"),
    "updated": _("Visit record updated"),
    "reported": _("Visit reported"),
    "closed": _("Visit closed"),
    "cancelled": _("Visit cancelled"),
    "note added": _("Field note added"),
    "file added": _("File added"),
    "addendum added": _("Addendum added"),
    "finding added": _("Finding recorded"),
    "finding updated": _("Finding updated"),
    "conflict recorded": _("Offline change refused: the finding had changed meanwhile"),
    "conflict resolved": _("Offline conflict resolved"),
    "finding corrected": _("Finding corrected"),
    "finding escalated": _("Finding escalated"),
    "notice issued": _("Notice issued"),
    "notice complied": _("Notice complied with"),
    "notice not_complied": _("Notice not complied with"),
    "investigation opened": _("Investigation opened"),
    "step added": _("Investigation step added"),
    "investigation closed": _("Investigation closed"),
    "imported (demo data)": _("Imported with the demo data"),
}
MODELS = {
    RecordedObject.INSPECTION: Inspection,
    RecordedObject.FINDING: Finding,
    RecordedObject.NOTICE: Notice,
    RecordedObject.INVESTIGATION: Investigation,
}
# Names in the records that are not fields of the model.
EXTRA_LABELS = {
    "reason": _("reason"),
    "attachment": _("file"),
    "step": _("step"),
    "previous": _("previous notice"),
    "findings": _("findings"),
    "team": _("team"),
    "investigator": _("investigator"),
}


def entries(records, office) -> list[dict]:
    """Display rows for :class:`~inspections.models.ChangeRecord` objects of one office's visit."""
    return [
        {
            "at": record.at,
            "actor": record.actor,
            "text": ACTIONS.get(record.action, _("Changed")),
            "subject": f"{record.get_object_type_display()} #{record.object_id}",
            "changes": [_change(record.object_type, change, office) for change in record.changes],
        }
        for record in records
    ]


def _change(object_type: str, change: dict, office) -> dict:
    model = MODELS.get(object_type, Inspection)
    name = change.get("field", "")
    try:
        field = model._meta.get_field(name)
        label = str(field.verbose_name)
    except FieldDoesNotExist:
        field, label = None, str(EXTRA_LABELS.get(name, name.replace("_", " ")))
    row = {"label": label}
    if "new" in change:
        row["old"] = _value(field, change.get("old"), office)
        row["new"] = _value(field, change.get("new"), office)
    return row


def _value(field, value, office) -> str:
    if value in ("", None):
        return ""
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if "T" in value or " " in value.strip():
            return format_local(parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC), office)
        return format_local(parsed.date(), office)
    return str(value)

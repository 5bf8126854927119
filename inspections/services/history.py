"""The change history of visits and notices, and the addenda that correct a locked record."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record

from ..choices import RecordedObject
from ..models import Addendum, ChangeRecord, Inspection, Notice
from ..steps import INSPECTION_STEPS, NOTICE_STEPS
from ._common import _allow_on_visit, _lock_inspection, _lock_notice

# Fields whose values never go into the history (the history is shown to every reader of the visit).
SENSITIVE_FIELDS = frozenset({"origin_complaint"})


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _diff(obj: Model, values: dict) -> list[dict]:
    changes = []
    for name, new in values.items():
        old = getattr(obj, name)
        if old == new:
            continue
        entry = {"field": name}
        if name not in SENSITIVE_FIELDS:
            entry.update(old=_text(old), new=_text(new))
        changes.append(entry)
    return changes


# History actions that create their object; the audit trail calls them "create".
CREATING_ACTIONS = frozenset({"planned", "finding added", "notice issued", "investigation opened"})
# What an action without field changes adds to its object, named for the audit trail.
ADDED_PARTS = {"note added": "field_notes", "file added": "attachments", "addendum added": "addenda"}


def record_change(
    *, inspection: Inspection, kind: str, obj: Model, actor, action: str, changes: Sequence[dict] = ()
) -> ChangeRecord:
    """Append to the visit's history and, in the same transaction, one entry to the audit trail."""
    change = ChangeRecord.objects.create(
        inspection=inspection,
        object_type=kind,
        object_id=obj.pk,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        changes=list(changes),
    )
    fields = [c["field"] for c in changes] or [ADDED_PARTS.get(action, "")]
    if action in CREATING_ACTIONS:
        audit_action = Action.CREATE
    elif "status" in fields:
        audit_action = Action.TRANSITION
    else:
        audit_action = Action.UPDATE
    # Field names only: the history above keeps the values, the trail never does.
    audit_record(
        action=audit_action,
        actor=actor if getattr(actor, "pk", None) else None,
        obj=obj,
        fields=[name for name in fields if name],
        extra={"step": action},
    )
    return change


_record = record_change  # the name the package's own modules use


@transaction.atomic
def addendum_add(*, actor, text: str, inspection: Inspection | None = None, notice: Notice | None = None) -> Addendum:
    """Append a correction to a reported visit or an issued notice."""
    if (inspection is None) == (notice is None):
        raise TypeError("An addendum is about a visit or a notice.")
    if not text.strip():
        raise ValidationError({"text": _("The addendum is empty.")})
    if notice is not None:
        notice = _lock_notice(notice, actor)
        inspection = notice.inspection
        _allow_on_visit(actor, inspection, "addendum", NOTICE_STEPS)
        addendum = Addendum.objects.create(notice=notice, author=actor, text=text.strip())
        _record(inspection=inspection, kind=RecordedObject.NOTICE, obj=notice, actor=actor, action="addendum added")
        return addendum
    inspection = _lock_inspection(inspection, actor)
    _allow_on_visit(actor, inspection, "addendum")
    if not INSPECTION_STEPS["addendum"].starts_from(inspection.status):
        raise ValidationError(_("Until the visit is reported, edit it directly."))
    addendum = Addendum.objects.create(inspection=inspection, author=actor, text=text.strip())
    _record(inspection=inspection, kind=RecordedObject.INSPECTION, obj=inspection, actor=actor, action="addendum added")
    return addendum

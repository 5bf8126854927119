"""Replaying a device's outbox: each change applied once, a change on a moved record kept as a conflict.

The device queues every change of the visit page with a UUID it generates (the key) and, for a
finding, the version it saw. :func:`sync_apply` locks the visit, answers a key it already knows
with the stored outcome (a replay never doubles), and otherwise calls the inspections service of
that action. A finding whose version moved, a visit-record field changed by someone else, or a visit
reported meanwhile is never overwritten: the change is stored as a :class:`SyncConflict` that the
inspector or the office head settles with :func:`conflict_resolve`.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from checklists import services as checklists
from checklists.models import Question, TemplateVersion
from inspections import services as inspections
from inspections.choices import InspectionStatus
from inspections.models import Finding, Inspection, LegalProvision
from inspectorate import access
from inspectorate.choices import Role

from .choices import RESOLUTIONS_FOR, ConflictReason, ConflictStatus, OperationKind, OperationStatus, Resolution
from .models import SyncConflict, SyncOperation

# Text fields a person can compare and rewrite on the conflict page.
VISIT_TEXT_FIELDS = ("summary", "workers_present", "wage_found")
FINDING_TEXT_FIELDS = ("description", "corrective_action", "severity")
ANSWER_FIELDS = ("value", "note")


@dataclass(frozen=True)
class SyncOutcome:
    operation: SyncOperation
    replayed: bool

    @property
    def conflict(self) -> SyncConflict | None:
        return getattr(self.operation, "conflict", None) if self.operation.status == OperationStatus.CONFLICT else None


def _text(value) -> str:
    return "" if value is None else str(value)


def _lock_visit(inspection: Inspection, actor) -> Inspection:
    return access.get_for_user(
        Inspection.objects.select_for_update(of=("self",)).select_related("office"), actor, "change", pk=inspection.pk
    )


@transaction.atomic
def sync_apply(*, actor, key: uuid.UUID, kind: str, inspection: Inspection, data: dict, upload=None) -> SyncOutcome:
    """Apply one queued change of ``inspection`` once; replays of ``key`` return the first outcome."""
    if kind not in OperationKind.values:
        raise ValidationError({"kind": _("Unknown kind of change.")})
    # The visit's row lock serialises every replay of this visit, so a key is looked up and stored
    # by one request at a time.
    inspection = _lock_visit(inspection, actor)
    known = SyncOperation.objects.select_related("conflict").filter(key=key).first()
    if known is not None:
        if known.actor_id != actor.pk or known.inspection_id != inspection.pk or known.kind != kind:
            raise ValidationError({"key": _("This change key was already used for another change.")})
        return SyncOutcome(known, replayed=True)
    operation = SyncOperation(key=key, actor=actor, inspection=inspection, kind=kind, status=OperationStatus.APPLIED)
    conflict = _HANDLERS[kind](operation, actor, inspection, data, upload)
    if conflict is not None:
        operation.status = OperationStatus.CONFLICT
    try:
        with transaction.atomic():
            operation.save()
    except IntegrityError:  # pragma: no cover - the visit lock makes this a last line of defence
        raise ValidationError({"key": _("This change key was already used for another change.")}) from None
    if conflict is not None:
        conflict.operation = operation
        conflict.save()
        inspections.offline_conflict_note(
            inspection=inspection,
            finding=conflict.finding,
            actor=actor,
            action="conflict recorded",
            changes=[
                {"field": _history_field(conflict, name), "old": conflict.server.get(name, ""), "new": value}
                for name, value in conflict.offered.items()
            ],
        )
    return SyncOutcome(operation, replayed=False)


def _history_field(conflict: SyncConflict, name: str) -> str:
    """An answer's fields are named by the question's code in the visit's history (as the page saves them)."""
    if conflict.answer is None:
        return name
    code = conflict.answer.question.code
    return code if name == "value" else f"{code} {name}"


def _conflict(
    *, inspection, actor, reason, offered, server, finding=None, answer=None, base=None, current=None
) -> SyncConflict:
    return SyncConflict(
        inspection=inspection,
        finding=finding,
        answer=answer,
        reason=reason,
        raised_by=actor,
        base_version=base,
        server_version=current,
        offered={k: _text(v) for k, v in offered.items()},
        server={k: _text(v) for k, v in server.items()},
    )


def _locked(inspection, actor, offered, finding=None) -> SyncConflict:
    server = {name: getattr(finding, name) for name in offered if finding is not None and hasattr(finding, name)}
    return _conflict(
        inspection=inspection,
        actor=actor,
        reason=ConflictReason.LOCKED,
        offered=offered,
        server=server,
        finding=finding,
    )


def _client_time(value: dt.datetime | None) -> dt.datetime:
    # A device clock ahead of the server's cannot date a note in the future.
    now = timezone.now()
    return now if value is None or value > now else value


def _start(operation, actor, inspection, data, upload):
    if inspection.status == InspectionStatus.PLANNED:
        inspections.inspection_start(inspection=inspection, actor=actor, visited_at=_client_time(data.get("at")))
    # Already started (by a team member, or by this device on a lost answer): the aim is reached.
    return None


def _report(operation, actor, inspection, data, upload):
    if inspection.status == InspectionStatus.IN_PROGRESS:
        inspections.inspection_report(inspection=inspection, actor=actor)
    elif inspection.status not in (InspectionStatus.REPORTED, InspectionStatus.CLOSED):
        raise ValidationError(_("Start the visit first."))
    return None


def _note(operation, actor, inspection, data, upload):
    text = data.get("text") or ""
    try:
        note = inspections.field_note_add(
            inspection=inspection, actor=actor, text=text, at=_client_time(data.get("at"))
        )
    except inspections.Locked:
        return _locked(inspection, actor, {"text": text})
    operation.object_id = note.pk
    return None


def _visit(operation, actor, inspection, data, upload):
    offered = {name: data[name] for name in VISIT_TEXT_FIELDS if name in data}
    if not offered:
        raise ValidationError(_("Nothing to save."))
    if inspection.status in (InspectionStatus.REPORTED, InspectionStatus.CLOSED, InspectionStatus.CANCELLED):
        return _locked(inspection, actor, offered)
    base = {name: _text(value) for name, value in (data.get("base") or {}).items()}
    server = {name: _text(getattr(inspection, name)) for name in offered}
    # A field by field three-way comparison: what the device started from, what it offers, what the server has.
    mine = {name: value for name, value in offered.items() if name not in base or _text(value) != base[name]}
    moved = {n: v for n, v in mine.items() if server[n] != base.get(n, server[n]) and server[n] != _text(v)}
    apply = {n: v for n, v in mine.items() if n not in moved and server[n] != _text(v)}
    if apply:
        inspections.inspection_update(inspection=inspection, actor=actor, **apply)
    if moved:
        reason = ConflictReason.CHANGED
        server = {name: server[name] for name in moved}
        return _conflict(inspection=inspection, actor=actor, reason=reason, offered=moved, server=server)
    return None


def _moved(operation, actor, inspection, offered, base, *, finding=None, answer=None) -> SyncConflict | None:
    """A finding or answer moved past the version the device saw: a conflict on the fields that now differ."""
    current = finding or answer
    # Only the fields where the device and the server now disagree are for a person to decide.
    differing = {
        name: value for name, value in offered.items() if _text(getattr(current, name)).strip() != _text(value).strip()
    }
    if not differing:  # the same values arrived by another way: nothing to decide
        operation.object_id, operation.version = current.pk, current.version
        return None
    return _conflict(
        inspection=inspection, actor=actor, reason=ConflictReason.CHANGED, offered=differing, finding=finding,
        answer=answer, server={name: getattr(current, name) for name in differing}, base=base,
        current=current.version,
    )  # fmt: skip


def _finding_values(data: dict) -> dict:
    provision = data.get("provision")
    if provision is not None and not isinstance(provision, LegalProvision):
        provision = LegalProvision.objects.filter(pk=provision).first()
    values = {
        "category": data.get("category") or "",
        "provision": provision,
        "description": data.get("description") or "",
        "severity": data.get("severity") or "",
        "corrective_action": data.get("corrective_action") or "",
        "deadline": data.get("deadline"),
    }
    if values["provision"] is None:
        raise ValidationError({"provision": _("Choose a legal provision.")})
    return values


def _finding_add(operation, actor, inspection, data, upload):
    values = _finding_values(data)
    try:
        finding = inspections.finding_add(inspection=inspection, actor=actor, **values)
    except inspections.Locked:
        return _locked(inspection, actor, {k: values[k] for k in ("description", "corrective_action")})
    operation.object_id, operation.version = finding.pk, finding.version
    return None


def _finding_edit(operation, actor, inspection, data, upload):
    finding = access.get_for_user(Finding.objects.all(), actor, "change", pk=data.get("finding"), inspection=inspection)
    offered = {name: data[name] for name in FINDING_TEXT_FIELDS if name in data}
    if not offered:
        raise ValidationError(_("Nothing to save."))
    base = data.get("base_version")
    if base is None:
        raise ValidationError({"base_version": _("The version the change was made on is missing.")})
    try:
        finding = inspections.finding_update(finding=finding, actor=actor, expected_version=base, **offered)
    except inspections.VersionConflict as exc:
        return _moved(operation, actor, inspection, offered, base, finding=exc.current)
    except inspections.Locked:
        return _locked(inspection, actor, offered, finding=finding)
    operation.object_id, operation.version = finding.pk, finding.version
    return None


def _photo(operation, actor, inspection, data, upload):
    if upload is None:
        raise ValidationError({"file": _("The photo is missing.")})
    attachment = inspections.attachment_add(
        inspection=inspection, actor=actor, upload=upload, caption=data.get("caption") or ""
    )
    operation.object_id = attachment.pk
    return None


def _checklist_start(operation, actor, inspection, data, upload):
    version = TemplateVersion.objects.filter(pk=data.get("checklist_version")).first()
    if version is None:
        raise ValidationError({"checklist_version": _("Choose a checklist.")})
    started = inspection.checklists.filter(version__template_id=version.template_id).first()
    if started is None:
        started = checklists.checklist_start(inspection=inspection, actor=actor, version=version)
    elif started.version_id != version.pk:
        # Started on another version meanwhile: the device's answers are to questions the visit does not have.
        raise ValidationError(_("This visit's checklist was started on another version; answer it online."))
    operation.object_id = started.pk
    return None


def _question_and_checklist(inspection, data):
    question = Question.objects.select_related("section").filter(pk=data.get("question")).first()
    checklist = question and inspection.checklists.filter(version_id=question.section.version_id).first()
    if checklist is None:
        raise ValidationError({"question": _("This question is not on the visit's checklist.")})
    return question, checklist


def _answer(operation, actor, inspection, data, upload):
    question, checklist = _question_and_checklist(inspection, data)
    offered = {"value": _text(data.get("value")), "note": _text(data.get("note"))}
    base = data.get("base_version")
    if base is None:
        raise ValidationError({"base_version": _("The version the change was made on is missing.")})
    try:
        answer = checklists.answer_save(
            checklist=checklist, question=question, actor=actor, value=offered["value"], note=offered["note"],
            expected_version=base, at=_client_time(data.get("at")),
        )  # fmt: skip
    except inspections.VersionConflict as exc:
        return _moved(operation, actor, inspection, offered, base, answer=exc.current)
    except inspections.Locked:
        return _locked(inspection, actor, offered)
    operation.object_id, operation.version = answer.pk, answer.version
    return None


def _answer_photo(operation, actor, inspection, data, upload):
    if upload is None:
        raise ValidationError({"file": _("The photo is missing.")})
    question, checklist = _question_and_checklist(inspection, data)
    answer = checklists.answer_photo_add(checklist=checklist, question=question, actor=actor, upload=upload)
    operation.object_id, operation.version = answer.pk, answer.version
    return None


_HANDLERS = {
    OperationKind.START: _start,
    OperationKind.VISIT: _visit,
    OperationKind.NOTE: _note,
    OperationKind.FINDING_ADD: _finding_add,
    OperationKind.FINDING_EDIT: _finding_edit,
    OperationKind.PHOTO: _photo,
    OperationKind.CHECKLIST_START: _checklist_start,
    OperationKind.ANSWER: _answer,
    OperationKind.ANSWER_PHOTO: _answer_photo,
    OperationKind.REPORT: _report,
}


def may_resolve(actor, conflict: SyncConflict) -> bool:
    """The inspector who raised it, the office head of the visit's office, or an admin."""
    if access.is_admin(actor):
        return True
    if actor.role == Role.OFFICE_HEAD and actor.office_id == conflict.inspection.office_id:
        return True
    return conflict.raised_by_id == actor.pk


@transaction.atomic
def conflict_resolve(
    *, actor, conflict: SyncConflict, resolution: str, values: dict | None = None, seen=None
) -> SyncConflict:
    """Settle an open conflict: keep the server's value, use the offline one, write a new one,
    or (for a visit reported meanwhile) add the offline text as an addendum or discard it.

    ``seen`` is what the person compared against: the finding's version, or the visit record's values.
    """
    conflict = access.get_for_user(
        SyncConflict.objects.select_for_update(of=("self",)).select_related(
            "inspection__office", "finding", "answer__question"
        ),
        actor,
        "change",
        pk=conflict.pk,
    )
    if not may_resolve(actor, conflict):
        raise PermissionDenied(_("Only the inspector who made the change or the office head resolves this conflict."))
    if conflict.status != ConflictStatus.OPEN:
        raise ValidationError(_("This conflict is already resolved."))
    if resolution not in RESOLUTIONS_FOR[conflict.reason]:
        raise ValidationError({"resolution": _("Choose one of the offered resolutions.")})
    chosen = {}
    if resolution == Resolution.MINE:
        chosen = dict(conflict.offered)
    elif resolution == Resolution.EDITED:
        chosen = {name: (values or {}).get(name, "") for name in conflict.offered}
    if chosen:
        _apply_chosen(conflict, actor, chosen, seen)
    elif resolution == Resolution.ADDENDUM:
        text = "\n".join(value for value in conflict.offered.values() if value.strip())
        inspections.addendum_add(actor=actor, inspection=conflict.inspection, text=text)
    inspections.offline_conflict_note(
        inspection=conflict.inspection,
        finding=conflict.finding,
        actor=actor,
        action="conflict resolved",
        changes=[{"field": _history_field(conflict, "resolution"), "old": "", "new": resolution}],
    )
    conflict.status = ConflictStatus.RESOLVED
    conflict.resolution = resolution
    conflict.resolved_by = actor
    conflict.resolved_at = timezone.now()
    conflict.full_clean(exclude=["operation", "inspection", "finding", "raised_by", "resolved_by"])
    conflict.save()
    audit_record(action=Action.UPDATE, actor=actor, obj=conflict, fields=["status", "resolution"])
    return conflict


def _apply_chosen(conflict: SyncConflict, actor, chosen: dict, seen) -> None:
    """Apply what the person chose, on the server values they saw (``seen``); a change made since is shown anew."""
    if conflict.answer is not None:
        answer = conflict.answer
        values = {"value": answer.value, "note": answer.note, **chosen}
        try:
            checklists.answer_save(
                checklist=answer.checklist, question=answer.question, actor=actor, value=values["value"],
                note=values["note"], expected_version=seen if seen is not None else conflict.server_version,
            )  # fmt: skip
        except inspections.VersionConflict as exc:
            raise ValidationError(_("The answer changed again; look at the new values and decide again.")) from exc
        return
    if conflict.finding is not None:
        expected = seen if seen is not None else conflict.server_version
        try:
            inspections.finding_update(finding=conflict.finding, actor=actor, expected_version=expected, **chosen)
        except inspections.VersionConflict as exc:
            raise ValidationError(_("The finding changed again; look at the new values and decide again.")) from exc
        return
    inspection = conflict.inspection
    expected = seen if seen is not None else conflict.server
    current = {name: _text(getattr(inspection, name)) for name in conflict.offered}
    if current != {name: _text(expected.get(name)) for name in conflict.offered}:
        raise ValidationError(_("The visit record changed again; look at the new values and decide again."))
    for name, smallest in WHOLE_NUMBER_FIELDS.items():
        if name in chosen:
            chosen[name] = _whole_number(name, chosen[name], smallest)
    inspections.inspection_update(inspection=inspection, actor=actor, **chosen)


# The visit record's numbers, written as text on the conflict page: the smallest each may be.
WHOLE_NUMBER_FIELDS = {"workers_present": 0, "wage_found": 1}


def _whole_number(name: str, value, smallest: int):
    if value in ("", None):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({name: _("Enter a whole number.")}) from None
    if number < smallest:
        raise ValidationError({name: _("Enter a whole number of at least %(min)s.") % {"min": smallest}})
    return number

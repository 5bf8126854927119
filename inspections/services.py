"""Writes of visits, findings, notices and investigations.

Every service is one transaction, locks the row it changes, checks the transition map and
appends a :class:`~inspections.models.ChangeRecord`. A reported visit and an issued notice
are records: services refuse to edit them (:class:`Locked`); corrections are addenda.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from complaints import steps as complaint_steps
from complaints.models import Complaint
from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Company, Office, Staff
from inspectorate.services import next_in_sequence
from rollups.services import record_visits, visits_changing

from .choices import (
    FINDING_TRANSITIONS,
    LOCKED_STATUSES,
    FindingStatus,
    InspectionStatus,
    InvestigationOutcome,
    InvestigationStatus,
    Kind,
    NoticeLevel,
    NoticeStatus,
    RecordedObject,
)
from .models import (
    Addendum,
    Attachment,
    ChangeRecord,
    FieldNote,
    Finding,
    Inspection,
    Investigation,
    InvestigationStep,
    LegalProvision,
    Notice,
)
from .steps import (
    INSPECTION_STEPS,
    INSPECTION_TRANSITIONS,
    INVESTIGATION_STEPS,
    NOTICE_STEPS,
    NOTICE_TRANSITIONS,
    REFUSALS,
    inspection_roles,
    investigation_roles,
)
from .uploads import sanitize_upload


class Locked(ValidationError):  # noqa: N818 (a state, read as "raise Locked")
    """The object is a record now (reported visit, issued notice): it is completed by addenda only."""


# Fields whose values never go into the history (the history is shown to every reader of the visit).
SENSITIVE_FIELDS = frozenset({"origin_complaint"})
VISIT_FIELDS = ("visited_at", "workers_present", "summary")
PLAN_FIELDS = ("planned_date",)
FINDING_FIELDS = ("category", "provision", "description", "severity", "corrective_action", "deadline")


# ---------------------------------------------------------------------------------------------
# helpers


def _local_today(office: Office) -> dt.date:
    return timezone.localdate(timezone=office.zone)


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


def _record(
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


def _is_head(actor, office_id: int) -> bool:
    return access.is_admin(actor) or (actor.role == Role.OFFICE_HEAD and actor.office_id == office_id)


def _allow(steps: dict, name: str, roles: frozenset[str]) -> None:
    """The step map's roles decide (inspections/steps.py); the status is checked where the step moves."""
    step = steps[name]
    if not step.open_to(roles):
        raise PermissionDenied(REFUSALS[step.roles])


def _allow_on_visit(actor, inspection: Inspection, name: str, steps: dict = INSPECTION_STEPS) -> None:
    _allow(steps, name, inspection_roles(actor, inspection))


def _lock_inspection(inspection: Inspection, actor) -> Inspection:
    # Re-checked inside the transaction on a locked row: still in the actor's scope.
    return access.get_for_user(
        Inspection.objects.select_for_update(of=("self",)).select_related("office"), actor, "change", pk=inspection.pk
    )


def _lock_notice(notice: Notice, actor) -> Notice:
    return access.get_for_user(
        Notice.objects.select_for_update(of=("self",)).select_related("office"), actor, "change", pk=notice.pk
    )


def _refuse_locked(inspection: Inspection) -> None:
    if inspection.status in LOCKED_STATUSES:
        raise Locked(
            _("This visit is %(status)s and can no longer be edited; add an addendum instead.")
            % {"status": inspection.get_status_display().lower()},
            code="locked",
        )


def _require_in_progress(inspection: Inspection) -> None:
    _refuse_locked(inspection)
    if inspection.status != InspectionStatus.IN_PROGRESS:
        raise ValidationError(_("Start the visit first."), code="not_started")


def _move(obj, transitions: dict, to: str) -> None:
    if to not in transitions[obj.status]:
        raise ValidationError(
            _("Cannot go from %(from)s to %(to)s.") % {"from": obj.get_status_display(), "to": to},
            code="transition",
        )


def _check_team(office: Office, lead: Staff, team: Iterable[Staff]) -> list[Staff]:
    members = [lead, *team]
    for member in members:
        if not (member.is_active and member.role == Role.INSPECTOR and member.office_id == office.pk):
            raise ValidationError({"team": _("%(name)s is not an active inspector of this office.") % {"name": member}})
    return [m for m in dict.fromkeys(team) if m.pk != lead.pk]


def _inspection_reference(office: Office) -> str:
    year = _local_today(office).year
    number = next_in_sequence(f"inspection:{office.code}:{year}")
    return f"PMR-{office.code}-{year}-{number:05d}"


def _notice_number(office: Office, level: str, issued_on: dt.date) -> str:
    number = next_in_sequence(f"notice:{office.code}:{issued_on.year}")
    return f"NP-{level}/{office.code}/{issued_on.year}/{number:04d}"


# ---------------------------------------------------------------------------------------------
# planning


def _plan(
    *,
    actor,
    company: Company,
    kind: str,
    lead: Staff,
    team: Iterable[Staff],
    planned_date: dt.date,
    origin_complaint: Complaint | None = None,
) -> Inspection:
    company = access.get_for_user(Company.objects.select_related("district__office"), actor, "change", pk=company.pk)
    office = company.district.office
    if office is None:
        raise ValidationError(_("This company's district is not served by an office."))
    if not (_is_head(actor, office.pk) or (actor.role == Role.INSPECTOR and lead.pk == actor.pk)):
        raise PermissionDenied(_("Inspectors plan visits for themselves; the office head plans for others."))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Unknown kind of visit.")})
    if (kind == Kind.COMPLAINT) != (origin_complaint is not None):
        raise ValidationError({"kind": _("A complaint visit is planned from its complaint.")})
    team = _check_team(office, lead, team)
    inspection = Inspection.objects.create(
        reference=_inspection_reference(office),
        office=office,
        company=company,
        lead_inspector=lead,
        kind=kind,
        planned_date=planned_date,
        origin_complaint=origin_complaint,
        created_by=actor,
    )
    inspection.team.set(team)
    record_visits([inspection.pk])
    _record(
        inspection=inspection,
        kind=RecordedObject.INSPECTION,
        obj=inspection,
        actor=actor,
        action="planned",
        changes=[
            {"field": "kind", "old": "", "new": kind},
            {"field": "lead_inspector", "old": "", "new": str(lead)},
            {"field": "team", "old": "", "new": ", ".join(str(m) for m in team)},
            {"field": "planned_date", "old": "", "new": planned_date.isoformat()},
        ],
    )
    return inspection


@transaction.atomic
def inspection_plan(
    *, actor, company: Company, kind: str, lead: Staff, team: Iterable[Staff] = (), planned_date: dt.date
) -> Inspection:
    """Plan a visit (any kind but complaint, which is planned from its complaint)."""
    return _plan(actor=actor, company=company, kind=kind, lead=lead, team=team, planned_date=planned_date)


@transaction.atomic
def inspection_plan_from_complaint(
    *, complaint: Complaint, actor, lead: Staff, team: Iterable[Staff] = (), planned_date: dt.date
) -> Inspection:
    """Plan a complaint-triggered visit to the complained-about company."""
    complaint = access.get_for_user(Complaint.objects.select_for_update(), actor, "change", pk=complaint.pk)
    # The complaint's step map decides, as it does for the button on the complaint page.
    if not complaint_steps.STEPS["plan_visit"].starts_from(complaint.status):
        raise ValidationError(_("A visit is planned for a complaint that is assigned or in progress."))
    if not complaint_steps.may(actor, complaint, "plan_visit"):
        raise PermissionDenied(_("Only the office head or the assigned inspector plans a visit for this complaint."))
    if complaint.company_id is None:
        raise ValidationError(_("Register the company and link it to the complaint before planning a visit."))
    return _plan(
        actor=actor,
        company=complaint.company,
        kind=Kind.COMPLAINT,
        lead=lead,
        team=team,
        planned_date=planned_date,
        origin_complaint=complaint,
    )


@transaction.atomic
def inspection_update(*, inspection: Inspection, actor, **fields) -> Inspection:
    """Change the planned date (while planned) or the visit record (while in progress)."""
    unknown = set(fields) - set(VISIT_FIELDS) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown inspection fields: {sorted(unknown)}")
    inspection = _lock_inspection(inspection, actor)
    _allow_on_visit(actor, inspection, "record")
    _refuse_locked(inspection)
    if set(fields) & set(VISIT_FIELDS) and inspection.status != InspectionStatus.IN_PROGRESS:
        raise ValidationError(_("Start the visit first."), code="not_started")
    if set(fields) & set(PLAN_FIELDS) and inspection.status != InspectionStatus.PLANNED:
        raise ValidationError(_("The visit has started; its planned date is history."), code="started")
    visited_at = fields.get("visited_at")
    if "visited_at" in fields and visited_at is None:
        raise ValidationError({"visited_at": _("A started visit has a time.")})
    if visited_at is not None and visited_at > timezone.now() + dt.timedelta(hours=1):
        raise ValidationError({"visited_at": _("The visit time cannot be in the future.")})
    if "summary" in fields:
        fields["summary"] = (fields["summary"] or "").strip()
    changes = _diff(inspection, fields)
    if not changes:
        return inspection
    for name, value in fields.items():
        setattr(inspection, name, value)
    inspection.full_clean(exclude=["team"])
    with visits_changing([inspection.pk]):  # the visit's month follows visited_at
        inspection.save(update_fields=[*fields, "updated_at"])
    _record(
        inspection=inspection, kind=RecordedObject.INSPECTION, obj=inspection, actor=actor, action="updated",
        changes=changes,
    )  # fmt: skip
    return inspection


def _set_status(inspection: Inspection, actor, to: str, action: str, note: dict | None = None, **extra) -> Inspection:
    _move(inspection, INSPECTION_TRANSITIONS, to)
    changes = [{"field": "status", "old": inspection.status, "new": to}, *_diff(inspection, extra)]
    if note:
        changes.append(note)
    inspection.status = to
    for name, value in extra.items():
        setattr(inspection, name, value)
    # Reported (or closed) visits count for the quota: the rollups move in this transaction.
    with visits_changing([inspection.pk]):
        inspection.save(update_fields=["status", *extra, "updated_at"])
    _record(
        inspection=inspection, kind=RecordedObject.INSPECTION, obj=inspection, actor=actor, action=action,
        changes=changes,
    )  # fmt: skip
    return inspection


@transaction.atomic
def inspection_start(*, inspection: Inspection, actor, visited_at: dt.datetime | None = None) -> Inspection:
    inspection = _lock_inspection(inspection, actor)
    _allow_on_visit(actor, inspection, "start")
    now = timezone.now()
    visited_at = visited_at or now
    if visited_at > now + dt.timedelta(hours=1):
        raise ValidationError({"visited_at": _("The visit time cannot be in the future.")})
    return _set_status(inspection, actor, InspectionStatus.IN_PROGRESS, "started", visited_at=visited_at)


@transaction.atomic
def inspection_report(*, inspection: Inspection, actor) -> Inspection:
    """Finish the visit: from now on it is a record."""
    inspection = _lock_inspection(inspection, actor)
    _allow_on_visit(actor, inspection, "report")
    if inspection.status == InspectionStatus.IN_PROGRESS and not inspection.summary:
        raise ValidationError({"summary": _("Write a summary before reporting the visit.")})
    return _set_status(inspection, actor, InspectionStatus.REPORTED, "reported", reported_at=timezone.now())


@transaction.atomic
def inspection_cancel(*, inspection: Inspection, actor, reason: str) -> Inspection:
    inspection = _lock_inspection(inspection, actor)
    _allow_on_visit(actor, inspection, "cancel")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the visit is cancelled.")})
    if inspection.findings.exists():
        raise ValidationError(_("A visit with findings cannot be cancelled; report it."))
    note = {"field": "reason", "old": "", "new": reason.strip()}
    return _set_status(inspection, actor, InspectionStatus.CANCELLED, "cancelled", note=note)


@transaction.atomic
def inspection_close(*, inspection: Inspection, actor) -> Inspection:
    """Close a reported visit once none of its findings is still open."""
    inspection = _lock_inspection(inspection, actor)
    _allow_on_visit(actor, inspection, "close")
    if inspection.findings.filter(status=FindingStatus.OPEN).exists():
        raise ValidationError(_("Some findings are still open."))
    return _set_status(inspection, actor, InspectionStatus.CLOSED, "closed")


# ---------------------------------------------------------------------------------------------
# what is recorded during the visit


@transaction.atomic
def field_note_add(*, inspection: Inspection, actor, text: str, at: dt.datetime | None = None) -> FieldNote:
    inspection = _lock_inspection(inspection, actor)
    _allow_on_visit(actor, inspection, "record")
    _require_in_progress(inspection)
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    note = FieldNote.objects.create(inspection=inspection, author=actor, at=at or timezone.now(), text=text.strip())
    _record(inspection=inspection, kind=RecordedObject.INSPECTION, obj=inspection, actor=actor, action="note added")
    return note


@transaction.atomic
def attachment_add(*, inspection: Inspection, actor, upload: UploadedFile, caption: str = "") -> Attachment:
    """Store a photo or document; images are re-encoded so no metadata (EXIF, GPS) is kept."""
    inspection = _lock_inspection(inspection, actor)
    _allow_on_visit(actor, inspection, "record")
    _require_in_progress(inspection)
    clean = sanitize_upload(upload)
    attachment = Attachment(
        inspection=inspection,
        kind=clean.kind,
        original_name=clean.name,
        content_type=clean.content_type,
        size=clean.size,
        caption=caption.strip()[:200],
        uploaded_by=actor,
    )
    attachment.file.save(clean.name, clean.content, save=False)
    attachment.save()
    _record(
        inspection=inspection, kind=RecordedObject.INSPECTION, obj=inspection, actor=actor, action="file added",
        changes=[{"field": "attachment", "old": "", "new": clean.name}],
    )  # fmt: skip
    return attachment


def _check_finding_values(inspection: Inspection, values: dict) -> None:
    provision = values.get("provision")
    if provision is not None and not LegalProvision.objects.filter(pk=provision.pk, is_active=True).exists():
        raise ValidationError({"provision": _("This legal provision is no longer in use.")})
    deadline = values.get("deadline")
    if (
        deadline is not None
        and inspection.visited_at
        and deadline < timezone.localdate(inspection.visited_at, timezone=inspection.office.zone)
    ):
        raise ValidationError({"deadline": _("The deadline cannot be before the visit.")})


@transaction.atomic
def finding_add(
    *,
    inspection: Inspection,
    actor,
    category: str,
    provision: LegalProvision,
    description: str,
    severity: str,
    corrective_action: str = "",
    deadline: dt.date | None = None,
) -> Finding:
    inspection = _lock_inspection(inspection, actor)
    _allow_on_visit(actor, inspection, "record")
    _require_in_progress(inspection)
    values = {
        "category": category,
        "provision": provision,
        "description": description.strip(),
        "severity": severity,
        "corrective_action": corrective_action.strip(),
        "deadline": deadline,
    }
    _check_finding_values(inspection, values)
    finding = Finding(inspection=inspection, created_by=actor, **values)
    finding.full_clean()
    finding.save()
    _record(
        inspection=inspection, kind=RecordedObject.FINDING, obj=finding, actor=actor, action="finding added",
        changes=[{"field": k, "old": "", "new": _text(v)} for k, v in values.items() if v not in ("", None)],
    )  # fmt: skip
    return finding


@transaction.atomic
def finding_update(*, finding: Finding, actor, **fields) -> Finding:
    """Correct a finding while the visit is still in progress."""
    unknown = set(fields) - set(FINDING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown finding fields: {sorted(unknown)}")
    inspection = _lock_inspection(finding.inspection, actor)
    _allow_on_visit(actor, inspection, "record")
    _require_in_progress(inspection)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    _check_finding_values(inspection, fields)
    changes = _diff(finding, fields)
    for name, value in fields.items():
        setattr(finding, name, value)
    finding.full_clean()
    finding.save()
    if changes:
        _record(
            inspection=inspection, kind=RecordedObject.FINDING, obj=finding, actor=actor, action="finding updated",
            changes=changes,
        )  # fmt: skip
    return finding


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


# ---------------------------------------------------------------------------------------------
# notices (Nota Pemeriksaan)


def _set_finding_status(finding: Finding, actor, to: str, inspection: Inspection, action: str) -> None:
    _move(finding, FINDING_TRANSITIONS, to)
    old = finding.status
    finding.status = to
    if to == FindingStatus.CORRECTED:
        finding.corrected_at = timezone.now()
    finding.save(update_fields=["status", "corrected_at"])
    _record(
        inspection=inspection, kind=RecordedObject.FINDING, obj=finding, actor=actor, action=action,
        changes=[{"field": "status", "old": old, "new": to}],
    )  # fmt: skip


def _set_notice_status(notice: Notice, actor, to: str) -> None:
    _move(notice, NOTICE_TRANSITIONS, to)
    old = notice.status
    notice.status = to
    notice.save(update_fields=["status"])
    _record(
        inspection=notice.inspection, kind=RecordedObject.NOTICE, obj=notice, actor=actor, action="notice " + to,
        changes=[{"field": "status", "old": old, "new": to}],
    )  # fmt: skip


def _share_deadline(findings: Sequence[Finding], compliance_deadline: dt.date) -> None:
    """One deadline per notice: the findings it covers take its compliance deadline.

    The notice's history entry records that deadline; the findings' overdue lists then agree
    with what the company was told.
    """
    Finding.objects.filter(pk__in=[f.pk for f in findings]).update(deadline=compliance_deadline)
    for finding in findings:
        finding.deadline = compliance_deadline


def _check_deadline(issued_on: dt.date, compliance_deadline: dt.date) -> None:
    if compliance_deadline <= issued_on:
        raise ValidationError({"compliance_deadline": _("The compliance deadline must be after the issue date.")})


@transaction.atomic
def notice_issue_first(
    *,
    inspection: Inspection,
    actor,
    findings: Sequence[Finding],
    compliance_deadline: dt.date,
    issued_on: dt.date | None = None,
) -> Notice:
    """Issue a Nota Pemeriksaan I for open findings of a reported visit."""
    inspection = _lock_inspection(inspection, actor)
    _allow_on_visit(actor, inspection, "issue_notice")
    if not INSPECTION_STEPS["issue_notice"].starts_from(inspection.status):
        raise ValidationError(_("A notice is issued for a reported visit."))
    issued_on = issued_on or _local_today(inspection.office)
    _check_deadline(issued_on, compliance_deadline)
    ids = {f.pk for f in findings}
    chosen = list(Finding.objects.select_for_update().filter(pk__in=ids, inspection=inspection))
    if not ids or len(chosen) != len(ids):
        raise ValidationError({"findings": _("Choose findings of this visit.")})
    if any(f.status != FindingStatus.OPEN for f in chosen):
        raise ValidationError({"findings": _("Only open findings can be ordered corrected.")})
    if Notice.findings.through.objects.filter(finding_id__in=ids, notice__level=NoticeLevel.FIRST).exists():
        raise ValidationError({"findings": _("Some of these findings are already covered by a Nota I.")})
    notice = Notice.objects.create(
        inspection=inspection,
        office=inspection.office,
        company_id=inspection.company_id,
        level=NoticeLevel.FIRST,
        number=_notice_number(inspection.office, NoticeLevel.FIRST, issued_on),
        issued_on=issued_on,
        compliance_deadline=compliance_deadline,
        issued_by=actor,
    )
    notice.findings.set(chosen)
    _share_deadline(chosen, compliance_deadline)
    _record(
        inspection=inspection, kind=RecordedObject.NOTICE, obj=notice, actor=actor, action="notice issued",
        changes=[
            {"field": "number", "old": "", "new": notice.number},
            {"field": "compliance_deadline", "old": "", "new": compliance_deadline.isoformat()},
            {"field": "findings", "old": "", "new": ", ".join(str(f.pk) for f in chosen)},
        ],
    )  # fmt: skip
    return notice


@transaction.atomic
def notice_record_compliance(*, notice: Notice, actor, corrected: Sequence[Finding]) -> Notice:
    """Record, finding by finding, what the company corrected (usually at the follow-up visit)."""
    notice = _lock_notice(notice, actor)
    inspection = notice.inspection
    _allow_on_visit(actor, inspection, "record_compliance", NOTICE_STEPS)
    if not NOTICE_STEPS["record_compliance"].starts_from(notice.status):
        raise ValidationError(_("This notice is complied with already."))
    ids = {f.pk for f in corrected}
    chosen = list(notice.findings.select_for_update(of=("self",)).filter(pk__in=ids))
    if not ids or len(chosen) != len(ids):
        raise ValidationError({"findings": _("Choose findings of this notice.")})
    for finding in chosen:
        if finding.status != FindingStatus.OPEN:
            raise ValidationError({"findings": _("Only open findings can be marked corrected.")})
        _set_finding_status(finding, actor, FindingStatus.CORRECTED, inspection, "finding corrected")
    if not notice.findings.exclude(status=FindingStatus.CORRECTED).exists():
        if notice.status == NoticeStatus.ISSUED:
            _set_notice_status(notice, actor, NoticeStatus.COMPLIED)
        elif notice.status == NoticeStatus.NOT_COMPLIED and notice.level == NoticeLevel.FIRST:
            # The Nota I stays "not complied" in the record; a Nota II it led to is complied now.
            for second in notice.follow_ups.select_for_update(of=("self",)).filter(status=NoticeStatus.ISSUED):
                if not second.findings.exclude(status=FindingStatus.CORRECTED).exists():
                    _set_notice_status(second, actor, NoticeStatus.COMPLIED)
    return notice


@transaction.atomic
def notice_mark(*, notice: Notice, actor, status: str) -> Notice:
    """Mark a notice complied (every finding corrected) or not complied (deadline passed)."""
    notice = _lock_notice(notice, actor)
    step = "mark_complied" if status == NoticeStatus.COMPLIED else "mark_not_complied"
    _allow_on_visit(actor, notice.inspection, step, NOTICE_STEPS)
    open_left = notice.findings.filter(status=FindingStatus.OPEN).exists()
    if status == NoticeStatus.COMPLIED and open_left:
        raise ValidationError(_("Some findings of this notice are still open: record their correction first."))
    if status == NoticeStatus.NOT_COMPLIED:
        if notice.compliance_deadline >= _local_today(notice.office):
            raise ValidationError(_("The compliance deadline has not passed yet."))
        if not open_left:
            raise ValidationError(_("Every finding of this notice is corrected."))
    _set_notice_status(notice, actor, status)
    return notice


@transaction.atomic
def notice_issue_second(
    *,
    previous: Notice,
    actor,
    compliance_deadline: dt.date,
    findings: Sequence[Finding] | None = None,
    issued_on: dt.date | None = None,
) -> Notice:
    """Issue a Nota Pemeriksaan II for what a Nota I left uncorrected after its deadline."""
    previous = _lock_notice(previous, actor)
    _allow_on_visit(actor, previous.inspection, "issue_second", NOTICE_STEPS)
    if previous.level != NoticeLevel.FIRST:
        raise ValidationError(_("A Nota II follows a Nota I."))
    if previous.follow_ups.exists():
        raise ValidationError(_("A Nota II has already been issued after this notice."))
    issued_on = issued_on or _local_today(previous.office)
    if previous.compliance_deadline >= issued_on:
        raise ValidationError(_("The Nota I deadline has not passed yet."))
    _check_deadline(issued_on, compliance_deadline)
    remaining = previous.findings.select_for_update(of=("self",)).filter(status=FindingStatus.OPEN)
    if findings is not None:
        ids = {f.pk for f in findings}
        chosen = list(remaining.filter(pk__in=ids))
        if len(chosen) != len(ids):
            raise ValidationError({"findings": _("Choose open findings of the Nota I.")})
    else:
        chosen = list(remaining)
    if not chosen:
        raise ValidationError({"findings": _("Nothing remains open from the Nota I.")})
    if previous.status == NoticeStatus.ISSUED:
        _set_notice_status(previous, actor, NoticeStatus.NOT_COMPLIED)
    elif previous.status != NoticeStatus.NOT_COMPLIED:
        raise ValidationError(_("The Nota I was complied with."))
    notice = Notice.objects.create(
        inspection_id=previous.inspection_id,
        office=previous.office,
        company_id=previous.company_id,
        level=NoticeLevel.SECOND,
        number=_notice_number(previous.office, NoticeLevel.SECOND, issued_on),
        issued_on=issued_on,
        compliance_deadline=compliance_deadline,
        previous=previous,
        issued_by=actor,
    )
    notice.findings.set(chosen)
    _share_deadline(chosen, compliance_deadline)
    _record(
        inspection=previous.inspection, kind=RecordedObject.NOTICE, obj=notice, actor=actor, action="notice issued",
        changes=[
            {"field": "number", "old": "", "new": notice.number},
            {"field": "previous", "old": "", "new": previous.number},
            {"field": "compliance_deadline", "old": "", "new": compliance_deadline.isoformat()},
            {"field": "findings", "old": "", "new": ", ".join(str(f.pk) for f in chosen)},
        ],
    )  # fmt: skip
    return notice


# ---------------------------------------------------------------------------------------------
# investigations (penyidikan)


@transaction.atomic
def investigation_open(
    *, notice: Notice, actor, investigator: Staff, opened_on: dt.date | None = None
) -> Investigation:
    """Escalate a not-complied Nota II past its deadline to a PPNS investigator of the office."""
    notice = _lock_notice(notice, actor)
    _allow_on_visit(actor, notice.inspection, "escalate", NOTICE_STEPS)
    today = _local_today(notice.office)
    if notice.level != NoticeLevel.SECOND:
        raise ValidationError(_("Only a Nota II can be escalated."))
    if notice.status != NoticeStatus.NOT_COMPLIED:
        raise ValidationError(_("Only a notice marked not complied can be escalated."))
    if notice.compliance_deadline >= today:
        raise ValidationError(_("The compliance deadline has not passed yet."))
    if Investigation.objects.filter(notice=notice).exists():
        raise ValidationError(_("This notice is already under investigation."))
    if not (
        investigator.is_active
        and investigator.is_investigator
        and investigator.office_id == notice.office_id
        and investigator.role in (Role.INSPECTOR, Role.OFFICE_HEAD)
    ):
        raise ValidationError({"investigator": _("Choose a PPNS investigator of this office.")})
    investigation = Investigation.objects.create(
        notice=notice, office=notice.office, investigator=investigator, opened_on=opened_on or today
    )
    _record(
        inspection=notice.inspection, kind=RecordedObject.INVESTIGATION, obj=investigation, actor=actor,
        action="investigation opened", changes=[{"field": "investigator", "old": "", "new": str(investigator)}],
    )  # fmt: skip
    for finding in notice.findings.select_for_update(of=("self",)).filter(status=FindingStatus.OPEN):
        _set_finding_status(finding, actor, FindingStatus.ESCALATED, notice.inspection, "finding escalated")
    return investigation


def _lock_investigation(investigation: Investigation, actor, step: str) -> Investigation:
    investigation = access.get_for_user(
        Investigation.objects.select_for_update(of=("self",)).select_related("notice__inspection"),
        actor,
        "change",
        pk=investigation.pk,
    )
    _allow(INVESTIGATION_STEPS, step, investigation_roles(actor, investigation))
    if not INVESTIGATION_STEPS[step].starts_from(investigation.status):
        raise Locked(_("This investigation is closed."), code="locked")
    return investigation


@transaction.atomic
def investigation_step_add(*, investigation: Investigation, actor, on: dt.date, description: str) -> InvestigationStep:
    investigation = _lock_investigation(investigation, actor, "add_step")
    if not description.strip():
        raise ValidationError({"description": _("Describe the step.")})
    if on > _local_today(investigation.notice.office) or on < investigation.opened_on:
        raise ValidationError({"on": _("The date must be between the opening and today.")})
    step = InvestigationStep.objects.create(
        investigation=investigation, on=on, description=description.strip(), author=actor
    )
    _record(
        inspection=investigation.notice.inspection, kind=RecordedObject.INVESTIGATION, obj=investigation,
        actor=actor, action="step added", changes=[{"field": "step", "old": "", "new": on.isoformat()}],
    )  # fmt: skip
    return step


@transaction.atomic
def investigation_close(
    *, investigation: Investigation, actor, outcome: str, closed_on: dt.date | None = None
) -> Investigation:
    investigation = _lock_investigation(investigation, actor, "close")
    if outcome not in InvestigationOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    closed_on = closed_on or _local_today(investigation.notice.office)
    if closed_on < investigation.opened_on:
        raise ValidationError({"closed_on": _("The investigation cannot close before it opened.")})
    investigation.status = InvestigationStatus.CLOSED
    investigation.outcome = outcome
    investigation.closed_on = closed_on
    investigation.save(update_fields=["status", "outcome", "closed_on"])
    _record(
        inspection=investigation.notice.inspection, kind=RecordedObject.INVESTIGATION, obj=investigation,
        actor=actor, action="investigation closed",
        changes=[{"field": "status", "old": "open", "new": "closed"}, {"field": "outcome", "old": "", "new": outcome}],
    )  # fmt: skip
    return investigation


# ---------------------------------------------------------------------------------------------
# reference data: the legal provisions findings cite (kept by administrators)

PROVISION_FIELDS = ("act", "article", "title", "category", "is_active")


@transaction.atomic
def provision_create(*, actor, via: str = "", **fields) -> LegalProvision:
    from inspectorate.services import reference_create

    return reference_create(LegalProvision, actor=actor, allowed=PROVISION_FIELDS, fields=fields, via=via)


@transaction.atomic
def provision_update(*, actor, provision: LegalProvision, via: str = "", **fields) -> LegalProvision:
    """Withdrawing a provision (``is_active=False``) keeps it on the findings that cite it."""
    from inspectorate.services import reference_update

    return reference_update(provision, actor=actor, allowed=PROVISION_FIELDS, fields=fields, via=via)

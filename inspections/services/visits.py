"""Planning, running and closing a visit, and what is recorded during it (notes, files, findings)."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from complaints import steps as complaint_steps
from complaints.models import Complaint
from inspectorate import access, storage
from inspectorate.choices import Role
from inspectorate.models import Company, Office, Staff
from inspectorate.services import next_in_sequence
from notifications.services import notify
from rollups.services import record_visits, visits_changing

from ..choices import FindingStatus, InspectionStatus, Kind, RecordedObject
from ..hooks import report_problems, visit_reported
from ..models import Attachment, ChangeRecord, FieldNote, Finding, Inspection, LegalProvision
from ..steps import INSPECTION_STEPS, INSPECTION_TRANSITIONS
from ..uploads import sanitize_upload
from ._common import (
    FINDING_FIELDS,
    PLAN_FIELDS,
    VISIT_FIELDS,
    VersionConflict,
    _allow_on_visit,
    _is_head,
    _local_today,
    _lock_inspection,
    _move,
    _refuse_locked,
    _require_in_progress,
    finding_for_visit,
)
from .history import _diff, _record, _text


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
    notify(
        recipients=[m for m in [lead, *team] if m.pk != actor.pk],
        event="visit.planned",
        key=f"visit-planned:{inspection.pk}",
        target=inspection,
        params={
            "reference": inspection.reference,
            "actor": str(actor),
            "company": company.name,
            "date": planned_date.isoformat(),
        },
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
    problems = report_problems(inspection)
    if problems:
        raise ValidationError(problems, code="checklist")
    inspection = _set_status(inspection, actor, InspectionStatus.REPORTED, "reported", reported_at=timezone.now())
    visit_reported(inspection)
    open_findings = inspection.findings.filter(status=FindingStatus.OPEN).count()
    if open_findings:
        # A Nota awaits: the office heads decide on it.
        heads = Staff.objects.filter(office_id=inspection.office_id, role=Role.OFFICE_HEAD, is_active=True)
        notify(
            recipients=[h for h in heads if h.pk != actor.pk],
            event="visit.reported_open_findings",
            key=f"visit-reported:{inspection.pk}",
            target=inspection,
            params={
                "reference": inspection.reference,
                "actor": str(actor),
                "company": inspection.company.name,
                "count": open_findings,
            },
        )
    return inspection


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
    storage.save_file(attachment.file, clean.name, clean.content)
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
    finding = finding_for_visit(inspection, created_by=actor, **values)
    finding.full_clean()
    finding.save()
    _record(
        inspection=inspection, kind=RecordedObject.FINDING, obj=finding, actor=actor, action="finding added",
        changes=[{"field": k, "old": "", "new": _text(v)} for k, v in values.items() if v not in ("", None)],
    )  # fmt: skip
    return finding


@transaction.atomic
def finding_update(*, finding: Finding, actor, expected_version: int | None = None, **fields) -> Finding:
    """Correct a finding while the visit is still in progress.

    With ``expected_version`` (the version an offline device saw) a finding changed meanwhile is
    refused with :class:`VersionConflict` instead of overwritten.
    """
    unknown = set(fields) - set(FINDING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown finding fields: {sorted(unknown)}")
    inspection = _lock_inspection(finding.inspection, actor)
    _allow_on_visit(actor, inspection, "record")
    _require_in_progress(inspection)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if expected_version is not None and finding.version != expected_version:
        raise VersionConflict(_("This finding was changed by someone else meanwhile."), current=finding)
    _check_finding_values(inspection, fields)
    changes = _diff(finding, fields)
    for name, value in fields.items():
        setattr(finding, name, value)
    if changes:
        finding.version += 1
    finding.full_clean()
    finding.save()
    if changes:
        _record(
            inspection=inspection, kind=RecordedObject.FINDING, obj=finding, actor=actor, action="finding updated",
            changes=changes,
        )  # fmt: skip
    return finding


@transaction.atomic
def offline_conflict_note(
    *, inspection: Inspection, actor, changes: list[dict], action: str, finding: Finding | None = None
) -> None:
    """Write into the visit's history an offline change refused as a conflict, or how it was settled.

    ``changes`` are ``{"field", "old", "new"}`` with the server's value as old and the offered one as
    new, so the history keeps both values whatever the resolution.
    """
    if action not in ("conflict recorded", "conflict resolved"):
        raise ValueError(action)
    inspection = _lock_inspection(inspection, actor)
    _allow_on_visit(actor, inspection, "record" if action == "conflict recorded" else "addendum")
    obj, kind = (finding, RecordedObject.FINDING) if finding is not None else (inspection, RecordedObject.INSPECTION)
    _record(inspection=inspection, kind=kind, obj=obj, actor=actor, action=action, changes=changes)


# --- visits brought in from an office's earlier records (history_import) ---------------------

# The mapped steps an imported visit took to reach its status, checked against INSPECTION_STEPS.
IMPORT_PATHS: dict[str, tuple[str, ...]] = {
    InspectionStatus.PLANNED: (),
    InspectionStatus.IN_PROGRESS: ("start",),
    InspectionStatus.REPORTED: ("start", "report"),
    InspectionStatus.CLOSED: ("start", "report", "close"),
    InspectionStatus.CANCELLED: ("cancel",),
}
VISITED_STATUSES = frozenset({InspectionStatus.IN_PROGRESS, InspectionStatus.REPORTED, InspectionStatus.CLOSED})


def visit_import_path(status: str) -> tuple[str, ...]:
    if status not in IMPORT_PATHS:
        raise ValidationError(
            _("Unknown status “%(status)s”; use one of: %(choices)s")
            % {"status": status, "choices": ", ".join(InspectionStatus.values)}
        )
    current = InspectionStatus.PLANNED
    for name in IMPORT_PATHS[status]:
        step = INSPECTION_STEPS[name]
        if not step.starts_from(current):
            raise ValidationError(_("The visit's step map does not lead to “%(status)s”.") % {"status": status})
        current = step.to
    return IMPORT_PATHS[status]


@transaction.atomic
def inspection_import(
    *,
    actor,
    office: Office,
    batch_id: int,
    external_reference: str,
    company: Company,
    kind: str,
    lead: Staff,
    team: Iterable[Staff] = (),
    status: str,
    visit_date: dt.date,
    visited_at: dt.datetime | None = None,
    summary: str = "",
    workers_present: int | None = None,
    provisions: Iterable[LegalProvision] = (),
) -> Inspection:
    """Record one visit of an office's past with its findings, under the same rules as a live visit.

    The company in a district the office serves, the lead and team inspectors of the office, a
    status the step map reaches, a visit time for a visit that took place (not in the future),
    findings only on a visit that took place. Its history and audit entry name the import.
    """
    # Scope as everywhere (out of scope is a 404); who may import at all is history_import's rule.
    office = access.get_for_user(Office.objects.all(), actor, "change", pk=office.pk)
    if company.district.office_id != office.pk:
        raise ValidationError(
            _("%(company)s is in %(district)s, which %(office)s does not serve.")
            % {"company": company.name, "district": company.district.name, "office": office.name}
        )
    if kind not in Kind.values:
        raise ValidationError(
            _("Unknown kind of visit “%(kind)s”; use one of: %(choices)s")
            % {"kind": kind, "choices": ", ".join(Kind.values)}
        )
    visit_import_path(status)
    members = [lead, *team]
    for member in members:
        # History may name inspectors who have since left: role and office decide, not is_active.
        if member.role != Role.INSPECTOR or member.office_id != office.pk:
            raise ValidationError(
                _("%(name)s is not an inspector of %(office)s.") % {"name": member, "office": office.name}
            )
    team = [m for m in dict.fromkeys(team) if m.pk != lead.pk]
    provisions = list(provisions)
    if status in VISITED_STATUSES:
        if visited_at is None:
            raise ValidationError(_("A visit that took place needs its date and time."))
        if visited_at > timezone.now():
            raise ValidationError(_("A visit that took place cannot be dated in the future."))
    else:
        visited_at = None
        if provisions:
            raise ValidationError(_("Findings are only recorded for a visit that took place."))
    number = next_in_sequence(f"inspection:{office.code}:{visit_date.year}")
    inspection = Inspection.objects.create(
        reference=f"PMR-{office.code}-{visit_date.year}-{number:05d}",
        office=office,
        company=company,
        lead_inspector=lead,
        kind=kind,
        status=status,
        planned_date=visit_date,
        visited_at=visited_at,
        reported_at=visited_at if status in (InspectionStatus.REPORTED, InspectionStatus.CLOSED) else None,
        summary=summary,
        workers_present=workers_present,
        created_by=actor,
    )
    inspection.team.set(team)
    findings = Finding.objects.bulk_create(
        [
            finding_for_visit(
                inspection,
                category=provision.category,
                provision=provision,
                description=provision.title,
                created_by=actor,
            )
            for provision in provisions
        ]
    )
    record_visits([inspection.pk])
    step = _("history import #%(batch)s") % {"batch": batch_id}
    ChangeRecord.objects.bulk_create(
        [
            ChangeRecord(
                inspection=inspection,
                object_type=RecordedObject.INSPECTION,
                object_id=inspection.pk,
                actor=actor,
                action="imported",
                changes=[
                    {"field": "external_reference", "old": "", "new": external_reference},
                    {"field": "history_import", "old": "", "new": step},
                    {"field": "kind", "old": "", "new": kind},
                    {"field": "status", "old": "", "new": status},
                    {"field": "lead_inspector", "old": "", "new": str(lead)},
                    {"field": "team", "old": "", "new": ", ".join(str(m) for m in team)},
                    {"field": "visited_at", "old": "", "new": visited_at.isoformat() if visited_at else ""},
                ],
            ),
            *(
                ChangeRecord(
                    inspection=inspection,
                    object_type=RecordedObject.FINDING,
                    object_id=finding.pk,
                    actor=actor,
                    action="imported",
                    changes=[{"field": "provision", "old": "", "new": str(finding.provision)}],
                )
                for finding in findings
            ),
        ]
    )
    extra = {"history_import": batch_id, "external_reference": external_reference}
    audit_record(
        action=Action.CREATE,
        actor=actor,
        obj=inspection,
        fields=["kind", "status", "company", "lead_inspector", "team", "planned_date", "visited_at", "summary"],
        extra=extra,
    )
    for finding in findings:
        audit_record(action=Action.CREATE, actor=actor, obj=finding, fields=["provision", "category"], extra=extra)
    return inspection

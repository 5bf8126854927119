"""Writes of complaints: intake, one service per transition, notes and attachments.

Every service is one transaction; every status change locks the complaint row, checks the
step map (complaints/steps.py: from-states and roles) and the actor's right, writes one event and
stamps ``status_changed_at``. An illegal move raises :class:`ComplaintTransitionError` and
changes nothing.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from inspectorate import access, storage
from inspectorate.choices import NormCategory, Role
from inspectorate.localtime import to_local, zone_label
from inspectorate.models import Company, District, Office, Staff
from inspectorate.services import next_in_sequence
from notifications.services import notify
from rollups.services import complaints_changing, record_complaints

from . import steps, tracking
from .choices import Channel, EventKind, Outcome, Status
from .contact import normalise_email, normalise_phone
from .models import Category, Complaint, ComplaintAttachment, ComplaintEvent
from .retention import (  # noqa: F401 (callers read retention through the services too)
    ERASED_FIELDS,
    RETENTION_STATUSES,
    complaint_erase_identity,
    complaints_erase_expired_identities,
    identities_due_for_erasure,
)
from .uploads import CleanFile

# A staff intake dated earlier than this before now is "recorded later" (a letter, not a caller).
BACKDATE_TOLERANCE = timedelta(minutes=15)


class ComplaintTransitionError(ValidationError):
    """A status change the lifecycle does not allow, or a transition missing what it needs."""


class ComplaintPermissionError(PermissionDenied):
    """The actor's role may not take this step on this complaint."""


def hash_tracking_code(code: str) -> str:
    return tracking.code_hash(code)


def new_tracking_code() -> str:
    return tracking.new_code()


def due_date_for(*, received_at: datetime, office: Office):
    return received_at.astimezone(office.zone).date() + timedelta(days=office.complaint_due_days)


def _next_reference(*, office: Office, received_at: datetime) -> str:
    region_code = office.region.code
    year = received_at.astimezone(office.zone).year
    number = next_in_sequence(f"complaint:{region_code}:{year}")
    return f"ADU-{region_code}-{year}-{number:05d}"


@dataclass
class Intake:
    complaint: Complaint
    tracking_code: str


def company_district_mismatch(company: Company, district: District) -> str:
    return _(
        "%(company)s is registered in %(company_district)s, not in %(district)s. Choose the district "
        "of the workplace again, or type the company name without choosing it from the list."
    ) % {"company": company.name, "company_district": company.district.name, "district": district.name}


def office_for(*, company: Company | None, district: District | None) -> Office:
    """The office serving the company's district, or the named district for an unknown company."""
    target = company.district if company is not None else district
    if target is None:
        raise ValidationError({"district": _("Choose the district where the company is.")})
    if target.office_id is None:
        raise ValidationError(
            {
                "district": _("No inspection office serves %(district)s yet; the complaint cannot be sent.")
                % {"district": target.name}
            }
        )
    return target.office


@transaction.atomic
def complaint_create(
    *,
    channel: str,
    description: str,
    categories: list[Category],
    company: Company | None = None,
    reported_company_name: str = "",
    reported_company_address: str = "",
    district: District | None = None,
    workers_affected: int = 1,
    amount_claimed: Decimal | None = None,
    is_anonymous: bool = False,
    complainant_name: str = "",
    complainant_contact: str = "",
    complainant_phone: str = "",
    complainant_email: str = "",
    complainant_id_number: str = "",
    received_at: datetime | None = None,
    files: list[CleanFile] = (),
    created_by: Staff | None = None,
    office: Office | None = None,
    submission_token: str | None = None,
    staff_intake: bool = False,
) -> Intake:
    """Record a complaint (public or staff intake) and its first event; returns it with its tracking code.

    ``office`` may be given by staff routing a complaint about an unregistered company; otherwise
    the office is the one serving the company's (or the named) district. A ``staff_intake`` may be
    dated back at most ``COMPLAINT_BACKDATE_MAX_DAYS`` (a letter that arrived last week); its first
    event and audit entry say it was recorded later than received.
    """
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + timedelta(minutes=1):
        raise ValidationError({"received_at": _("The date received cannot be in the future.")})
    backdated = staff_intake and received_at < now - BACKDATE_TOLERANCE
    if backdated and received_at < now - timedelta(days=settings.COMPLAINT_BACKDATE_MAX_DAYS):
        raise ValidationError(
            {
                "received_at": _(
                    "A complaint can be dated at most %(days)d days back; older complaints are brought in "
                    "with the history import."
                )
                % {"days": settings.COMPLAINT_BACKDATE_MAX_DAYS}
            }
        )
    if company is not None and district is not None and company.district_id != district.pk:
        # The complaint goes to the office of the district the complainant chose; a company of
        # another district would send it elsewhere without anyone deciding so.
        raise ValidationError({"company": company_district_mismatch(company, district)})
    if office is None:
        office = office_for(company=company, district=district)
    if not categories:
        raise ValidationError({"categories": _("Choose at least one category.")})
    if amount_claimed is not None and not any(c.code == NormCategory.WAGES for c in categories):
        raise ValidationError({"amount_claimed": _("An amount owed is only given for a wage complaint.")})
    if is_anonymous:
        # An anonymous complaint keeps no identity at all, whatever was typed.
        complainant_name = complainant_contact = complainant_phone = complainant_email = complainant_id_number = ""
    contact_errors = {}
    try:
        complainant_phone = normalise_phone(complainant_phone)
    except ValidationError as exc:
        contact_errors["complainant_phone"] = exc.messages
    try:
        complainant_email = normalise_email(complainant_email)
    except ValidationError as exc:
        contact_errors["complainant_email"] = exc.messages
    if contact_errors:
        raise ValidationError(contact_errors)
    code = new_tracking_code()
    complaint = Complaint(
        reference=_next_reference(office=office, received_at=received_at),
        tracking_code_hash=hash_tracking_code(code),
        channel=channel,
        received_at=received_at,
        is_anonymous=is_anonymous,
        complainant_name=complainant_name,
        complainant_contact=complainant_contact,
        complainant_phone=complainant_phone,
        complainant_email=complainant_email,
        complainant_id_number=complainant_id_number,
        company=company,
        reported_company_name="" if company else reported_company_name,
        reported_company_address="" if company else reported_company_address,
        reported_district=district,
        description=description,
        workers_affected=workers_affected,
        amount_claimed=amount_claimed,
        office=office,
        status=Status.RECEIVED,
        status_changed_at=now,
        due_date=due_date_for(received_at=received_at, office=office),
        created_by=created_by,
        submission_token=submission_token,
    )
    complaint.full_clean(exclude=["categories", "tracking_code_hash", "submission_token", "reference"])
    complaint.save()
    complaint.categories.set(categories)
    record_complaints([complaint.pk])
    note = str(Channel(channel).label)
    if backdated:
        note = _("%(channel)s; received %(received)s, recorded later") % {
            "channel": note,
            "received": f"{to_local(received_at, office):%Y-%m-%d %H:%M} {zone_label(office)}",
        }
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=EventKind.CREATED,
        actor=created_by,
        at=now,
        to_status=Status.RECEIVED,
        note=note,
    )
    for clean in files:
        _attach(complaint=complaint, clean=clean, actor=created_by, at=now)
    # Names of the fields given, never their values (sealed identity, tracking code).
    given = [name for name in CREATE_AUDIT_FIELDS if getattr(complaint, name) not in ("", None)]
    audit_record(
        action=Action.CREATE,
        actor=created_by,
        obj=complaint,
        fields=[*given, "categories", *(["attachments"] if files else [])],
        extra={"backdated": True} if backdated else None,
    )
    return Intake(complaint=complaint, tracking_code=code)


CREATE_AUDIT_FIELDS = (
    "reference",
    "channel",
    "received_at",
    "is_anonymous",
    "complainant_name",
    "complainant_contact",
    "complainant_phone",
    "complainant_email",
    "complainant_id_number",
    "company",
    "reported_company_name",
    "reported_company_address",
    "reported_district",
    "description",
    "workers_affected",
    "amount_claimed",
    "office",
    "status",
    "due_date",
)


def _attach(*, complaint: Complaint, clean: CleanFile, actor: Staff | None, at: datetime) -> ComplaintAttachment:
    number = complaint.attachments.count() + 1
    name = f"{complaint.reference}-{number}.{clean.extension}"
    attachment = ComplaintAttachment(
        complaint=complaint, name=name, content_type=clean.content_type, size=clean.size, uploaded_by=actor
    )
    # A random stored name: nothing of the original file name reaches the disk.
    storage.save_file(attachment.file, f"{secrets.token_hex(16)}.{clean.extension}", clean.content)
    attachment.save()
    ComplaintEvent.objects.create(complaint=complaint, kind=EventKind.ATTACHMENT, actor=actor, at=at, note=name)
    return attachment


@transaction.atomic
def complaint_attach(*, complaint: Complaint, actor: Staff, files: list[CleanFile]) -> list[ComplaintAttachment]:
    complaint = _step(complaint, actor, "attach")
    now = timezone.now()
    attachments = [_attach(complaint=complaint, clean=clean, actor=actor, at=now) for clean in files]
    audit_record(action=Action.UPDATE, actor=actor, obj=complaint, fields=["attachments"])
    return attachments


# --- the lifecycle ------------------------------------------------------------------------


def may(actor, complaint: Complaint, step: str) -> bool:
    """Whether the actor's role allows this step on this complaint (scope checked separately)."""
    return steps.may(actor, complaint, step)


def _require(actor, complaint: Complaint, step: str) -> None:
    if not may(actor, complaint, step):
        raise ComplaintPermissionError(_("You may not do this on this complaint."))


def _lock(complaint: Complaint, actor) -> Complaint:
    # Re-read and lock the row inside the transaction; out of scope is a 404 as everywhere.
    return access.get_for_user(
        Complaint.objects.select_for_update(of=("self",)).select_related("office"), actor, "change", pk=complaint.pk
    )


def _check_move(complaint: Complaint, step: str) -> None:
    if not steps.STEPS[step].starts_from(complaint.status):
        to = steps.STEPS[step].to
        raise ComplaintTransitionError(
            _("A complaint that is “%(current)s” cannot become “%(target)s”.")
            % {"current": Status(complaint.status).label, "target": Status(to).label}
        )


def _move(
    complaint: Complaint,
    *,
    actor,
    to: str,
    note: str = "",
    kind: str = EventKind.STATUS,
    assignee: Staff | None = None,
    update_fields: tuple[str, ...] = (),
) -> Complaint:
    now = timezone.now()
    from_status = complaint.status
    complaint.status = to
    complaint.status_changed_at = now
    # The figures' rollups move by the difference this change makes, in this transaction.
    with complaints_changing([complaint.pk]):
        complaint.save(update_fields=["status", "status_changed_at", "updated_at", *update_fields])
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        actor=actor,
        at=now,
        from_status=from_status,
        to_status=to,
        assignee=assignee,
        note=note,
    )
    audit_record(
        action=Action.TRANSITION,
        actor=actor,
        obj=complaint,
        fields=["status", "status_changed_at", *update_fields],
        extra={"from": from_status, "to": to},
    )
    return complaint


def _step(complaint: Complaint, actor, step: str) -> Complaint:
    complaint = _lock(complaint, actor)
    _check_move(complaint, step)
    _require(actor, complaint, step)
    return complaint


@transaction.atomic
def complaint_screen(*, complaint: Complaint, actor: Staff, note: str = "") -> Complaint:
    complaint = _step(complaint, actor, "screen")
    return _move(complaint, actor=actor, to=Status.SCREENED, note=note)


def _check_assignee(complaint: Complaint, assignee: Staff | None) -> Staff:
    if assignee is None:
        raise ComplaintTransitionError(_("Choose the inspector to assign."))
    if not (assignee.is_active and assignee.role == Role.INSPECTOR and assignee.office_id == complaint.office_id):
        raise ComplaintTransitionError(_("Only an active inspector of this office can be assigned."))
    return assignee


@transaction.atomic
def complaint_assign(*, complaint: Complaint, actor: Staff, assignee: Staff | None, note: str = "") -> Complaint:
    """Assign (screened → assigned) or reassign (assigned → assigned) to an inspector of the office."""
    complaint = _step(complaint, actor, "assign")
    assignee = _check_assignee(complaint, assignee)
    if complaint.assigned_to_id == assignee.pk and complaint.status == Status.ASSIGNED:
        raise ComplaintTransitionError(_("The complaint is already assigned to this inspector."))
    previous = complaint.assigned_to
    complaint.assigned_to = assignee
    complaint = _move(
        complaint,
        actor=actor,
        to=Status.ASSIGNED,
        note=note,
        kind=EventKind.ASSIGNMENT,
        assignee=assignee,
        update_fields=("assigned_to",),
    )
    _notify_assignment(complaint, actor=actor, previous=previous)
    return complaint


def _notify_assignment(complaint: Complaint, *, actor: Staff, previous: Staff | None) -> None:
    """Tell the new assignee (and a previous one that it is no longer theirs), in this transaction."""
    # The move's time names this assignment: a later reassignment back is a new notification.
    moment = complaint.status_changed_at.isoformat()
    params = {
        "reference": complaint.reference,
        "actor": str(actor),
        "assignee": str(complaint.assigned_to),
        "due": complaint.due_date.isoformat() if complaint.due_date else "",
    }
    if complaint.assigned_to_id != actor.pk:
        notify(
            recipients=[complaint.assigned_to],
            event="complaint.assigned",
            key=f"complaint-assigned:{complaint.pk}:{moment}",
            target=complaint,
            params=params,
        )
    if previous is not None and previous.pk not in (complaint.assigned_to_id, actor.pk):
        notify(
            recipients=[previous],
            event="complaint.reassigned_away",
            key=f"complaint-reassigned-away:{complaint.pk}:{moment}",
            target=complaint,
            params=params,
        )


@dataclass(frozen=True)
class TriageResult:
    """What a triage from the queue did: the complaints assigned, and which of them were screened first."""

    assigned: list[Complaint]
    screened: list[Complaint]


@transaction.atomic
def complaints_screen_and_assign(
    *, complaints: list[Complaint], actor: Staff, assignee: Staff | None, note: str = ""
) -> TriageResult:
    """Screen (when still received) and assign each complaint, all or nothing.

    Each step goes through :func:`complaint_screen` and :func:`complaint_assign`, so the same
    checks, locks and events apply as on the complaint's own page. One refused complaint rolls
    back the whole batch and says which one it was.
    """
    if not complaints:
        raise ComplaintTransitionError(_("Choose at least one complaint."))
    assigned, screened = [], []
    for complaint in sorted(complaints, key=lambda c: c.pk):
        try:
            if complaint.status == Status.RECEIVED:
                complaint = complaint_screen(complaint=complaint, actor=actor)
                screened.append(complaint)
            assigned.append(complaint_assign(complaint=complaint, actor=actor, assignee=assignee, note=note))
        except ComplaintTransitionError as exc:
            raise ComplaintTransitionError(
                _("%(reference)s: %(reason)s") % {"reference": complaint.reference, "reason": " ".join(exc.messages)}
            ) from exc
        except ComplaintPermissionError as exc:
            raise ComplaintTransitionError(
                _("%(reference)s: %(reason)s") % {"reference": complaint.reference, "reason": str(exc)}
            ) from exc
    return TriageResult(assigned=assigned, screened=screened)


@transaction.atomic
def complaint_start(*, complaint: Complaint, actor: Staff, note: str = "") -> Complaint:
    complaint = _step(complaint, actor, "start")
    return _move(complaint, actor=actor, to=Status.IN_PROGRESS, note=note)


def _check_outcome(outcome: str) -> str:
    if outcome not in Outcome.values or outcome == Outcome.DUPLICATE:
        raise ComplaintTransitionError(_("Choose the outcome."))
    return outcome


def _is_wage_complaint(complaint: Complaint) -> bool:
    return complaint.categories.filter(code=NormCategory.WAGES).exists()


@transaction.atomic
def complaint_resolve(
    *,
    complaint: Complaint,
    actor: Staff,
    outcome: str,
    amount_recovered: Decimal | None = None,
    note: str = "",
) -> Complaint:
    complaint = _step(complaint, actor, "resolve")
    complaint.outcome = _check_outcome(outcome)
    if amount_recovered is not None:
        if amount_recovered < 0:
            raise ComplaintTransitionError(_("The amount recovered cannot be negative."))
        if not _is_wage_complaint(complaint):
            raise ComplaintTransitionError(_("An amount recovered is only recorded for a wage complaint."))
    complaint.amount_recovered = amount_recovered
    complaint.resolved_at = timezone.now()
    return _move(
        complaint,
        actor=actor,
        to=Status.RESOLVED,
        note=note,
        update_fields=("outcome", "amount_recovered", "resolved_at"),
    )


@transaction.atomic
def complaint_close(*, complaint: Complaint, actor: Staff, outcome: str = "", note: str = "") -> Complaint:
    """Close a resolved complaint, or a screened one that needs no work (then with its outcome)."""
    complaint = _step(complaint, actor, "close")
    fields: tuple[str, ...] = ()
    if complaint.status == Status.SCREENED:
        complaint.outcome = _check_outcome(outcome)
        complaint.resolved_at = timezone.now()
        fields = ("outcome", "resolved_at")
    return _move(complaint, actor=actor, to=Status.CLOSED, note=note, update_fields=fields)


def _require_note(note: str, message: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ComplaintTransitionError(message)
    return note


@transaction.atomic
def complaint_reject(*, complaint: Complaint, actor: Staff, note: str = "") -> Complaint:
    complaint = _step(complaint, actor, "reject")
    note = _require_note(note, _("Give the reason for rejecting the complaint."))
    return _move(complaint, actor=actor, to=Status.REJECTED, note=note)


@transaction.atomic
def complaint_refer(*, complaint: Complaint, actor: Staff, note: str = "") -> Complaint:
    complaint = _step(complaint, actor, "refer")
    note = _require_note(note, _("Say to whom the complaint is referred."))
    return _move(complaint, actor=actor, to=Status.REFERRED, note=note)


@transaction.atomic
def complaint_reopen(*, complaint: Complaint, actor: Staff, assignee: Staff | None = None, note: str = "") -> Complaint:
    """Resolved or closed → assigned again, to the same inspector unless another is given."""
    complaint = _step(complaint, actor, "reopen")
    note = _require_note(note, _("Give the reason for reopening the complaint."))
    previous = complaint.assigned_to
    if assignee is None and complaint.assigned_to_id:
        assignee = complaint.assigned_to
    complaint.assigned_to = _check_assignee(complaint, assignee)
    complaint.outcome = ""
    complaint.amount_recovered = None
    complaint.resolved_at = None
    complaint.duplicate_of = None
    complaint = _move(
        complaint,
        actor=actor,
        to=Status.ASSIGNED,
        note=note,
        kind=EventKind.ASSIGNMENT,
        assignee=complaint.assigned_to,
        update_fields=("assigned_to", "outcome", "amount_recovered", "resolved_at", "duplicate_of"),
    )
    _notify_assignment(complaint, actor=actor, previous=previous)
    return complaint


@transaction.atomic
def complaint_mark_duplicate(*, complaint: Complaint, actor: Staff, original: Complaint, note: str = "") -> Complaint:
    """A screened complaint that repeats an earlier one of the same office: closed, outcome duplicate."""
    complaint = _step(complaint, actor, "duplicate")
    if original.pk == complaint.pk or original.office_id != complaint.office_id:
        raise ComplaintTransitionError(_("Choose an earlier complaint of the same office."))
    complaint.duplicate_of = original
    complaint.outcome = Outcome.DUPLICATE
    complaint.resolved_at = timezone.now()
    return _move(
        complaint,
        actor=actor,
        to=Status.CLOSED,
        note=note or original.reference,
        kind=EventKind.DUPLICATE,
        update_fields=("duplicate_of", "outcome", "resolved_at"),
    )


@transaction.atomic
def complaint_add_note(*, complaint: Complaint, actor: Staff, note: str) -> ComplaintEvent:
    complaint = _step(complaint, actor, "note")
    note = _require_note(note, _("Write the note."))
    event = ComplaintEvent.objects.create(
        complaint=complaint, kind=EventKind.NOTE, actor=actor, at=timezone.now(), note=note
    )
    audit_record(action=Action.UPDATE, actor=actor, obj=complaint, fields=["notes"])
    return event


TRANSITION_SERVICES = {
    "screen": lambda *, complaint, actor, note, **_: complaint_screen(complaint=complaint, actor=actor, note=note),
    "assign": lambda *, complaint, actor, note, assignee, **_: complaint_assign(
        complaint=complaint, actor=actor, assignee=assignee, note=note
    ),
    "start": lambda *, complaint, actor, note, **_: complaint_start(complaint=complaint, actor=actor, note=note),
    "resolve": lambda *, complaint, actor, note, outcome, amount_recovered, **_: complaint_resolve(
        complaint=complaint, actor=actor, outcome=outcome, amount_recovered=amount_recovered, note=note
    ),
    "close": lambda *, complaint, actor, note, outcome, **_: complaint_close(
        complaint=complaint, actor=actor, outcome=outcome, note=note
    ),
    "reject": lambda *, complaint, actor, note, **_: complaint_reject(complaint=complaint, actor=actor, note=note),
    "refer": lambda *, complaint, actor, note, **_: complaint_refer(complaint=complaint, actor=actor, note=note),
    "reopen": lambda *, complaint, actor, note, assignee, **_: complaint_reopen(
        complaint=complaint, actor=actor, assignee=assignee, note=note
    ),
}


def complaint_transition(
    *,
    complaint: Complaint,
    actor: Staff,
    to: str,
    note: str = "",
    outcome: str = "",
    assignee: Staff | None = None,
    amount_recovered: Decimal | None = None,
) -> Complaint:
    """Route a requested target status to the step (complaints/steps.py) and its service (used by the API).

    The service locks the row and checks the move again, so a change in between is refused there.
    """
    current = Complaint.objects.filter(pk=complaint.pk).values_list("status", flat=True).first() or complaint.status
    step = steps.step_to(current, to)
    if step is None:
        raise ComplaintTransitionError(
            _("A complaint that is “%(current)s” cannot become “%(target)s”.")
            % {"current": Status(current).label, "target": Status(to).label if to in Status.values else to}
        )
    return TRANSITION_SERVICES[step](
        complaint=complaint, actor=actor, note=note, outcome=outcome, assignee=assignee,
        amount_recovered=amount_recovered,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# reference data: the categories a complaint is filed under (kept by administrators)

CATEGORY_FIELDS = ("code", "position")


@transaction.atomic
def category_create(*, actor, via: str = "", **fields) -> Category:
    from inspectorate.services import reference_create

    return reference_create(Category, actor=actor, allowed=CATEGORY_FIELDS, fields=fields, via=via)


@transaction.atomic
def category_update(*, actor, category: Category, via: str = "", **fields) -> Category:
    from inspectorate.services import reference_update

    return reference_update(category, actor=actor, allowed=CATEGORY_FIELDS, fields=fields, via=via)


# --- history brought in from an office's earlier records (history_import) -------------------

# The mapped steps an imported complaint took to reach its status, checked against STEPS, so the
# import accepts exactly the histories the live lifecycle could have made.
IMPORT_PATHS: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (),
    Status.SCREENED: ("screen",),
    Status.ASSIGNED: ("screen", "assign"),
    Status.IN_PROGRESS: ("screen", "assign", "start"),
    Status.RESOLVED: ("screen", "assign", "start", "resolve"),
    Status.CLOSED: ("screen", "assign", "start", "resolve", "close"),
    Status.REJECTED: ("reject",),
    Status.REFERRED: ("screen", "refer"),
}
# A complaint closed without an inspector was closed at screening.
IMPORT_PATH_CLOSED_UNASSIGNED = ("screen", "close")
# Steps dated at the resolution; the others are dated at the receipt.
IMPORT_STEPS_AT_RESOLUTION = frozenset({"resolve", "close"})


def import_path(status: str, *, assigned: bool) -> tuple[str, ...]:
    """The mapped steps from ``received`` to ``status``; refuses a status the step map cannot reach."""
    if status not in IMPORT_PATHS:
        raise ComplaintTransitionError(
            _("Unknown status “%(status)s”; use one of: %(choices)s")
            % {"status": status, "choices": ", ".join(Status.values)}
        )
    path = IMPORT_PATH_CLOSED_UNASSIGNED if status == Status.CLOSED and not assigned else IMPORT_PATHS[status]
    current = Status.RECEIVED
    for name in path:
        step = steps.STEPS[name]
        if not step.starts_from(current):
            raise ComplaintTransitionError(
                _("A complaint that is “%(current)s” cannot become “%(target)s”.")
                % {"current": Status(current).label, "target": Status(step.to).label}
            )
        current = step.to
    return path


def _check_imported_assignee(office: Office, inspector: Staff | None, path: tuple[str, ...]) -> Staff | None:
    if "assign" not in path:
        if inspector is not None:
            raise ComplaintTransitionError(_("An inspector is only given for a complaint that was assigned."))
        return None
    if inspector is None:
        raise ComplaintTransitionError(_("Give the NIP of the inspector the complaint was assigned to."))
    # History may name an inspector who has since left: the role and the office decide, not ``is_active``.
    if inspector.role != Role.INSPECTOR or inspector.office_id != office.pk:
        raise ComplaintTransitionError(
            _("%(name)s is not an inspector of %(office)s.") % {"name": inspector, "office": office.name}
        )
    return inspector


@transaction.atomic
def complaint_import(
    *,
    actor: Staff,
    office: Office,
    batch_id: int,
    external_reference: str,
    channel: str,
    received_at: datetime,
    categories: list[Category],
    status: str,
    description: str,
    company: Company | None = None,
    reported_company_name: str = "",
    district: District | None = None,
    workers_affected: int = 1,
    amount_claimed: Decimal | None = None,
    outcome: str = "",
    resolved_at: datetime | None = None,
    amount_recovered: Decimal | None = None,
    inspector: Staff | None = None,
) -> Complaint:
    """Record one complaint of an office's past, with the mapped steps that led to its status.

    The same rules as live data: the office serving the company's district, a step path the map
    allows, an outcome and a resolution after the receipt for a resolved complaint, an inspector of
    the office for an assigned one. Its events and audit entry name the import.
    """
    # Scope as everywhere (out of scope is a 404); who may import at all is history_import's rule.
    office = access.get_for_user(Office.objects.select_related("region"), actor, "change", pk=office.pk)
    now = timezone.now()
    if channel not in Channel.values:
        raise ComplaintTransitionError(
            _("Unknown channel “%(value)s”; use one of: %(choices)s")
            % {"value": channel, "choices": ", ".join(Channel.values)}
        )
    if received_at > now:
        raise ComplaintTransitionError(_("The date received cannot be in the future."))
    if company is None and not reported_company_name:
        raise ComplaintTransitionError(_("Give the company's NIB, or its name and district code."))
    if company is not None and district is not None and company.district_id != district.pk:
        raise ComplaintTransitionError(company_district_mismatch(company, district))
    target = company.district if company is not None else district
    if target is None:
        raise ComplaintTransitionError(_("Give the district code of a company that is not in the registry."))
    if target.office_id != office.pk:
        raise ComplaintTransitionError(
            _("%(district)s is not served by %(office)s.") % {"district": target.name, "office": office.name}
        )
    if not categories:
        raise ComplaintTransitionError(_("Choose at least one category."))
    wages = any(c.code == NormCategory.WAGES for c in categories)
    if amount_claimed is not None and not wages:
        raise ComplaintTransitionError(_("An amount owed is only given for a wage complaint."))
    path = import_path(status, assigned=inspector is not None)
    inspector = _check_imported_assignee(office, inspector, path)
    done = status in (Status.RESOLVED, Status.CLOSED)
    if done:
        _check_outcome(outcome)
        if resolved_at is None:
            raise ComplaintTransitionError(_("A resolved complaint needs the time it was resolved."))
        if resolved_at <= received_at:
            raise ComplaintTransitionError(_("The resolution must come after the complaint was received."))
        if resolved_at > now:
            raise ComplaintTransitionError(_("The time resolved cannot be in the future."))
        if amount_recovered is not None:
            if amount_recovered < 0:
                raise ComplaintTransitionError(_("The amount recovered cannot be negative."))
            if not wages:
                raise ComplaintTransitionError(_("An amount recovered is only recorded for a wage complaint."))
    elif outcome or resolved_at or amount_recovered is not None:
        raise ComplaintTransitionError(
            _("An outcome, a resolution time or an amount recovered is only given for a resolved or closed complaint.")
        )
    code = new_tracking_code()
    complaint = Complaint(
        reference=_next_reference(office=office, received_at=received_at),
        tracking_code_hash=hash_tracking_code(code),
        channel=channel,
        received_at=received_at,
        company=company,
        reported_company_name="" if company else reported_company_name,
        reported_district=district,
        description=description,
        workers_affected=workers_affected,
        amount_claimed=amount_claimed,
        office=office,
        assigned_to=inspector,
        status=status,
        status_changed_at=resolved_at if done else received_at,
        outcome=outcome if done else "",
        resolved_at=resolved_at if done else None,
        amount_recovered=amount_recovered if done else None,
        due_date=due_date_for(received_at=received_at, office=office),
        created_by=actor,
    )
    try:
        complaint.full_clean(exclude=["categories", "tracking_code_hash", "reference", "submission_token"])
    except ValidationError as exc:
        raise ComplaintTransitionError(
            "; ".join(f"{name}: {' '.join(errors)}" for name, errors in exc.message_dict.items())
        ) from exc
    complaint.save()
    complaint.categories.set(categories)
    record_complaints([complaint.pk])
    note = _("Imported from the office's earlier records (history import #%(batch)s, reference %(external)s).") % {
        "batch": batch_id,
        "external": external_reference,
    }
    events = [
        ComplaintEvent(
            complaint=complaint,
            kind=EventKind.CREATED,
            actor=actor,
            at=received_at,
            to_status=Status.RECEIVED,
            note=note,
        )
    ]
    current = Status.RECEIVED
    for name in path:
        step = steps.STEPS[name]
        events.append(
            ComplaintEvent(
                complaint=complaint,
                kind=EventKind.ASSIGNMENT if name == "assign" else EventKind.STATUS,
                actor=actor,
                at=resolved_at if name in IMPORT_STEPS_AT_RESOLUTION else received_at,
                from_status=current,
                to_status=step.to,
                assignee=inspector if name == "assign" else None,
                note=note,
            )
        )
        current = step.to
    ComplaintEvent.objects.bulk_create(events)
    given = [name for name in CREATE_AUDIT_FIELDS if getattr(complaint, name) not in ("", None)]
    audit_record(
        action=Action.CREATE,
        actor=actor,
        obj=complaint,
        fields=[
            *given,
            "categories",
            *(["assigned_to"] if inspector else []),
            *(["outcome", "resolved_at"] if done else []),
        ],
        extra={"history_import": batch_id, "external_reference": external_reference},
    )
    return complaint

"""Writes of the targeting app: weights, scores, plans (generate, edit with a reason, confirm)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from inspections import services as inspection_services
from inspections.choices import Kind
from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Company, District, Office, Staff
from inspectorate.periods import add_months, month_start

from . import planning, scoring
from .choices import FactorCode, PlanStatus, Selection
from .factors import DEFAULT_WEIGHTS
from .models import Assignment, FactorWeight, Leave, Plan, PlanEntry, PlanSetting, WeightChange


def require_head(actor, office_id: int | None) -> None:
    """The office head of that office (or an administrator) plans its month; others get a 403."""
    if not (access.is_admin(actor) or (actor.role == Role.OFFICE_HEAD and actor.office_id == office_id)):
        raise PermissionDenied(_("Only the office head plans the month's visits."))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why.")})
    return reason[:500]


# --- weights and scores ---------------------------------------------------------------------------


@transaction.atomic
def weight_change(*, actor, factor: str, points: int, reason: str) -> FactorWeight:
    """Change a factor's weight (admins), keep the change in the history, recompute the scores after commit."""
    if not access.is_admin(actor):
        raise PermissionDenied(_("Only administrators change the weights."))
    if factor not in FactorCode.values:
        raise ValidationError({"factor": _("Unknown factor.")})
    if not 0 <= points <= 100:
        raise ValidationError({"points": _("Between 0 and 100 points.")})
    reason = _reason(reason)
    weight, _created = FactorWeight.objects.select_for_update().get_or_create(
        factor=factor, defaults={"points": DEFAULT_WEIGHTS.get(factor, 0)}
    )
    old = weight.points
    weight.points = points
    weight.save(update_fields=["points", "updated_at"])
    WeightChange.objects.create(factor=factor, old_points=old, new_points=points, reason=reason, actor=actor)
    audit_record(action=Action.UPDATE, actor=actor, obj=weight, fields=["points"], extra={"factor": factor})
    transaction.on_commit(_recompute_everything)
    return weight


def _recompute_everything() -> None:
    from .tasks import recompute_scores

    recompute_scores.delay()


def scores_recompute(*, office: Office | None = None, as_of: dt.date | None = None) -> int:
    """Recompute the stored scores of one office (or all): a handful of queries per office."""
    with transaction.atomic():
        if office is not None:
            return scoring.recompute_office(office, as_of)
        return scoring.recompute_all(as_of)


# --- plans ------------------------------------------------------------------------------------------


def next_month(office: Office) -> dt.date:
    return add_months(month_start(timezone.localdate(timezone.now(), office.zone)), 1)


def random_percent_for(office: Office) -> int:
    setting = PlanSetting.objects.filter(office=office).first()
    return setting.random_percent if setting else 10


@transaction.atomic
def plan_generate(*, actor, office: Office, month: dt.date | None = None, seed: int | None = None) -> Plan:
    """Propose the month's visits (replacing a draft of the same month); a confirmed month is not rebuilt."""
    office = access.get_for_user(Office.objects.all(), actor, "change", pk=office.pk)
    require_head(actor, office.pk)
    month = (month or next_month(office)).replace(day=1)
    existing = Plan.objects.select_for_update().filter(office=office, month=month).first()
    if existing and existing.status == PlanStatus.CONFIRMED:
        raise ValidationError(_("This month's plan is already confirmed."))
    scoring.recompute_office(office)
    percent = random_percent_for(office)
    seed = seed if seed is not None else secrets.randbelow(2**31)
    capacity, proposals = planning.build(office, month, percent, seed)
    if existing:
        existing.entries.all().delete()
        plan = existing
        plan.random_percent, plan.seed, plan.capacity, plan.created_by = percent, seed, capacity, actor
        plan.save(update_fields=["random_percent", "seed", "capacity", "created_by"])
    else:
        plan = Plan.objects.create(
            office=office, month=month, random_percent=percent, seed=seed, capacity=capacity, created_by=actor
        )
    PlanEntry.objects.bulk_create(
        PlanEntry(
            plan=plan,
            company_id=p.company_id,
            inspector_id=p.inspector_id,
            planned_date=p.planned_date,
            selection=p.selection,
            score=p.score,
        )
        for p in proposals
    )
    audit_record(action=Action.CREATE, actor=actor, obj=plan, fields=["entries"], extra={"entries": len(proposals)})
    return plan


def _lock_entry(actor, entry: PlanEntry) -> PlanEntry:
    entry = access.get_for_user(
        PlanEntry.objects.select_for_update().select_related("plan", "plan__office"), actor, "change", pk=entry.pk
    )
    require_head(actor, entry.plan.office_id)
    if entry.plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("A confirmed plan is not changed; plan or cancel visits on the visit pages."))
    return entry


def _check_inspector(office: Office, inspector: Staff) -> None:
    if not (inspector.is_active and inspector.role == Role.INSPECTOR and inspector.office_id == office.pk):
        raise ValidationError(
            {"inspector": _("%(name)s is not an active inspector of this office.") % {"name": inspector}}
        )


def _check_date(plan: Plan, day: dt.date) -> None:
    if (day.year, day.month) != (plan.month.year, plan.month.month):
        raise ValidationError({"planned_date": _("The date must fall in the plan's month.")})


@transaction.atomic
def plan_entry_change(
    *,
    actor,
    entry: PlanEntry,
    reason: str,
    company: Company | None = None,
    inspector: Staff | None = None,
    planned_date: dt.date | None = None,
) -> PlanEntry:
    """The head swaps the company, the inspector or the date of a proposed visit, saying why."""
    entry = _lock_entry(actor, entry)
    reason = _reason(reason)
    office = entry.plan.office
    changed = []
    if company is not None and company.pk != entry.company_id:
        company = access.get_for_user(Company.objects.select_related("district"), actor, "view", pk=company.pk)
        if company.district.office_id != office.pk:
            raise ValidationError({"company": _("This company is not served by this office.")})
        if entry.plan.entries.filter(company=company).exists():
            raise ValidationError({"company": _("This company is already in the plan.")})
        from .models import RiskScore

        entry.company = company
        entry.score = RiskScore.objects.filter(company=company).values_list("score", flat=True).first() or 0
        entry.selection = Selection.OVERRIDE
        changed.append("company")
    if inspector is not None and inspector.pk != entry.inspector_id:
        _check_inspector(office, inspector)
        entry.inspector = inspector
        changed.append("inspector")
    if planned_date is not None and planned_date != entry.planned_date:
        _check_date(entry.plan, planned_date)
        entry.planned_date = planned_date
        changed.append("planned_date")
    if not changed:
        raise ValidationError(_("Nothing was changed."))
    entry.reason = reason
    entry.save()
    audit_record(action=Action.UPDATE, actor=actor, obj=entry, fields=changed, extra={"plan": entry.plan_id})
    return entry


@transaction.atomic
def plan_entry_remove(*, actor, entry: PlanEntry, reason: str) -> Plan:
    """The head drops a proposed visit, saying why (recorded in the audit trail)."""
    entry = _lock_entry(actor, entry)
    reason = _reason(reason)
    plan = entry.plan
    audit_record(
        action=Action.DELETE, actor=actor, obj=entry, fields=["company"], extra={"plan": plan.pk, "reason": reason}
    )
    entry.delete()
    return plan


@transaction.atomic
def plan_confirm(*, actor, plan: Plan) -> Plan:
    """Confirm the plan: every entry becomes a planned visit (the visit planning service), all or none."""
    plan = access.get_for_user(Plan.objects.select_for_update().select_related("office"), actor, "change", pk=plan.pk)
    require_head(actor, plan.office_id)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("This plan is already confirmed."))
    entries = list(plan.entries.select_related("company", "inspector").order_by("planned_date", "id"))
    if not entries:
        raise ValidationError(_("The plan has no visits."))
    for entry in entries:
        entry.inspection = inspection_services.inspection_plan(
            actor=actor, company=entry.company, kind=Kind.ROUTINE, lead=entry.inspector, planned_date=entry.planned_date
        )
    PlanEntry.objects.bulk_update(entries, ["inspection"])
    plan.status = PlanStatus.CONFIRMED
    plan.confirmed_by = actor
    plan.confirmed_at = timezone.now()
    plan.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit_record(action=Action.TRANSITION, actor=actor, obj=plan, fields=["status"], extra={"visits": len(entries)})
    return plan


@transaction.atomic
def plan_setting_change(*, actor, office: Office, random_percent: int) -> PlanSetting:
    office = access.get_for_user(Office.objects.all(), actor, "change", pk=office.pk)
    require_head(actor, office.pk)
    if not 0 <= random_percent <= 50:
        raise ValidationError({"random_percent": _("Between 0 and 50 per cent.")})
    setting, _created = PlanSetting.objects.select_for_update().get_or_create(office=office)
    setting.random_percent = random_percent
    setting.save(update_fields=["random_percent"])
    audit_record(action=Action.UPDATE, actor=actor, obj=setting, fields=["random_percent"])
    return setting


# --- the team: leave and district or sector assignments (read by the plan) -------------------------

LEAVE_MAX_DAYS = 366


def _office_inspector(actor, office: Office, inspector_id) -> Staff:
    """An active inspector of the office the actor heads; another office's person is not found."""
    require_head(actor, office.pk)
    person = Staff.objects.filter(pk=inspector_id, office=office, role=Role.INSPECTOR, is_active=True).first()
    if person is None:
        raise ValidationError({"inspector": _("Choose an active inspector of this office.")})
    return person


@transaction.atomic
def leave_add(*, actor, office: Office, inspector: int, start: dt.date, end: dt.date, note: str = "") -> Leave:
    """Record an inspector's planned leave (first and last day); the next plan proposed counts it."""
    person = _office_inspector(actor, office, inspector)
    if end < start:
        raise ValidationError({"end": _("The last day cannot be before the first day.")})
    if (end - start).days >= LEAVE_MAX_DAYS:
        raise ValidationError({"end": _("Leave of more than a year: enter it year by year.")})
    Staff.objects.select_for_update().filter(pk=person.pk).first()  # one writer per inspector's leave
    overlap = Leave.objects.filter(inspector=person, start__lte=end, end__gte=start).order_by("start").first()
    if overlap is not None:
        raise ValidationError(
            {"start": _("%(person)s already has leave from %(start)s to %(end)s.")
             % {"person": person, "start": overlap.start.strftime("%d-%m-%Y"), "end": overlap.end.strftime("%d-%m-%Y")}}
        )  # fmt: skip
    leave = Leave.objects.create(inspector=person, start=start, end=end, note=(note or "").strip()[:200])
    audit_record(action=Action.CREATE, actor=actor, obj=leave, fields=["inspector", "start", "end", "note"])
    return leave


def _team_remove(actor, row, describe) -> None:
    """Remove a leave or an assignment of the head's office, what it was kept in the audit trail."""
    row = access.get_for_user(type(row).objects.select_for_update(), actor, "change", pk=row.pk)
    require_head(actor, row.inspector.office_id)
    facts = describe(row)
    audit_record(action=Action.DELETE, actor=actor, obj=row, fields=list(facts),
                 extra={"inspector": row.inspector_id, **facts})  # fmt: skip
    row.delete()


@transaction.atomic
def leave_remove(*, actor, leave: Leave) -> None:
    _team_remove(actor, leave, lambda row: {"start": row.start.isoformat(), "end": row.end.isoformat()})


@transaction.atomic
def assignment_add(
    *, actor, office: Office, inspector: int, district: int | None = None, kbli_group: str = ""
) -> Assignment:
    """Give an inspector a district of the office or a KBLI group: the plan sends them there first."""
    person = _office_inspector(actor, office, inspector)
    kbli_group = (kbli_group or "").strip()
    if bool(district) == bool(kbli_group):
        raise ValidationError({"district": _("Choose a district or enter a KBLI group, not both.")})
    place = None
    if district:
        place = District.objects.filter(pk=district, office=office).first()
        if place is None:
            raise ValidationError({"district": _("Choose a district this office serves.")})
    elif not (len(kbli_group) == 2 and kbli_group.isdigit()):
        raise ValidationError({"kbli_group": _("A KBLI group is two digits.")})
    Staff.objects.select_for_update().filter(pk=person.pk).first()
    if Assignment.objects.filter(inspector=person, district=place, kbli_group=kbli_group).exists():
        raise ValidationError({"district": _("%(person)s already has this assignment.") % {"person": person}})
    assignment = Assignment.objects.create(inspector=person, district=place, kbli_group=kbli_group)
    audit_record(action=Action.CREATE, actor=actor, obj=assignment, fields=["inspector", "district", "kbli_group"])
    return assignment


@transaction.atomic
def assignment_remove(*, actor, assignment: Assignment) -> None:
    _team_remove(actor, assignment, lambda row: {"district": row.district_id, "kbli_group": row.kbli_group})

"""Writes of the deadlines app: clocks started, recomputed and expired; Nota delivery; the ladder.

Every write is one keyword-only ``@transaction.atomic`` service that locks its row, re-checks
the actor's scope, writes the clock's history (:class:`~deadlines.models.ClockChange`) and the
audit trail. The scan (:func:`office_scan`) runs per office in the office's own zone.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from complaints.choices import OPEN_STATUSES
from complaints.models import Complaint
from inspections import services as inspection_services
from inspections.choices import FindingStatus, NoticeLevel, NoticeStatus
from inspections.models import Notice
from inspections.steps import MANAGERS, WORKERS, inspection_roles
from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Office, Staff
from inspectorate.services import next_in_sequence
from inspectorate.storage import save_file
from inspectorate.uploads import clean_upload
from notifications.services import notify

from .choices import (
    OPEN_CLOCK_STATES,
    ClockState,
    DeliveryMethod,
    DraftStatus,
    ReportDecision,
    Subject,
    Unit,
)
from .models import Clock, ClockChange, DeadlineRule, FeedToken, NonComplianceReport, NoticeDelivery, NoticeDraft
from .workdays import WorkingCalendar, due, expiry_instant

RECEIPT_MAX_BYTES = 10 * 1024 * 1024
NOTICE_SUBJECT = {NoticeLevel.FIRST: Subject.NOTICE_FIRST, NoticeLevel.SECOND: Subject.NOTICE_SECOND}


def _rule(subject: str, office_id: int | None) -> DeadlineRule | None:
    rules = list(DeadlineRule.objects.filter(Q(office_id=office_id) | Q(office__isnull=True), subject=subject))
    rules.sort(key=lambda r: r.office_id is None)  # the office's own rule first
    return rules[0] if rules else None


rule_for = _rule


def _history(clock: Clock, action: str, *, actor=None, old_due=None, note: str = "") -> None:
    ClockChange.objects.create(
        clock=clock, actor=actor if getattr(actor, "pk", None) else None, action=action,
        old_due=old_due, new_due=clock.due_on, note=note,
    )  # fmt: skip


def _compute(clock: Clock, start: dt.date | dt.datetime, office: Office) -> None:
    """Set the clock's due date and expiry instant from its own terms (never the rule's current ones)."""
    calendar = WorkingCalendar(clock.calendar, office.region_id)
    end = due(start, clock.duration, clock.unit, calendar)
    clock.starts_on = start.astimezone(office.zone).date() if isinstance(start, dt.datetime) else start
    clock.due_at = expiry_instant(end, office.zone)
    clock.due_on = end.astimezone(office.zone).date() if isinstance(end, dt.datetime) else end


def notice_period_days(notice: Notice) -> int:
    """The period the inspector set on the Nota (its deadline counted from the issue date)."""
    return (notice.compliance_deadline - notice.issued_on).days


def _notice_clocks(notice: Notice, *, legacy: bool, now: dt.datetime) -> list[Clock]:
    """The clocks an issued notice starts: its compliance period, and its delivery until receipt."""
    office = notice.office
    subject = NOTICE_SUBJECT[notice.level]
    rule = _rule(subject, office.pk)
    compliance = Clock(
        subject=subject, office=office, notice=notice, rule=rule, responsible=notice.inspection.lead_inspector,
        duration=notice_period_days(notice), unit=Unit.CALENDAR_DAYS,
        calendar=rule.calendar if rule else "statutory", created_at=now,
    )  # fmt: skip
    clocks = [compliance]
    if legacy or hasattr(notice, "delivery"):
        # Notices from before delivery was recorded keep the deadline they were issued with.
        start = notice.delivery.received_on if hasattr(notice, "delivery") else notice.issued_on
        _compute(compliance, start, office)
    else:
        compliance.state = ClockState.WAITING
        delivery_rule = _rule(Subject.NOTICE_DELIVERY, office.pk)
        if delivery_rule:
            delivery = Clock(
                subject=Subject.NOTICE_DELIVERY, office=office, notice=notice, rule=delivery_rule,
                responsible=notice.inspection.lead_inspector, duration=delivery_rule.duration,
                unit=delivery_rule.unit, calendar=delivery_rule.calendar, created_at=now,
            )  # fmt: skip
            _compute(delivery, notice.issued_on, office)
            clocks.append(delivery)
    return clocks


def _complaint_clock(complaint: Complaint, *, now: dt.datetime) -> Clock | None:
    rule = _rule(Subject.COMPLAINT, complaint.office_id)
    if rule is None:
        return None
    clock = Clock(
        subject=Subject.COMPLAINT, office=complaint.office, complaint=complaint, rule=rule,
        responsible=complaint.assigned_to, duration=rule.duration, unit=rule.unit, calendar=rule.calendar,
        created_at=now,
    )  # fmt: skip
    _compute(clock, complaint.received_at.astimezone(complaint.office.zone), complaint.office)
    return clock


@transaction.atomic
def clocks_ensure(*, office_id: int, legacy: bool = False, now: dt.datetime | None = None) -> int:
    """Start the clocks of the office's open notices and complaints that have none yet; idempotent."""
    now = now or timezone.now()
    created = 0
    notices = (
        Notice.objects.filter(office_id=office_id, status=NoticeStatus.ISSUED)
        .exclude(clocks__subject__in=[Subject.NOTICE_FIRST, Subject.NOTICE_SECOND])
        .select_related("office", "inspection__lead_inspector", "delivery")
    )
    for notice in notices.select_for_update(of=("self",), skip_locked=True):
        for clock in _notice_clocks(notice, legacy=legacy, now=now):
            clock.save()
            _history(clock, "started" if clock.state != ClockState.WAITING else "waiting for delivery")
            created += 1
    complaints = (
        Complaint.objects.filter(office_id=office_id, status__in=OPEN_STATUSES)
        .exclude(clocks__subject=Subject.COMPLAINT)
        .select_related("office", "assigned_to")
    )
    for complaint in complaints:
        clock = _complaint_clock(complaint, now=now)
        if clock:
            clock.save()
            _history(clock, "started")
            created += 1
    return created


def _heads(office_id: int) -> list[Staff]:
    return list(Staff.objects.filter(office_id=office_id, role=Role.OFFICE_HEAD, is_active=True))


def _notice_params(notice: Notice, clock: Clock) -> dict:
    return {
        "number": notice.number,
        "company": notice.company.name,
        "due": clock.due_on.isoformat() if clock.due_on else "",
    }


def _open_findings(notice: Notice):
    return notice.findings.filter(status=FindingStatus.OPEN).order_by("pk")


def _prepare_second(notice: Notice, now: dt.datetime) -> NoticeDraft | None:
    """The Nota II draft of an expired Nota I: its open findings, the default period (nobody issues it yet)."""
    if notice.follow_ups.exists() or NoticeDraft.objects.filter(previous=notice).exists():
        return None
    findings = list(_open_findings(notice))
    if not findings:
        return None
    rule = _rule(Subject.NOTICE_SECOND, notice.office_id)
    draft = NoticeDraft.objects.create(
        office_id=notice.office_id, previous=notice, period_days=rule.duration if rule else 7
    )
    draft.findings.set(findings)
    audit_record(action=Action.CREATE, actor=None, obj=draft, fields=["findings"], extra={"step": "nota II drafted"})
    return draft


def _prepare_report(notice: Notice, now: dt.datetime) -> NonComplianceReport | None:
    if NonComplianceReport.objects.filter(notice=notice).exists() or not _open_findings(notice).exists():
        return None
    report = NonComplianceReport.objects.create(office_id=notice.office_id, notice=notice, created_at=now)
    audit_record(action=Action.CREATE, actor=None, obj=report, fields=["notice"], extra={"step": "report drafted"})
    return report


def _expire(clock: Clock, now: dt.datetime) -> int:
    """Mark one clock expired, tell the people responsible once, and prepare the next step of the ladder."""
    clock.state = ClockState.EXPIRED
    clock.expired_at = now
    clock.save(update_fields=["state", "expired_at"])
    _history(clock, "expired")
    if clock.notice_id is None:
        return 0  # complaints: the notifications tick already tells about overdue complaints
    notice = clock.notice
    recipients = [notice.inspection.lead_inspector, *_heads(notice.office_id)]
    params = _notice_params(notice, clock)
    # The same key as notifications.schedule's "deadline reached" of this Nota and day: whichever of
    # the two ticks comes first tells each person, the other adds nothing (one reminder per expiry).
    key = f"notice-deadline:{notice.pk}:{clock.due_on}"
    if clock.subject == Subject.NOTICE_DELIVERY:
        key = f"notice-undelivered:{notice.pk}:{clock.due_on}"
        return len(
            notify(recipients=recipients, event="deadline.nota_undelivered", key=key, target=notice, params=params)
        )
    if clock.subject == Subject.NOTICE_FIRST:
        draft = _prepare_second(notice, now)
        params["findings"] = draft.findings.count() if draft else 0
        return len(notify(recipients=recipients, event="deadline.nota_expired", key=key, target=notice, params=params))
    if clock.subject == Subject.NOTICE_SECOND:
        _prepare_report(notice, now)
        return len(
            notify(recipients=recipients, event="deadline.nota_second_expired", key=key, target=notice, params=params)
        )
    return 0


def _settle(clock: Clock, now: dt.datetime) -> bool:
    """Close a clock whose object has moved on (complied, not complied by a person, resolved)."""
    if clock.notice_id:
        notice = clock.notice
        if clock.subject == Subject.NOTICE_DELIVERY:
            done = hasattr(notice, "delivery") or notice.status != NoticeStatus.ISSUED
            state = ClockState.MET
        else:
            done = notice.status != NoticeStatus.ISSUED
            state = ClockState.MET if notice.status == NoticeStatus.COMPLIED else ClockState.CLOSED
    else:
        done = clock.complaint.status not in OPEN_STATUSES
        state = ClockState.CLOSED
    if not done:
        return False
    clock.state = state
    clock.closed_at = now
    clock.save(update_fields=["state", "closed_at"])
    _history(clock, "met" if state == ClockState.MET else "closed")
    return True


def office_scan(*, office_id: int, now: dt.datetime | None = None) -> dict:
    """Start missing clocks, close settled ones and expire those past their instant, for one office.

    The expiry instant is the end of the due date in the office's own zone, so an office in
    Asia/Makassar sees its Nota expire at its own midnight. Each clock moves in its own
    transaction on a locked row; notifications carry keys naming the clock's due date, so the
    scan can run any number of times and tells everybody once.
    """
    now = now or timezone.now()
    counts = {"started": clocks_ensure(office_id=office_id, now=now), "settled": 0, "expired": 0, "notified": 0}
    # Only the clocks with something to do: past their instant, or whose object moved on.
    needs_attention = (
        Q(state=ClockState.RUNNING, due_at__lte=now)
        | (Q(notice__isnull=False) & ~Q(notice__status=NoticeStatus.ISSUED))
        | (Q(complaint__isnull=False) & ~Q(complaint__status__in=OPEN_STATUSES))
        | Q(subject=Subject.NOTICE_DELIVERY, notice__delivery__isnull=False)
    )
    open_ids = list(
        Clock.objects.filter(needs_attention, office_id=office_id, state__in=OPEN_CLOCK_STATES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in open_ids:
        with transaction.atomic():
            clock = (
                Clock.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related(
                    "notice__inspection__lead_inspector", "notice__company", "notice__delivery", "complaint"
                )
                .filter(pk=pk, state__in=OPEN_CLOCK_STATES)
                .first()
            )
            if clock is None:
                continue
            if _settle(clock, now):
                counts["settled"] += 1
            elif clock.state == ClockState.RUNNING and clock.due_at and clock.due_at <= now:
                counts["notified"] += _expire(clock, now)
                counts["expired"] += 1
    return counts


def _lock_notice_for(actor, notice: Notice) -> Notice:
    return access.get_for_user(
        Notice.objects.select_for_update(of=("self",)).select_related("office", "inspection"),
        actor, "change", pk=notice.pk,
    )  # fmt: skip


@transaction.atomic
def notice_record_delivery(
    *,
    notice: Notice,
    actor,
    method: str,
    received_on: dt.date,
    recipient_name: str = "",
    receipt=None,
) -> NoticeDelivery:
    """Record how and when the employer received a Nota; its compliance period now runs from that day."""
    notice = _lock_notice_for(actor, notice)
    if not inspection_roles(actor, notice.inspection) & WORKERS:
        raise PermissionDenied(_("Only the visit's team or the office head can do this."))
    if NoticeDelivery.objects.filter(notice=notice).exists():
        raise ValidationError(_("The delivery of this Nota is recorded already."))
    if notice.status != NoticeStatus.ISSUED:
        raise ValidationError(_("Only the delivery of an issued Nota can be recorded."))
    today = timezone.localdate(timezone=notice.office.zone)
    errors = {}
    if method not in DeliveryMethod.values:
        errors["method"] = _("Choose how the Nota was delivered.")
    if received_on < notice.issued_on:
        errors["received_on"] = _("The Nota cannot be received before it was issued.")
    elif received_on > today:
        errors["received_on"] = _("The day of receipt cannot be in the future.")
    if method == DeliveryMethod.HAND and not recipient_name.strip():
        errors["recipient_name"] = _("Name the person who received the Nota by hand.")
    clean = None
    if receipt is not None:
        try:  # checked by content, like every evidence file (inspectorate.uploads)
            clean = clean_upload(receipt, max_bytes=RECEIPT_MAX_BYTES)
        except ValidationError as exc:
            errors["receipt"] = exc.messages
    if errors:
        raise ValidationError(errors)
    delivery = NoticeDelivery(
        notice=notice, method=method, received_on=received_on, recipient_name=recipient_name.strip(),
        recorded_by=actor,
    )  # fmt: skip
    if clean is not None:
        save_file(delivery.receipt, clean.name, clean.content)
    delivery.save()
    now = timezone.now()
    clock = Clock.objects.select_for_update().filter(notice=notice, subject=NOTICE_SUBJECT[notice.level]).first()
    old_due = clock.due_on if clock else None
    if clock is None:  # delivered before the scan started its clocks
        clock = _notice_clocks(notice, legacy=True, now=now)[0]
    clock.notice = notice
    clock.state = ClockState.RUNNING
    _compute(clock, received_on, notice.office)
    clock.save()
    _history(clock, "started from receipt", actor=actor, old_due=old_due, note=str(received_on))
    inspection_services.notice_move_deadline(
        notice=notice, actor=actor, compliance_deadline=clock.due_on,
        reason=_("Period runs from the employer's receipt on %(day)s") % {"day": received_on.isoformat()},
    )  # fmt: skip
    for waiting in Clock.objects.select_for_update().filter(notice=notice, subject=Subject.NOTICE_DELIVERY):
        if waiting.state in OPEN_CLOCK_STATES:
            waiting.state = ClockState.MET
            waiting.closed_at = now
            waiting.save(update_fields=["state", "closed_at"])
            _history(waiting, "met", actor=actor)
    audit_record(
        action=Action.CREATE, actor=actor, obj=delivery,
        fields=["method", "received_on", "recipient_name", *(["receipt"] if receipt else [])],
    )  # fmt: skip
    return delivery


@transaction.atomic
def clock_recompute(*, clock: Clock, actor, note: str = "") -> Clock:
    """Apply the rule's current terms to a clock already running (only when a person asks)."""
    clock = access.get_for_user(
        Clock.objects.select_for_update(of=("self",)).select_related("office", "rule"), actor, "change", pk=clock.pk
    )
    if not _is_head(actor, clock.office_id):
        raise PermissionDenied(_("Only the office head can do this."))
    if clock.state not in (ClockState.RUNNING, ClockState.EXPIRED) or clock.rule is None or clock.starts_on is None:
        raise ValidationError(_("Only a running clock with a rule can be recomputed."))
    if clock.subject in (Subject.NOTICE_FIRST, Subject.NOTICE_SECOND):
        raise ValidationError(_("A Nota's period is the one written on it; it does not follow the rule."))
    old_due = clock.due_on
    clock.duration, clock.unit, clock.calendar = clock.rule.duration, clock.rule.unit, clock.rule.calendar
    _compute(clock, clock.starts_on, clock.office)
    if clock.state == ClockState.EXPIRED and clock.due_at > timezone.now():
        clock.state, clock.expired_at = ClockState.RUNNING, None
    clock.save()
    _history(clock, "recomputed", actor=actor, old_due=old_due, note=note)
    audit_record(action=Action.UPDATE, actor=actor, obj=clock, fields=["due_on"], extra={"step": "clock recomputed"})
    return clock


def _is_head(actor, office_id: int) -> bool:
    return access.is_admin(actor) or (
        actor.is_authenticated and actor.role == Role.OFFICE_HEAD and actor.office_id == office_id
    )


def _lock_draft(draft: NoticeDraft, actor) -> NoticeDraft:
    """The draft, locked, in scope, still a draft, and the actor a head of its office (or an admin)."""
    draft = access.get_for_user(
        NoticeDraft.objects.select_for_update(of=("self",)).select_related("previous__inspection", "office"),
        actor, "change", pk=draft.pk,
    )  # fmt: skip
    if not inspection_roles(actor, draft.previous.inspection) & MANAGERS:
        raise PermissionDenied(_("Only the office head can do this."))
    if draft.status != DraftStatus.DRAFT:
        raise ValidationError(_("This draft is issued or discarded already."))
    return draft


@transaction.atomic
def draft_issue(*, draft: NoticeDraft, actor, period_days: int, findings=None) -> Notice:
    """Issue the prepared Nota II: a person (the office head) decides its period and issues it."""
    draft = _lock_draft(draft, actor)
    rule = _rule(Subject.NOTICE_SECOND, draft.office_id)
    longest = rule.max_duration if rule and rule.max_duration else None
    if period_days < 1 or (longest and period_days > longest):
        raise ValidationError(
            {"period_days": _("The period must be between 1 and %(max)s days.") % {"max": longest or "…"}}
        )
    today = timezone.localdate(timezone=draft.office.zone)
    chosen = list(draft.findings.filter(status=FindingStatus.OPEN)) if findings is None else list(findings)
    notice = inspection_services.notice_issue_second(
        previous=draft.previous, actor=actor, compliance_deadline=today + dt.timedelta(days=period_days),
        findings=chosen, issued_on=today,
    )  # fmt: skip
    draft.status = DraftStatus.ISSUED
    draft.issued = notice
    draft.save(update_fields=["status", "issued"])
    audit_record(action=Action.TRANSITION, actor=actor, obj=draft, fields=["status"], extra={"step": "nota II issued"})
    return notice


@transaction.atomic
def draft_discard(*, draft: NoticeDraft, actor) -> NoticeDraft:
    draft = _lock_draft(draft, actor)
    draft.status = DraftStatus.DISCARDED
    draft.save(update_fields=["status"])
    audit_record(action=Action.TRANSITION, actor=actor, obj=draft, fields=["status"], extra={"step": "draft discarded"})
    return draft


@transaction.atomic
def report_decide(
    *, report: NonComplianceReport, actor, decision: str, sanction: str = "", note: str = ""
) -> NonComplianceReport:
    """The head issues the non-compliance report with the decision: a sanction to recommend or PPNS."""
    report = access.get_for_user(
        NonComplianceReport.objects.select_for_update(of=("self",)).select_related("notice__inspection", "office"),
        actor, "change", pk=report.pk,
    )  # fmt: skip
    if not inspection_roles(actor, report.notice.inspection) & MANAGERS:
        raise PermissionDenied(_("Only the office head can do this."))
    if report.status != DraftStatus.DRAFT:
        raise ValidationError(_("This report is issued already."))
    if decision not in ReportDecision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    if decision == ReportDecision.SANCTION and not sanction:
        raise ValidationError({"sanction": _("Choose the sanction to recommend.")})
    if decision == ReportDecision.PPNS:
        sanction = ""
    today = timezone.localdate(timezone=report.office.zone)
    number = next_in_sequence(f"ncr:{report.office.code}:{today.year}")
    report.number = f"LK/{report.office.code}/{today.year}/{number:04d}"
    report.status, report.issued_on, report.decision, report.sanction = DraftStatus.ISSUED, today, decision, sanction
    report.note, report.decided_by = note.strip(), actor
    report.save()
    audit_record(
        action=Action.TRANSITION, actor=actor, obj=report, fields=["status", "decision", "sanction"],
        extra={"step": "report issued"},
    )  # fmt: skip
    notify(
        recipients=[report.notice.inspection.lead_inspector], event="deadline.report_decided",
        key=f"deadline-report:{report.pk}", target=report.notice,
        params={"number": report.number, "notice": report.notice.number, "decision": report.get_decision_display()},
    )  # fmt: skip
    return report


@transaction.atomic
def feed_renew(*, actor, revoke: bool = False, request=None) -> FeedToken | None:
    """Make the actor's calendar-feed secret, or replace it (the old address stops working at once);
    ``revoke`` switches the feed off. Returns the new token, or None when switched off."""
    FeedToken.objects.filter(user=actor).delete()
    token = None if revoke else FeedToken.objects.create(user=actor)
    audit_record(action=Action.UPDATE, actor=actor, request=request, object_type="feed", object_id=actor.pk,
                 fields=["token"])  # fmt: skip
    return token

"""Notices (Nota Pemeriksaan): issuing the first and second notice, compliance and their status."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspectorate.models import Office
from inspectorate.services import next_in_sequence

from ..choices import FINDING_TRANSITIONS, FindingStatus, NoticeLevel, NoticeStatus, RecordedObject
from ..models import Finding, Inspection, Notice
from ..steps import INSPECTION_STEPS, NOTICE_STEPS, NOTICE_TRANSITIONS
from ._common import _allow_on_visit, _local_today, _lock_inspection, _lock_notice, _move
from .history import _record


def _notice_number(office: Office, level: str, issued_on: dt.date) -> str:
    number = next_in_sequence(f"notice:{office.code}:{issued_on.year}")
    return f"NP-{level}/{office.code}/{issued_on.year}/{number:04d}"


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


@transaction.atomic
def notice_move_deadline(*, notice: Notice, actor, compliance_deadline: dt.date, reason: str) -> Notice:
    """Move an issued notice's compliance deadline (its period now runs from the employer's receipt).

    The notice's findings share the new deadline; the history keeps the old one and the reason.
    """
    notice = _lock_notice(notice, actor)
    _allow_on_visit(actor, notice.inspection, "record_compliance", NOTICE_STEPS)
    if notice.status != NoticeStatus.ISSUED:
        raise ValidationError(_("Only the deadline of an issued notice can move."))
    _check_deadline(notice.issued_on, compliance_deadline)
    old = notice.compliance_deadline
    if old == compliance_deadline:
        return notice
    notice.compliance_deadline = compliance_deadline
    notice.save(update_fields=["compliance_deadline"])
    _share_deadline(list(notice.findings.filter(status=FindingStatus.OPEN)), compliance_deadline)
    _record(
        inspection=notice.inspection, kind=RecordedObject.NOTICE, obj=notice, actor=actor, action="deadline moved",
        changes=[
            {"field": "compliance_deadline", "old": old.isoformat(), "new": compliance_deadline.isoformat()},
            {"field": "reason", "old": "", "new": reason},
        ],
    )  # fmt: skip
    return notice

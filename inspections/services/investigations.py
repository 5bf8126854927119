"""Investigations (penyidikan): opening one, recording its steps and closing it."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Staff

from ..choices import (
    FindingStatus,
    InvestigationOutcome,
    InvestigationStatus,
    NoticeLevel,
    NoticeStatus,
    RecordedObject,
)
from ..models import Investigation, InvestigationStep, Notice
from ..steps import INVESTIGATION_STEPS, NOTICE_STEPS, investigation_roles
from ._common import Locked, _allow, _allow_on_visit, _local_today, _lock_notice
from .history import _record
from .notices import _set_finding_status


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

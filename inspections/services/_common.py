"""Shared pieces of the inspection services: locks, step checks and the record's field lists."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Office

from ..choices import LOCKED_STATUSES, InspectionStatus
from ..models import Finding, Inspection, Notice
from ..steps import INSPECTION_STEPS, REFUSALS, inspection_roles


class Locked(ValidationError):  # noqa: N818 (a state, read as "raise Locked")
    """The object is a record now (reported visit, issued notice): it is completed by addenda only."""


class VersionConflict(ValidationError):  # noqa: N818 (a state, read as "raise VersionConflict")
    """The object changed since the version the writer saw: a person decides, nothing is overwritten."""

    def __init__(self, message, *, current, **kwargs):
        super().__init__(message, code="conflict", **kwargs)
        self.current = current


def finding_for_visit(inspection: Inspection, **values) -> Finding:
    """A new (unsaved) finding of ``inspection``, in the visit's office.

    The one place that sets ``Finding.office``: every finding is built here (the services, the
    demo). A visit's office is set once when it is planned or imported; on PostgreSQL the findings'
    (visit, office) key also carries any later change of it over to them (migration 0011).
    """
    return Finding(inspection=inspection, office_id=inspection.office_id, **values)


VISIT_FIELDS = ("visited_at", "workers_present", "wage_found", "summary")
PLAN_FIELDS = ("planned_date",)
FINDING_FIELDS = ("category", "provision", "description", "severity", "corrective_action", "deadline")


def _local_today(office: Office) -> dt.date:
    return timezone.localdate(timezone=office.zone)


def _is_head(actor, office_id: int) -> bool:
    return access.is_admin(actor) or (actor.role == Role.OFFICE_HEAD and actor.office_id == office_id)


def _allow(steps: dict, name: str, roles: frozenset[str]) -> None:
    """The step map's roles decide (inspections/steps.py); the status is checked where the step moves."""
    step = steps[name]
    if not step.open_to(roles):
        raise PermissionDenied(REFUSALS[step.roles])


def allow_on_visit(actor, inspection: Inspection, name: str, steps: dict = INSPECTION_STEPS) -> None:
    """Refuse (PermissionDenied) unless the step map opens step ``name`` of the visit to the actor."""
    _allow(steps, name, inspection_roles(actor, inspection))


def lock_inspection(inspection: Inspection, actor) -> Inspection:
    """The visit's row, locked for the transaction and re-read through the actor's scope."""
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


def require_in_progress(inspection: Inspection) -> None:
    """Refuse a reported visit (:class:`Locked`) and one not started yet."""
    _refuse_locked(inspection)
    if inspection.status != InspectionStatus.IN_PROGRESS:
        raise ValidationError(_("Start the visit first."), code="not_started")


# The names the package's own modules have always used.
_allow_on_visit = allow_on_visit
_lock_inspection = lock_inspection
_require_in_progress = require_in_progress


def _move(obj, transitions: dict, to: str) -> None:
    if to not in transitions[obj.status]:
        raise ValidationError(
            _("Cannot go from %(from)s to %(to)s.") % {"from": obj.get_status_display(), "to": to},
            code="transition",
        )

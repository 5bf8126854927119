"""The step maps of visits, notices and investigations, and who may take each step.

- Visit: ``planned → in_progress → reported → closed``, ``cancelled`` from planned|in_progress.
- Notice (Nota Pemeriksaan): ``issued → complied | not_complied``; a Nota I past its deadline
  leads to a Nota II; a not-complied Nota II past its deadline is escalated.
- Investigation: ``open → closed``, with dated steps added while open.

inspections/services/ checks these maps (the role first, then the status); the visit,
notice and investigation pages show a step's button exactly when :func:`available` says so;
the API's ``start/`` and ``report/`` endpoints go through the same services.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from inspectorate import access
from inspectorate.choices import Role
from inspectorate.steps import INVESTIGATOR, LEAD, TEAM, Step, step_map, transitions

from .choices import InspectionStatus, InvestigationStatus, NoticeStatus

HEAD = Role.OFFICE_HEAD.value
ADMIN = Role.ADMIN.value
MANAGERS = frozenset({HEAD, ADMIN})
WORKERS = frozenset({HEAD, ADMIN, LEAD, TEAM})  # the visit's team, the office head, an admin
RECORDS = frozenset({InspectionStatus.REPORTED, InspectionStatus.CLOSED})

INSPECTION_STEPS = step_map(
    Step("start", frozenset({InspectionStatus.PLANNED}), InspectionStatus.IN_PROGRESS, WORKERS),
    # Visit record, field notes, photos and findings are written while the visit is in progress.
    Step("record", frozenset({InspectionStatus.IN_PROGRESS}), None, WORKERS),
    Step("report", frozenset({InspectionStatus.IN_PROGRESS}), InspectionStatus.REPORTED, WORKERS),
    Step(
        "cancel",
        frozenset({InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS}),
        InspectionStatus.CANCELLED,
        frozenset({HEAD, ADMIN, LEAD}),
        True,
    ),
    Step("close", frozenset({InspectionStatus.REPORTED}), InspectionStatus.CLOSED, MANAGERS),
    # A reported visit is a record: corrections are addenda.
    Step("addendum", RECORDS, None, WORKERS, True),
    Step("issue_notice", RECORDS, None, MANAGERS),
)

NOTICE_STEPS = step_map(
    # Finding by finding, usually at the follow-up visit; the notice is complied once all are.
    Step("record_compliance", frozenset({NoticeStatus.ISSUED, NoticeStatus.NOT_COMPLIED}), None, WORKERS),
    Step("mark_complied", frozenset({NoticeStatus.ISSUED}), NoticeStatus.COMPLIED, MANAGERS),
    Step("mark_not_complied", frozenset({NoticeStatus.ISSUED}), NoticeStatus.NOT_COMPLIED, MANAGERS),
    # A Nota II after a Nota I left uncorrected (the Nota I becomes not complied).
    Step("issue_second", frozenset({NoticeStatus.ISSUED, NoticeStatus.NOT_COMPLIED}), None, MANAGERS),
    Step("escalate", frozenset({NoticeStatus.NOT_COMPLIED}), None, MANAGERS),
    Step("addendum", frozenset(NoticeStatus.values), None, WORKERS, True),
)

CASE_HANDLERS = frozenset({HEAD, ADMIN, INVESTIGATOR})
INVESTIGATION_STEPS = step_map(
    Step("add_step", frozenset({InvestigationStatus.OPEN}), None, CASE_HANDLERS, True),
    Step("close", frozenset({InvestigationStatus.OPEN}), InvestigationStatus.CLOSED, CASE_HANDLERS),
)

INSPECTION_TRANSITIONS = transitions(INSPECTION_STEPS, InspectionStatus.values)
NOTICE_TRANSITIONS = transitions(NOTICE_STEPS, NoticeStatus.values)

# What a refused actor is told, by who could have taken the step.
REFUSALS = {
    MANAGERS: _("Only the office head can do this."),
    WORKERS: _("Only the visit's team or the office head can do this."),
    frozenset({HEAD, ADMIN, LEAD}): _("Only the lead inspector or the office head can cancel a visit."),
    CASE_HANDLERS: _("Only the investigator or the office head can do this."),
}


def _office_roles(actor, office_id: int) -> set[str]:
    if access.is_admin(actor):
        return {ADMIN}
    if not (actor.is_authenticated and actor.is_active) or actor.office_id != office_id:
        return set()
    return {HEAD} if actor.role == Role.OFFICE_HEAD else set()


def inspection_roles(actor, inspection, team_ids: set[int] | None = None) -> frozenset[str]:
    """The roles ``actor`` holds on a visit; ``team_ids`` saves a query when the team is loaded."""
    roles = _office_roles(actor, inspection.office_id)
    if actor.is_authenticated and actor.is_active and actor.role == Role.INSPECTOR:
        if inspection.lead_inspector_id == actor.pk:
            roles.add(LEAD)
        if team_ids is None:
            team_ids = set(inspection.team.values_list("pk", flat=True))
        if actor.pk in team_ids:
            roles.add(TEAM)
    return frozenset(roles)


def investigation_roles(actor, investigation) -> frozenset[str]:
    roles = _office_roles(actor, investigation.office_id)
    if actor.is_authenticated and actor.is_active and investigation.investigator_id == actor.pk:
        roles.add(INVESTIGATOR)
    return frozenset(roles)


def available(steps: Mapping[str, Step], status: str, roles: frozenset[str]) -> dict[str, bool]:
    """Every step of the map → whether an actor with ``roles`` can take it from ``status`` now."""
    return {name: s.starts_from(status) and s.open_to(roles) for name, s in steps.items()}

"""Who may see the names of injured persons and of workers with an occupational disease, and the log of each read.

Sealed like a complainant's identity (complaints/confidentiality.py, DESIGN.md §5): the inspector
who recorded the case, the lead inspector of its investigation visit, the head of its office and
admins. Pages and the API ask :func:`can_see_names` and call :func:`names_for` (which audits each
staff read); Notas, exports, notifications and the reports never carry the names.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from inspectorate.access import is_admin
from inspectorate.choices import Role

from .models import Accident, OccupationalDisease

CONFIDENTIAL = _("(confidential)")


def can_see_names(user, case: Accident | OccupationalDisease) -> bool:
    """The recorder, the investigation visit's lead, the head of the case's office, admins; nobody else."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_admin(user):
        return True
    if user.role == Role.OFFICE_HEAD:
        return user.office_id is not None and user.office_id == case.office_id
    if user.role == Role.INSPECTOR and user.office_id == case.office_id:
        if case.created_by_id == user.pk:
            return True
        inspection = getattr(case, "inspection", None)
        return inspection is not None and inspection.lead_inspector_id == user.pk
    return False


def _record(*, user, case, fields, request, via: str) -> None:
    from audit.services import record

    record(
        action="sealed_read",
        request=request,
        actor=user,
        obj=case,
        fields=fields,
        extra={"via": via, "path": request.path[:200] if request is not None else "", "reference": case.reference},
    )


def names_for(*, user, accident: Accident, people, request=None, via: str) -> dict[int, str] | None:
    """The injured persons' names by pk, the read audited; ``None`` when the user may not see them."""
    if not can_see_names(user, accident):
        return None
    people = list(people)
    if people:
        _record(user=user, case=accident, fields=["injured.name"], request=request, via=via)
    return {p.pk: p.name for p in people}


def worker_name_for(*, user, case: OccupationalDisease, request=None, via: str) -> str | None:
    """The worker's name, the read audited; ``None`` when the user may not see it."""
    if not can_see_names(user, case):
        return None
    _record(user=user, case=case, fields=["worker_name"], request=request, via=via)
    return case.worker_name

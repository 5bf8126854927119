"""Who may see a complainant's identity (DESIGN.md §5), and the log of every time someone did.

Pages, the API and exports all ask :func:`can_see_identity` and call
:func:`record_sealed_reads` when they show the sealed fields; nothing else decides it.
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from inspectorate.access import is_admin
from inspectorate.choices import Role

from .models import Complaint

SEALED_FIELDS = (
    "complainant_name",
    "complainant_contact",
    "complainant_phone",
    "complainant_email",
    "complainant_id_number",
)
CONFIDENTIAL = _("(confidential)")


def can_see_identity(user, complaint: Complaint) -> bool:
    """The assigned inspector, the head of the complaint's office and admins; nobody else."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_admin(user):
        return True
    if user.role == Role.OFFICE_HEAD:
        return user.office_id is not None and user.office_id == complaint.office_id
    if user.role == Role.INSPECTOR:
        return complaint.assigned_to_id is not None and complaint.assigned_to_id == user.pk
    return False


def has_identity(complaint: Complaint) -> bool:
    return not complaint.is_anonymous and any(getattr(complaint, name) for name in SEALED_FIELDS)


def record_sealed_reads(*, user, complaints: Iterable[Complaint], request=None, via: str) -> None:
    """Log on the audit trail that ``user`` was shown the identity on these complaints: one entry each."""
    from audit.services import record

    path = request.path[:200] if request is not None else ""
    for complaint in complaints:
        record(
            action="sealed_read",
            request=request,
            actor=user,
            obj=complaint,
            fields=SEALED_FIELDS,
            extra={"via": via, "path": path, "reference": complaint.reference},
        )


def identity_for(*, user, complaint: Complaint, request=None, via: str) -> dict | None:
    """The sealed fields for display, logged, or ``None`` when the user may not see them."""
    if not can_see_identity(user, complaint):
        return None
    if has_identity(complaint):
        record_sealed_reads(user=user, complaints=[complaint], request=request, via=via)
    return {name: getattr(complaint, name) for name in SEALED_FIELDS}

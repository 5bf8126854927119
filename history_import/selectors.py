"""Reads behind the history import pages."""

from django.db.models import QuerySet

from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Office

from .models import HistoryImport


def offices_for_import(user) -> QuerySet[Office]:
    """The offices whose history this user imports: every office for an admin, their own for an office head."""
    offices = access.restrict(Office.objects.order_by("name"), user, "change")
    if access.is_admin(user):
        return offices
    if user.is_authenticated and user.role == Role.OFFICE_HEAD:
        return offices.filter(pk=user.office_id)
    return offices.none()


def imports_for(user) -> QuerySet[HistoryImport]:
    """The imports this user may see and roll back (admins: all; office heads: their office's)."""
    return access.restrict(
        HistoryImport.objects.select_related("office", "imported_by", "rolled_back_by"), user, "change"
    ).filter(office__in=offices_for_import(user))

"""Reads of the organisation, already narrowed to what the user may see."""

from django.db.models import Q, QuerySet

from . import access
from .models import Company, District


def company_list(*, user) -> QuerySet[Company]:
    return access.restrict(Company.objects.select_related("district", "district__office"), user)


def district_list(*, user) -> QuerySet[District]:
    return access.restrict(District.objects.select_related("office"), user)


COMPANY_SEARCH_LIMIT = 20


def company_search(*, user, query: str, action: access.Action = "change", limit: int = COMPANY_SEARCH_LIMIT):
    """Companies the user may act on whose name contains ``query`` or whose NIB starts with it."""
    query = " ".join(query.replace("\x00", "").split())[:100]
    if len(query) < 2:
        return Company.objects.none()
    q = Q(name__icontains=query)
    if query.isdigit():
        q |= Q(nib__startswith=query)
    return (
        access.restrict(Company.objects.select_related("district"), user, action)
        .filter(q)
        .order_by("name", "pk")[:limit]
    )

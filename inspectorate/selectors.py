"""Reads of the organisation, already narrowed to what the user may see."""

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat

from . import access
from .models import Company, District, Office


def company_list(*, user) -> QuerySet[Company]:
    return access.restrict(Company.objects.select_related("district", "district__office"), user)


def district_list(*, user) -> QuerySet[District]:
    return access.restrict(all_districts().select_related("office"), user)


def all_districts() -> QuerySet[District]:
    return District.objects.all()


def offices_by_code() -> QuerySet[Office]:
    """Offices as the list pages' filters offer them (narrowed to the user's scope by the caller)."""
    return Office.objects.order_by("code")


def sorted_from_matches(queryset: QuerySet[Company]) -> QuerySet[Company]:
    """The same order as ``Company.Meta.ordering`` (name, id), by an expression no index serves.

    For a search with few matches (at most the paginator's cap): PostgreSQL then reads the
    matches through the trigram index and sorts them. Ordered by plain ``name`` it walks the
    name index from "A" testing every company until 25 match, which is fast when the matches
    are many and took seconds for a rare name over 750,000 companies (docs/performance.md §8).
    """
    return queryset.order_by(Concat("name", Value("")), "id")


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

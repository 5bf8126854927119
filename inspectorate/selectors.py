"""Reads of the organisation, already narrowed to what the user may see."""

import functools

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils.functional import cached_property

from . import access
from .models import Company, District, Office
from .prepared import aggregated


def company_list(*, user) -> QuerySet[Company]:
    return access.restrict(Company.objects.select_related("district", "district__office"), user)


def district_list(*, user) -> QuerySet[District]:
    return access.restricted_of(_districts_with_offices, user)


def _districts_with_offices() -> QuerySet[District]:
    return all_districts().select_related("office")


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


def company_matches(query: str, *, digits: bool | None = None) -> Q:
    """Companies whose name contains ``query`` or, for digits, whose NIB starts with it.

    ``query`` is passed as a value (``Value``), not rewritten into a pattern by Django: PostgreSQL
    escapes it and adds the wildcards itself, a constant it folds before planning (so the trigram
    and NIB pattern indexes serve as before), and a prepared query can run again with another
    query. ``digits``: whether ``query`` is digits (given for a prepared query's stand-in)."""
    value = Value(query)
    matches = Q(name__icontains=value)
    if query.isdigit() if digits is None else digits:
        matches = Q(nib__startswith=value) | matches
    return matches


@functools.lru_cache(maxsize=8)
def _search_query(digits: bool, part: str):
    # One function per shape, the same object each time: it is part of the prepared query's shape.
    def queryset_of(values: tuple[str]) -> QuerySet[Company]:
        found = Company.objects.filter(company_matches(values[0], digits=digits))
        if part == "ids":
            return found.order_by().values_list("pk", flat=True)
        if part == "count":
            return aggregated(found, n=Count("*"))
        found = found.select_related("district")  # the district's name
        return sorted_from_matches(found) if part == "few" else found.order_by("name", "id")

    return queryset_of


class CompanySearch:
    """The companies searched by name or NIB and nothing else, in the user's scope: the same rows
    as ``company_list`` filtered by ``company_matches``, each query built once per shape
    (``access.rows_for_user``). Building and compiling the count and the rows cost a search about
    1 ms a request.

    For a paginator: ``len()`` reads the ids of the first ``cap`` + 1 matches, unordered (the
    company list's ``CappedPaginator``), ``count()`` counts them all (the API's). A page's rows are
    ordered as ``sorted_from_matches`` orders them when there are at most ``cap``, else by name."""

    def __init__(self, *, user, query: str, cap: int):
        self.user, self.values, self.digits, self.cap = user, (query,), query.isdigit(), cap
        self._count: int | None = None

    @cached_property
    def _ids(self) -> list[int]:
        return self._read("ids", (0, self.cap + 1))

    def __len__(self) -> int:
        return len(self._ids)

    def count(self) -> int:
        if self._count is None:
            rows = self._read("count")
            self._count = rows[0]["n"] if rows else 0
        return self._count

    def __getitem__(self, bounds: slice) -> list[Company]:
        counted = self._count if self._count is not None else len(self)  # the count if read, else the first ids
        few = counted <= self.cap
        return self._read("few" if few else "many", (bounds.start, bounds.stop))

    def _read(self, part: str, bounds: tuple[int, int] | None = None) -> list:
        query = _search_query(self.digits, part)
        return access.rows_for_user(Company, query, self.user, bounds=bounds, as_of=self.values)


COMPANY_SEARCH_LIMIT = 20


def company_search(*, user, query: str, action: access.Action = "change", limit: int = COMPANY_SEARCH_LIMIT):
    """Companies the user may act on whose name contains ``query`` or whose NIB starts with it."""
    query = " ".join(query.replace("\x00", "").split())[:100]
    if len(query) < 2:
        return Company.objects.none()
    return (
        access.restrict(Company.objects.select_related("district"), user, action)
        .filter(company_matches(query))
        .order_by("name", "pk")[:limit]
    )


def company_detail_queryset() -> QuerySet[Company]:
    """The company of its page (``access.get_prepared_for_user``), with its district's office and region."""
    return Company.objects.select_related("district", "district__office", "district__region")

"""Paginators for lists too long to count or sort whole: national searches, the work queue; a list
page's rows read by prepared queries."""

import functools
from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import Count, Model, QuerySet, prefetch_related_objects
from django.utils.functional import cached_property

from . import access
from .prepared import aggregated


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows; past that ``capped`` is true and pages stop at the cap.

    ``COUNT(*)`` over every match of a short name search by a national official read 750,000
    rows to print a number nobody needs exactly. One row more than the cap is enough to know
    there are more; the page shows "more than 1,000" and asks for a narrower search.
    """

    def __init__(self, object_list, per_page, *, cap: int = 1000, **kwargs):
        self.cap = cap
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _counted(self) -> int:
        rows = self.object_list
        if hasattr(rows, "values_list"):  # a QuerySet: count the first cap + 1 ids, unordered
            return rows.order_by().values_list("pk", flat=True)[: self.cap + 1].count()
        return min(len(rows), self.cap + 1)

    @cached_property
    def capped(self) -> bool:
        return self._counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)


class FewMatchesSortedPaginator(Paginator):
    """Counts exactly (as Django's); when there are at most ``cap`` rows, orders them by ``few``.

    For the company API: a search with few matches is read through the trigram index and sorted
    (``selectors.sorted_from_matches``) instead of walking the name index from "A" until a page
    is found, which took seconds for a rare name or an NIB over 750,000 companies
    (docs/performance.md §11). The count is the query the page needs anyway.
    """

    cap = 1000

    def __init__(self, object_list, per_page, *, few=None, **kwargs):
        self.few = few
        super().__init__(object_list, per_page, **kwargs)

    def page(self, number):
        number = self.validate_number(number)
        if self.few is not None and self.count <= self.cap:
            self.object_list = self.few(self.object_list)
        return super().page(number)


class TwoPartPaginator(Paginator):
    """Pages of ``first`` then ``second``: two disjoint querysets, each ordered, counted and read alone.

    The work queue shows its open complaints before its finished ones. One query ordered by
    "finished" sorted every complaint the office ever received (13,133 for the biggest) to show 25;
    the open ones are a few hundred, read through their partial index, and the finished ones are
    read only when a page goes past them. A page spanning the two reads the end of the first and
    the start of the second; prefetches run once for the page's rows. The parts may also be
    :class:`PreparedRows`.
    """

    def __init__(self, first, second, per_page, **kwargs):
        if isinstance(first, QuerySet):
            self.lookups = first._prefetch_related_lookups
            first, second = first.prefetch_related(None), second.prefetch_related(None)
        else:  # rows read apart, each already whole (PreparedRows)
            self.lookups = ()
        self.first, self.second = first, second
        super().__init__(first, per_page, **kwargs)

    @cached_property
    def first_count(self) -> int:
        return self.first.count()

    @cached_property
    def count(self) -> int:
        return self.first_count + self.second.count()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        split = self.first_count
        rows = list(self.first[bottom : min(top, split)]) if bottom < split else []
        if top > split:
            rows += list(self.second[max(bottom - split, 0) : top - split])
        if self.lookups:
            prefetch_related_objects(rows, *self.lookups)
        return self._get_page(rows, number, self)


class PreparedRows:
    """A list's rows in the user's scope for Django's ``Paginator``: ``count()`` and a page's slice,
    each read by a query the ORM builds once per shape (``access.rows_for_user``).

    For a list shown without a filter (a list page as it opens): building and compiling its count
    and its page's rows took a visit list 1.5-2 ms of Python per request (docs/performance.md §26).
    ``rows_of()`` builds the rows' queryset, ordered and unsliced; ``count_of()`` the one its count
    is taken from. Both are module-level functions, the same on every call, so that each slice's
    query is built once. With ``as_of`` (values of the moment read for, a day per time zone), the
    rows are ``rows_of(as_of)``'s (``access.rows_for_user``), and with ``count_as_of`` the count is
    ``count_of(as_of)``'s.
    """

    def __init__(
        self,
        model: type[Model],
        rows_of: Callable[..., QuerySet],
        count_of: Callable[[], QuerySet],
        user,
        *,
        as_of: tuple | None = None,
        count_as_of: bool = False,
    ):
        self.model, self.rows_of, self.count_of, self.user, self.as_of = model, rows_of, count_of, user, as_of
        self.count_as_of = count_as_of  # whether ``count_of`` too is a function of ``as_of``

    def count(self) -> int:
        as_of = self.as_of if self.count_as_of else None
        rows = access.rows_for_user(self.model, _counted(self.count_of), self.user, as_of=as_of)
        return rows[0]["n"] if rows else 0

    def __getitem__(self, bounds: slice) -> list:
        return access.rows_for_user(
            self.model, self.rows_of, self.user, bounds=(bounds.start, bounds.stop), as_of=self.as_of
        )


@functools.lru_cache(maxsize=64)
def _counted(count_of: Callable[[], QuerySet]) -> Callable[[], QuerySet]:
    # One function per list, the same object each time: it is part of the prepared query's shape.
    return lambda *as_of: aggregated(count_of(*as_of), n=Count("*"))  # COUNT(*), as Django counts: an index-only scan

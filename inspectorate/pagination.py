"""A paginator that stops counting: searches over the whole country match hundreds of thousands of rows."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


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

"""Reading the complaint month rollups (rollups.ComplaintMonth) and the rows they summarise."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db.models import Case, Count, F, Q, Sum, Value, When

from complaints.choices import RESOLVED_STATUSES
from complaints.models import Complaint
from inspectorate.models import Office
from inspectorate.periods import add_months
from inspectorate.prepared import prepared
from rollups.models import NOT_RESOLVED, ComplaintMonth, ComplaintYear, Dimension, State

from ._common import office_ids


def _complaints(offices: Sequence[Office], category: str | None = None):
    """The complaints of ``offices``, of one category when given (a dashboard filter)."""
    return _complaints_in(office_ids(offices), category)


def _complaints_in(ids: list[int], category: str | None = None):
    complaints = Complaint.objects.filter(office_id__any=ids)
    return complaints.filter(categories__code=category) if category else complaints


def _received(start: date, end: date) -> Q:
    return Q(received_month__gte=start, received_month__lt=end)


def _rollup_sums(resolved: Q) -> dict:
    """Counts of rollup rows; ``resolved`` says which resolved months are resolved "by the end"."""
    in_state = lambda state: Sum("complaints", filter=Q(state=state), default=0)  # noqa: E731
    return {
        "received": Sum("complaints", default=0),
        "rejected": in_state(State.REJECTED),
        "referred": in_state(State.REFERRED),
        "resolved": Sum("complaints", filter=Q(state=State.RESOLVED) & resolved, default=0),
        "claimed": Sum("amount_claimed", default=0),
        "recovered": Sum("amount_recovered", default=0),
    }


def trend_resolved_q(by: str) -> Q:
    """Resolved by the end of the month it was received in (``by="own month"``), or resolved ``"so far"``."""
    if by not in ("own month", "so far"):
        raise ValueError(f"Resolved by what: {by!r}")
    return Q(resolved_month__lte=F("received_month")) if by == "own month" else Q()


@prepared("office_ids", "start", "end")
def trend_rows(*, office_ids: list[int], start: date, end: date, category: str | None, by: str):
    """Per month received in ``[start, end)``: the rollup sums of the offices' complaints (of ``category``)."""
    rows = ComplaintMonth.objects.filter(_received(start, end), office_id__any=office_ids).order_by()
    rows = rows.filter(dimension=Dimension.CATEGORY, key=category) if category else rows.filter(dimension=Dimension.ALL)
    return rows.values("received_month").annotate(**_rollup_sums(trend_resolved_q(by)))


def _year_to_date(start: date, end: date) -> bool:
    """``[start, end)`` runs from 1 January over more than one month of the same year."""
    return (start.month, start.day) == (1, 1) and add_months(start, 1) < end <= date(start.year + 1, 1, 1)


def period_rows(
    offices: Sequence[Office],
    start: date,
    end: date,
    category: str | None,
    dimensions: Sequence[str],
) -> list[dict]:
    """The rollups of complaints received in ``[start, end)``, grouped by dimension, key and office.

    Each row holds ``received``, ``rejected``, ``referred``, ``resolved`` (in a month before
    ``end``), ``claimed`` and ``recovered``; the caller adds the rows up. One query.

    ``office_key`` is the office only where it is shown: the "all" rows, or every row of the one
    category filtered by. The category and channel rows are summed over the offices in SQL (137
    groups for the country's year instead of one per office and key: 2,153).

    A year to date reads the year rows (``ComplaintYear``: the country's year is ~6,000 rows
    where its months are ~46,000) and takes off, as negative rows, the months received from
    ``end`` to the end of the year and the complaints received before ``end`` but resolved in or
    after its month (both empty for the current period: nothing is received or resolved in a month
    to come). Any other period reads the month rows.
    """
    year_to_date = _year_to_date(start, end)
    rows = _period_query(
        office_ids=office_ids(offices),
        start=start,
        end=end,
        year_end=date(start.year + 1, 1, 1),
        category=category,
        dimensions=tuple(dimensions),
        year_to_date=year_to_date,
    )
    if not year_to_date:
        return rows
    result = []
    for row in rows:
        part = row.pop("part")
        if part == 1:
            row = {name: -value if name in SUMS else value for name, value in row.items()}
        elif part == 2:
            row = {**row, **dict.fromkeys(SUMS, 0), "resolved": -row["resolved"]}
        result.append(row)
    return result


@prepared("office_ids", "start", "end", "year_end")
def _period_query(
    *,
    office_ids: list[int],
    start: date,
    end: date,
    year_end: date,
    category: str | None,
    dimensions: tuple[str, ...],
    year_to_date: bool,
):
    """``period_rows``' query: built by the ORM once per shape (``inspectorate.prepared``)."""
    office_key = F("office_id") if category else Case(When(dimension=Dimension.ALL, then=F("office_id")))

    def by_office(rows):
        rows = rows.filter(office_id__any=office_ids).order_by()
        return rows.filter(dimension=Dimension.CATEGORY, key=category) if category else rows

    def grouped(rows, part: int, resolved: Q, *, resolved_only: bool = False):
        if not category:
            rows = rows.filter(dimension__in=dimensions)
        rows = rows.values("dimension", "key", office_key=office_key)
        sums = _rollup_sums(resolved)
        if resolved_only:
            # Only the resolved count is read: the columns of the partial index, no table row.
            sums = {name: Sum("complaints", default=0) if name == "resolved" else Value(0) for name in sums}
        return rows.annotate(part=Value(part), **sums)

    months = by_office(ComplaintMonth.objects.all())
    if not year_to_date:
        return grouped(months.filter(_received(start, end)), 0, Q(resolved_month__lt=end))
    resolved = Q(state=State.RESOLVED)
    year = grouped(by_office(ComplaintYear.objects.filter(received_year=start)), 0, resolved)
    after_end = grouped(months.filter(_received(end, year_end)), 1, resolved)
    # Resolved in or after the end month, or resolved without a date (NOT_RESOLVED, as the
    # unresolved rows): two ranges of the partial index ``complaintmonth_resolved_later``, read
    # from the index alone. As one (``resolved_month >= end``) the planner counted every
    # unresolved row in it and scanned the year's months instead (7 ms against 0.05 ms for the country).
    later = months.filter(_received(start, end), resolved)
    dated = later.filter(resolved_month__gte=end, resolved_month__lt=NOT_RESOLVED)
    resolved_later = grouped(dated, 2, resolved, resolved_only=True)
    undated = grouped(later.filter(resolved_month=NOT_RESOLVED), 2, resolved, resolved_only=True)
    return year.union(after_end, resolved_later, undated, all=True)


SUMS = ("received", "rejected", "referred", "resolved", "claimed", "recovered")


@prepared("office_ids", "start", "end", "now")
def resolved_after_now(
    *, office_ids: list[int], start: date, end: date, now: datetime, category: str | None, by: str, per_month: bool
):
    """Complaints the rollups count as resolved but resolved after ``now``: by the end of the
    period (``by="period"``), of the month received (``"own month"``) or at all (``"so far"``).

    The rollups know the month a complaint was resolved in, not whether that was before ``now``:
    for a period not yet over (or figures asked "as of" an earlier moment) these are taken off
    again. An index range on ``resolved_month``; empty unless ``now`` is before the last resolution.
    Rows of ``(pk, office_id, channel, category code)``, or ``per_month`` ``(received_month, count)``.
    """
    resolved = Q(resolved_month__lt=end) if by == "period" else trend_resolved_q(by)
    late = _complaints_in(office_ids, category).filter(
        _received(start, end), resolved, status__in=sorted(RESOLVED_STATUSES), resolved_at__gt=now
    )
    late = late.order_by()
    if per_month:
        return late.values("received_month").annotate(n=Count("id", distinct=True)).values_list("received_month", "n")
    return late.values_list("pk", "office_id", "channel", "categories__code")

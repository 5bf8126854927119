"""Reading the complaint month rollups (rollups.ComplaintMonth) and the rows they summarise."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db.models import Q, Sum

from complaints.choices import RESOLVED_STATUSES
from complaints.models import Complaint
from inspectorate.models import Office
from rollups.models import ComplaintMonth, Dimension, State


def _complaints(offices: Sequence[Office], category: str | None = None):
    """The complaints of ``offices``, of one category when given (a dashboard filter)."""
    complaints = Complaint.objects.filter(office__in=offices)
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


def _rollup(offices: Sequence[Office], start: date, end: date, category: str | None):
    rows = ComplaintMonth.objects.filter(_received(start, end), office__in=offices).order_by()
    if category:
        return rows.filter(dimension=Dimension.CATEGORY, key=category)
    return rows


def _resolved_after_now(offices, start: date, end: date, now: datetime, resolved: Q, category: str | None):
    """Complaints the rollups count as resolved by the end of the period but resolved after ``now``.

    The rollups know the month a complaint was resolved in, not whether that was before ``now``:
    for a period not yet over (or figures asked "as of" an earlier moment) these are taken off
    again. An index range on ``resolved_month``; empty unless ``now`` is before the last resolution.
    """
    late = _complaints(offices, category).filter(
        _received(start, end), resolved, status__in=sorted(RESOLVED_STATUSES), resolved_at__gt=now
    )
    return late.order_by()

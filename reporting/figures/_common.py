"""Shared definitions of the figures: counted kinds, age bands and the overdue conditions."""

from __future__ import annotations

from complaints import definitions
from inspections import definitions as inspection_definitions
from inspections.choices import Kind

COUNTED_KINDS = [k for k in Kind.values if k != Kind.ASSIGNMENT]
AGEING_BUCKETS = definitions.AGE_BANDS
# Overdue now (a local day): the work queues count with it; reports use the backlog's past-due count.
overdue_q = definitions.overdue_q
# Findings and notices past their deadline (inspections/definitions.py), for the work queue.
finding_past_deadline_q = inspection_definitions.finding_past_deadline_q
notice_awaiting_q = inspection_definitions.notice_awaiting_q
TREND_MONTHS = 12


def office_ids(offices) -> list[int]:
    """The primary keys of ``offices`` for ``office_id__in``: a filter on instances checks each one
    (the national dashboard passes 120 offices to most of its queries)."""
    return [o.pk for o in offices]


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None

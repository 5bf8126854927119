"""Does the risk score find more violations? Findings per visit, risk-selected vs randomly selected.

Counted: the visits confirmed from a monthly plan (``targeting.PlanEntry``) that were carried out
(reported or closed) with their visit time in the last 12 months, by how the plan chose them
(risk, random, the head's choice). Findings per visit is findings ÷ visits, one decimal; a
selection without visits has none. One aggregate query over the user's scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone

from inspections.choices import COUNTED_STATUSES
from inspections.models import Inspection
from inspectorate import access
from targeting.choices import Selection

MONTHS = 12


@dataclass(frozen=True)
class SelectionYield:
    selection: str
    label: str
    visits: int
    findings: int

    @property
    def per_visit(self) -> Decimal | None:
        if not self.visits:
            return None
        return (Decimal(self.findings) / self.visits).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def since(now: dt.datetime | None = None) -> dt.datetime:
    now = now or timezone.now()
    return now - dt.timedelta(days=365)


def selection_yield(*, user, now: dt.datetime | None = None) -> list[SelectionYield]:
    """One row per selection (risk, random, the head's choice), in that order."""
    visits = access.restrict(Inspection.objects.all(), user).filter(
        plan_entry__isnull=False, status__in=COUNTED_STATUSES, visited_at__gte=since(now)
    )
    rows = {
        r["plan_entry__selection"]: r
        for r in visits.values("plan_entry__selection").annotate(
            visits=Count("id", distinct=True), findings=Count("findings", distinct=True)
        )
    }
    return [
        SelectionYield(
            selection=value,
            label=str(label),
            visits=rows.get(value, {}).get("visits", 0),
            findings=rows.get(value, {}).get("findings", 0),
        )
        for value, label in Selection.choices
    ]

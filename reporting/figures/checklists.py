"""Checklist compliance scores: the share of applicable questions answered compliant.

A question is applicable when its answer says something about compliance (a yes/no or choice
answer other than "not applicable"); numbers, texts and photos are evidence, not scored. The
bands follow Norma 100's self-assessment: high above 90, medium above 70 up to 90, low at 70 and
below — a score of exactly 70 is low. One aggregate query whatever the number of checklists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from checklists.models import VisitChecklist
from inspectorate import access
from inspectorate.models import Office

HIGH_ABOVE = Decimal(90)
MEDIUM_ABOVE = Decimal(70)  # 70 itself is low
BANDS = {"high": _("High"), "medium": _("Medium"), "low": _("Low")}


def score_of(compliant: int, applicable: int) -> Decimal | None:
    """The score in percent, one decimal (half up); ``None`` when nothing was applicable."""
    if not applicable:
        return None
    return (Decimal(100) * compliant / applicable).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def band_of(score: Decimal | None) -> str | None:
    """The exact score decides (not a rounded one): 70.04 is medium, 70 is low."""
    if score is None:
        return None
    if score > HIGH_ABOVE:
        return "high"
    if score > MEDIUM_ABOVE:
        return "medium"
    return "low"


@dataclass(frozen=True)
class ChecklistScore:
    checklist_id: int
    inspection_id: int
    reference: str
    template: str
    version: int
    visited_at: dt.datetime | None
    office_id: int
    time_zone: str
    applicable: int
    compliant: int

    @property
    def exact(self) -> Decimal | None:
        return None if not self.applicable else Decimal(100) * self.compliant / self.applicable

    @property
    def score(self) -> Decimal | None:
        return score_of(self.compliant, self.applicable)

    @property
    def band(self) -> str | None:
        return band_of(self.exact)

    @property
    def band_label(self) -> str:
        return BANDS[self.band] if self.band else "—"


def checklist_scores(queryset) -> list[ChecklistScore]:
    rows = queryset.annotate(
        n_applicable=Count("answers", filter=Q(answers__compliant__isnull=False)),
        n_compliant=Count("answers", filter=Q(answers__compliant=True)),
    ).values(
        "pk", "inspection_id", "inspection__reference", "version__template__name", "version__number",
        "inspection__visited_at", "inspection__office_id", "n_applicable",
        "n_compliant",
    )  # fmt: skip
    rows = list(rows)
    zones = dict(
        Office.objects.filter(pk__in={r["inspection__office_id"] for r in rows}).values_list("pk", "time_zone")
    )
    return [
        ChecklistScore(
            checklist_id=r["pk"],
            inspection_id=r["inspection_id"],
            reference=r["inspection__reference"],
            template=r["version__template__name"],
            version=r["version__number"],
            visited_at=r["inspection__visited_at"],
            office_id=r["inspection__office_id"],
            time_zone=zones[r["inspection__office_id"]],
            applicable=r["n_applicable"],
            compliant=r["n_compliant"],
        )
        for r in rows
    ]


def company_scores(*, user, company) -> list[ChecklistScore]:
    """The company's checklists the user may see, oldest visit first (the score over time)."""
    queryset = access.restrict(VisitChecklist.objects.filter(inspection__company=company), user).order_by(
        "inspection__visited_at", "pk"
    )
    return checklist_scores(queryset)


def scores_for(*, user):
    """Every checklist the user may see, for the API (filtered further by the caller)."""
    return access.restrict(VisitChecklist.objects.all(), user)

"""Computing and storing risk scores, set-based: a handful of queries for all companies of an office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from inspectorate.models import Company, Office

from .factors import DEFAULT_WEIGHTS, REGISTRY, Context, Measure
from .models import FactorWeight, RiskScore

REGISTRY_FIELDS = ("id", "district__office_id", "kbli", "workers_total", "workers_foreign", "nib", "address")
BATCH = 2000


def weights() -> dict[str, int]:
    """The points per unit of every registered factor (the table's row, or the default without one)."""
    stored = dict(FactorWeight.objects.values_list("factor", "points"))
    return {code: stored.get(code, DEFAULT_WEIGHTS.get(code, 0)) for code in REGISTRY}


def compute(companies: QuerySet[Company], as_of: dt.date) -> dict[int, tuple[int, int | None, list[dict]]]:
    """{company id: (score, office id, breakdown)}; the breakdown's points add up to the score."""
    rows = {row["id"]: row for row in companies.values(*REGISTRY_FIELDS)}
    if not rows:
        return {}
    ctx = Context(companies=companies, as_of=as_of, rows=rows)
    points = weights()
    measured = {code: factor.measure(ctx) for code, factor in REGISTRY.items()}
    result = {}
    empty = Measure()
    for pk, row in rows.items():
        breakdown = []
        for code, factor in REGISTRY.items():
            m = measured[code].get(pk, empty)
            breakdown.append(
                {
                    "factor": code,
                    "points": m.units * points[code] if factor.available else 0,
                    "units": m.units,
                    "weight": points[code],
                    "params": m.params,
                }
            )
        result[pk] = (sum(b["points"] for b in breakdown), row["district__office_id"], breakdown)
    return result


def store(companies: QuerySet[Company], as_of: dt.date | None = None) -> int:
    """Compute and upsert the scores of these companies (those without an office get none)."""
    as_of = as_of or timezone.localdate()
    now = timezone.now()
    scores = [
        RiskScore(company_id=pk, office_id=office_id, score=score, breakdown=breakdown, computed_at=now)
        for pk, (score, office_id, breakdown) in compute(companies, as_of).items()
        if office_id is not None
    ]
    for start in range(0, len(scores), BATCH):
        RiskScore.objects.bulk_create(
            scores[start : start + BATCH],
            update_conflicts=True,
            unique_fields=["company"],
            update_fields=["office", "score", "breakdown", "computed_at"],
        )
    return len(scores)


def office_companies(office: Office) -> QuerySet[Company]:
    return Company.objects.filter(district__office=office)


def recompute_office(office: Office, as_of: dt.date | None = None) -> int:
    # A company whose district moved to another office loses its stale score here.
    RiskScore.objects.filter(office=office).exclude(company__district__office=office).delete()
    return store(office_companies(office), as_of)


def recompute_companies(ids: Iterable[int]) -> int:
    return store(Company.objects.filter(pk__in=list(ids)))


def recompute_all(as_of: dt.date | None = None) -> int:
    return sum(recompute_office(office, as_of) for office in Office.objects.all())


def explain(breakdown: list[dict]) -> list[dict]:
    """The breakdown in plain words for a page: factor label, points and reason, biggest first."""
    lines = []
    for item in breakdown:
        factor = REGISTRY.get(item["factor"])
        if factor is None:
            continue
        lines.append(
            {
                "factor": item["factor"],
                "label": factor.label,
                "points": item["points"],
                "reason": factor.reason(item.get("params") or {}),
                "available": factor.available,
            }
        )
    return sorted(lines, key=lambda line: (-line["points"], not line["available"]))

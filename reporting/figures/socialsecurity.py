"""BPJS Ketenagakerjaan figures: coverage per district and region, and the flags of companies.

Read by the coverage page and its export, the office and region PDFs, the targeting list and the
API; the risk-targeting and annual-report work read :func:`coverage` and :func:`company_flags`.

Coverage = participants ÷ estimated workers, for a year:

- **formal**: the participants of each company's latest snapshot taken that year (imported BPJS
  files, wage-earner segment), summed per district of the company, ÷ the district's estimated
  formal (wage-earner) workers (:class:`~socialsecurity.models.WorkforceEstimate`);
- **informal**: the district's latest non-wage (BPU) participants reported that year ÷ its estimated
  informal (non-wage) workers.

A rate is a percentage with one decimal (half up), computed from the exact inputs, which are
returned with it, with their sources. It is never capped: a rate over 100 % is returned as it is
and marked ``over``, because it says the denominator (the estimate) is too low, not that more than
everybody is covered. A district without an estimate has no rate (``None``), never 0. A region's
figure sums its districts' numerators and denominators over the districts that have an estimate.
Three queries whatever the number of districts and companies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Subquery, Sum

from inspectorate.models import District, Region
from inspectorate.queries import latest_per
from socialsecurity.models import Flag, InformalParticipation, Participation, WorkforceEstimate


def rate_of(participants: int, workers: int | None) -> Decimal | None:
    """Percent, one decimal, half up; ``None`` without a denominator. Never capped."""
    if not workers:
        return None
    return (Decimal(100) * participants / workers).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Rate:
    """One coverage figure with its inputs and their sources."""

    participants: int = 0
    workers: int | None = None
    participant_sources: set[str] = field(default_factory=set)
    worker_sources: set[str] = field(default_factory=set)

    @property
    def rate(self) -> Decimal | None:
        return rate_of(self.participants, self.workers)

    @property
    def over(self) -> bool:
        """Over 100 %: the estimate of workers is below the participants (shown with a warning)."""
        return self.rate is not None and self.rate > 100

    def add(self, other: Rate) -> None:
        if other.workers is None:
            return
        self.participants += other.participants
        self.workers = (self.workers or 0) + other.workers
        self.participant_sources |= other.participant_sources
        self.worker_sources |= other.worker_sources


@dataclass
class CoverageRow:
    """The coverage of one area (a district, or a region summed over its districts)."""

    key: int
    name: str
    code: str
    formal: Rate = field(default_factory=Rate)
    informal: Rate = field(default_factory=Rate)


@dataclass
class Coverage:
    """Rows per region (no region given) or per district (a region or a district given), and their total."""

    year: int
    level: str  # "region" or "district"
    rows: list[CoverageRow]
    total: CoverageRow


def _district_rows(year: int, districts) -> dict[int, CoverageRow]:
    rows = {d.pk: CoverageRow(d.pk, d.name, d.code) for d in districts}
    ids = list(rows)
    for w in WorkforceEstimate.objects.filter(year=year, district_id__in=ids).values(
        "district_id", "formal_workers", "informal_workers", "source"
    ):
        row = rows[w["district_id"]]
        row.formal.workers, row.informal.workers = w["formal_workers"], w["informal_workers"]
        row.formal.worker_sources.add(w["source"])
        row.informal.worker_sources.add(w["source"])
    latest = latest_per(
        Participation.objects.filter(as_of__year=year, company__district_id__in=ids),
        "company_id",
        ("-as_of", "-id"),
    ).values("pk")
    formal = (
        Participation.objects.filter(pk__in=Subquery(latest))
        .values("company__district_id", "source")
        .annotate(n=Sum("participants"))
    )
    for f in formal:
        row = rows[f["company__district_id"]]
        row.formal.participants += f["n"] or 0
        row.formal.participant_sources.add(f["source"])
    informal = latest_per(
        InformalParticipation.objects.filter(as_of__year=year, district_id__in=ids),
        "district_id",
        ("-as_of", "-id"),
    ).values("district_id", "participants", "source")
    for i in informal:
        row = rows[i["district_id"]]
        row.informal.participants = i["participants"]
        row.informal.participant_sources.add(i["source"])
    return rows


def coverage(*, year: int, region: Region | int | None = None, district: District | int | None = None,
             districts=None) -> Coverage:  # fmt: skip
    """Coverage for ``year``: per region (nothing given), per district of ``region``, or one ``district``.

    ``districts`` narrows the districts counted (the caller's scope, e.g. ``access.restrict``); the
    figures themselves never look at who asks.
    """
    qs = (districts if districts is not None else District.objects.all()).select_related("region")
    if district is not None:
        qs = qs.filter(pk=getattr(district, "pk", district))
    elif region is not None:
        qs = qs.filter(region_id=getattr(region, "pk", region))
    by_district = _district_rows(year, list(qs))
    total = CoverageRow(0, "", "")
    district_objs = {d.pk: d for d in qs} if by_district else {}
    if district is None and region is None:
        regions: dict[int, CoverageRow] = {}
        for pk, row in by_district.items():
            r = district_objs[pk].region
            agg = regions.setdefault(r.pk, CoverageRow(r.pk, r.name, r.code))
            agg.formal.add(row.formal)
            agg.informal.add(row.informal)
        rows = sorted(regions.values(), key=lambda r: r.code)
        level = "region"
    else:
        rows = sorted(by_district.values(), key=lambda r: r.code)
        level = "district"
    for row in by_district.values():
        total.formal.add(row.formal)
        total.informal.add(row.informal)
    return Coverage(year=year, level=level, rows=rows, total=total)


def district_coverage(*, year: int, districts) -> dict[int, CoverageRow]:
    """Coverage of each of ``districts`` (district objects) for ``year``, keyed by district id. Three queries."""
    return _district_rows(year, list(districts))


def company_flags(company_ids) -> dict[int, list[Flag]]:
    """The stored BPJS flags of these companies, ``{company_id: [Flag, ...]}`` (largest gap first).

    Each :class:`~socialsecurity.models.Flag` has ``kind`` (``socialsecurity.choices.FlagKind``),
    ``reason`` (the sentence saying why), ``evidence`` (the figures it was computed from) and
    ``gap`` (workers not covered). Companies without flags are absent. One query.
    """
    out: dict[int, list[Flag]] = defaultdict(list)
    for flag in Flag.objects.filter(company_id__in=list(company_ids)).order_by("company_id", "-gap", "kind"):
        out[flag.company_id].append(flag)
    return dict(out)

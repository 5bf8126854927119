"""The public transparency page's figures (/transparansi/): per office and region, a year or a month.

Only aggregates of offices and regions; no person, no company. Small numbers are suppressed so
nobody can be recognised (:func:`suppress`):

- **Primary**: a count from 1 to 4 is shown as "<5" (a zero is shown: it describes nobody). Wage
  arrears recovered are hidden where the complaints resolved are suppressed.
- **Secondary** (so a total cannot give a suppressed cell back): in every column, a total (a
  region over its offices, the country over its regions) with exactly one suppressed part gets a
  second one: the smallest other non-zero part is suppressed too; if there is none, the total
  itself (it then equals the hidden part, and is below 5 anyway). A region total suppressed this
  way has at least two of its offices suppressed, so its offices do not add up to it. Repeated
  until nothing changes.
- **Rates** are shown only when both counts they come from are shown and the denominator is at
  least 5. BPJS coverage (participants ÷ estimated workers) follows the same rule: shown when the
  estimate is at least 5 and the participants are 0 or at least 5.

Known limit: the page shows one period at a time; differences between periods (a year and its
months) are not protected.

Definitions: complaints *received* in the period and, of those, *resolved* by its end, and the
resolution rate, are DESIGN.md §3's (:func:`reporting.figures.period_figures`, from the rollups);
*visits* are counted visits of the period (visit month rollups, special assignments included);
*Notas* are those issued in the period, and the *compliance rate* is the share complied of those
whose outcome is known; *wage arrears recovered* is the amount recovered of the complaints received
in the period (complaint month rollups). BPJS coverage comes from :func:`annual.bpjs_coverage`:
formal and informal, per office (its districts summed), region and country in the main table,
and per district in its own table (the issue's unit; the office rows keep the page's structure).
It is the year's coverage, also when a month is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from inspections.choices import NoticeStatus
from inspections.models import Notice
from inspectorate.models import Office, Region
from inspectorate.periods import add_months
from rollups.models import ComplaintMonth, Dimension, VisitMonth

from .annual import bpjs_coverage
from .resolution import period_figures
from .socialsecurity import Rate

THRESHOLD = 5
SUPPRESSED = "<5"
# The additive columns: each is suppressed and complemented on its own.
COUNT_COLUMNS = ("received", "resolved", "visits", "notices")
COLUMNS = (*COUNT_COLUMNS, "recovered")


def coverage_shown(rate: Rate | None) -> Decimal | None:
    """A coverage rate (per cent) as published: only with 5 or more estimated workers and 0 or 5+ participants."""
    if rate is None or rate.workers is None or rate.workers < THRESHOLD or 0 < rate.participants < THRESHOLD:
        return None
    return rate.rate


class CoverageShown:
    """The published BPJS coverage rates of a line holding ``bpjs_formal`` and ``bpjs_informal``."""

    bpjs_formal: Rate | None
    bpjs_informal: Rate | None

    @property
    def formal_coverage(self) -> Decimal | None:
        return coverage_shown(self.bpjs_formal)

    @property
    def informal_coverage(self) -> Decimal | None:
        return coverage_shown(self.bpjs_informal)


@dataclass
class PublicRow(CoverageShown):
    """One line of the page: an office, a region's total or the country's."""

    level: str  # "office", "region", "national"
    name: str
    region: str
    received: int = 0
    considered: int = 0
    resolved: int = 0
    visits: int = 0
    notices: int = 0
    complied: int = 0
    decided: int = 0
    recovered: Decimal = Decimal(0)
    bpjs_formal: Rate | None = None
    bpjs_informal: Rate | None = None
    hidden: set[str] = field(default_factory=set)

    def add(self, other: PublicRow) -> None:
        for name in ("received", "considered", "resolved", "visits", "notices", "complied", "decided", "recovered"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("bpjs_formal", "bpjs_informal"):
            part = getattr(other, name)
            if part is not None:
                if getattr(self, name) is None:
                    setattr(self, name, Rate())
                getattr(self, name).add(part)

    def shown(self, column: str):
        """The value as published: the number, or "<5" / ``None`` (hidden money) when suppressed."""
        if column in self.hidden:
            return SUPPRESSED if column in COUNT_COLUMNS else None
        return getattr(self, column)

    @property
    def resolution_rate(self) -> float | None:
        if {"received", "resolved"} & self.hidden or self.considered < THRESHOLD:
            return None
        return self.resolved / self.considered

    @property
    def compliance_rate(self) -> float | None:
        if "notices" in self.hidden or self.decided < THRESHOLD:
            return None
        return self.complied / self.decided


@dataclass
class DistrictCoverage(CoverageShown):
    """A district's line of the coverage table."""

    name: str
    office: str
    region: str
    bpjs_formal: Rate
    bpjs_informal: Rate


@dataclass
class RegionBlock:
    region: Region
    offices: list[PublicRow]
    total: PublicRow


@dataclass
class PublicTable:
    year: int
    month: int | None
    regions: list[RegionBlock]
    total: PublicRow
    bpjs_recorded: bool
    districts: list[DistrictCoverage] = field(default_factory=list)
    bpjs_sources: list[str] = field(default_factory=list)


def period_bounds(year: int, month: int | None) -> tuple[date, date]:
    if month:
        start = date(year, month, 1)
        return start, add_months(start, 1)
    return date(year, 1, 1), date(year + 1, 1, 1)


def _primary(row: PublicRow) -> None:
    for column in COUNT_COLUMNS:
        if 0 < getattr(row, column) < THRESHOLD:
            row.hidden.add(column)
    if "resolved" in row.hidden:
        row.hidden.add("recovered")


def _complement(total: PublicRow, parts: list[PublicRow], column: str) -> bool:
    """Give a total with exactly one suppressed part a second one; ``True`` if anything changed."""
    hidden = [p for p in parts if column in p.hidden]
    if len(hidden) != 1 or column in total.hidden:
        return False
    others = [p for p in parts if column not in p.hidden and getattr(p, column)]
    if others:
        min(others, key=lambda p: getattr(p, column)).hidden.add(column)
    else:
        total.hidden.add(column)
    return True


def _spread(total: PublicRow, parts: list[PublicRow], column: str) -> bool:
    """A suppressed total must not be the sum of shown parts: at least two parts hidden (or all)."""
    if column not in total.hidden:
        return False
    shown = sorted((p for p in parts if column not in p.hidden), key=lambda p: getattr(p, column))
    hidden = len(parts) - len(shown)
    if hidden >= 2 or not shown:
        return False
    for part in shown[: 2 - hidden]:
        part.hidden.add(column)
    return True


def suppress(table: PublicTable) -> PublicTable:
    """Apply the small-number rule of this module's docstring to every row, in place."""
    for block in table.regions:
        for row in (*block.offices, block.total):
            _primary(row)
    _primary(table.total)
    changed = True
    while changed:
        changed = False
        for column in COLUMNS:
            for block in table.regions:
                changed |= _complement(block.total, block.offices, column)
                changed |= _spread(block.total, block.offices, column)
            changed |= _complement(table.total, [b.total for b in table.regions], column)
    return table


def public_table(*, year: int, month: int | None = None, now=None) -> PublicTable:
    """Every office's and region's figures for the year (or one month of it), suppressed for publication."""
    now = now or timezone.now()
    start, end = period_bounds(year, month)
    offices = list(Office.objects.select_related("region").order_by("region__code", "code"))
    complaints = period_figures(offices=offices, start=start, end=end, now=now, details=False).by_office
    recovered = dict(
        ComplaintMonth.objects.filter(
            dimension=Dimension.ALL, received_month__gte=start, received_month__lt=end, office__in=offices
        )
        .order_by()
        .values_list("office_id")
        .annotate(n=Sum("amount_recovered"))
    )
    visits = dict(
        VisitMonth.objects.filter(month__gte=start, month__lt=end, inspector__isnull=True, office__in=offices)
        .order_by()
        .values_list("office_id")
        .annotate(n=Sum("visits"))
    )
    notices = {
        row["office_id"]: row
        for row in Notice.objects.filter(issued_on__gte=start, issued_on__lt=end, office__in=offices)
        .order_by()
        .values("office_id")
        .annotate(
            n=Count("id"),
            complied=Count("id", filter=Q(status=NoticeStatus.COMPLIED)),
            decided=Count("id", filter=Q(status__in=[NoticeStatus.COMPLIED, NoticeStatus.NOT_COMPLIED])),
        )
    }
    coverage = bpjs_coverage(offices=offices, year=year, month=month)
    blocks: dict[int, RegionBlock] = {}
    national = PublicRow(level="national", name="", region="")
    for office in offices:
        counts = complaints.get(office.pk)
        notice = notices.get(office.pk, {})
        row = PublicRow(
            level="office",
            name=office.name,
            region=office.region.name,
            received=counts.received if counts else 0,
            considered=counts.considered if counts else 0,
            resolved=counts.resolved if counts else 0,
            visits=visits.get(office.pk) or 0,
            notices=notice.get("n", 0),
            complied=notice.get("complied", 0),
            decided=notice.get("decided", 0),
            recovered=recovered.get(office.pk) or Decimal(0),
        )
        if coverage is not None and office.pk in coverage.by_office:
            row.bpjs_formal = coverage.by_office[office.pk].formal
            row.bpjs_informal = coverage.by_office[office.pk].informal
        block = blocks.get(office.region_id)
        if block is None:
            total = PublicRow(level="region", name=office.region.name, region=office.region.name)
            block = blocks[office.region_id] = RegionBlock(region=office.region, offices=[], total=total)
        block.offices.append(row)
        block.total.add(row)
        national.add(row)
    districts = [
        DistrictCoverage(d.name, d.office.name, d.region.name, row.formal, row.informal)
        for d, row in sorted(coverage.districts, key=lambda pair: (pair[0].region.code, pair[0].code))
    ] if coverage else []  # fmt: skip
    table = PublicTable(
        year=year,
        month=month,
        regions=list(blocks.values()),
        total=national,
        bpjs_recorded=coverage is not None,
        districts=districts,
        bpjs_sources=coverage.sources if coverage else [],
    )
    return suppress(table)

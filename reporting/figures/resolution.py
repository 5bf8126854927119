"""Complaint figures: counts, resolution rate, backlog, ageing and their trends."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum
from django.utils import timezone

from complaints import definitions
from complaints.choices import OPEN_STATUSES, RESOLVED_STATUSES, Channel, Status
from complaints.models import Complaint
from inspectorate.choices import NormCategory
from inspectorate.models import Office
from inspectorate.periods import add_months, local_midnight, month_start, zone_values, zone_values_q
from inspectorate.prepared import prepared
from inspectorate.queries import serial_plan
from rollups.models import Dimension

from ._common import AGEING_BUCKETS, TREND_MONTHS, _rate, office_ids
from .rollups import _complaints, _complaints_in, _received, period_rows, resolved_after_now, trend_rows
from .time import trend_months


@dataclass
class Counts:
    """Complaint counts of a period: the resolution rate's parts."""

    received: int = 0
    rejected: int = 0
    referred: int = 0
    resolved: int = 0

    @property
    def excluded(self) -> int:
        return self.rejected + self.referred

    @property
    def considered(self) -> int:
        return self.received - self.excluded

    @property
    def open(self) -> int:
        return self.considered - self.resolved

    @property
    def rate(self) -> float | None:
        return _rate(self.resolved, self.considered)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.received + other.received,
            self.rejected + other.rejected,
            self.referred + other.referred,
            self.resolved + other.resolved,
        )


@dataclass
class Breakdown:
    key: str
    label: str
    counts: Counts


@dataclass
class PeriodFigures:
    """Resolution figures of complaints received from ``start`` (inclusive) to ``end`` (exclusive)."""

    start: date
    end: date
    total: Counts
    by_office: dict[int, Counts]
    by_category: list[Breakdown] = field(default_factory=list)
    by_channel: list[Breakdown] = field(default_factory=list)
    wage_complaints: int = 0
    wage_claimed: Decimal = Decimal(0)
    wage_recovered: Decimal = Decimal(0)

    @property
    def recovery_rate(self) -> float | None:
        return float(self.wage_recovered / self.wage_claimed) if self.wage_claimed else None


def _as_of(end: date, zone: ZoneInfo, now: datetime) -> datetime:
    return min(local_midnight(end, zone), now)


def resolved_by_q(zones: Iterable[str], end: date, now: datetime, prefix: str = "") -> Q:
    """Complaints resolved before the end of the period (``[start, end)``) and by ``now``.

    ``resolved_month`` is the local month of ``resolved_at`` in the office's zone, so "before local
    midnight starting ``end``" is a plain comparison whatever the zones (``zones`` is kept for callers).
    """
    return Q(
        **{
            f"{prefix}status__in": sorted(RESOLVED_STATUSES),
            f"{prefix}resolved_at__lte": now,
            f"{prefix}resolved_month__lt": end,
        }
    )


def _count_annotations(zones: Sequence[str], end: date, now: datetime) -> dict:
    return {
        "received": Count("id", distinct=True),
        "rejected": Count("id", filter=Q(status=Status.REJECTED), distinct=True),
        "referred": Count("id", filter=Q(status=Status.REFERRED), distinct=True),
        "resolved": Count("id", filter=resolved_by_q(zones, end, now), distinct=True),
    }


def _counts(row: dict) -> Counts:
    return Counts(row["received"], row["rejected"], row["referred"], row["resolved"])


def period_figures(
    *,
    offices: Sequence[Office],
    start: date,
    end: date,
    now: datetime | None = None,
    details: bool = True,
    category: str | None = None,
) -> PeriodFigures:
    """Resolution rate and its parts for complaints received in ``[start, end)`` (local dates).

    Read from the rollups (``period_rows``: the month rows, or for a year to date the year rows):
    one query for every office, category and channel, and one for the complaints resolved after
    ``now``. Filtered by a category, the
    category and channel breakdowns come from the complaints themselves (three more queries, on
    the ``(office, received_month)`` index).
    """
    now = now or timezone.now()
    dimensions = [Dimension.ALL] + ([Dimension.CATEGORY, Dimension.CHANNEL] if details and not category else [])
    rows = period_rows(offices, start, end, category, dimensions)
    late = resolved_after_now(
        office_ids=office_ids(offices), start=start, end=end, now=now, category=category, by="period", per_month=False
    )
    # {dimension: {key: Counts}}; "all" (or the filtered category) is keyed by office.
    table: dict = defaultdict(lambda: defaultdict(Counts))
    wages = [0, Decimal(0), Decimal(0)]
    for row in rows:
        dimension = Dimension.ALL if category else row["dimension"]
        key = row["office_key"] if dimension == Dimension.ALL else row["key"]
        table[dimension][key] += _counts(row)
        if dimension == Dimension.CATEGORY and row["key"] == NormCategory.WAGES:
            wages = [wages[0] + row["received"], wages[1] + row["claimed"], wages[2] + row["recovered"]]
    seen = set()
    for pk, office_id, channel, code in late:
        if pk not in seen:
            seen.add(pk)
            table[Dimension.ALL][office_id].resolved -= 1
            table[Dimension.CHANNEL][channel].resolved -= 1
        table[Dimension.CATEGORY][code].resolved -= 1
    by_office = {office_id: counts for office_id, counts in table[Dimension.ALL].items() if counts.received}
    figures = PeriodFigures(start=start, end=end, total=sum(by_office.values(), Counts()), by_office=by_office)
    if not details:
        return figures
    if category:
        return _filtered_details(figures, offices, start, end, now, category)
    categories = dict(NormCategory.choices)
    figures.by_category = sorted(
        (
            Breakdown(code, str(categories.get(code, "—")), counts)
            for code, counts in table[Dimension.CATEGORY].items()
            if counts.received
        ),
        key=lambda b: (-b.counts.received, b.key),
    )
    channels = dict(Channel.choices)
    figures.by_channel = sorted(
        (
            Breakdown(key, str(channels.get(key, key)), counts)
            for key, counts in table[Dimension.CHANNEL].items()
            if counts.received
        ),
        key=lambda b: (-b.counts.received, b.key),
    )
    figures.wage_complaints, figures.wage_claimed, figures.wage_recovered = wages
    return figures


def _filtered_details(
    figures: PeriodFigures, offices: Sequence[Office], start: date, end: date, now: datetime, category: str
) -> PeriodFigures:
    """Breakdowns of the complaints of one category (which other categories they have, their channels)."""
    zones = sorted({o.time_zone for o in offices})
    received = _complaints(offices, category).filter(_received(start, end))
    annotations = _count_annotations(zones, end, now)
    categories = dict(NormCategory.choices)
    figures.by_category = [
        Breakdown(row["categories__code"], str(categories.get(row["categories__code"], "—")), _counts(row))
        for row in received.filter(categories__isnull=False)
        .order_by()
        .values("categories__code")
        .annotate(**annotations)
        .order_by("-received", "categories__code")
    ]
    channels = dict(Channel.choices)
    figures.by_channel = [
        Breakdown(row["channel"], str(channels.get(row["channel"], row["channel"])), _counts(row))
        for row in received.order_by().values("channel").annotate(**annotations).order_by("-received", "channel")
    ]
    wages = received.filter(categories__code=NormCategory.WAGES).aggregate(
        n=Count("id"), claimed=Sum("amount_claimed"), recovered=Sum("amount_recovered")
    )
    figures.wage_complaints = wages["n"]
    figures.wage_claimed = wages["claimed"] or Decimal(0)
    figures.wage_recovered = wages["recovered"] or Decimal(0)
    return figures


@dataclass
class Backlog:
    """Open complaints at a moment, by age in days, and how many are past their due date."""

    as_of: datetime
    buckets: dict[str, int]
    overdue: int

    @property
    def open(self) -> int:
        return sum(self.buckets.values())


def open_at_q(zones: Iterable[str], end: date, now: datetime) -> Q:
    """Complaints received before the end of the period and not rejected, referred or resolved by then.

    Written as "open now, or resolved only after the end": both are index ranges (the partial
    index of open complaints and ``resolved_month``), so the backlog never reads the history.
    """
    return _received_by_q(end, now) & (_open_now_q() | _resolved_later_q(end, now))


def _received_by_q(end: date, now: datetime) -> Q:
    return Q(received_month__lt=end, received_at__lt=now)


def _open_now_q() -> Q:
    return Q(status__in=sorted(OPEN_STATUSES))


def _resolved_later_q(end: date, now: datetime) -> Q:
    return Q(status__in=sorted(RESOLVED_STATUSES)) & (
        Q(resolved_month__gte=end) | Q(resolved_at__gt=now) | Q(resolved_at__isnull=True)
    )


_BANDS = tuple(f"b{i}" for i in range(len(AGEING_BUCKETS)))
_COUNTS = (*_BANDS, "overdue")  # the backlog's counts: each age band's, the overdue


def _per_zone_values(zones: Sequence[str], value) -> tuple[tuple[str, ...], tuple]:
    """``value(zone)`` (a tuple) for each zone, one after the other (:func:`zone_values`);
    ``((), that value)`` when it is the same in every zone.

    For the current month the backlog is counted at ``now`` in every zone, so its age bands are
    the same instants everywhere and need neither the office's zone nor the OR over zones.
    ``zones`` must be the zones of every office counted (the callers pass their offices' zones).
    """
    per = {value(ZoneInfo(zone)) for zone in zones}
    if len(per) == 1:
        return (), per.pop()
    return tuple(zones), zone_values(zones, value)


def _in_zones_q(zones: tuple[str, ...], values: tuple, build) -> Q:
    """``build(*values)`` for every office when ``zones`` is empty (the same everywhere), else
    ``build(*that zone's values)`` for the offices of each zone (:func:`zone_values_q`)."""
    return build(*values) if values and not zones else zone_values_q(zones, values, build)


def _backlog_values(zones: Sequence[str], end: date, now: datetime) -> tuple[tuple, dict]:
    """For each age band and the overdue count: its zones (``()`` when the same everywhere), and
    its values (the bands' moments, the local day past which a complaint is overdue)."""

    def band(low: int, high: int | None):
        return lambda zone: definitions.age_band_bounds(low, high, _as_of(end, zone, now))

    conditions = {name: band(low, high) for name, (_, low, high) in zip(_BANDS, AGEING_BUCKETS, strict=True)}
    conditions["overdue"] = lambda zone: (_as_of(end, zone, now).astimezone(zone).date(),)
    shape, values = [], {}
    for name, value in conditions.items():
        condition_zones, values[name] = _per_zone_values(zones, value)
        shape.append((name, condition_zones))
    return tuple(shape), values


@prepared("office_ids", "end", "now", *_BANDS, "overdue")
def _backlog_query(*, office_ids: list[int], category: str | None, end: date, now: datetime, zones: tuple, **values):
    """The backlog's counts per office: open now, plus resolved only after the period (``zones``
    and ``values`` as :func:`_backlog_values` gives them).

    The two parts are disjoint and counted apart (``UNION ALL``): the open complaints by an
    index-only scan of the partial index ``complaint_backlog_open`` (office, received_at, its due
    date and month included), the few resolved after the end by their own indexes. As one OR
    they were a bitmap scan fetching every open complaint's row from the table (complaints
    migration 0007; docs/performance.md).
    """
    zones = dict(zones)
    aggregates = {
        **{
            name: Count("id", filter=_in_zones_q(zones[name], values[name], definitions.received_within_q))
            for name in _BANDS
        },
        "overdue": Count("id", filter=_in_zones_q(zones["overdue"], values["overdue"], definitions.past_due_q)),
    }
    parts = [
        _complaints_in(office_ids, category)
        .filter(_received_by_q(end, now), condition)
        .order_by()
        .values("office_id")
        .annotate(**aggregates)
        for condition in (_open_now_q(), _resolved_later_q(end, now))
    ]
    return parts[0].union(parts[1], all=True)


def _backlog_rows(offices: Sequence[Office], end: date, now: datetime, category: str | None) -> list[dict]:
    """The backlog's counts per office (one query, :func:`_backlog_query`)."""
    zones, values = _backlog_values(sorted({o.time_zone for o in offices}), end, now)
    # Without parallel workers: the second part is a few rows (none in practice), but the planner
    # counts on tens of thousands (resolved complaints without a moment, whose index is empty)
    # and starts two workers, 5-15 ms, more than the rest of the query (docs/performance.md §18).
    with serial_plan():
        rows = _backlog_query(
            office_ids=office_ids(offices), category=category, end=end, now=now, zones=zones, **values
        )
    totals: dict[int, dict] = {}
    for row in rows:
        total = totals.setdefault(row["office_id"], dict.fromkeys(_COUNTS, 0))
        for name in _COUNTS:
            total[name] += row[name]
    return [{"office_id": office_id, **counts} for office_id, counts in totals.items()]


def _backlog(row: dict, as_of: datetime) -> Backlog:
    return Backlog(
        as_of=as_of,
        buckets={label: row[f"b{i}"] for i, (label, _, _) in enumerate(AGEING_BUCKETS)},
        overdue=row["overdue"],
    )


def backlogs(
    *, offices: Sequence[Office], end: date, now: datetime | None = None, category: str | None = None
) -> tuple[Backlog, dict[int, Backlog]]:
    """The backlog of the scope and of each office, from one query (offices without any have none)."""
    now = now or timezone.now()
    zone_of = {o.pk: o.zone for o in offices}
    zones = sorted({o.time_zone for o in offices})
    total = dict.fromkeys(_COUNTS, 0)
    by_office = {}
    for row in _backlog_rows(offices, end, now, category):
        for name in total:
            total[name] += row[name]
        by_office[row["office_id"]] = _backlog(row, _as_of(end, zone_of[row["office_id"]], now))
    as_of = min(_as_of(end, ZoneInfo(z), now) for z in zones) if zones else now
    return _backlog(total, as_of), by_office


def backlog(
    *, offices: Sequence[Office], end: date, now: datetime | None = None, category: str | None = None
) -> Backlog:
    """Ageing of the complaints open at the end of the period (one query)."""
    return backlogs(offices=offices, end=end, now=now, category=category)[0]


@dataclass
class ResolutionTrendPoint:
    month: date
    counts: Counts


def resolution_trend(
    *,
    offices: Sequence[Office],
    month: date,
    now: datetime | None = None,
    count: int = TREND_MONTHS,
    category: str | None = None,
) -> list[ResolutionTrendPoint]:
    """For each of the ``count`` months up to ``month``: its complaints, resolved by its end (two queries)."""
    return _trend(offices, trend_months(month, count), now or timezone.now(), "own month", category)


def _trend(offices, months: list[date], now: datetime, by: str, category: str | None) -> list[ResolutionTrendPoint]:
    """Per received month: complaints, and those resolved (``by="own month"``: by the end of their
    own month; ``"so far"``), from the rollups (two queries)."""
    start, end = months[0], add_months(months[-1], 1)
    ids = office_ids(offices)
    rows = trend_rows(office_ids=ids, start=start, end=end, category=category, by=by)
    by_month = {row["received_month"]: _counts(row) for row in rows}
    late = resolved_after_now(office_ids=ids, start=start, end=end, now=now, category=category, by=by, per_month=True)
    for received_month, n in late:
        by_month.setdefault(received_month, Counts()).resolved -= n
    return [ResolutionTrendPoint(month=m, counts=by_month.get(m, Counts())) for m in months]


def received_and_resolved_trend(
    *,
    offices: Sequence[Office],
    month: date,
    now: datetime | None = None,
    count: int = TREND_MONTHS,
    category: str | None = None,
) -> list[ResolutionTrendPoint]:
    """For each of the ``count`` months up to ``month``: its complaints and, of those, resolved so far (two queries).

    Unlike :func:`resolution_trend` (resolved by each month's end), a complaint received in
    May and resolved in July counts as resolved for May: the trend shows how each month's
    intake was dealt with, not only what was closed within the month it arrived.
    """
    return _trend(offices, trend_months(month, count), now or timezone.now(), "so far", category)


@dataclass
class ResolutionSummary:
    """The monthly resolution report of a scope: the month, the year to date, the backlog, the trend."""

    month: date
    offices: list[Office]
    month_figures: PeriodFigures
    year_figures: PeriodFigures
    backlog: Backlog
    trend: list[ResolutionTrendPoint]
    # Each office's part of ``backlog`` (offices without any open complaint have none).
    backlog_by_office: dict[int, Backlog] = field(default_factory=dict)

    def office_rows(self) -> list[tuple[Office, Counts, Counts]]:
        return [
            (o, self.month_figures.by_office.get(o.pk, Counts()), self.year_figures.by_office.get(o.pk, Counts()))
            for o in self.offices
        ]


def resolution_summary(
    *,
    offices: Sequence[Office],
    month: date,
    now: datetime | None = None,
    trend: bool = True,
    category: str | None = None,
) -> ResolutionSummary:
    """Resolution figures of ``month`` and of the year to its end, with ageing and a 12-month trend."""
    now = now or timezone.now()
    month = month_start(month)
    offices = list(offices)
    end = add_months(month, 1)
    total, by_office = backlogs(offices=offices, end=end, now=now, category=category)
    return ResolutionSummary(
        month=month,
        offices=offices,
        month_figures=period_figures(offices=offices, start=month, end=end, now=now, category=category),
        year_figures=period_figures(offices=offices, start=date(month.year, 1, 1), end=end, now=now, category=category),
        backlog=total,
        trend=resolution_trend(offices=offices, month=month, now=now, category=category) if trend else [],
        backlog_by_office=by_office,
    )


def complaint_age_days(complaint: Complaint, now: datetime | None = None) -> int:
    """Days from received to resolved, or to ``now`` while open (DESIGN.md §3)."""
    return definitions.age_days(
        received_at=complaint.received_at,
        resolved_at=complaint.resolved_at,
        status=complaint.status,
        as_of=now or timezone.now(),
    )


def overdue_at(complaint: Complaint, *, as_of: datetime) -> bool:
    """For a complaint open at ``as_of`` (see :func:`oldest_open_complaints`): past its due date then."""
    return definitions.is_past_due(due_date=complaint.due_date, day=as_of.astimezone(complaint.office.zone).date())


def oldest_open_complaints(*, offices: Sequence[Office], end: date, now: datetime | None = None, limit: int = 15):
    """The longest-open complaints at the end of the period, oldest first (one query)."""
    now = now or timezone.now()
    zones = sorted({o.time_zone for o in offices})
    return list(
        Complaint.objects.filter(open_at_q(zones, end, now), office__in=offices)
        .select_related("company", "office")
        .order_by("received_at", "id")[:limit]
    )

"""The numbers of DESIGN.md §3, defined once, for PDFs, dashboards and the API.

Everything here is set-based: a fixed number of aggregate queries whatever the amount of
data (grouped ``values().annotate()`` and conditional ``Count(filter=...)``), never a query
per row. Months are always taken in the time zone of the office a visit or complaint
belongs to, so a region or the country mixing Asia/Jakarta and Asia/Makassar offices puts
every record in the month its own office lived it.

Decisions worth knowing:

- A visit counts for each inspector on it (lead or team member), once per inspector even if
  the lead is also listed in the team. Office "visits" are distinct visits.
- Inspectors are the office's *active* staff with the inspector role; office heads and
  inactive accounts are neither counted nor in the denominator of office attainment.
- A complaint is *resolved by* a moment when its current status is ``resolved`` or
  ``closed`` and its ``resolved_at`` is before the end of the period (midnight starting the
  next month, local time) and not after ``now``. A complaint resolved and
  later reopened is not resolved now (its status is ``assigned`` again), and a report built
  after the reopening does not count it, even for the month it was first resolved in: the
  figures describe what is known when they are computed, not a replay of the history.
- ``rejected`` and ``referred`` complaints are left out of the rate (numerator and
  denominator) and shown apart; their current status decides.
- Ageing and overdue describe the office's backlog at the end of the period (or now for the
  current period): complaints received before then, not rejected or referred, and not
  resolved by then. Age is counted in whole days; overdue means the due date is before that
  day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from complaints import definitions
from complaints.choices import OPEN_STATUSES, RESOLVED_STATUSES, Channel, Status
from complaints.models import Complaint
from inspections import definitions as inspection_definitions
from inspections.choices import Kind
from inspectorate.choices import NormCategory, Role
from inspectorate.models import Office, Region, Staff
from inspectorate.periods import add_months, local_midnight, month_start, per_zone
from rollups.models import ComplaintMonth, Dimension, State, VisitMonth

COUNTED_KINDS = [k for k in Kind.values if k != Kind.ASSIGNMENT]
AGEING_BUCKETS = definitions.AGE_BANDS
# Overdue now (a local day): the work queues count with it; reports use the backlog's past-due count.
overdue_q = definitions.overdue_q
# Findings and notices past their deadline (inspections/definitions.py), for the work queue.
finding_past_deadline_q = inspection_definitions.finding_past_deadline_q
notice_awaiting_q = inspection_definitions.notice_awaiting_q
TREND_MONTHS = 12


# --- months -------------------------------------------------------------------------------


def trend_months(month: date, count: int = TREND_MONTHS) -> list[date]:
    """The ``count`` months ending with ``month``, oldest first."""
    return [add_months(month_start(month), i - count + 1) for i in range(count)]


def _zone_q(zones: Iterable[str], build: Callable[[ZoneInfo], Q], office_path: str = "office") -> Q:
    """OR of ``build(zone)`` restricted to records whose office is in that zone."""
    return per_zone(build, office_path, zones=zones)


def _between(field_name: str, start: date, end: date) -> Callable[[ZoneInfo], Q]:
    def build(zone: ZoneInfo) -> Q:
        return Q(**{f"{field_name}__gte": local_midnight(start, zone), f"{field_name}__lt": local_midnight(end, zone)})

    return build


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def all_time_zones() -> list[str]:
    return list(Office.objects.order_by().values_list("time_zone", flat=True).distinct())


# --- scopes -------------------------------------------------------------------------------


def scope_offices(*, office: Office | None = None, region: Region | None = None) -> list[Office]:
    """The offices a report of this scope covers, with their regions (one query)."""
    offices = Office.objects.select_related("region").order_by("region__code", "code")
    if office is not None:
        offices = offices.filter(pk=office.pk)
    elif region is not None:
        offices = offices.filter(region=region)
    return list(offices)


# --- quota --------------------------------------------------------------------------------


@dataclass
class InspectorQuota:
    inspector: Staff
    quota: int
    by_kind: dict[str, int]
    assignments: int

    @property
    def counted(self) -> int:
        return sum(self.by_kind.values())

    @property
    def attainment(self) -> float:
        return self.counted / self.quota

    @property
    def met(self) -> bool:
        return self.counted >= self.quota


@dataclass
class OfficeQuota:
    office: Office
    month: date
    inspectors: list[InspectorQuota]
    visits_by_kind: dict[str, int]
    assignment_visits: int

    @property
    def quota(self) -> int:
        return self.office.monthly_quota

    @property
    def active(self) -> int:
        return len(self.inspectors)

    @property
    def meeting(self) -> int:
        return sum(1 for row in self.inspectors if row.met)

    @property
    def below(self) -> int:
        return self.active - self.meeting

    @property
    def attainment(self) -> float | None:
        return _rate(self.meeting, self.active)

    @property
    def visits(self) -> int:
        return sum(self.visits_by_kind.values())

    @property
    def assignments(self) -> int:
        return sum(row.assignments for row in self.inspectors)


@dataclass
class QuotaSummary:
    """The quota figures of a scope (one office, a region or the country) for a month."""

    month: date
    offices: list[OfficeQuota]

    @property
    def active(self) -> int:
        return sum(o.active for o in self.offices)

    @property
    def meeting(self) -> int:
        return sum(o.meeting for o in self.offices)

    @property
    def attainment(self) -> float | None:
        return _rate(self.meeting, self.active)

    @property
    def visits(self) -> int:
        return sum(o.visits for o in self.offices)

    @property
    def assignment_visits(self) -> int:
        return sum(o.assignment_visits for o in self.offices)

    @property
    def visits_by_kind(self) -> dict[str, int]:
        totals = dict.fromkeys(COUNTED_KINDS, 0)
        for o in self.offices:
            for kind, n in o.visits_by_kind.items():
                totals[kind] += n
        return totals


def _active_inspectors(offices: Sequence[Office]):
    return Staff.objects.filter(office__in=offices, role=Role.INSPECTOR, is_active=True)


def _inspector_visits(offices: Sequence[Office], months: Q):
    """The month rollups of the visits the active inspectors of ``offices`` led or were on."""
    return VisitMonth.objects.filter(months, inspector__in=_active_inspectors(offices)).order_by()


def quota_summary(*, offices: Sequence[Office], month: date) -> QuotaSummary:
    """Quota attainment of every active inspector of ``offices`` for ``month`` (three queries, on the rollups)."""
    month = month_start(month)
    offices = list(offices)
    inspectors = list(_active_inspectors(offices).order_by("office_id", "last_name", "first_name", "username"))
    rows = _inspector_visits(offices, Q(month=month)).values("inspector_id", "kind").annotate(n=Sum("visits"))
    counts = {(inspector_id, kind): n for inspector_id, kind, n in rows.values_list("inspector_id", "kind", "n")}
    visit_rows = (
        VisitMonth.objects.filter(month=month, office__in=offices, inspector__isnull=True)
        .order_by()
        .values("office_id", "kind")
        .annotate(n=Sum("visits"))
    )
    visits: dict = defaultdict(lambda: defaultdict(int))
    for row in visit_rows:
        visits[row["office_id"]][row["kind"]] += row["n"]

    by_office: dict[int, list[InspectorQuota]] = defaultdict(list)
    office_by_id = {o.pk: o for o in offices}
    for inspector in inspectors:
        office = office_by_id[inspector.office_id]
        by_kind = {kind: counts.get((inspector.pk, kind), 0) for kind in COUNTED_KINDS}
        assignments = counts.get((inspector.pk, Kind.ASSIGNMENT.value), 0)
        by_office[office.pk].append(
            InspectorQuota(inspector=inspector, quota=office.monthly_quota, by_kind=by_kind, assignments=assignments)
        )
    return QuotaSummary(
        month=month,
        offices=[
            OfficeQuota(
                office=o,
                month=month,
                inspectors=by_office[o.pk],
                visits_by_kind={kind: visits[o.pk].get(kind, 0) for kind in COUNTED_KINDS},
                assignment_visits=visits[o.pk].get(Kind.ASSIGNMENT.value, 0),
            )
            for o in offices
        ],
    )


def office_quota(*, office: Office, month: date) -> OfficeQuota:
    return quota_summary(offices=[office], month=month).offices[0]


def inspector_quota(*, inspector: Staff, month: date) -> InspectorQuota:
    """One inspector's quota for ``month``: their row of their office's quota (an inactive one counts nothing)."""
    if inspector.office_id is not None:
        for row in office_quota(office=inspector.office, month=month).inspectors:
            if row.inspector.pk == inspector.pk:
                return row
    quota = inspector.office.monthly_quota if inspector.office_id else 0
    return InspectorQuota(inspector=inspector, quota=quota, by_kind=dict.fromkeys(COUNTED_KINDS, 0), assignments=0)


@dataclass
class QuotaTrendPoint:
    month: date
    visits: int
    assignment_visits: int
    meeting: int
    active: int

    @property
    def attainment(self) -> float | None:
        return _rate(self.meeting, self.active)


def quota_trend(*, offices: Sequence[Office], month: date, count: int = TREND_MONTHS) -> list[QuotaTrendPoint]:
    """Per month of the ``count`` months up to ``month``: visits, and inspectors meeting quota.

    Inspectors are today's active ones (the staff history is not kept); visits are distinct.
    """
    offices = list(offices)
    months = trend_months(month, count)
    window = Q(month__gte=months[0], month__lte=months[-1])
    inspectors = list(_active_inspectors(offices).select_related("office").only("pk", "office__monthly_quota"))
    per_inspector: dict = defaultdict(lambda: defaultdict(int))
    rows = (
        _inspector_visits(offices, window)
        .exclude(kind=Kind.ASSIGNMENT)
        .values("inspector_id", "month")
        .annotate(n=Sum("visits"))
    )
    for inspector_id, visit_month, n in rows.values_list("inspector_id", "month", "n"):
        per_inspector[inspector_id][visit_month] = n
    totals = {
        row["month"]: row
        for row in VisitMonth.objects.filter(window, office__in=offices, inspector__isnull=True)
        .order_by()
        .values("month")
        .annotate(
            counted=Sum("visits", filter=~Q(kind=Kind.ASSIGNMENT), default=0),
            assignments=Sum("visits", filter=Q(kind=Kind.ASSIGNMENT), default=0),
        )
    }
    points = []
    for m in months:
        meeting = sum(1 for s in inspectors if per_inspector[s.pk][m] >= s.office.monthly_quota)
        total = totals.get(m, {})
        points.append(
            QuotaTrendPoint(
                month=m,
                visits=total.get("counted", 0),
                assignment_visits=total.get("assignments", 0),
                meeting=meeting,
                active=len(inspectors),
            )
        )
    return points


# --- complaints ---------------------------------------------------------------------------


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

    Read from the month rollups (rollups.ComplaintMonth): one query for every office, category
    and channel, and one for the complaints resolved after ``now``. Filtered by a category, the
    category and channel breakdowns come from the complaints themselves (three more queries, on
    the ``(office, received_month)`` index).
    """
    now = now or timezone.now()
    resolved = Q(resolved_month__lt=end)
    rows = _rollup(offices, start, end, category)
    dimensions = [Dimension.ALL] + ([Dimension.CATEGORY, Dimension.CHANNEL] if details and not category else [])
    if not category:
        rows = rows.filter(dimension__in=dimensions)
    rows = list(rows.values("dimension", "key", "office_id").annotate(**_rollup_sums(resolved)))
    late = list(
        _resolved_after_now(offices, start, end, now, resolved, category).values_list(
            "pk", "office_id", "channel", "categories__code"
        )
    )
    # {dimension: {key: Counts}}; "all" (or the filtered category) is keyed by office.
    table: dict = defaultdict(lambda: defaultdict(Counts))
    wages = [0, Decimal(0), Decimal(0)]
    for row in rows:
        dimension = Dimension.ALL if category else row["dimension"]
        key = row["office_id"] if dimension == Dimension.ALL else row["key"]
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
    resolved_later = Q(status__in=sorted(RESOLVED_STATUSES)) & (
        Q(resolved_month__gte=end) | Q(resolved_at__gt=now) | Q(resolved_at__isnull=True)
    )
    return Q(received_month__lt=end, received_at__lt=now) & (Q(status__in=sorted(OPEN_STATUSES)) | resolved_later)


def _backlog_aggregates(zones: Sequence[str], end: date, now: datetime) -> dict:
    def bucket_q(low: int, high: int | None) -> Q:
        return _zone_q(zones, lambda zone: definitions.age_band_q(low, high, _as_of(end, zone, now)))

    # Among the complaints open then (open_at_q), those past their due date then.
    overdue_q = _zone_q(zones, lambda zone: definitions.past_due_q(_as_of(end, zone, now).astimezone(zone).date()))
    return {
        **{f"b{i}": Count("id", filter=bucket_q(low, high)) for i, (_, low, high) in enumerate(AGEING_BUCKETS)},
        "overdue": Count("id", filter=overdue_q),
    }


def _backlog(row: dict, as_of: datetime) -> Backlog:
    return Backlog(
        as_of=as_of,
        buckets={label: row[f"b{i}"] for i, (label, _, _) in enumerate(AGEING_BUCKETS)},
        overdue=row["overdue"],
    )


def backlog(
    *, offices: Sequence[Office], end: date, now: datetime | None = None, category: str | None = None
) -> Backlog:
    """Ageing of the complaints open at the end of the period (one query)."""
    now = now or timezone.now()
    zones = sorted({o.time_zone for o in offices})
    row = (
        _complaints(offices, category)
        .filter(open_at_q(zones, end, now))
        .aggregate(**_backlog_aggregates(zones, end, now))
    )
    as_of = min(_as_of(end, ZoneInfo(z), now) for z in zones) if zones else now
    return _backlog(row, as_of)


def backlog_by_office(
    *, offices: Sequence[Office], end: date, now: datetime | None = None, category: str | None = None
) -> dict[int, Backlog]:
    """:func:`backlog` of each office (one grouped query); offices without open complaints have none."""
    now = now or timezone.now()
    zones = sorted({o.time_zone for o in offices})
    rows = (
        _complaints(offices, category)
        .filter(open_at_q(zones, end, now))
        .order_by()
        .values("office_id")
        .annotate(**_backlog_aggregates(zones, end, now))
    )
    zone_of = {o.pk: o.zone for o in offices}
    return {row["office_id"]: _backlog(row, _as_of(end, zone_of[row["office_id"]], now)) for row in rows}


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
    # Resolved by the end of its own month: in the month it was received.
    return _trend(
        offices, trend_months(month, count), now or timezone.now(), Q(resolved_month__lte=F("received_month")), category
    )


def _trend(offices, months: list[date], now: datetime, resolved: Q, category: str | None) -> list[ResolutionTrendPoint]:
    """Per received month: complaints, and those resolved as ``resolved`` says, from the rollups (two queries)."""
    start, end = months[0], add_months(months[-1], 1)
    rows = _rollup(offices, start, end, category)
    if not category:
        rows = rows.filter(dimension=Dimension.ALL)
    by_month = {
        row["received_month"]: _counts(row) for row in rows.values("received_month").annotate(**_rollup_sums(resolved))
    }
    late = _resolved_after_now(offices, start, end, now, resolved, category)
    for received_month, n in (
        late.values("received_month").annotate(n=Count("id", distinct=True)).values_list("received_month", "n")
    ):
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
    return _trend(offices, trend_months(month, count), now or timezone.now(), Q(), category)


@dataclass
class ResolutionSummary:
    """The monthly resolution report of a scope: the month, the year to date, the backlog, the trend."""

    month: date
    offices: list[Office]
    month_figures: PeriodFigures
    year_figures: PeriodFigures
    backlog: Backlog
    trend: list[ResolutionTrendPoint]

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
    return ResolutionSummary(
        month=month,
        offices=offices,
        month_figures=period_figures(offices=offices, start=month, end=end, now=now, category=category),
        year_figures=period_figures(offices=offices, start=date(month.year, 1, 1), end=end, now=now, category=category),
        backlog=backlog(offices=offices, end=end, now=now, category=category),
        trend=resolution_trend(offices=offices, month=month, now=now, category=category) if trend else [],
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

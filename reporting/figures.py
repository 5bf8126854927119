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
from complaints.choices import RESOLVED_STATUSES, Channel, Status
from complaints.models import Complaint
from inspections import definitions as inspection_definitions
from inspections.choices import COUNTED_STATUSES, Kind
from inspections.models import Inspection
from inspectorate.choices import NormCategory, Role
from inspectorate.models import Office, Region, Staff
from inspectorate.periods import add_months, local_midnight, month_start, per_zone

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


def _inspector_kind_counts(
    inspectors,
    visit_q_for: Callable[[str], Q],
    annotations: Callable[..., dict[str, Q]],
    window: tuple[datetime, datetime],
) -> dict:
    """``{(staff_id, kind): {name: n}}`` over the visits each inspector led or was on the team of.

    ``visit_q_for(prefix)`` filters inspections seen through ``prefix`` ("" or "inspection__");
    ``window`` is a UTC range containing every visit it can match. Two grouped queries; a lead
    also listed in the team is counted once.
    """
    result: dict = defaultdict(lambda: defaultdict(int))
    lead_annotations = annotations(prefix="")
    # Built once: rebuilding the filters per row cost seconds with a year of months and thousands of rows.
    names = list(lead_annotations)
    lead_rows = (
        Inspection.objects.filter(visit_q_for(""), lead_inspector__in=inspectors)
        .order_by()
        .values("lead_inspector_id", "kind")
        .annotate(**{name: Count("id", filter=q) for name, q in lead_annotations.items()})
    )
    for row in lead_rows:
        for name in names:
            result[(row["lead_inspector_id"], row["kind"])][name] += row[name]
    through = Inspection.team.through
    # Team rows are reached from the window's counted visits (read from the partial index
    # inspection_counted_window alone), not from the inspectors' whole history of team rows.
    window_visits = Inspection.objects.filter(
        status__in=COUNTED_STATUSES, visited_at__gte=window[0], visited_at__lt=window[1]
    ).values("pk")
    team_rows = (
        through.objects.filter(visit_q_for("inspection__"), inspection__in=window_visits, staff__in=inspectors)
        .exclude(inspection__lead_inspector_id=F("staff_id"))
        .order_by()
        .values("staff_id", "inspection__kind")
        .annotate(**{name: Count("id", filter=q) for name, q in annotations(prefix="inspection__").items()})
    )
    for row in team_rows:
        for name in names:
            result[(row["staff_id"], row["inspection__kind"])][name] += row[name]
    return result


def _outer_window(zones: Iterable[str], start: date, end: date) -> tuple[datetime, datetime]:
    """One UTC range covering ``[start, end)`` in every zone: from the earliest local midnight to the latest."""
    zones = [ZoneInfo(tz) for tz in zones] or [ZoneInfo("UTC")]
    return min(local_midnight(start, z) for z in zones), max(local_midnight(end, z) for z in zones)


def _counted_visits_q(zones: Sequence[str], start: date, end: date) -> Callable[[str], Q]:
    """Counted visits of ``[start, end)`` in their office's time zone, seen through ``prefix``."""
    low, high = _outer_window(zones, start, end)

    def visit_q(prefix: str) -> Q:
        # The plain range comes first so the planner reads the window's visits from the
        # visited_at index; the per-zone OR then keeps exactly the months of DESIGN §3.
        return (
            Q(**{f"{prefix}visited_at__gte": low, f"{prefix}visited_at__lt": high})
            & Q(**{f"{prefix}status__in": COUNTED_STATUSES})
            & _zone_q(zones, _between(f"{prefix}visited_at", start, end), office_path=f"{prefix}office")
        )

    return visit_q


def quota_summary(*, offices: Sequence[Office], month: date) -> QuotaSummary:
    """Quota attainment of every active inspector of ``offices`` for ``month`` (five queries)."""
    month = month_start(month)
    offices = list(offices)
    zones = all_time_zones()
    inspectors = list(_active_inspectors(offices).order_by("office_id", "last_name", "first_name", "username"))
    in_month = _counted_visits_q(zones, month, add_months(month, 1))
    counts = _inspector_kind_counts(
        _active_inspectors(offices),
        in_month,
        lambda prefix: {"n": Q(**{f"{prefix}status__in": COUNTED_STATUSES})},
        _outer_window(zones, month, add_months(month, 1)),
    )
    visit_rows = (
        Inspection.objects.filter(in_month(""), office__in=offices)
        .order_by()
        .values("office_id", "kind")
        .annotate(n=Count("id"))
    )
    visits: dict = defaultdict(lambda: defaultdict(int))
    for row in visit_rows:
        visits[row["office_id"]][row["kind"]] += row["n"]

    by_office: dict[int, list[InspectorQuota]] = defaultdict(list)
    office_by_id = {o.pk: o for o in offices}
    for inspector in inspectors:
        office = office_by_id[inspector.office_id]
        by_kind = {kind: counts.get((inspector.pk, kind), {}).get("n", 0) for kind in COUNTED_KINDS}
        assignments = counts.get((inspector.pk, Kind.ASSIGNMENT.value), {}).get("n", 0)
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
    zones = all_time_zones()
    window = _counted_visits_q(zones, months[0], add_months(months[-1], 1))

    def month_q(prefix: str, m: date) -> Q:
        return _zone_q(zones, _between(f"{prefix}visited_at", m, add_months(m, 1)), office_path=f"{prefix}office")

    def annotations(prefix: str) -> dict[str, Q]:
        return {f"m{i}": month_q(prefix, m) for i, m in enumerate(months)}

    inspectors = list(_active_inspectors(offices).select_related("office").only("pk", "office__monthly_quota"))
    counts = _inspector_kind_counts(
        _active_inspectors(offices), window, annotations, _outer_window(zones, months[0], add_months(months[-1], 1))
    )
    per_inspector: dict = defaultdict(lambda: [0] * len(months))
    for (staff_id, kind), values in counts.items():
        if kind == Kind.ASSIGNMENT:
            continue
        for i in range(len(months)):
            per_inspector[staff_id][i] += values[f"m{i}"]
    visit_totals = Inspection.objects.filter(window(""), office__in=offices).aggregate(
        **{f"v{i}": Count("id", filter=month_q("", m) & ~Q(kind=Kind.ASSIGNMENT)) for i, m in enumerate(months)},
        **{f"a{i}": Count("id", filter=month_q("", m) & Q(kind=Kind.ASSIGNMENT)) for i, m in enumerate(months)},
    )
    points = []
    for i, m in enumerate(months):
        meeting = sum(1 for s in inspectors if per_inspector[s.pk][i] >= s.office.monthly_quota)
        points.append(
            QuotaTrendPoint(
                month=m,
                visits=visit_totals[f"v{i}"],
                assignment_visits=visit_totals[f"a{i}"],
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
    """Complaints resolved before the end of the period (``[start, end)``) and by ``now``."""
    return _zone_q(
        zones,
        lambda zone: definitions.resolved_by_q(local_midnight(end, zone), now, prefix),
        office_path=f"{prefix}office",
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

    Two queries without ``details``; with the category, channel and wage breakdowns, five.
    """
    now = now or timezone.now()
    zones = sorted({o.time_zone for o in offices})
    received = _complaints(offices, category).filter(_zone_q(zones, _between("received_at", start, end)))
    annotations = _count_annotations(zones, end, now)
    by_office = {
        row["office_id"]: _counts(row) for row in received.order_by().values("office_id").annotate(**annotations)
    }
    total = sum(by_office.values(), Counts())
    figures = PeriodFigures(start=start, end=end, total=total, by_office=by_office)
    if not details:
        return figures
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
    """Complaints received before the end of the period and not rejected, referred or resolved by then."""
    return _zone_q(zones, lambda zone: definitions.open_at_q(local_midnight(end, zone), now))


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
    """For each of the ``count`` months up to ``month``: its complaints, resolved by its end (one query)."""
    now = now or timezone.now()
    zones = sorted({o.time_zone for o in offices})
    months = trend_months(month, count)
    window = _zone_q(zones, _between("received_at", months[0], add_months(months[-1], 1)))
    aggregates = {}
    for i, m in enumerate(months):
        in_month = _zone_q(zones, _between("received_at", m, add_months(m, 1)))
        end = add_months(m, 1)
        aggregates[f"received{i}"] = Count("id", filter=in_month)
        aggregates[f"rejected{i}"] = Count("id", filter=in_month & Q(status=Status.REJECTED))
        aggregates[f"referred{i}"] = Count("id", filter=in_month & Q(status=Status.REFERRED))
        aggregates[f"resolved{i}"] = Count("id", filter=in_month & resolved_by_q(zones, end, now))
    row = _complaints(offices, category).filter(window).aggregate(**aggregates)
    return [
        ResolutionTrendPoint(
            month=m,
            counts=Counts(row[f"received{i}"], row[f"rejected{i}"], row[f"referred{i}"], row[f"resolved{i}"]),
        )
        for i, m in enumerate(months)
    ]


def received_and_resolved_trend(
    *,
    offices: Sequence[Office],
    month: date,
    now: datetime | None = None,
    count: int = TREND_MONTHS,
    category: str | None = None,
) -> list[ResolutionTrendPoint]:
    """For each of the ``count`` months up to ``month``: its complaints and, of those, resolved so far (one query).

    Unlike :func:`resolution_trend` (resolved by each month's end), a complaint received in
    May and resolved in July counts as resolved for May: the trend shows how each month's
    intake was dealt with, not only what was closed within the month it arrived.
    """
    now = now or timezone.now()
    zones = sorted({o.time_zone for o in offices})
    months = trend_months(month, count)
    window = _zone_q(zones, _between("received_at", months[0], add_months(months[-1], 1)))
    resolved_so_far = Q(status__in=RESOLVED_STATUSES, resolved_at__lte=now)
    aggregates = {}
    for i, m in enumerate(months):
        in_month = _zone_q(zones, _between("received_at", m, add_months(m, 1)))
        aggregates[f"received{i}"] = Count("id", filter=in_month)
        aggregates[f"rejected{i}"] = Count("id", filter=in_month & Q(status=Status.REJECTED))
        aggregates[f"referred{i}"] = Count("id", filter=in_month & Q(status=Status.REFERRED))
        aggregates[f"resolved{i}"] = Count("id", filter=in_month & resolved_so_far)
    row = _complaints(offices, category).filter(window).aggregate(**aggregates)
    return [
        ResolutionTrendPoint(
            month=m,
            counts=Counts(row[f"received{i}"], row[f"rejected{i}"], row[f"referred{i}"], row[f"resolved{i}"]),
        )
        for i, m in enumerate(months)
    ]


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

"""Visit quotas (DESIGN.md §3): per inspector, per office, their summary and their trend."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q, Sum

from inspections.choices import Kind
from inspectorate.choices import Role
from inspectorate.models import Office, Staff
from inspectorate.periods import month_start
from inspectorate.prepared import bare_instance, plain_model, prepared
from inspectorate.queries import any_of
from rollups.models import VisitMonth

from ._common import COUNTED_KINDS, TREND_MONTHS, _rate, office_ids
from .time import trend_months

# What a quota row shows of its inspector (a name, links by id).
INSPECTOR_FIELDS = ("id", "office_id", "username", "first_name", "last_name")
_NAME_AT = tuple(INSPECTOR_FIELDS.index(name) for name in ("first_name", "last_name", "username"))  # Staff.name_of's


@functools.cache
def _inspector_columns() -> tuple[list[str], list[int]]:
    """``INSPECTOR_FIELDS`` in the model's field order (as ``from_db`` takes them), and where each is in a row."""
    names = [f.attname for f in Staff._meta.concrete_fields if f.attname in INSPECTOR_FIELDS]
    return names, [INSPECTOR_FIELDS.index(name) for name in names]


class InspectorQuota:
    """One inspector's month: visits counted per kind against the office's quota.

    Built from the inspector's row (``INSPECTOR_FIELDS``); the ``Staff`` instance is made only
    when asked for: the country's quota has about 2,000 rows and the national pages show none.
    """

    __slots__ = ("_inspector", "_row", "quota", "by_kind", "assignments", "counted")

    def __init__(
        self,
        *,
        quota: int,
        by_kind: dict[str, int],
        assignments: int,
        inspector: Staff | None = None,
        row: tuple | None = None,
    ):
        self._inspector, self._row = inspector, row
        self.quota, self.by_kind, self.assignments = quota, by_kind, assignments
        # Visits counted toward the quota: every kind but special assignments (by_kind holds no other).
        self.counted = sum(by_kind.values())

    @property
    def inspector(self) -> Staff:
        if self._inspector is None:
            names, positions = _inspector_columns()
            row = [self._row[i] for i in positions]
            # Without Model.__init__ where Django's would make the same instance (an office's
            # home page names its 76 inspectors: about 0.3 ms of __init__).
            if plain_model(Staff):
                self._inspector = bare_instance(Staff, DEFAULT_DB_ALIAS, names, row)
            else:
                self._inspector = Staff.from_db(DEFAULT_DB_ALIAS, names, row)
        return self._inspector

    @property
    def name(self) -> str:
        """``str(self.inspector)``, from the row when no instance was made: the office head's home
        names an office's inspectors (76 on the busiest) and needs nothing else of them."""
        if self._inspector is not None:
            return str(self._inspector)
        return Staff.name_of(*(self._row[i] for i in _NAME_AT))

    @property
    def inspector_id(self) -> int:
        return self._row[0] if self._inspector is None else self._inspector.pk

    def __repr__(self) -> str:
        return f"<InspectorQuota {self.inspector_id}: {self.counted}/{self.quota}>"

    @property
    def attainment(self) -> float:
        return self.counted / self.quota

    @property
    def met(self) -> bool:
        return self.counted >= self.quota


@dataclass
class OfficeQuota:
    """An office's month: its inspectors' rows (``None`` when only their counts were read) and its visits."""

    office: Office
    month: date
    inspectors: list[InspectorQuota] | None
    visits_by_kind: dict[str, int]
    assignment_visits: int
    # (active inspectors, meeting the quota, their special-assignment visits); from the rows when given.
    counts: tuple[int, int, int] | None = None

    def __post_init__(self):
        if self.counts is None:
            rows = self.inspectors
            self.counts = (len(rows), sum(1 for row in rows if row.met), sum(row.assignments for row in rows))

    @property
    def quota(self) -> int:
        return self.office.monthly_quota

    @property
    def active(self) -> int:
        return self.counts[0]

    @property
    def meeting(self) -> int:
        return self.counts[1]

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
        return self.counts[2]


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
    return _active_inspectors_in(office_ids(offices))


def _active_inspectors_in(ids: list[int]):
    return Staff.objects.filter(office_id__any=ids, role=Role.INSPECTOR, is_active=True)


def _inspector_visits(ids: list[int], months: Q):
    """The month rollups of the visits the active inspectors of the offices ``ids`` led or were on."""
    return VisitMonth.objects.filter(months, inspector__in=_active_inspectors_in(ids)).order_by()


@prepared("office_ids", "month")
def _office_visit_rows(*, office_ids: list[int], month: date):
    """The offices' distinct visits of ``month``: one row per office and kind (visitmonth_office_key)."""
    rows = VisitMonth.objects.filter(month=month, office_id__any=office_ids, inspector__isnull=True)
    return rows.order_by().values_list("office_id", "kind", "visits")


@prepared("office_ids")
def _inspector_list(*, office_ids: list[int]):
    """Only what the quota rows show (name, links by id): the country has about 2,000 inspectors."""
    return (
        _active_inspectors_in(office_ids)
        .order_by("office_id", "last_name", "first_name", "username")
        .values_list(*INSPECTOR_FIELDS)
    )


@prepared("office_ids", "month")
def _inspector_month_rows(*, office_ids: list[int], month: date):
    """The month's visit rollups of the offices' active inspectors: (inspector id, kind, visits)."""
    return _inspector_visits(office_ids, Q(month=month)).values_list("inspector_id", "kind", "visits")


def quota_summary(*, offices: Sequence[Office], month: date, rows: bool = True) -> QuotaSummary:
    """Quota attainment of every active inspector of ``offices`` for ``month`` (on the rollups).

    ``rows``: each inspector's row (three queries); without them (``inspectors`` is ``None``) only
    each office's counts, added up by the database (two queries): the country has about 2,000
    inspectors, whose rows the national pages do not show.
    """
    month = month_start(month)
    offices = list(offices)
    visits: dict = defaultdict(lambda: defaultdict(int))
    for office_id, kind, n in _office_visit_rows(office_ids=office_ids(offices), month=month):
        visits[office_id][kind] += n
    by_office = _inspector_rows(offices, month) if rows else {}
    by_count = {} if rows else _office_counts(offices, month)
    return QuotaSummary(
        month=month,
        offices=[
            OfficeQuota(
                office=o,
                month=month,
                inspectors=by_office.get(o.pk, []) if rows else None,
                visits_by_kind={kind: visits[o.pk].get(kind, 0) for kind in COUNTED_KINDS},
                assignment_visits=visits[o.pk].get(Kind.ASSIGNMENT.value, 0),
                counts=None if rows else by_count.get(o.pk, (0, 0, 0)),
            )
            for o in offices
        ],
    )


def _inspector_rows(offices: list[Office], month: date) -> dict[int, list[InspectorQuota]]:
    """Per office id: the rows of its active inspectors for ``month``, by name (two queries)."""
    ids = office_ids(offices)
    inspectors = _inspector_list(office_ids=ids)
    # {inspector id: {kind: visits}}: the month's rows as they are (one per inspector, office and
    # kind), added up here: an inspector counts in every office they had visits in that month.
    # Plain columns: no aggregate to convert.
    per_inspector: dict = defaultdict(lambda: defaultdict(int))
    for inspector_id, kind, n in _inspector_month_rows(office_ids=ids, month=month):
        per_inspector[inspector_id][kind] += n
    by_office: dict[int, list[InspectorQuota]] = defaultdict(list)
    quota_of = {o.pk: o.monthly_quota for o in offices}
    for row in inspectors:
        office_id = row[1]
        by_office[office_id].append(
            InspectorQuota(row=row, quota=quota_of[office_id], **_split_kinds(per_inspector.get(row[0], {})))
        )
    return by_office


def _split_kinds(visits: dict[str, int]) -> dict:
    """An inspector's month of visits per kind as a quota row takes them: the counted kinds, and the assignments."""
    return {
        "by_kind": {kind: visits.get(kind, 0) for kind in COUNTED_KINDS},
        "assignments": visits.get(Kind.ASSIGNMENT.value, 0),
    }


def _office_counts(offices: list[Office], month: date) -> dict[int, tuple[int, int, int]]:
    """Per office id: (active inspectors, of them meeting the quota, their special-assignment visits).

    The same counts as the rows of :func:`_inspector_rows` (an inspector's visits in every office
    count; the quota is their own office's), added up by the database in one grouped query:
    about 120 rows for the country instead of its 2,000 inspectors and their visit rows.
    """
    if not offices:
        return {}
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    staff, office, visit_month = (quote(m._meta.db_table) for m in (Staff, Office, VisitMonth))
    id_type = Staff._meta.get_field("office").db_type(connection)
    in_offices, office_params = any_of("s.office_id", office_ids(offices), id_type, connection)
    counted = ", ".join(["%s"] * len(COUNTED_KINDS))
    # Only table names and placeholders go into the text; every value is a parameter.
    sql = f"""
        SELECT s.office_id, COUNT(*),
               SUM(CASE WHEN COALESCE(v.counted, 0) >= o.monthly_quota THEN 1 ELSE 0 END),
               COALESCE(SUM(v.assigned), 0)
        FROM {staff} s
        JOIN {office} o ON o.id = s.office_id
        LEFT JOIN (
            SELECT inspector_id,
                   SUM(CASE WHEN kind IN ({counted}) THEN visits ELSE 0 END) AS counted,
                   SUM(CASE WHEN kind = %s THEN visits ELSE 0 END) AS assigned
            FROM {visit_month}
            WHERE month = %s AND inspector_id IS NOT NULL
            GROUP BY inspector_id
        ) v ON v.inspector_id = s.id
        WHERE {in_offices} AND s.role = %s AND s.is_active
        GROUP BY s.office_id
        """  # noqa: S608  # nosec B608
    params = (*COUNTED_KINDS, Kind.ASSIGNMENT.value, month, *office_params, Role.INSPECTOR.value)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {office_id: (active, meeting, assigned) for office_id, active, meeting, assigned in cursor.fetchall()}


def office_quota(*, office: Office, month: date) -> OfficeQuota:
    return quota_summary(offices=[office], month=month).offices[0]


def inspector_quota(*, inspector: Staff, month: date) -> InspectorQuota:
    """One inspector's quota for ``month``: the row their office's quota has for them (one query).

    The same figures as that row (their visits in every office count; an inactive inspector,
    or staff who are not inspectors, count nothing), read for them alone: the inspector's home
    page shows no other row.
    """
    quota = inspector.office.monthly_quota if inspector.office_id else 0
    visits: dict[str, int] = defaultdict(int)
    if inspector.office_id is not None and inspector.is_active and inspector.role == Role.INSPECTOR:
        rows = VisitMonth.objects.filter(month=month_start(month), inspector=inspector).order_by()
        for kind, n in rows.values_list("kind", "visits"):
            visits[kind] += n
    return InspectorQuota(inspector=inspector, quota=quota, **_split_kinds(visits))


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
        _inspector_visits(office_ids(offices), window)
        .exclude(kind=Kind.ASSIGNMENT)
        .values("inspector_id", "month")
        .annotate(n=Sum("visits"))
    )
    for inspector_id, visit_month, n in rows.values_list("inspector_id", "month", "n"):
        per_inspector[inspector_id][visit_month] = n
    totals = {
        row["month"]: row
        for row in VisitMonth.objects.filter(window, office_id__any=office_ids(offices), inspector__isnull=True)
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

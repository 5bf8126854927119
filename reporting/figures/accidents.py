"""Accident and occupational disease figures: the one place their counts and rates are computed.

Definitions (ILO Resolution concerning statistics of occupational injuries, 1998):

- a **case** is a person injured in a work accident (an accident with two people hurt is one
  accident and two cases);
- **frequency rate** = cases × 1,000,000 ÷ hours worked;
- **severity rate** = days lost × 1,000,000 ÷ hours worked (the days entered for each person;
  a fatality adds no conventional charge of days);
- **incidence** = cases × 1,000 ÷ workers (per 1,000 workers).

Hours worked and workers are a company's entered :class:`~accidents.models.HoursWorked` row for
the year; without one they are *estimated* from the company's workforce (workers × normal annual
hours, accidents.definitions.NORMAL_ANNUAL_HOURS) and every rate built on an estimate says so
(``estimated``). A group (office, region, sector) adds the hours and workers of all its companies,
with or without accidents. A year or a month is the one of the accident's own office zone.
Rates are rounded half up to two decimals; ``None`` when there are no hours (or workers).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Substr

from accidents.choices import CodeList, Severity
from accidents.definitions import NORMAL_ANNUAL_HOURS, late_q, severity_of
from accidents.models import Accident, Code, HoursWorked, InjuredPerson, OccupationalDisease
from inspectorate.models import Company, Office, Region
from inspectorate.periods import local_midnight, office_zones, zone_values, zone_values_q
from inspectorate.prepared import aggregated, prepared
from rollups.models import DistrictWorkforce
from rollups.workforce import workforce_kept

from ._common import office_ids

MILLION = Decimal(1_000_000)
THOUSAND = Decimal(1_000)
CENT = Decimal("0.01")
GROUPS = ("company", "office", "region", "sector")


def _rate(numerator: int, factor: Decimal, denominator: int | None) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * factor / Decimal(denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def frequency_rate(cases: int, hours: int | None) -> Decimal | None:
    """Cases × 1,000,000 ÷ hours worked (two decimals, half up)."""
    return _rate(cases, MILLION, hours)


def severity_rate(days_lost: int, hours: int | None) -> Decimal | None:
    """Days lost × 1,000,000 ÷ hours worked (two decimals, half up)."""
    return _rate(days_lost, MILLION, hours)


def incidence_rate(cases: int, workers: int | None) -> Decimal | None:
    """Cases per 1,000 workers (two decimals, half up)."""
    return _rate(cases, THOUSAND, workers)


def sector_of(kbli: str) -> str:
    """A company's sector: the KBLI division (its first two digits); "" when unknown."""
    return (kbli or "")[:2]


def _year_q(year: int, field_name: str = "occurred_at", office_path: str = "office") -> Q:
    return _between_q(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), field_name, office_path)


def _between_q(
    start: dt.date, end: dt.date, field_name: str = "occurred_at", office_path: str = "office", zones=None
) -> Q:
    """From local midnight starting ``start`` to the one starting ``end``, in each record's office's zone.

    ``zones``: those of the offices the records belong to, when the caller knows them (else one query).
    """
    zones = _sorted_zones(zones)
    return _bounds_q(zones, _zone_bounds(start, end, zones), field_name, office_path)


def _sorted_zones(zones=None) -> tuple[str, ...]:
    """``zones`` (default: every office's, one query), sorted and each once."""
    return tuple(sorted(set(office_zones() if zones is None else zones)))


def _zone_bounds(start: dt.date, end: dt.date, zones: tuple[str, ...]) -> tuple[dt.datetime, ...]:
    """Local midnight starting ``start`` and the one starting ``end`` in each of ``zones``, one after the other."""
    return zone_values(zones, lambda zone: (local_midnight(start, zone), local_midnight(end, zone)))


def _bounds_q(zones: tuple[str, ...], bounds: tuple, field_name: str = "occurred_at", office_path: str = "office") -> Q:
    """Each zone's records from its first bound to its second (``bounds`` as :func:`_zone_bounds` gives them)."""

    def build(start: dt.datetime, end: dt.datetime) -> Q:
        return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})

    return zone_values_q(zones, bounds, build, office_path)


@dataclass
class Rates:
    """The accident figures of one company, office, region or sector for a year."""

    key: object
    label: str
    accidents: int = 0
    cases: int = 0
    fatal: int = 0
    days_lost: int = 0
    hours: int = 0
    workers: int = 0
    estimated: bool = False

    @property
    def frequency_rate(self) -> Decimal | None:
        return frequency_rate(self.cases, self.hours)

    @property
    def severity_rate(self) -> Decimal | None:
        return severity_rate(self.days_lost, self.hours)

    @property
    def incidence(self) -> Decimal | None:
        return incidence_rate(self.cases, self.workers)


_GROUP_FIELDS = {
    "company": ("pk", "name"),
    "office": ("district__office_id", "district__office__name"),
    "region": ("district__office__region_id", "district__office__region__name"),
    "sector": ("sector", "sector"),
}
# The group of an accident: its company's (the company's district's office or region, or sector).
_ACCIDENT_PATHS = {
    "company": "company_id",
    "office": "company__district__office_id",
    "region": "company__district__office__region_id",
    "sector": "sector",
}


def _companies(office_ids: list[int] | None) -> QuerySet:
    """The companies of the offices (all served companies without ``office_ids``)."""
    companies = Company.objects.filter(district__office__isnull=False)
    return companies if office_ids is None else companies.filter(district__office_id__any=office_ids)


@prepared("office_ids")
def _estimates(*, office_ids: list[int] | None, by: str, kept: bool):
    """Per group: ``workers`` and ``staffed`` (companies with workers), every company with its estimate.

    ``kept``: read from the district sums the database keeps (rollups.workforce: 616 rows for the
    country), else summed from the companies.
    """
    if kept:
        districts = DistrictWorkforce.objects.filter(district__office__isnull=False, companies__gt=0)
        if office_ids is not None:
            districts = districts.filter(district__office_id__any=office_ids)
        rows = districts.order_by().values(*_GROUP_FIELDS[by])
        return rows.annotate(workers=Sum("workers"), staffed=Sum("staffed"))
    rows = _companies(office_ids).annotate(sector=Substr(Coalesce("kbli", Value("")), 1, 2))
    rows = rows.order_by().values(*dict.fromkeys(_GROUP_FIELDS[by]))
    return rows.annotate(workers=Sum("workers_total"), staffed=Count("pk", filter=Q(workers_total__gt=0)))


def _entered_key(by: str) -> str:
    return "sector" if by == "sector" else f"company__{_GROUP_FIELDS[by][0]}"


@prepared("office_ids", "year")
def _entered(*, office_ids: list[int] | None, year: int, by: str):
    """Per group: the hours and workers entered for ``year``, and the estimate they replace."""
    entered = HoursWorked.objects.filter(year=year, company__in=_companies(office_ids).values("pk"))
    entered = entered.annotate(sector=Substr(Coalesce("company__kbli", Value("")), 1, 2)).order_by()
    return entered.values(_entered_key(by)).annotate(
        hours=Sum("hours"),
        workers=Sum("workers"),
        estimate=Sum("company__workers_total"),
        staffed=Count("pk", filter=Q(company__workers_total__gt=0)),
    )


def _workforce(*, office_ids: list[int] | None, year: int, by: str) -> list[tuple]:
    """``(key, label, hours, workers, estimated companies)`` per group of the offices' companies for ``year``.

    Every company counts with its estimate (workers × normal hours); the companies with an entered
    row for the year then swap their estimate for what was entered. Two grouped queries, one plain
    pass over the groups and one over the (few) entered rows, instead of a lookup of the entered
    row for each company (3.9 s for the country's 750,000: docs/performance.md §14).
    """
    key_field, label_field = _GROUP_FIELDS[by]
    kept = by in ("office", "region") and workforce_kept()
    groups = {}
    for row in _estimates(office_ids=office_ids, by=by, kept=kept):
        workers = row["workers"] or 0
        groups[row[key_field]] = [row[label_field], workers * NORMAL_ANNUAL_HOURS, workers, row["staffed"]]
    entered_key = _entered_key(by)
    for row in _entered(office_ids=office_ids, year=year, by=by):
        group = groups[row[entered_key]]
        group[1] += row["hours"] - row["estimate"] * NORMAL_ANNUAL_HOURS
        group[2] += row["workers"] - row["estimate"]
        group[3] -= row["staffed"]
    return [(key, *values) for key, values in groups.items()]


def _year_accidents(office_ids: list[int] | None, zones: tuple[str, ...], bounds: tuple) -> QuerySet:
    """The accidents of the offices' companies between the bounds, with their company's ``sector``."""
    accidents = Accident.objects.filter(_bounds_q(zones, bounds), company_id__in=_companies(office_ids).values("pk"))
    return accidents.annotate(sector=Substr(Coalesce("company__kbli", Value("")), 1, 2))


@prepared("office_ids", "bounds")
def _accidents_by(*, office_ids: list[int] | None, zones: tuple[str, ...], bounds: tuple, by: str):
    path = _ACCIDENT_PATHS[by]
    return _year_accidents(office_ids, zones, bounds).order_by().values(path).annotate(n=Count("pk"))


def _people_key(by: str) -> str:
    return "sector" if by == "sector" else f"accident__{_ACCIDENT_PATHS[by]}"


@prepared("office_ids", "bounds")
def _people_by(*, office_ids: list[int] | None, zones: tuple[str, ...], bounds: tuple, by: str):
    people = InjuredPerson.objects.filter(accident__in=_year_accidents(office_ids, zones, bounds).values("pk"))
    people = people.annotate(sector=Substr(Coalesce("accident__company__kbli", Value("")), 1, 2)).order_by()
    return people.values(_people_key(by)).annotate(
        cases=Count("pk"), fatal=Count("pk", filter=Q(fatal=True)), days=Sum("days_lost")
    )


def rates(*, year: int, by: str = "office", offices: Iterable[Office] | None = None) -> list[Rates]:
    """Accident rates for ``year`` grouped ``by`` company, office, region or sector (KBLI division).

    ``offices`` narrows to the companies served by those offices (the caller's scope). Hours and
    workers are summed per group in SQL (a company's entered row for the year, else its estimate),
    so no company row reaches Python: five queries whatever the amount of data (the offices' zones
    among them), each built once per shape (inspectorate.prepared).
    """
    if by not in GROUPS:
        raise ValueError(f"unknown grouping {by!r}")
    ids = None if offices is None else office_ids(offices)
    groups: dict[object, Rates] = {}
    for key, label, hours, workers, estimated in _workforce(office_ids=ids, year=year, by=by):
        groups[key] = Rates(key=key, label=label, hours=hours, workers=workers, estimated=bool(estimated))
    # The year in each accident's own office's zone: every zone in use (an accident's office can
    # be in another zone than its company's, after the company moved district).
    zones = _sorted_zones()
    bounds = _zone_bounds(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), zones)
    path = _ACCIDENT_PATHS[by]
    for row in _accidents_by(office_ids=ids, zones=zones, bounds=bounds, by=by):
        groups[row[path]].accidents += row["n"]
    people_key = _people_key(by)
    for row in _people_by(office_ids=ids, zones=zones, bounds=bounds, by=by):
        group = groups[row[people_key]]
        group.cases += row["cases"]
        group.fatal += row["fatal"]
        group.days_lost += row["days"] or 0
    return sorted(groups.values(), key=lambda g: (-g.cases, str(g.label)))


def accident_counts(
    company_ids: Iterable[int], *, since: dt.datetime | None = None, year: int | None = None
) -> dict[int, dict]:
    """Per company id: ``accidents``, ``cases`` (people hurt), ``fatal`` (people killed) and ``days_lost``.

    ``since`` (an instant) counts accidents that occurred from then on; ``year`` those of that
    calendar year in their office's zone. Companies without accidents are absent. Two queries.
    """
    ids = company_ids if isinstance(company_ids, QuerySet) else list(company_ids)
    accidents = Accident.objects.filter(company_id__in=ids)
    if since is not None:
        accidents = accidents.filter(occurred_at__gte=since)
    if year is not None:
        accidents = accidents.filter(_year_q(year))
    result: dict[int, dict] = {}
    for row in accidents.order_by().values("company_id").annotate(n=Count("pk")):
        result[row["company_id"]] = {"accidents": row["n"], "cases": 0, "fatal": 0, "days_lost": 0}
    people = (
        InjuredPerson.objects.filter(accident__in=accidents)
        .order_by()
        .values("accident__company_id")
        .annotate(cases=Count("pk"), fatal=Count("pk", filter=Q(fatal=True)), days=Sum("days_lost"))
    )
    for row in people:
        entry = result[row["accident__company_id"]]
        entry.update(cases=row["cases"], fatal=row["fatal"], days_lost=row["days"] or 0)
    return result


def disease_counts(company_ids: Iterable[int], *, since: dt.date) -> dict[int, int]:
    """Per company id: occupational disease cases diagnosed on or after ``since`` (others absent). One query."""
    ids = company_ids if isinstance(company_ids, QuerySet) else list(company_ids)
    rows = (
        OccupationalDisease.objects.filter(company_id__in=ids, diagnosed_on__gte=since)
        .order_by()
        .values("company_id")
        .annotate(n=Count("pk"))
    )
    return {row["company_id"]: row["n"] for row in rows}


def _label(value, choices) -> str:
    return str(dict(choices).get(value, value))


def annual_statistics(*, year: int, region: Region | None = None, offices: Iterable[Office] | None = None) -> dict:
    """The counts an ILO C81 art. 21(f)/(g) annual report needs, for ``year`` (office zones) and a region or all.

    Returns ``accidents`` (number of accidents), ``cases`` (people hurt), ``fatalities``,
    ``days_lost``, ``by_severity`` ({Severity value: cases}), ``by_sector`` ({KBLI division:
    cases}), ``by_sex`` ({Sex value: cases}), ``diseases`` (occupational disease cases diagnosed in
    the year), ``by_disease`` ({ILO code: cases}) and ``disease_names`` ({ILO code: name in the
    active language}). ``offices`` narrows to the accidents and cases recorded by those offices.
    A fixed number of queries.
    """
    accidents = Accident.objects.filter(_year_q(year))
    diseases = OccupationalDisease.objects.filter(diagnosed_on__year=year)
    if region is not None:
        accidents = accidents.filter(office__region=region)
        diseases = diseases.filter(office__region=region)
    if offices is not None:
        offices = list(offices)
        accidents = accidents.filter(office__in=offices)
        diseases = diseases.filter(office__in=offices)
    people = InjuredPerson.objects.filter(accident__in=accidents).order_by()
    by_severity: dict[str, int] = {s: 0 for s in Severity.values}
    by_sector: dict[str, int] = defaultdict(int)
    by_sex: dict[str, int] = defaultdict(int)
    rows = people.values("fatal", "permanent_incapacity", "days_lost", "sex", "accident__company__kbli")
    cases = days_lost = 0
    for row in rows.annotate(n=Count("pk")):
        cases += row["n"]
        days_lost += row["days_lost"] * row["n"]
        severity = severity_of(fatal=row["fatal"], permanent=row["permanent_incapacity"], days_lost=row["days_lost"])
        by_severity[severity] += row["n"]
        by_sector[sector_of(row["accident__company__kbli"])] += row["n"]
        by_sex[row["sex"]] += row["n"]
    by_disease = {
        row["disease__code"]: row["n"]
        for row in diseases.order_by().values("disease__code").annotate(n=Count("pk")).order_by("disease__code")
    }
    names = {}
    if by_disease:
        names = {c.code: c.name for c in Code.objects.filter(variable=CodeList.DISEASE, code__in=list(by_disease))}
    return {
        "year": year,
        "accidents": accidents.count(),
        "cases": cases,
        "fatalities": by_severity[Severity.FATAL],
        "days_lost": days_lost,
        "by_severity": by_severity,
        "by_sector": dict(sorted(by_sector.items())),
        "by_sex": dict(by_sex),
        "diseases": sum(by_disease.values()),
        "by_disease": by_disease,
        "disease_names": names,
    }


@dataclass(frozen=True)
class MonthFigures:
    """An office's (or several offices') accidents of one month, for the dashboard panel and the monthly PDF."""

    accidents: int
    cases: int
    fatal: int
    permanent: int
    days_lost: int
    late_reports: int
    investigated: int
    diseases: int
    by_severity: dict
    year_rates: list


def _month_accidents(office_ids: list[int], zones: tuple[str, ...], bounds: tuple) -> QuerySet:
    return Accident.objects.filter(_bounds_q(zones, bounds), office_id__any=office_ids)


@prepared("office_ids", "bounds", "now")
def _month_summary(*, office_ids: list[int], zones: tuple[str, ...], bounds: tuple, now: dt.datetime):
    """One row: the accidents, those reported late (as of ``now``) and those investigated."""
    return aggregated(
        _month_accidents(office_ids, zones, bounds),
        n=Count("pk"),
        late=Count("pk", filter=late_q(now)),
        investigated=Count("pk", filter=Q(inspection__isnull=False)),
    )


@prepared("office_ids", "bounds")
def _month_people(*, office_ids: list[int], zones: tuple[str, ...], bounds: tuple):
    people = InjuredPerson.objects.filter(accident__in=_month_accidents(office_ids, zones, bounds)).order_by()
    return people.values("fatal", "permanent_incapacity", "days_lost").annotate(n=Count("pk"))


@prepared("office_ids", "start", "end")
def _month_diseases(*, office_ids: list[int], start: dt.date, end: dt.date):
    diseases = OccupationalDisease.objects.filter(
        office_id__any=office_ids, diagnosed_on__gte=start, diagnosed_on__lt=end
    )
    return diseases.order_by().values_list(Count("pk"), flat=True)


def month_figures(
    *, offices: Iterable[Office], month: dt.date, now: dt.datetime, group_by: str = "office"
) -> MonthFigures:
    """The month's accidents of ``offices`` (each in its own zone) and the year-to-date rates per ``group_by``."""
    offices = list(offices)
    ids = office_ids(offices)
    start = month.replace(day=1)
    end = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    zones = _sorted_zones({o.time_zone for o in offices})  # the accidents are of these offices
    bounds = _zone_bounds(start, end, zones)
    # No row at all when there is nothing to count in (no offices, so no zones).
    summary = _month_summary(office_ids=ids, zones=zones, bounds=bounds, now=now)
    summary = summary[0] if summary else {"n": 0, "late": 0, "investigated": 0}
    by_severity: dict[str, int] = {s: 0 for s in Severity.values}
    days = 0
    for row in _month_people(office_ids=ids, zones=zones, bounds=bounds):
        by_severity[
            severity_of(fatal=row["fatal"], permanent=row["permanent_incapacity"], days_lost=row["days_lost"])
        ] += row["n"]
        days += row["days_lost"] * row["n"]
    diseases = sum(_month_diseases(office_ids=ids, start=start, end=end))
    return MonthFigures(
        accidents=summary["n"],
        cases=sum(by_severity.values()),
        fatal=by_severity[Severity.FATAL],
        permanent=by_severity[Severity.PERMANENT],
        days_lost=days,
        late_reports=summary["late"],
        investigated=summary["investigated"],
        diseases=diseases,
        by_severity=by_severity,
        year_rates=rates(year=month.year, by=group_by, offices=offices),
    )

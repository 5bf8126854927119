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
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Substr

from accidents.choices import CodeList, Severity
from accidents.definitions import NORMAL_ANNUAL_HOURS, late_q, severity_of
from accidents.models import Accident, Code, HoursWorked, InjuredPerson, OccupationalDisease
from inspectorate.models import Company, Office, Region
from inspectorate.periods import local_midnight, per_zone
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

    def build(zone: ZoneInfo) -> Q:
        return Q(
            **{
                f"{field_name}__gte": local_midnight(start, zone),
                f"{field_name}__lt": local_midnight(end, zone),
            }
        )

    return per_zone(build, office_path, zones=zones)


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


def _workforce(
    companies: QuerySet, year: int, group_fields: tuple[str, str], districts: QuerySet | None
) -> list[tuple]:
    """``(key, label, hours, workers, estimated companies)`` per group of ``companies`` for ``year``.

    Every company counts with its estimate (workers × normal hours); the companies with an entered
    row for the year then swap their estimate for what was entered. Two grouped queries, one plain
    pass over the companies and one over the (few) entered rows, instead of a lookup of the entered
    row for each company (3.9 s for the country's 750,000: docs/performance.md §14). Given
    ``districts`` (the kept sums of the same companies' districts), the estimates are read from them.
    """
    if districts is not None:
        # The district sums kept by the database (rollups.workforce): 616 rows for the country.
        estimates = (
            districts.filter(companies__gt=0)
            .order_by()
            .values(*group_fields)
            .annotate(workers=Sum("workers"), staffed=Sum("staffed"))
        )
    else:
        estimates = (
            companies.annotate(sector=Substr(Coalesce("kbli", Value("")), 1, 2))
            .order_by()
            .values(*dict.fromkeys(group_fields))
            .annotate(workers=Sum("workers_total"), staffed=Count("pk", filter=Q(workers_total__gt=0)))
        )
    groups = {}
    for row in estimates:
        workers = row["workers"] or 0
        groups[row[group_fields[0]]] = [row[group_fields[1]], workers * NORMAL_ANNUAL_HOURS, workers, row["staffed"]]
    entered_key = "sector" if group_fields[0] == "sector" else f"company__{group_fields[0]}"
    entered = (
        HoursWorked.objects.filter(year=year, company__in=companies.values("pk"))
        .annotate(sector=Substr(Coalesce("company__kbli", Value("")), 1, 2))
        .order_by()
        .values(entered_key)
        .annotate(
            hours=Sum("hours"),
            workers=Sum("workers"),
            estimate=Sum("company__workers_total"),
            staffed=Count("pk", filter=Q(company__workers_total__gt=0)),
        )
    )
    for row in entered:
        group = groups[row[entered_key]]
        group[1] += row["hours"] - row["estimate"] * NORMAL_ANNUAL_HOURS
        group[2] += row["workers"] - row["estimate"]
        group[3] -= row["staffed"]
    return [(key, *values) for key, values in groups.items()]


def rates(
    *, year: int, by: str = "office", offices: Iterable[Office] | None = None, company_ids: Iterable[int] | None = None
) -> list[Rates]:
    """Accident rates for ``year`` grouped ``by`` company, office, region or sector (KBLI division).

    ``offices`` narrows to the companies served by those offices (the caller's scope); ``company_ids``
    to those companies. Hours and workers are summed per group in SQL (a company's entered row for the
    year, else its estimate), so no company row reaches Python: four queries whatever the amount of data.
    """
    if by not in GROUPS:
        raise ValueError(f"unknown grouping {by!r}")
    companies = Company.objects.filter(district__office__isnull=False)
    if offices is not None:
        companies = companies.filter(district__office_id__any=office_ids(offices))
    if company_ids is not None:
        companies = companies.filter(pk__in=list(company_ids))
    ids = companies.values("pk")
    group_fields = {
        "company": ("pk", "name"),
        "office": ("district__office_id", "district__office__name"),
        "region": ("district__office__region_id", "district__office__region__name"),
        "sector": ("sector", "sector"),
    }[by]
    groups: dict[object, Rates] = {}
    districts = None
    if by in ("office", "region") and company_ids is None and workforce_kept():
        districts = DistrictWorkforce.objects.filter(district__office__isnull=False)
        if offices is not None:
            districts = districts.filter(district__office_id__any=office_ids(offices))
    for key, label, hours, workers, estimated in _workforce(companies, year, group_fields, districts):
        groups[key] = Rates(key=key, label=label, hours=hours, workers=workers, estimated=bool(estimated))
    path = {
        "company": "company_id",
        "office": "company__district__office_id",
        "region": "company__district__office__region_id",
        "sector": "sector",
    }[by]
    accidents = Accident.objects.filter(_year_q(year), company_id__in=ids).annotate(
        sector=Substr(Coalesce("company__kbli", Value("")), 1, 2)
    )
    for row in accidents.order_by().values(path).annotate(n=Count("pk")):
        groups[row[path]].accidents += row["n"]
    people = (
        InjuredPerson.objects.filter(accident__in=accidents.values("pk"))
        .annotate(sector=Substr(Coalesce("accident__company__kbli", Value("")), 1, 2))
        .order_by()
        .values("sector" if by == "sector" else f"accident__{path}")
        .annotate(cases=Count("pk"), fatal=Count("pk", filter=Q(fatal=True)), days=Sum("days_lost"))
    )
    for row in people:
        group = groups[row["sector" if by == "sector" else f"accident__{path}"]]
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


def month_figures(
    *, offices: Iterable[Office], month: dt.date, now: dt.datetime, group_by: str = "office"
) -> MonthFigures:
    """The month's accidents of ``offices`` (each in its own zone) and the year-to-date rates per ``group_by``."""
    offices = list(offices)
    end = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    zones = {o.time_zone for o in offices}  # the accidents are of these offices
    accidents = Accident.objects.filter(office_id__any=office_ids(offices)).filter(
        _between_q(month.replace(day=1), end, zones=zones)
    )
    summary = accidents.aggregate(
        n=Count("pk"),
        late=Count("pk", filter=late_q(now)),
        investigated=Count("pk", filter=Q(inspection__isnull=False)),
    )
    people = InjuredPerson.objects.filter(accident__in=accidents).order_by()
    by_severity: dict[str, int] = {s: 0 for s in Severity.values}
    days = 0
    for row in people.values("fatal", "permanent_incapacity", "days_lost").annotate(n=Count("pk")):
        by_severity[
            severity_of(fatal=row["fatal"], permanent=row["permanent_incapacity"], days_lost=row["days_lost"])
        ] += row["n"]
        days += row["days_lost"] * row["n"]
    diseases = OccupationalDisease.objects.filter(
        office_id__any=office_ids(offices), diagnosed_on__gte=month.replace(day=1), diagnosed_on__lt=end
    ).count()
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

"""The figures of the ILO C81 annual report (art. 21 items (a)–(g)) and the ILOSTAT indicators.

One call, :func:`annual_figures`, reads a year of a set of offices with a fixed number of
queries. Definitions worth knowing:

- The year is cut in each office's own time zone: visits by their local ``visit_month``,
  Notas by ``issued_on``, investigations by ``opened_on`` (local dates already), staff who
  joined by ``date_joined`` taken at local midnight.
- **Inspectors** are staff with the inspector role (PPNS included; office heads are not, as in
  the quota figures). An inspector is *in service at the end of the year* when they joined
  before it ends and their service had not ended by then (``service_ended_on`` empty or later;
  an account switched off without an end date is not in service). *Joined* / *left* are
  ``date_joined`` / ``service_ended_on`` inside the year.
- **Workplaces** are the companies of the districts the offices serve (the registry now, not a
  replay of the year); sector is the KBLI section of the first two digits, size the band of
  ``workers_total``.
- **Visits** are counted visits (reported or closed; DESIGN.md §3), special assignments
  included and shown apart, read from the visit month rollups. *Visits per inspector* is
  visits ÷ inspectors in service at the end of the year.
- **Compliance rate**: of the Notas issued in the year whose outcome is known (complied or
  not complied), the share complied.
- Items (f) industrial accidents and (g) occupational diseases come from
  :func:`industrial_accidents` and :func:`occupational_diseases` (``accidents.annual_statistics``
  of the accidents and cases the offices recorded, the year cut in each office's zone; a disease
  case by its diagnosis date); ``None`` when the year has none, and the report says no data was
  recorded. BPJS coverage (item (c), :func:`workplace_coverage`) is ``socialsecurity.coverage`` of
  the offices' districts; :func:`bpjs_coverage` gives the public page its coverage.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from inspections.choices import COUNTED_STATUSES, NoticeLevel, NoticeStatus
from inspections.models import Finding, Inspection, Investigation, LegalProvision, Notice
from inspectorate.choices import Role, Sex
from inspectorate.models import Company, District, Office, Region, Staff
from rollups.models import VisitMonth

from ..models import AnnualText, Employment
from . import accidents as accident_figures
from . import socialsecurity as bpjs_figures
from ._common import _rate
from .time import _between, _zone_q

# KBLI 2020: the section (A–U) of each two-digit division.
KBLI_SECTIONS = [
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
]
UNKNOWN_SECTION = "?"

# BPS's size classes by persons employed: micro 1–4, small 5–19, medium 20–99, large 100 or more.
SIZE_BANDS = [("micro", 0, 4), ("small", 5, 19), ("medium", 20, 99), ("large", 100, None)]

# The ILO's benchmark: one inspector per this many workers (ILO, "Strategies and practice for labour
# inspection", Governing Body GB.297/ESP/3, November 2006, para. 13).
ILO_BENCHMARKS = [
    ("industrial", 10_000),  # industrial market economies
    ("transition", 20_000),  # transition economies
    ("developing", 40_000),  # less developed countries
]
ILO_BENCHMARK_SOURCE = (
    'ILO, "Strategies and practice for labour inspection", GB.297/ESP/3 (Geneva, November 2006), para. 13'
)


def kbli_section(kbli: str) -> str:
    """The KBLI section letter of a code ("10792" → "C"); ``?`` when the code is missing or unknown."""
    if len(kbli or "") < 2 or not kbli[:2].isdigit():
        return UNKNOWN_SECTION
    division = int(kbli[:2])
    return next((letter for letter, low, high in KBLI_SECTIONS if low <= division <= high), UNKNOWN_SECTION)


def size_band(workers: int) -> str:
    return next(name for name, low, high in SIZE_BANDS if workers >= low and (high is None or workers <= high))


@dataclass
class StaffRow:
    """Inspectors of one office in the year."""

    office: Office
    in_service: int = 0
    women: int = 0
    men: int = 0
    sex_unknown: int = 0
    ppns: int = 0
    joined: int = 0
    left: int = 0

    def __add__(self, other: StaffRow) -> StaffRow:
        total = StaffRow(office=None)
        for name in ("in_service", "women", "men", "sex_unknown", "ppns", "joined", "left"):
            setattr(total, name, getattr(self, name) + getattr(other, name))
        return total


@dataclass
class Workplaces:
    by_section: dict[str, int] = field(default_factory=dict)
    by_size: dict[str, int] = field(default_factory=dict)
    companies: int = 0
    workers: int = 0
    women: int = 0
    foreign: int = 0


@dataclass
class OfficeVisits:
    office: Office
    by_kind: dict[str, int]
    inspectors: int

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def per_inspector(self) -> float | None:
        return self.total / self.inspectors if self.inspectors else None


@dataclass
class Enforcement:
    findings_by_category: dict[str, int] = field(default_factory=dict)
    findings_by_provision: list[tuple[str, int]] = field(default_factory=list)
    findings: int = 0
    notices: dict[str, int] = field(default_factory=dict)
    complied: int = 0
    not_complied: int = 0
    sanctions: dict[str, int] = field(default_factory=dict)
    ppns_handovers: int = 0
    investigations_opened: int = 0
    investigation_outcomes: dict[str, int] = field(default_factory=dict)
    investigations_open: int = 0

    @property
    def compliance_rate(self) -> float | None:
        return _rate(self.complied, self.complied + self.not_complied)


@dataclass
class Ilostat:
    inspectors: int
    visits: int
    women: int
    employed: int | None
    employment_sources: list[str]
    employment_missing: list[Region]

    @property
    def per_10000(self) -> float | None:
        return self.inspectors * 10_000 / self.employed if self.employed else None

    @property
    def workers_per_inspector(self) -> float | None:
        return self.employed / self.inspectors if self.employed and self.inspectors else None

    @property
    def visits_per_inspector(self) -> float | None:
        return self.visits / self.inspectors if self.inspectors else None

    @property
    def women_share(self) -> float | None:
        return _rate(self.women, self.inspectors)

    def benchmarks(self) -> list[tuple[str, int, int | None, bool | None]]:
        """Per ILO benchmark: (key, workers per inspector, inspectors it asks for, met)."""
        rows = []
        for key, workers in ILO_BENCHMARKS:
            needed = -(-self.employed // workers) if self.employed else None
            rows.append((key, workers, needed, None if needed is None else self.inspectors >= needed))
        return rows


@dataclass
class AnnualFigures:
    year: int
    offices: list[Office]
    provisions: list[LegalProvision]
    laws_text: str
    staff: list[StaffRow]
    workplaces: Workplaces
    visits: list[OfficeVisits]
    visits_by_section: dict[str, int]
    enforcement: Enforcement
    ilostat: Ilostat
    accidents: dict | None
    diseases: dict | None
    coverage: bpjs_figures.Coverage | None = None

    @property
    def staff_total(self) -> StaffRow:
        return sum(self.staff, StaffRow(office=None))

    @property
    def visits_by_kind(self) -> dict[str, int]:
        total: Counter = Counter()
        for row in self.visits:
            total.update(row.by_kind)
        return dict(total)

    @property
    def visits_total(self) -> int:
        return sum(row.total for row in self.visits)


def _year_q(field_name: str, year: int) -> Q:
    return Q(**{f"{field_name}__gte": date(year, 1, 1), f"{field_name}__lt": date(year + 1, 1, 1)})


def staff_figures(offices: Sequence[Office], year: int) -> list[StaffRow]:
    """Inspectors of each office: in service at the end of ``year``, by sex and PPNS; joined and left in it."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    zones = sorted({o.time_zone for o in offices})
    joined_before_end = _zone_q(zones, _between("date_joined", date(1900, 1, 1), end))
    joined_in_year = _zone_q(zones, _between("date_joined", start, end))
    in_service = joined_before_end & (Q(service_ended_on__gte=end) | Q(service_ended_on__isnull=True, is_active=True))
    rows = (
        Staff.objects.filter(office__in=offices, role=Role.INSPECTOR)
        .order_by()
        .values("office_id")
        .annotate(
            in_service=Count("id", filter=in_service),
            women=Count("id", filter=in_service & Q(sex=Sex.FEMALE)),
            men=Count("id", filter=in_service & Q(sex=Sex.MALE)),
            ppns=Count("id", filter=in_service & Q(is_investigator=True)),
            joined=Count("id", filter=joined_in_year),
            left=Count("id", filter=_year_q("service_ended_on", year)),
        )
    )
    by_office = {row.pop("office_id"): row for row in rows}
    result = []
    for office in offices:
        row = StaffRow(office=office, **by_office.get(office.pk, {}))
        row.sex_unknown = row.in_service - row.women - row.men
        result.append(row)
    return result


def workplace_figures(offices: Sequence[Office]) -> Workplaces:
    """The registry of the districts the offices serve: companies by sector and size, workers.

    One pass over the companies, grouped by KBLI division (about a hundred rows), each row with its
    sums and its size bands; the totals and the bands are added up here (three scans of 750,000
    companies before: docs/performance.md §34).
    """
    size_q = {
        name: Q(workers_total__gte=low) & (Q() if high is None else Q(workers_total__lte=high))
        for name, low, high in SIZE_BANDS
    }
    rows = (
        Company.objects.filter(district__office__in=offices)
        .order_by()
        .annotate(division=Substr("kbli", 1, 2))
        .values("division")
        .annotate(
            companies=Count("id"),
            workers=Sum("workers_total", default=0),
            women=Sum("workers_female", default=0),
            foreign=Sum("workers_foreign", default=0),
            **{name: Count("id", filter=q) for name, q in size_q.items()},
        )
    )
    by_section: Counter = Counter()
    totals: Counter = Counter()
    for row in rows:
        by_section[kbli_section(row.pop("division"))] += row["companies"]
        totals.update(row)
    by_size = {name: totals.pop(name, 0) for name in size_q}
    return Workplaces(
        by_section=dict(by_section),
        by_size=by_size,
        **{name: totals[name] for name in ("companies", "workers", "women", "foreign")},
    )


def visit_figures(offices: Sequence[Office], year: int, staff: list[StaffRow]) -> list[OfficeVisits]:
    """Counted visits of each office in ``year`` by kind (the visit month rollups)."""
    rows = (
        VisitMonth.objects.filter(_year_q("month", year), office__in=offices, inspector__isnull=True)
        .order_by()
        .values_list("office_id", "kind")
        .annotate(n=Sum("visits"))
    )
    by_office: dict = defaultdict(dict)
    for office_id, kind, n in rows:
        by_office[office_id][kind] = n
    inspectors = {row.office.pk: row.in_service for row in staff}
    return [OfficeVisits(office=o, by_kind=by_office[o.pk], inspectors=inspectors[o.pk]) for o in offices]


def visits_by_section(offices: Sequence[Office], year: int) -> dict[str, int]:
    """Counted visits of ``year`` by the KBLI section of the company visited."""
    visits = Inspection.objects.filter(
        _year_q("visit_month", year), office__in=offices, status__in=sorted(COUNTED_STATUSES)
    ).order_by()
    result: Counter = Counter()
    divisions = visits.annotate(division=Substr("company__kbli", 1, 2)).values_list("division").annotate(n=Count("id"))
    for division, n in divisions:
        result[kbli_section(division)] += n
    return dict(result)


def enforcement_figures(offices: Sequence[Office], year: int, *, provisions: int = 15) -> Enforcement:
    """Findings of the year's visits, Notas issued in it and what followed (item (e))."""
    findings = Finding.objects.filter(
        _year_q("inspection__visit_month", year),
        inspection__office__in=offices,
        inspection__status__in=sorted(COUNTED_STATUSES),
    ).order_by()
    # One pass over the year's findings by category and provision (two before: docs/performance.md §34).
    by_category: Counter = Counter()
    per_provision: Counter = Counter()
    for category, provision_id, n in findings.values_list("category", "provision_id").annotate(n=Count("id")):
        by_category[category] += n
        per_provision[provision_id] += n
    # The most cited first; among equals, in the database's order of act and article (a stable sort).
    named = (
        LegalProvision.objects.filter(pk__in=per_provision)
        .order_by("act", "article")
        .values_list("pk", "act", "article")
    )
    ranked = sorted(named, key=lambda provision: -per_provision[provision[0]])
    by_provision = [(f"{act} {article}", per_provision[pk]) for pk, act, article in ranked[:provisions]]
    notices = Notice.objects.filter(_year_q("issued_on", year), office__in=offices).order_by()
    notice_counts = notices.aggregate(
        first=Count("id", filter=Q(level=NoticeLevel.FIRST)),
        second=Count("id", filter=Q(level=NoticeLevel.SECOND)),
        complied=Count("id", filter=Q(status=NoticeStatus.COMPLIED)),
        not_complied=Count("id", filter=Q(status=NoticeStatus.NOT_COMPLIED)),
    )
    # The non-compliance reports (deadlines app) are read through the Nota they belong to: reporting
    # sits below deadlines and never imports it (tests/architecture/test_layers.py).
    ncr = "noncompliance_report__"
    reports = Notice.objects.filter(
        _year_q(f"{ncr}issued_on", year), office__in=offices, **{f"{ncr}status": "issued"}
    ).order_by()
    decisions = dict(reports.values_list(f"{ncr}decision").annotate(n=Count("id")))
    sanctions = dict(reports.exclude(**{f"{ncr}sanction": ""}).values_list(f"{ncr}sanction").annotate(n=Count("id")))
    opened = Investigation.objects.filter(_year_q("opened_on", year), office__in=offices).order_by()
    outcomes = dict(opened.exclude(outcome="").values_list("outcome").annotate(n=Count("id")))
    return Enforcement(
        findings_by_category=dict(by_category),
        findings_by_provision=by_provision,
        findings=sum(by_category.values()),
        notices={NoticeLevel.FIRST: notice_counts["first"], NoticeLevel.SECOND: notice_counts["second"]},
        complied=notice_counts["complied"],
        not_complied=notice_counts["not_complied"],
        sanctions=sanctions,
        ppns_handovers=decisions.get("ppns", 0),
        investigations_opened=opened.count(),
        investigation_outcomes=outcomes,
        investigations_open=opened.filter(outcome="").count(),
    )


def sanction_labels() -> dict[str, str]:
    """The sanctions a non-compliance report can recommend, with their labels (from the model's field)."""
    model = Notice._meta.get_field("noncompliance_report").related_model
    return dict(model._meta.get_field("sanction").choices)


def employment(regions: Sequence[Region], year: int) -> tuple[int | None, list[str], list[Region]]:
    """Employed persons of ``regions`` in ``year``: (sum or ``None`` if any region has none, sources, missing)."""
    rows = {e.region_id: e for e in Employment.objects.filter(region__in=regions, year=year)}
    missing = [r for r in regions if r.pk not in rows]
    sources = sorted({e.source for e in rows.values()})
    if missing or not rows:
        return None, sources, missing
    return sum(e.employed for e in rows.values()), sources, missing


# ---------------------------------------------------------------------------------------------
# The seams: figures that other apps will provide. Each returns ``None`` while no app records them.


def industrial_accidents(*, offices: Sequence[Office], year: int, statistics: dict | None = None) -> dict | None:
    """Item (f): the industrial accidents of ``year`` recorded by the offices (``accidents.annual_statistics``).

    ``None`` when none is recorded (the report says so). ``statistics`` reuses a result already read.
    """
    stats = statistics if statistics is not None else accident_figures.annual_statistics(year=year, offices=offices)
    return stats if stats["accidents"] else None


def occupational_diseases(*, offices: Sequence[Office], year: int, statistics: dict | None = None) -> dict | None:
    """Item (g): the cases of occupational disease diagnosed in ``year`` recorded by the offices.

    ``None`` when none is recorded (the report says so). ``statistics`` reuses a result already read.
    """
    stats = statistics if statistics is not None else accident_figures.annual_statistics(year=year, offices=offices)
    return stats if stats["diseases"] else None


def workplace_coverage(*, offices: Sequence[Office], region: Region | None, year: int) -> bpjs_figures.Coverage | None:
    """Item (c): BPJS Ketenagakerjaan coverage of the offices' districts, per district (a region) or region (all).

    ``None`` when no district of theirs has an estimate of its workers for the year (no rate can be given).
    """
    districts = District.objects.filter(office__in=list(offices))
    cov = bpjs_figures.coverage(year=year, region=region, districts=districts)
    if cov.total.formal.workers is None and cov.total.informal.workers is None:
        return None
    return cov


@dataclass
class PublicCoverage:
    """BPJS coverage for the public page: per district (those with an estimate) and summed per office."""

    districts: list[tuple[District, bpjs_figures.CoverageRow]]
    by_office: dict[int, bpjs_figures.CoverageRow]
    sources: list[str]


def bpjs_coverage(*, offices: Sequence[Office], year: int, month: int | None = None) -> PublicCoverage | None:
    """BPJS Ketenagakerjaan coverage of the offices' districts for the public page (``socialsecurity.coverage``).

    Coverage is a year's figure (each company's latest snapshot of the year ÷ the year's estimate),
    so a month shows its year's. Districts without an estimate of their workers are left out;
    ``None`` when no district has one (the page says no data is recorded). An office's figure sums
    its districts' participants and estimated workers. A fixed number of queries.
    """
    districts = list(
        District.objects.filter(office__in=list(offices)).select_related("office", "region").order_by("code")
    )
    rows = bpjs_figures.district_coverage(year=year, districts=districts)
    known = [(d, rows[d.pk]) for d in districts if rows[d.pk].formal.workers is not None]
    if not known:
        return None
    by_office: dict[int, bpjs_figures.CoverageRow] = {}
    sources: set[str] = set()
    for district, row in known:
        total = by_office.setdefault(
            district.office_id, bpjs_figures.CoverageRow(district.office_id, district.office.name, "")
        )
        total.formal.add(row.formal)
        total.informal.add(row.informal)
        sources |= row.formal.worker_sources | row.formal.participant_sources | row.informal.participant_sources
    return PublicCoverage(districts=known, by_office=by_office, sources=sorted(sources))


# ---------------------------------------------------------------------------------------------


def annual_figures(*, offices: Sequence[Office], region: Region | None, year: int) -> AnnualFigures:
    """Every figure of the annual report of ``offices`` (a region's, or the country's) for ``year``."""
    offices = list(offices)
    staff = staff_figures(offices, year)
    regions = [region] if region is not None else sorted({o.region for o in offices}, key=lambda r: r.code)
    employed, sources, missing = employment(regions, year)
    visits = visit_figures(offices, year, staff)
    total_staff = sum(staff, StaffRow(office=None))
    text = AnnualText.objects.filter(region=region, year=year).first()
    stats = accident_figures.annual_statistics(year=year, offices=offices)
    return AnnualFigures(
        year=year,
        offices=offices,
        provisions=list(LegalProvision.objects.filter(is_active=True).order_by("act", "article")),
        laws_text=text.laws_and_regulations if text else "",
        staff=staff,
        workplaces=workplace_figures(offices),
        visits=visits,
        visits_by_section=visits_by_section(offices, year),
        enforcement=enforcement_figures(offices, year),
        ilostat=Ilostat(
            inspectors=total_staff.in_service,
            visits=sum(v.total for v in visits),
            women=total_staff.women,
            employed=employed,
            employment_sources=sources,
            employment_missing=missing,
        ),
        accidents=industrial_accidents(offices=offices, year=year, statistics=stats),
        diseases=occupational_diseases(offices=offices, year=year, statistics=stats),
        coverage=workplace_coverage(offices=offices, region=region, year=year),
    )

"""The factors of the risk score: a registry, one entry per factor.

Each factor measures, for a set of companies and an as-of date, how many *units* of risk each
company has and the facts behind them (``params``); the score adds ``units × weight`` (the weight
read from ``FactorWeight``) and the page explains each line with ``reason``. A factor reads the
whole set with one aggregate query (never one per company). A factor whose data is not recorded
by this system (``available = False``) adds nothing and says so on the company page. Accidents and
BPJS flags are read through their figures (``reporting.figures.accidents`` and ``.socialsecurity``).

Adding a factor: one class here with ``code`` (a ``FactorCode``), ``measure`` and ``reason``, one
``register`` call, and its weight row (``DEFAULT_WEIGHTS``, a migration for existing databases).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from complaints.models import Complaint
from inspections.choices import COUNTED_STATUSES, FindingStatus, NoticeStatus, Severity
from inspections.models import Finding, Inspection, Notice
from inspectorate.models import Company
from reporting.figures.accidents import accident_counts, disease_counts
from reporting.figures.socialsecurity import company_flags

from .choices import FactorCode, HazardLevel

# The weights a new database starts with (points per unit); admins change them in FactorWeight.
DEFAULT_WEIGHTS: dict[str, int] = {
    FactorCode.SECTOR: 4,
    FactorCode.SIZE: 2,
    FactorCode.NOTICES: 5,
    FactorCode.FINDINGS: 2,
    FactorCode.COMPLAINTS: 3,
    FactorCode.LAST_VISIT: 3,
    FactorCode.MISSING_DATA: 1,
    FactorCode.FOREIGN_WORKERS: 3,
    FactorCode.ACCIDENTS: 8,
    FactorCode.BPJS: 3,
}

SIZE_BANDS = ((10, 0), (50, 1), (100, 2), (500, 3))  # (fewer workers than, units); 500 and more: 4
SIZE_TOP = 4
SEVERITY_UNITS = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}
VISIT_BANDS = ((12, 0), (24, 1), (36, 2))  # (fewer months than, units); 36 and more: 3
VISIT_LONG_AGO = 3
NEVER_VISITED = 4
FOREIGN_SHARE = 10  # per cent of the workers
FOREIGN_MIN = 5  # and at least this many, or
FOREIGN_MANY = 50  # this many whatever the share
FINDINGS_MONTHS = 24
COMPLAINTS_MONTHS = 12
ACCIDENTS_MONTHS = 24
FATAL_UNITS = 2  # a person killed counts twice a person hurt (or a case of occupational disease)
GAP_BANDS = ((1, 0), (10, 1), (50, 2), (100, 3))  # (fewer uncovered workers than, units); 100 and more: 4
GAP_TOP = 4


@dataclass
class Measure:
    units: int = 0
    params: dict = field(default_factory=dict)


@dataclass
class Context:
    """What every factor gets: the companies (a queryset), their registry rows, the as-of day."""

    companies: QuerySet[Company]
    as_of: dt.date
    rows: dict[int, dict]

    def since(self, months: int) -> dt.datetime:
        return dt.datetime.combine(_months_back(self.as_of, months), dt.time.min, tzinfo=dt.UTC)


def _months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, 28))


class Factor:
    code: str = ""
    available: bool = True

    def measure(self, ctx: Context) -> dict[int, Measure]:
        raise NotImplementedError

    def reason(self, params: dict) -> str:
        raise NotImplementedError

    @property
    def label(self) -> str:
        return str(FactorCode(self.code).label)


REGISTRY: dict[str, Factor] = {}


def register(factor: Factor) -> Factor:
    REGISTRY[factor.code] = factor
    return factor


class SectorFactor(Factor):
    code = FactorCode.SECTOR

    def measure(self, ctx):
        from .models import SectorHazard

        hazards = {h.kbli_group: h for h in SectorHazard.objects.all()}
        result = {}
        for pk, row in ctx.rows.items():
            group = (row["kbli"] or "")[:2]
            hazard = hazards.get(group)
            if hazard is None:
                result[pk] = Measure(0, {"group": group, "known": False})
            else:
                result[pk] = Measure(
                    hazard.level, {"group": group, "known": True, "name": hazard.name, "level": hazard.level}
                )
        return result

    def reason(self, params):
        if not params.get("group"):
            return _("no sector (KBLI) recorded")
        if not params.get("known"):
            return _("sector %(group)s is not in the hazard table") % params
        return _("sector %(group)s (%(name)s): %(level)s hazard") % {
            **params,
            "level": str(HazardLevel(params["level"]).label).lower(),
        }


class SizeFactor(Factor):
    code = FactorCode.SIZE

    def measure(self, ctx):
        result = {}
        for pk, row in ctx.rows.items():
            workers = row["workers_total"]
            units = next((u for limit, u in SIZE_BANDS if workers < limit), SIZE_TOP)
            result[pk] = Measure(units, {"workers": workers})
        return result

    def reason(self, params):
        n = params.get("workers", 0)
        return ngettext("%(n)s worker", "%(n)s workers", n) % {"n": n}


class NoticesFactor(Factor):
    code = FactorCode.NOTICES

    def measure(self, ctx):
        rows = (
            Notice.objects.filter(company__in=ctx.companies, status=NoticeStatus.ISSUED)
            .values("company_id")
            .annotate(open=Count("id"), overdue=Count("id", filter=Q(compliance_deadline__lt=ctx.as_of)))
        )
        return {
            r["company_id"]: Measure(r["open"] + r["overdue"], {"open": r["open"], "overdue": r["overdue"]})
            for r in rows
        }

    def reason(self, params):
        n = params.get("open", 0)
        if not n:
            return _("no open Nota")
        text = ngettext("%(n)s open Nota", "%(n)s open Notas", n) % {"n": n}
        if params.get("overdue"):
            text += ", " + _("%(n)s past its compliance deadline (counted twice)") % {"n": params["overdue"]}
        return text


class FindingsFactor(Factor):
    code = FactorCode.FINDINGS

    def measure(self, ctx):
        counts = {f"n_{s}": Count("id", filter=Q(severity=s)) for s in SEVERITY_UNITS}
        # Not corrected in time: corrected after its deadline, still open past it, or escalated.
        late = (
            Q(status=FindingStatus.CORRECTED, deadline__isnull=False, corrected_at__date__gt=F("deadline"))
            | Q(status=FindingStatus.OPEN, deadline__lt=ctx.as_of)
            | Q(status=FindingStatus.ESCALATED)
        )
        rows = (
            Finding.objects.filter(
                inspection__company__in=ctx.companies, inspection__visited_at__gte=ctx.since(FINDINGS_MONTHS)
            )
            .values("inspection__company_id")
            .annotate(late=Count("id", filter=late), **counts)
        )
        result = {}
        for r in rows:
            by = {s: r[f"n_{s}"] for s in SEVERITY_UNITS}
            units = sum(SEVERITY_UNITS[s] * n for s, n in by.items()) + r["late"]
            result[r["inspection__company_id"]] = Measure(units, {"by": by, "late": r["late"]})
        return result

    def reason(self, params):
        by = params.get("by") or {}
        total = sum(by.values())
        if not total:
            return _("no findings in the last 24 months")
        parts = ", ".join(f"{n} {str(Severity(s).label).lower()}" for s, n in by.items() if n)
        text = ngettext(
            "%(n)s finding in the last 24 months (%(parts)s)", "%(n)s findings in the last 24 months (%(parts)s)", total
        ) % {"n": total, "parts": parts}
        if params.get("late"):
            text += "; " + ngettext(
                "%(n)s not corrected within its deadline", "%(n)s not corrected within their deadline", params["late"]
            ) % {"n": params["late"]}
        return text


class ComplaintsFactor(Factor):
    code = FactorCode.COMPLAINTS

    def measure(self, ctx):
        rows = (
            Complaint.objects.filter(company__in=ctx.companies, received_at__gte=ctx.since(COMPLAINTS_MONTHS))
            .values("company_id")
            .annotate(n=Count("id"))
        )
        return {r["company_id"]: Measure(r["n"], {"n": r["n"]}) for r in rows}

    def reason(self, params):
        n = params.get("n", 0)
        if not n:
            return _("no complaints in the last 12 months")
        return ngettext("%(n)s complaint in the last 12 months", "%(n)s complaints in the last 12 months", n) % {"n": n}


class LastVisitFactor(Factor):
    code = FactorCode.LAST_VISIT

    def measure(self, ctx):
        last = dict(
            Inspection.objects.filter(company__in=ctx.companies, status__in=COUNTED_STATUSES)
            .values("company_id")
            .annotate(last=Max("visited_at"))
            .values_list("company_id", "last")
        )
        result = {}
        for pk in ctx.rows:
            at = last.get(pk)
            if at is None:
                result[pk] = Measure(NEVER_VISITED, {"never": True})
                continue
            day = at.date()
            months = (ctx.as_of.year - day.year) * 12 + ctx.as_of.month - day.month - (ctx.as_of.day < day.day)
            months = max(months, 0)
            units = next((u for limit, u in VISIT_BANDS if months < limit), VISIT_LONG_AGO)
            result[pk] = Measure(units, {"months": months})
        return result

    def reason(self, params):
        if params.get("never"):
            return _("never visited")
        n = params.get("months", 0)
        return ngettext("last visited %(n)s month ago", "last visited %(n)s months ago", n) % {"n": n}


MISSING_FIELDS = {
    "nib": lambda row: not row["nib"],
    "kbli": lambda row: not row["kbli"],
    "address": lambda row: not (row["address"] or "").strip(),
    "workers": lambda row: not row["workers_total"],
}


def _missing_label(code: str) -> str:
    return {
        "nib": _("NIB"),
        "kbli": _("sector (KBLI)"),
        "address": _("address"),
        "workers": _("number of workers"),
    }[code]


class MissingDataFactor(Factor):
    code = FactorCode.MISSING_DATA

    def measure(self, ctx):
        result = {}
        for pk, row in ctx.rows.items():
            missing = [name for name, test in MISSING_FIELDS.items() if test(row)]
            result[pk] = Measure(len(missing), {"missing": missing})
        return result

    def reason(self, params):
        missing = params.get("missing") or []
        if not missing:
            return _("registry data complete")
        return _("missing in the registry: %(fields)s") % {"fields": ", ".join(_missing_label(m) for m in missing)}


class ForeignWorkersFactor(Factor):
    """Many foreign workers (TKA). Young workers would count here too, but the registry does not record them."""

    code = FactorCode.FOREIGN_WORKERS

    def measure(self, ctx):
        result = {}
        for pk, row in ctx.rows.items():
            foreign, total = row["workers_foreign"], row["workers_total"]
            many = foreign >= FOREIGN_MANY or (
                foreign >= FOREIGN_MIN and total and 100 * foreign >= FOREIGN_SHARE * total
            )
            result[pk] = Measure(1 if many else 0, {"foreign": foreign, "total": total})
        return result

    def reason(self, params):
        n = params.get("foreign", 0)
        text = ngettext("%(n)s foreign worker", "%(n)s foreign workers", n) % {"n": n}
        return text + "; " + _("young workers are not recorded in the registry")


class AccidentsFactor(Factor):
    """Work accidents (people hurt, people killed counted ``FATAL_UNITS`` times) and occupational disease cases."""

    code = FactorCode.ACCIDENTS

    def measure(self, ctx):
        ids = ctx.companies.values("pk")
        since = ctx.since(ACCIDENTS_MONTHS)
        accidents = accident_counts(ids, since=since)
        diseases = disease_counts(ids, since=since.date())
        result = {}
        for pk in accidents.keys() | diseases.keys():
            a = accidents.get(pk) or {"accidents": 0, "cases": 0, "fatal": 0}
            d = diseases.get(pk, 0)
            units = a["cases"] - a["fatal"] + FATAL_UNITS * a["fatal"] + d
            result[pk] = Measure(
                units, {"accidents": a["accidents"], "cases": a["cases"], "fatal": a["fatal"], "diseases": d}
            )
        return result

    def reason(self, params):
        accidents, diseases = params.get("accidents", 0), params.get("diseases", 0)
        if not accidents and not diseases:
            return _("no accidents or occupational disease in the last 24 months")
        parts = []
        if accidents:
            fatal, hurt = params.get("fatal", 0), params.get("cases", 0) - params.get("fatal", 0)
            if fatal and not hurt and fatal == accidents:
                text = ngettext(
                    "%(n)s fatal accident in the last 24 months", "%(n)s fatal accidents in the last 24 months", fatal
                )
                parts.append(text % {"n": fatal})
            else:
                people = []
                if fatal:
                    people.append(ngettext("%(n)s person killed", "%(n)s people killed", fatal) % {"n": fatal})
                if hurt:
                    people.append(ngettext("%(n)s person injured", "%(n)s people injured", hurt) % {"n": hurt})
                text = ngettext(
                    "%(n)s accident in the last 24 months", "%(n)s accidents in the last 24 months", accidents
                ) % {"n": accidents}
                parts.append(f"{text} ({', '.join(people)})" if people else text)
        if diseases:
            parts.append(
                ngettext("%(n)s occupational disease case", "%(n)s occupational disease cases", diseases)
                % {"n": diseases}
            )
        return "; ".join(parts)


class BpjsFactor(Factor):
    """BPJS Ketenagakerjaan: one unit per stored flag, plus the size of the largest coverage gap (banded)."""

    code = FactorCode.BPJS

    def measure(self, ctx):
        result = {}
        for pk, flags in company_flags(list(ctx.rows)).items():
            gap = max(f.gap for f in flags)
            units = len(flags) + next((u for limit, u in GAP_BANDS if gap < limit), GAP_TOP)
            result[pk] = Measure(units, {"flags": [f.kind for f in flags], "gap": gap})
        return result

    def reason(self, params):
        from socialsecurity.choices import FlagKind

        flags = params.get("flags") or []
        if not flags:
            return _("no BPJS flags")
        kinds = ", ".join(str(FlagKind(k).label).lower() if k in FlagKind.values else k for k in flags)
        text = ngettext("%(n)s BPJS flag (%(kinds)s)", "%(n)s BPJS flags (%(kinds)s)", len(flags)) % {
            "n": len(flags),
            "kinds": kinds,
        }
        gap = params.get("gap", 0)
        if gap:
            text += "; " + ngettext("%(n)s worker not covered", "%(n)s workers not covered", gap) % {"n": gap}
        return text


for _factor in (
    SectorFactor(),
    SizeFactor(),
    NoticesFactor(),
    FindingsFactor(),
    ComplaintsFactor(),
    LastVisitFactor(),
    MissingDataFactor(),
    ForeignWorkersFactor(),
    AccidentsFactor(),
    BpjsFactor(),
):
    register(_factor)

"""The public transparency page (/transparansi/) and its open-data CSV: no login, aggregates only.

The figures (and their small-number suppression) are reporting/figures/public.py's; they are
kept in the shared cache for ``CACHE_SECONDS`` per period, and anonymous answers say they may be
cached as long (``Cache-Control: public``). Each request counts against the ``public-stats``
rate limit (inspectorate/ratelimit.py).
"""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from inspectorate import ratelimit

from .annual import cell_text, percent
from .figures.public import PublicTable, public_table

CACHE_SECONDS = 300
FIRST_YEAR = 2020
LICENCE = "Creative Commons Attribution 4.0 International (CC BY 4.0) — https://creativecommons.org/licenses/by/4.0/"


def _period(request: HttpRequest) -> tuple[int, int | None]:
    """The year and month asked for; anything unreadable falls back to this year, all months."""
    this_year = timezone.localdate().year
    year = request.GET.get("tahun", "")
    month = request.GET.get("bulan", "")
    year = int(year) if year.isdigit() and FIRST_YEAR <= int(year) <= this_year else this_year
    month = int(month) if month.isdigit() and 1 <= int(month) <= 12 else None
    return year, month


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in dict(settings.LANGUAGES) else translation.get_language()


def _table(year: int, month: int | None) -> PublicTable:
    key = f"transparansi:v1:{year}:{month or 0}"
    table = cache.get(key)
    if table is None:
        table = public_table(year=year, month=month)
        cache.set(key, table, CACHE_SECONDS)
    return table


def _limited(request: HttpRequest) -> HttpResponse | None:
    if ratelimit.hit(request, "public-stats"):
        return None
    response = HttpResponse(_("Too many requests. Please wait a minute."), status=429, content_type="text/plain")
    response["Retry-After"] = "60"
    return response


def _caching(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _rows(table: PublicTable):
    """(kind, row) in the order shown: each region's offices, then its total; the country last."""
    for block in table.regions:
        for row in block.offices:
            yield "office", row
        yield "region", block.total
    yield "national", table.total


def _money(value) -> str:
    return "—" if value is None else "Rp " + cell_text(int(value))


def _rate(value) -> str:
    return "—" if value is None else cell_text(percent(value)) + " %"


def _cells(row) -> list[str]:
    shown = [row.shown(c) for c in ("received", "resolved")]
    return [
        *[v if isinstance(v, str) else cell_text(v) for v in shown],
        _rate(row.resolution_rate),
        *[v if isinstance(v, str) else cell_text(v) for v in (row.shown("visits"), row.shown("notices"))],
        _rate(row.compliance_rate),
        _money(row.shown("recovered")),
        _coverage(row.formal_coverage),
        _coverage(row.informal_coverage),
    ]


def _coverage(value) -> str:
    """A coverage rate, already a percentage with one decimal."""
    return "—" if value is None else cell_text(float(value)) + " %"


def _coverage_header() -> list[str]:
    return [_("BPJS coverage, formal workers"), _("BPJS coverage, informal workers")]


def _district_cells(row) -> list[str]:
    return [row.region, row.office, row.name, _coverage(row.formal_coverage), _coverage(row.informal_coverage)]


def _district_header() -> list[str]:
    return [_("Region"), _("Office"), _("District"), *_coverage_header()]


def _header() -> list[str]:
    return [
        _("Complaints received"),
        _("Complaints resolved"),
        _("Resolution rate"),
        _("Visits made"),
        _("Notas issued"),
        _("Compliance rate"),
        _("Wage arrears recovered"),
        *_coverage_header(),
    ]


def _period_label(year: int, month: int | None) -> str:
    return f"{MONTHS[month]} {year}" if month else str(year)


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    limited = _limited(request)
    if limited:
        return limited
    year, month = _period(request)
    language = _language(request)
    table = _table(year, month)
    with translation.override(language):
        context = {
            "table": table,
            "header": _header(),
            "rows": [(kind, row, _cells(row)) for kind, row in _rows(table)],
            "district_header": _district_header(),
            "district_rows": [_district_cells(row) for row in table.districts],
            "period": _period_label(year, month),
            "years": range(timezone.localdate().year, FIRST_YEAR - 1, -1),
            "months": [(n, MONTHS[n]) for n in range(1, 13)],
            "year": year,
            "month": month,
            "language": language,
            "licence": LICENCE,
            "query": f"tahun={year}" + (f"&bulan={month}" if month else ""),
        }
        response = render(request, "reporting/transparency.html", context)
    return _caching(request, response)


@require_GET
def transparency_csv(request: HttpRequest) -> HttpResponse:
    limited = _limited(request)
    if limited:
        return limited
    year, month = _period(request)
    table = _table(year, month)
    with translation.override(_language(request)):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([_("Licence: %(licence)s") % {"licence": LICENCE}])
        writer.writerow([_("Period"), _("Level"), _("Region"), _("Office"), *_header()])
        levels = {"office": _("Office"), "region": _("Region"), "national": _("National")}
        for kind, row in _rows(table):
            office = row.name if kind == "office" else ""
            writer.writerow([_period_label(year, month), levels[kind], row.region, office, *_cells(row)])
        if table.districts:
            writer.writerow([])
            writer.writerow([_("BPJS Ketenagakerjaan coverage by district (the year's)")])
            writer.writerow([_("Period"), *_district_header()])
            for row in table.districts:
                writer.writerow([_period_label(year, month), *_district_cells(row)])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"transparansi-{year}" + (f"-{month:02d}" if month else "") + ".csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _caching(request, response)

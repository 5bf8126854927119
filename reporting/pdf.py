"""The reports as PDFs, written by ``inspectorate.pdf`` (WeasyPrint locked to the project's own static files)."""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pydyf
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accidents.choices import Severity
from inspections.choices import Kind

from . import figures
from .annual import annual_sections, annual_xlsx
from .charts import Series, bar_chart
from .choices import ReportKind
from .figures import socialsecurity as bpjs_figures
from .figures.annual import annual_figures
from .models import Report

logger = logging.getLogger(__name__)

# Never resolved over the network: the fetcher maps it onto the static files on disk.
STATIC_BASE = "https://static.inspectorate.invalid/static/"
AUTHOR = "Inspectorate"


def _fixed_producer(document, pdf) -> None:
    """No library version in the file: the producer is the application."""
    pdf.info["Producer"] = pydyf.String(AUTHOR)
    pdf.info["Creator"] = pydyf.String(AUTHOR)


def html_to_pdf(html: str) -> bytes:
    from inspectorate.pdf import write_pdf

    return write_pdf(html, base_url=STATIC_BASE, static_base=STATIC_BASE, data_images=True, finisher=_fixed_producer)


def report_filename(report: Report, extension: str = "pdf") -> str:
    scope = report.scope_key.replace(":", "-")
    return f"{report.kind}-{scope}-{report.period_label}-{secrets.token_hex(4)}.{extension}"


def report_title(report: Report) -> str:
    if report.kind == ReportKind.ANNUAL:
        return _("Annual report on labour inspection — %(scope)s — %(year)s") % {
            "scope": report.scope_name,
            "year": report.month.year,
        }
    month = date_format(report.month, "F Y")
    if report.kind == ReportKind.QUOTA:
        return _("Inspection quota — %(scope)s — %(month)s") % {"scope": report.scope_name, "month": month}
    if report.kind == ReportKind.ACCIDENTS:
        return _("Accidents — %(scope)s — %(month)s") % {"scope": report.scope_name, "month": month}
    return _("Complaint resolution — %(scope)s — %(month)s") % {"scope": report.scope_name, "month": month}


def _month_labels(months) -> list[str]:
    return [date_format(m, "M y") for m in months]


def quota_context(report: Report, offices, *, now: datetime) -> dict:
    summary = figures.quota_summary(offices=offices, month=report.month)
    trend = figures.quota_trend(offices=offices, month=report.month)
    chart = bar_chart(
        labels=_month_labels([p.month for p in trend]),
        series=[
            Series(_("Visits counted"), [p.visits for p in trend]),
            Series(_("Additional assignments"), [p.assignment_visits for p in trend]),
        ],
        title=_("Visits per month"),
    )
    attainment_chart = bar_chart(
        labels=_month_labels([p.month for p in trend]),
        series=[Series(_("Inspectors meeting quota (%)"), [(p.attainment or 0) * 100 for p in trend])],
        title=_("Inspectors meeting quota"),
        unit="%",
    )
    context = {
        "summary": summary,
        "trend": trend,
        "visits_chart": chart,
        "attainment_chart": attainment_chart,
        "kinds": [(k, label) for k, label in Kind.choices if k != Kind.ASSIGNMENT],
        "bpjs": _bpjs_coverage(report, offices),
    }
    if report.office_id:
        from inspections.choices import COUNTED_STATUSES
        from inspections.models import Inspection

        start = figures.local_midnight(report.month, report.office.zone)
        end = figures.local_midnight(figures.add_months(report.month, 1), report.office.zone)
        context["visits"] = list(
            Inspection.objects.filter(
                office=report.office, status__in=COUNTED_STATUSES, visited_at__gte=start, visited_at__lt=end
            )
            .select_related("company", "lead_inspector")
            .prefetch_related("team")
            .order_by("visited_at", "id")
        )
    return context


def _bpjs_coverage(report: Report, offices) -> bpjs_figures.Coverage:
    """BPJS coverage of the report's year: per district (an office's or a region's), or per region (national)."""
    from inspectorate.models import District

    region = report.office.region_id if report.office_id else report.region_id
    districts = District.objects.filter(office__in=offices)
    return bpjs_figures.coverage(year=report.month.year, region=region, districts=districts)


def resolution_context(report: Report, offices, *, now: datetime) -> dict:
    summary = figures.resolution_summary(offices=offices, month=report.month, now=now, trend=False)
    summary.trend = figures.received_and_resolved_trend(offices=offices, month=report.month, now=now)
    labels = _month_labels([p.month for p in summary.trend])
    context = {
        "summary": summary,
        "trend_chart": bar_chart(
            labels=labels,
            series=[
                Series(_("Received (counted)"), [p.counts.considered for p in summary.trend]),
                Series(_("Of those, resolved so far"), [p.counts.resolved for p in summary.trend]),
            ],
            title=_("Complaints per month"),
        ),
        "rate_chart": bar_chart(
            labels=labels,
            series=[Series(_("Resolution rate (%)"), [(p.counts.rate or 0) * 100 for p in summary.trend])],
            title=_("Resolution rate per month"),
            unit="%",
        ),
        "ageing": [(label, summary.backlog.buckets[label]) for label, _low, _high in figures.AGEING_BUCKETS],
    }
    if report.office_id:
        oldest = figures.oldest_open_complaints(
            offices=offices, end=figures.add_months(report.month, 1), now=now, limit=15
        )
        as_of = summary.backlog.as_of
        context["oldest_open"] = [
            {
                "complaint": c,
                "age": figures.complaint_age_days(c, now=as_of),
                "overdue": figures.overdue_at(c, as_of=as_of),
            }
            for c in oldest
        ]
    return context


def accidents_context(report: Report, offices, *, now: datetime) -> dict:
    """The month's accidents and occupational disease, and the year's rates (reporting/figures/accidents.py)."""
    from .figures import accidents as accident_figures

    month = accident_figures.month_figures(
        offices=offices, month=report.month, now=now, group_by="company" if report.office_id else "office"
    )
    return {
        "figures": month,
        "rates": [r for r in month.year_rates if r.cases] if report.office_id else month.year_rates,
        "severities": [(label, month.by_severity[value]) for value, label in Severity.choices],
        "group_label": _("Company") if report.office_id else _("Office"),
    }


def annual_context(report: Report, offices, *, now: datetime) -> dict:
    region = report.region or (report.office.region if report.office_id else None)
    data = annual_figures(offices=offices, region=region, year=report.month.year)
    return {
        "figures": data,
        "sections": annual_sections(data),
        "year_last_day": date(report.month.year, 12, 31),
    }


CONTEXTS = {
    ReportKind.QUOTA: quota_context,
    ReportKind.RESOLUTION: resolution_context,
    ReportKind.ACCIDENTS: accidents_context,
    ReportKind.ANNUAL: annual_context,
}


def render_report_html(report: Report, *, generated_at: datetime | None = None, context: dict | None = None) -> str:
    """The report's HTML in the report's language (the reader's, chosen when requested)."""
    now = generated_at or timezone.now()
    offices = figures.scope_offices(office=report.office, region=report.region)
    time_zones = sorted({o.time_zone for o in offices})
    # Times in the office's zone; a region's or the country's in theirs when its offices share one, else UTC.
    zone = ZoneInfo(time_zones[0]) if len(time_zones) == 1 else None
    with translation.override(report.language):
        context = context if context is not None else CONTEXTS[report.kind](report, offices, now=now)
        context.update(
            {
                "report": report,
                "title": report_title(report),
                "offices": offices,
                "time_zones": time_zones,
                "generated_at": now.astimezone(zone) if zone else now,
                "generated_zone": zone.key if zone else "UTC",
                "display_zone": zone.key if zone else "UTC",
                "created_w3c": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "author": AUTHOR,
                "static_base": STATIC_BASE,
                "month_last_day": figures.add_months(report.month, 1) - timedelta(days=1),
                "language": report.language,
            }
        )
        return render_to_string(f"reporting/pdf/{report.kind}.html", context)


def render_report_pdf(report: Report, *, generated_at: datetime | None = None) -> bytes:
    return html_to_pdf(render_report_html(report, generated_at=generated_at))


def render_annual_files(report: Report, *, generated_at: datetime | None = None) -> tuple[bytes, bytes]:
    """The annual report's PDF and its spreadsheet, from one reading of the figures (the same tables)."""
    now = generated_at or timezone.now()
    offices = figures.scope_offices(office=report.office, region=report.region)
    with translation.override(report.language):
        context = annual_context(report, offices, now=now)
        xlsx = annual_xlsx(context["sections"])
    return html_to_pdf(render_report_html(report, generated_at=now, context=context)), xlsx

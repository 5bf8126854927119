"""The dashboards: the official's (offices of a region or the country), the office head's, exports.

``reporting:dashboard`` routes by role: office heads get their office's dashboard, officials
and admins the offices' dashboard, inspectors their home page. Filters stay in the URL; with
htmx the filter form swaps only the figures, and the full page works without JavaScript.
"""

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from complaints.choices import Status
from complaints.models import Category
from inspections.filters import findings_overdue_url, notices_awaiting_url, visit_list_links, visit_list_url
from inspectorate import access
from inspectorate.choices import Role

from . import dashboards, figures, selectors
from .dashboard_html import inspector_rows_html, office_rows_html, ranked_html
from .figures import accidents as accident_figures
from .filters import DashboardFilter
from .quota_html import office_quota_rows_html

# The exportable tables, each with what its download is named after, in the reader's language.
TABLE_TITLES = {
    "offices": gettext_lazy("Offices"),
    "trend": gettext_lazy("Monthly trend"),
    "ageing": gettext_lazy("Open complaints by age"),
    "categories": gettext_lazy("Categories"),
    "channels": gettext_lazy("Channels"),
    "inspectors": gettext_lazy("Inspectors"),
}
TABLES = tuple(TABLE_TITLES)
FORMATS = ("csv", "xlsx")


class Dashboard:
    """What one request's dashboard shows: the scope, the filters, the figures and their links."""

    def __init__(self, request: HttpRequest):
        user = request.user
        self.user = user
        self.office_mode = user.role == Role.OFFICE_HEAD and not access.is_admin(user)
        offices = access.offices_for(user).select_related("region").order_by("region__code", "code")
        if self.office_mode:
            asked = request.GET.get("office", "")
            if asked not in ("", str(user.office_id)):
                raise Http404
        self.filter = DashboardFilter(
            request.GET,
            queryset=offices,
            offices=offices,
            regions=selectors.requestable_regions(user=user),
            fixed_office=self.office_mode,
        )
        if self.filter.scope_errors:
            raise Http404
        # The offices in scope, read once: the office select lists them and, with no office or
        # region chosen, they are the offices shown (the country's 120 were read twice).
        in_scope = list(offices)
        chosen = self.filter.form.cleaned_data
        self.offices = list(self.filter.qs) if chosen.get("office") or chosen.get("region") else in_scope
        self.filter.list_offices(in_scope)
        self.month = self.filter.chosen_month(default=timezone.localdate().replace(day=1))
        self.category = self.filter.chosen_category()
        self.figures = dashboards.scope_figures(offices=self.offices, month=self.month, category=self.category)
        self._category_pk = dict(Category.objects.values_list("code", "pk"))
        # Link bases, reversed once: the national page has about 2,000 links (reverse() each was
        # a quarter of its time); each link is a base plus its query string.
        self._complaints_base = reverse("complaints:complaint_list")
        self._visits_base = reverse("inspections:inspection_list")
        self._dashboard_base = reverse("reporting:dashboard")
        self._link_queries: dict | None = None
        self._visit_list_links: Callable[[str, int], dict] | None = None
        query = request.GET.copy()
        query.pop("format", None)
        self.query = query.urlencode()

    # --- links to the complaint list behind each figure ------------------------------------

    def complaints_url(self, *, office=None, **params) -> str:
        office_id = office.pk if office is not None else self._single_office_id()
        return self._complaints_link(office_id, self._query(**params))

    def _single_office_id(self) -> int | None:
        return self.offices[0].pk if len(self.offices) == 1 else None

    def _complaints_link(self, office_id: int | None, query: str) -> str:
        if office_id is not None:
            query = f"office={office_id}&{query}" if query else f"office={office_id}"
        return f"{self._complaints_base}?{query}"

    def _query(self, **params) -> str:
        if self.category and "category" not in params:
            params["category"] = self._category_pk.get(self.category, "")
        return urlencode({k: v for k, v in params.items() if v != ""})

    def _received(self, start: date, end: date) -> dict:
        return {"received_from": start.isoformat(), "received_to": (end - timedelta(days=1)).isoformat()}

    def links(self, office=None) -> dict:
        """The complaint-list links of an office's figures (or the scope's).

        Their query strings are the same for every office: encoded once per request, then each
        office's id goes in front (the national page has 120 offices of eight links each).
        """
        if self._link_queries is None:
            self._link_queries = self._build_link_queries()
        office_id = office.pk if office is not None else self._single_office_id()
        return {name: self._complaints_link(office_id, query) for name, query in self._link_queries.items()}

    def _build_link_queries(self) -> dict:
        f = self.figures
        last = f.month_last_day.isoformat()
        month = self._received(f.month, f.period_end)
        year = self._received(date(f.month.year, 1, 1), f.period_end)
        q = self._query
        return {
            "received_month": q(**month),
            "resolved_month": q(resolved_to=last, **month),
            "rejected_month": q(status=Status.REJECTED, **month),
            "referred_month": q(status=Status.REFERRED, **month),
            "received_year": q(**year),
            "resolved_year": q(resolved_to=last, **year),
            "open": q(open_on=last),
            "overdue": q(open_on=last, overdue="true"),
        }

    # --- links to the visit list behind each quota figure ----------------------------------

    @property
    def shows_inspectors(self) -> bool:
        """One office in view: its inspectors' quota rows are shown (and exportable)."""
        return self.office_mode or len(self.offices) == 1

    def _visit_links(self, name: str, pk: int) -> dict:
        """The quota's two visit-list links for an office or an inspector (``name``), the lists'
        queries encoded once per request (``visit_list_links``)."""
        if self._visit_list_links is None:
            self._visit_list_links = visit_list_links(month=self.figures.month, base=self._visits_base)
        return self._visit_list_links(name, pk)

    def office_quota_links(self, office) -> dict:
        """An office's quota links: its visits, its assignments and its inspectors' attainment."""
        links = self._visit_links("office", office.pk)
        # Attainment counts inspectors: the rows of the office's own inspector table.
        links["attainment"] = f"{self._dashboard_base}?month={self.figures.month:%Y-%m}&office={office.pk}"
        return links

    def inspector_rows(self) -> list[dict] | None:
        if not self.shows_inspectors or not self.figures.quota.offices:
            return None
        rows = []
        for q in self.figures.quota.offices[0].inspectors:
            links = self._visit_links("inspector", q.inspector.pk)
            rows.append({"q": q, "counted_url": links["visits"], "assignments_url": links["assignments"]})
        return rows

    def context(self) -> dict:
        f = self.figures
        last = f.month_last_day.isoformat()
        year = self._received(date(f.month.year, 1, 1), f.period_end)
        office_rows = [
            {"row": row, "links": self.links(row.office), "quota_links": self.office_quota_links(row.office)}
            for row in f.rows
        ]
        ranked = [{"row": row, "links": self.links(row.office)} for row in f.ranked]
        ageing = [
            (label, f.summary.backlog.buckets[label], self.complaints_url(open_on=last, age=label))
            for label, _low, _high in figures.AGEING_BUCKETS
        ]
        categories = [
            (b, self.complaints_url(category=self._category_pk.get(b.key, ""), **year))
            for b in f.summary.year_figures.by_category
            # With a category chosen, the other rows would count complaints of both categories.
            if not self.category or b.key == self.category
        ]
        channels = [(b, self.complaints_url(channel=b.key, **year)) for b in f.summary.year_figures.by_channel]
        trend = [
            (p, self.complaints_url(**self._received(p.month, figures.add_months(p.month, 1)))) for p in f.summary.trend
        ]
        inspector_rows = self.inspector_rows()
        chart = {
            "labels": [p.month.strftime("%Y-%m") for p in f.summary.trend],
            "received": [p.counts.considered for p in f.summary.trend],
            "resolved": [p.counts.resolved for p in f.summary.trend],
            "offices": [row.office.code for row in f.rows],
            "rate_month": [_pct(row.month.rate) for row in f.rows],
            "rate_year": [_pct(row.year.rate) for row in f.rows],
            "ageing": [label for label, _n, _url in ageing],
            "ageing_counts": [n for _label, n, _url in ageing],
            "series": {
                "received": _("Received (counted)"),
                "resolved": _("Of those, resolved so far"),
                "rate_month": _("Resolution rate, month (%)"),
                "rate_year": _("Resolution rate, year to date (%)"),
                "open": _("Open complaints"),
            },
        }
        return {
            "dash": self,
            "office_rows_html": office_rows_html(office_rows),
            "ranked_html": ranked_html(ranked),
            "filter": self.filter,
            "f": f,
            "month": f.month,
            "office_mode": self.office_mode,
            "office": self.offices[0] if self.office_mode and self.offices else None,
            "links": self.links(),
            "office_rows": office_rows,
            "ranked": ranked,
            "ageing": ageing,
            "categories": categories,
            "channels": channels,
            "trend": trend,
            "chart": chart,
            "query": self.query,
            "tables": TABLES if self.shows_inspectors else TABLES[:-1],
            "inspector_rows": inspector_rows,
            "inspector_rows_html": inspector_rows_html(inspector_rows or []),
            "office_quota_links": (
                self.office_quota_links(self.offices[0]) if self.shows_inspectors and self.offices else None
            ),
            "accidents": accident_figures.month_figures(
                offices=self.offices, month=f.month, now=timezone.now(), group_by="office"
            ),
        }

    # --- tables for export (aggregates only, never a complainant) ----------------------------

    def download_name(self, table: str, extension: str) -> str:
        """In the reader's language, with the office's code when one office is shown:
        ``dasbor-pengawas-uptd-32-01-2026-11.csv``, ``dasbor-kantor-2026-11.xlsx``."""
        parts = [_("Dashboard"), str(TABLE_TITLES[table])]
        if len(self.offices) == 1:
            parts.append(self.offices[0].code)
        return f"{'-'.join(slugify(part) for part in parts)}-{self.month:%Y-%m}.{extension}"

    def table(self, name: str) -> tuple[list[str], list[list]]:
        f = self.figures
        if name == "offices":
            header = [
                _("Office"),
                _("Received (month)"),
                _("Resolved (month)"),
                _("Rate (month)"),
                _("Received (year)"),
                _("Resolved (year)"),
                _("Rate (year)"),
                _("Open"),
                _("Overdue"),
                _("Active inspectors"),
                _("Meeting quota"),
                _("Quota attainment"),
            ]
            rows = [
                [
                    r.office.code,
                    r.month.received,
                    r.month.resolved,
                    _pct(r.month.rate),
                    r.year.received,
                    r.year.resolved,
                    _pct(r.year.rate),
                    r.open,
                    r.overdue,
                    r.quota.active,
                    r.quota.meeting,
                    _pct(r.quota.attainment),
                ]
                for r in f.rows
            ]
            return header, rows
        if name == "trend":
            header = [
                _("Month"),
                _("Received"),
                _("Rejected"),
                _("Referred"),
                _("Counted"),
                _("Of those, resolved so far"),
                _("Rate so far"),
            ]
            rows = [
                [
                    p.month.strftime("%Y-%m"),
                    p.counts.received,
                    p.counts.rejected,
                    p.counts.referred,
                    p.counts.considered,
                    p.counts.resolved,
                    _pct(p.counts.rate),
                ]
                for p in f.summary.trend
            ]
            return header, rows
        if name == "ageing":
            rows = [[label, n] for label, n in f.summary.backlog.buckets.items()]
            rows.append([_("Overdue (past due date)"), f.summary.backlog.overdue])
            return [_("Days open"), _("Complaints")], rows
        if name in ("categories", "channels"):
            breakdown = (
                f.summary.year_figures.by_category if name == "categories" else f.summary.year_figures.by_channel
            )
            header = [_("Category") if name == "categories" else _("Channel"), _("Received"), _("Resolved"), _("Rate")]
            return header, [[b.label, b.counts.received, b.counts.resolved, _pct(b.counts.rate)] for b in breakdown]
        if name == "inspectors" and self.shows_inspectors:
            header = [_("Inspector"), _("Counted visits"), _("Quota"), _("Additional assignments"), _("Met")]
            rows = [
                [q.name, q.counted, q.quota, q.assignments, _("yes") if q.met else _("no")]
                for office in f.quota.offices
                for q in office.inspectors
            ]
            return header, rows
        raise Http404


def _pct(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _may_see_dashboards(user) -> bool:
    return selectors.may_use_reports(user)


def home_panels(user) -> dict:
    """The quota panels of the home page (reporting/partials/_quota_panel.html), from reporting/figures/.

    The inspector's own month, or every inspector of the office for its head.
    """
    if not (user.is_authenticated and user.office_id):
        return {}
    month = figures.month_start(timezone.localdate(timezone=user.office.zone))
    if user.role == Role.INSPECTOR:
        mine = figures.inspector_quota(inspector=user, month=month)
        percent = min(100, round(100 * mine.counted / mine.quota)) if mine.quota else 0
        return {
            "quota": {
                "month": month,
                "counted": mine.counted,
                "assignments": mine.assignments,
                "target": mine.quota,
                "percent": percent,
                "percent_step": round(percent, -1),
                "counted_url": visit_list_url(month=month, inspector=user, counted=True),
                "assignments_url": visit_list_url(month=month, inspector=user, assignments=True),
            }
        }
    if user.role == Role.OFFICE_HEAD:
        links = visit_list_links(month=month)
        rows = []
        for row in figures.office_quota(office=user.office, month=month).inspectors:
            urls = links("inspector", row.inspector_id)
            rows.append({"row": row, "counted_url": urls["visits"], "assignments_url": urls["assignments"]})
        return {"office_quota": {"month": month, "rows": rows, "rows_html": office_quota_rows_html(rows)}}
    return {}


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not _may_see_dashboards(request.user):
        if request.user.role == Role.INSPECTOR:
            return redirect("home")  # an inspector's dashboard is the home page
        raise Http404
    board = Dashboard(request)
    context = board.context()
    if context["office_mode"]:
        office = board.offices[0]
        context["queue"] = dashboards.office_work_queue(office=office)
        context["finding_url"] = findings_overdue_url(office=office)
        context["notice_url"] = notices_awaiting_url(office=office)
        context["queue_links"] = {
            "new": board.complaints_url(status=Status.RECEIVED, category=""),
            "unassigned": board.complaints_url(unassigned="true", category=""),
            "overdue": board.complaints_url(overdue="true", category=""),
        }
    # The filter form swaps only the figures; a history restore (Back, when htmx's own cache
    # lost the page) swaps the whole body, so it gets the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "reporting/partials/_dashboard_figures.html", context)
    else:
        response = render(request, "reporting/dashboard.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-History-Restore-Request"))
    return response


@require_GET
@login_required
def dashboard_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """One dashboard table as CSV or XLSX: aggregates only; the export is on the audit trail."""
    if not _may_see_dashboards(request.user) or table not in TABLES or fmt not in FORMATS:
        raise Http404
    board = Dashboard(request)
    header, rows = board.table(table)
    from audit.services import record

    record(
        action="export",
        request=request,
        object_type="dashboard",
        extra={
            "table": table,
            "format": fmt,
            "month": board.month.strftime("%Y-%m"),
            "category": board.category or "",
            "offices": [o.code for o in board.offices][:50],
        },
    )
    name = board.download_name(table, fmt)
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response)
        writer.writerow([str(h) for h in header])
        writer.writerows([_csv_cell(v) for v in row] for row in rows)
    else:
        response = HttpResponse(
            _xlsx(table, header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _csv_cell(value):
    # Office codes and labels are ours, but a cell starting with = + - @ would run as a formula.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _xlsx(title: str, header: list, rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append([_csv_cell(v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""Pages of reporting: the reports archive and request form, the status fragment, downloads, dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.choices import Action
from audit.services import record as audit_record
from inspectorate import storage
from inspectorate.pagination import PreparedRows

from . import figures, selectors, services
from .filters import ReportFilter
from .forms import ReportRequestForm
from .models import Report
from .report_html import report_rows_html, report_status_html

PAGE_SIZE = 25


def _require_report_user(request: HttpRequest) -> None:
    # Inspectors have no reports at all: the pages do not exist for them.
    if not selectors.may_use_reports(request.user):
        raise Http404


def _list_context(request: HttpRequest, form: ReportRequestForm) -> dict:
    filterset = ReportFilter(
        request.GET,
        queryset_of=lambda: selectors.report_list(user=request.user),
        offices=selectors.requestable_offices(user=request.user),
    )
    if selectors.may_use_reports(request.user):  # the office select by a prepared query, as requestable_offices
        filterset.show_options("office", selectors.offices_in_order, request.user)
    if filterset.unfiltered():  # the list as it opens: counted and paged by prepared queries
        rows = PreparedRows(Report, selectors.report_rows, selectors.report_count, request.user)
    else:  # only the columns the rows show (ROW_FIELDS): a report's, its office's and its requester's are many
        rows = selectors.as_report_rows(filterset.qs)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.display_zones(page.object_list, user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    rows = report_rows_html(page.object_list)
    return {"filter": filterset, "page": page, "query": query.urlencode(), "form": form, "rows_html": rows}


@require_GET
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    _require_report_user(request)
    last_month = figures.add_months(timezone.localdate().replace(day=1), -1)
    form = ReportRequestForm(user=request.user, initial={"month": f"{last_month:%Y-%m}"})
    return render(request, "reporting/report_list.html", _list_context(request, form))


@require_POST
@login_required
def report_request(request: HttpRequest) -> HttpResponse:
    _require_report_user(request)
    form = ReportRequestForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            report = services.report_request(
                kind=form.cleaned_data["kind"],
                month=form.cleaned_data["month"],
                user=request.user,
                language=form.cleaned_data["language"],
                rebuild=form.cleaned_data["rebuild"],
                **form.scope_objects(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if report.in_progress:
                messages.success(request, _("The report is queued; it appears below when it is ready."))
            else:
                messages.info(request, _("This report already exists; tick “rebuild” to build it again."))
            return redirect("reporting:report_list")
    return render(request, "reporting/report_list.html", _list_context(request, form), status=400)


@require_GET
@login_required
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The small status fragment the list polls (htmx, every 3 s) while a report is being built."""
    report = selectors.report_get(user=request.user, pk=pk)
    return HttpResponse(report_status_html(report))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_download(request: HttpRequest, report, file, extension: str, content_type: str, via: str) -> HttpResponse:
    name = report.download_name(extension)
    audit_record(action=Action.REPORT_DOWNLOAD, request=request, obj=report, extra={"via": via})
    response = storage.file_response(file, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    if not report.is_done:
        raise Http404
    return _file_download(request, report, report.file, "pdf", "application/pdf", "page")


@require_GET
@login_required
def report_download_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The annual report's tables as a spreadsheet (404 for reports without one)."""
    report = selectors.report_get(user=request.user, pk=pk)
    if not report.is_done or not report.spreadsheet:
        raise Http404
    return _file_download(request, report, report.spreadsheet, "xlsx", XLSX, "page")


@require_GET
@login_required
def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every build of a report, newest first, each with its files."""
    report = selectors.report_get(user=request.user, pk=pk)
    selectors.display_zones([report], user=request.user)
    builds = Paginator(report.history.select_related("requested_by"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reporting/report_history.html", {"report": report, "page": builds})


@require_GET
@login_required
def build_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """One earlier build's PDF or spreadsheet."""
    build = selectors.build_get(user=request.user, pk=pk)
    if fmt == "pdf":
        return _file_download(request, build.report, build.file, "pdf", "application/pdf", "history")
    if fmt == "xlsx" and build.spreadsheet:
        return _file_download(request, build.report, build.spreadsheet, "xlsx", XLSX, "history")
    raise Http404

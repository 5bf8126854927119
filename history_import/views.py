"""The history import pages (/manage/history/): administrators and office heads; anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inspectorate import access
from inspectorate.views_manage import SECTIONS

from . import reading, selectors, services
from .forms import HistoryImportForm
from .models import BatchStatus, RecordKind

PAGE_SIZE = 25


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    if access.is_admin(request.user):
        # Administrators reach these pages from the administration area, with its navigation.
        context = {"manage_sections": SECTIONS.values(), **context}
    return render(request, template, context, status=status)


def _offices_or_404(request: HttpRequest):
    offices = selectors.offices_for_import(request.user)
    if not offices.exists():
        raise Http404
    return offices


@require_http_methods(["GET", "POST"])
@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """The imports of the offices in reach, newest first, and the upload form."""
    offices = _offices_or_404(request)
    form = HistoryImportForm(request.POST or None, request.FILES or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        check = form.cleaned_data["check_only"]
        try:
            report = services.history_import_run(
                actor=request.user,
                office=form.cleaned_data["office"],
                data=upload.read(),
                name=upload.name,
                dry_run=check,
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        except PermissionDenied:
            raise Http404 from None
        else:
            if check:
                return _render(
                    request,
                    "history_import/import_check.html",
                    {"report": report, "name": upload.name, "office": form.cleaned_data["office"]},
                )
            messages.success(request, _("Import #%(id)d recorded.") % {"id": report.batch.pk})
            return redirect("history_import:import_detail", pk=report.batch.pk)
    page = Paginator(selectors.imports_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "history_import/import_list.html",
        {
            "form": form,
            "page": page,
            "complaint_columns": reading.COMPLAINT_COLUMNS,
            "visit_columns": reading.VISIT_COLUMNS,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.get_for_user(selectors.imports_for(request.user), request.user, "change", pk=pk)
    records = batch.records.select_related("complaint", "inspection").order_by("kind", "line")
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    return _render(
        request,
        "history_import/import_detail.html",
        {"batch": batch, "page": page, "may_roll_back": batch.status != BatchStatus.ROLLED_BACK},
    )


@require_POST
@login_required
def import_rollback(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.get_for_user(selectors.imports_for(request.user), request.user, "change", pk=pk)
    try:
        services.history_import_rollback(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Import #%(id)d rolled back: its complaints and visits were removed.") % {"id": pk})
    return redirect("history_import:import_detail", pk=pk)


TEMPLATES = {
    ("complaints", "csv"): RecordKind.COMPLAINT,
    ("visits", "csv"): RecordKind.VISIT,
}


@require_GET
@login_required
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The columns of an import file with one example line: CSV per kind, or one XLSX with both sheets."""
    _offices_or_404(request)
    if (kind, fmt) == ("history", "xlsx"):
        response = HttpResponse(
            reading.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif (kind, fmt) in TEMPLATES:
        response = HttpResponse(reading.template_csv(TEMPLATES[(kind, fmt)]), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.{fmt}"'
    return response

"""Pages of the socialsecurity app: targeting list, imports, coverage, the sanction ladder.

Each view gets its objects through access.py (out of scope is a 404), validates a form and calls
one service. Figures come from ``reporting/figures/socialsecurity.py``.
"""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.choices import Action
from audit.services import record as audit_record
from inspections import services as inspection_services
from inspections.choices import Kind
from inspections.selectors import team_candidates
from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Company
from reporting.charts import Series, bar_chart
from reporting.figures import socialsecurity as figures

from . import documents, selectors, services, tasks
from .definitions import FLAG_PROVISIONS
from .forms import ImportForm, NoteForm, PlanForm, TargetFilterForm
from .models import BpjsImport, Sanction

PAGE_SIZE = 25
# Files up to this size are imported at once; bigger ones by the worker, with progress on the page.
INLINE_BYTES = 512 * 1024


def _is_head(user, office_id) -> bool:
    return access.is_admin(user) or (user.role == Role.OFFICE_HEAD and user.office_id == office_id)


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.message_dict.values() for m in errors]
    return exc.messages


@require_GET
@login_required
def targeting(request: HttpRequest) -> HttpResponse:
    form = TargetFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = Paginator(selectors.targeting_list(user=request.user, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = f"kind={kind}" if kind else ""
    return render(
        request,
        "socialsecurity/targeting.html",
        {
            "form": form, "page": page, "query": query, "can_plan": access.can_write(request.user),
            "is_head": request.user.role == Role.OFFICE_HEAD or access.is_admin(request.user),
            "provisions": FLAG_PROVISIONS,
        },
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def plan_joint(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a joint inspection with BPJS from a targeting row (through the visit planning service)."""
    company = access.get_for_user(Company.objects.select_related("district__office"), request.user, "change", pk=pk)
    office = company.district.office
    inspectors = team_candidates(office=office)
    if request.user.role == Role.INSPECTOR:
        inspectors = inspectors.filter(pk=request.user.pk)
    form = PlanForm(request.POST or None, inspectors=inspectors)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = inspection_services.inspection_plan(
                actor=request.user, company=company, kind=Kind.BPJS_JOINT, lead=form.cleaned_data["lead"],
                planned_date=form.cleaned_data["planned_date"],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            for text in _errors(exc) if isinstance(exc, ValidationError) else [str(exc)]:
                form.add_error(None, text)
        else:
            messages.success(request, _("Joint inspection %(ref)s planned.") % {"ref": inspection.reference})
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    flags = figures.company_flags([company.pk]).get(company.pk, [])
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "socialsecurity/plan_joint.html", {"company": company, "form": form, "flags": flags}, status=status
    )


@require_POST
@login_required
def sanction_start(request: HttpRequest, pk: int) -> HttpResponse:
    company = access.get_for_user(Company.objects.all(), request.user, "change", pk=pk)
    try:
        sanction = services.sanction_start(actor=request.user, company=company)
    except ValidationError as exc:
        for text in _errors(exc):
            messages.error(request, text)
        return redirect("socialsecurity:targeting")
    messages.success(request, _("Written warning %(number)s issued.") % {"number": sanction.number})
    return redirect("socialsecurity:sanction_detail", pk=sanction.pk)


def _sanction(request: HttpRequest, pk: int, action: str = "view") -> Sanction:
    return access.get_for_user(
        Sanction.objects.select_related("company__district", "office", "previous", "issued_by"),
        request.user, action, pk=pk,
    )  # fmt: skip


@require_GET
@login_required
def sanction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = _sanction(request, pk)
    ladder = list(
        selectors.sanction_list(user=request.user).filter(company_id=sanction.company_id).order_by("created_at", "pk")
    )
    events = list(sanction.events.select_related("actor"))
    return render(
        request,
        "socialsecurity/sanction_detail.html",
        {
            "sanction": sanction, "ladder": ladder, "events": events, "form": NoteForm(),
            "is_head": _is_head(request.user, sanction.office_id),
        },
    )  # fmt: skip


@require_GET
@login_required
def sanction_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable document, in Indonesian (the language of the letter the company receives)."""
    context = documents.sanction_document_context(documents.require_document(_sanction(request, pk)))
    return HttpResponse(documents.render_sanction_html(context))


@require_GET
@login_required
def sanction_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same document as a PDF; each download is in the audit trail (it leaves the system)."""
    return documents.sanction_pdf_download(_sanction(request, pk), actor=request.user, via="page")


@require_POST
@login_required
def sanction_issue(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = _sanction(request, pk, "change")
    try:
        services.sanction_issue(actor=request.user, sanction=sanction)
    except ValidationError as exc:
        for text in _errors(exc):
            messages.error(request, text)
    else:
        messages.success(request, _("Issued."))
    return redirect("socialsecurity:sanction_detail", pk=sanction.pk)


@require_POST
@login_required
def sanction_comply(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = _sanction(request, pk, "change")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.sanction_comply(actor=request.user, sanction=sanction, note=note)
    except ValidationError as exc:
        for text in _errors(exc):
            messages.error(request, text)
    return redirect("socialsecurity:sanction_detail", pk=sanction.pk)


@require_http_methods(["GET", "POST"])
@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    offices = access.offices_for(request.user, "change")
    if not access.is_admin(request.user):
        offices = offices.filter(pk=request.user.office_id) if request.user.role == Role.OFFICE_HEAD else offices.none()
    form = ImportForm(request.POST or None, request.FILES or None, offices=offices)
    if request.method == "POST":
        if not offices.exists():
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                imp, created = services.import_create(
                    actor=request.user, office=data["office"], upload=data["file"], as_of=data["as_of"],
                    source=data["source"],
                )  # fmt: skip
            except ValidationError as exc:
                for text in _errors(exc):
                    form.add_error(None, text)
            else:
                if not created:
                    messages.info(request, _("This file was imported before: nothing changed."))
                elif data["file"].size <= INLINE_BYTES:
                    services.import_run(import_id=imp.pk)
                else:
                    transaction.on_commit(lambda: tasks.import_run.delay(imp.pk))
                return redirect("socialsecurity:import_detail", pk=imp.pk)
    page = Paginator(selectors.import_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "socialsecurity/import_list.html",
        {"form": form if offices.exists() else None, "page": page},
        status=status,
    )


@require_GET
@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    imp = access.get_for_user(BpjsImport.objects.select_related("office", "uploaded_by"), request.user, pk=pk)
    errors = Paginator(imp.errors, 100).get_page(request.GET.get("page"))
    return render(request, "socialsecurity/import_detail.html", {"imp": imp, "errors": errors})


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


@require_GET
@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Coverage by region, drill-down to a region's districts; CSV or XLSX with ?format=."""
    year = _year(request)
    result, region = selectors.coverage_for(user=request.user, year=year, region_id=request.GET.get("region"))
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        audit_record(action=Action.EXPORT, request=request, object_type="bpjs_coverage", extra={"format": fmt})
        return _export(result, fmt, region)
    rows = [(row, row.formal, row.informal) for row in result.rows]
    chart = bar_chart(
        labels=[row.name for row in result.rows],
        series=[
            Series(_("Formal"), [float(row.formal.rate or 0) for row in result.rows]),
            Series(_("Informal"), [float(row.informal.rate or 0) for row in result.rows]),
        ],
        title=_("Coverage (%)"),
        unit="%",
    )
    return render(
        request,
        "socialsecurity/coverage.html",
        {"result": result, "rows": rows, "region": region, "year": year, "chart": chart},
    )


def _sources(rate) -> str:
    return "; ".join(sorted(rate.participant_sources | rate.worker_sources))


def _export(result, fmt: str, region) -> HttpResponse:
    header = [
        _("Area"), _("Code"), _("Formal participants"), _("Formal workers"), _("Formal coverage (%)"),
        _("Informal participants"), _("Informal workers"), _("Informal coverage (%)"), _("Sources"),
    ]  # fmt: skip
    lines = [
        [row.name, row.code, row.formal.participants, row.formal.workers, row.formal.rate, row.informal.participants,
         row.informal.workers, row.informal.rate, _sources(row.formal) + " | " + _sources(row.informal)]
        for row in [*result.rows, result.total]
    ]  # fmt: skip
    lines[-1][0] = _("Total")
    name = f"bpjs-coverage-{result.year}{'-' + region.code if region else ''}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for line in lines:
            writer.writerow(["" if v is None else v for v in line])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append([str(h) for h in header])
        for line in lines:
            sheet.append([float(v) if hasattr(v, "quantize") else v for v in line])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response

"""Pages of visits: the lists, planning, the visit page and what is recorded on it."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints import services as complaint_services
from complaints import steps as complaint_steps
from complaints.choices import Outcome
from complaints.models import Complaint
from inspectorate import access, storage
from inspectorate import selectors as company_selectors
from inspectorate.choices import Role
from inspectorate.models import Company, Staff
from inspectorate.pagination import PreparedRows
from inspectorate.views import company_label

from .. import history, selectors, services, steps
from ..choices import FindingStatus, InspectionStatus
from ..filters import InspectionFilter, OverdueFindingFilter
from ..forms import (
    AddendumForm,
    AttachmentForm,
    FieldNoteForm,
    FindingForm,
    InspectionPlanForm,
    ReasonForm,
    ReportConfirmForm,
    StartForm,
    VisitForm,
)
from ..models import Attachment, Inspection
from ..visit_html import inspection_rows_html, overdue_rows_html
from ._common import PAGE_SIZE, _attempt, _inspection, _is_head, _messages_of, _query_without_page


@require_GET
@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    filterset = InspectionFilter(
        request.GET,
        queryset_of=lambda: selectors.inspection_list(user=request.user),
        inspectors=access.restrict(selectors.filter_inspectors(), request.user),
        offices=access.restrict(company_selectors.offices_by_code(), request.user),
    )
    filterset.show_options("inspector", selectors.filter_inspectors, request.user)
    filterset.show_options("office", company_selectors.offices_by_code, request.user)
    if filterset.unfiltered():  # the list as it opens: counted and paged by prepared queries
        rows = PreparedRows(Inspection, selectors.visit_rows, selectors.visit_count, request.user)
    else:
        rows = selectors.as_visit_rows(filterset.qs)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page": page, "query": _query_without_page(request)}
    context["rows_html"] = inspection_rows_html(page.object_list)
    return render(request, "inspections/inspection_list.html", context)


@require_GET
@login_required
def inspection_today(request: HttpRequest) -> HttpResponse:
    visits = list(selectors.inspection_today(user=request.user)[:50])
    return render(request, "inspections/inspection_today.html", {"visits": visits})


@require_GET
@login_required
def finding_overdue_list(request: HttpRequest) -> HttpResponse:
    filterset = OverdueFindingFilter(
        request.GET,
        queryset_of=lambda: selectors.finding_overdue_list(user=request.user),
        offices=access.restrict(company_selectors.offices_by_code(), request.user),
    )
    filterset.show_options("office", company_selectors.offices_by_code, request.user)
    # The list as it opens, for an office's staff: counted and paged by prepared queries.
    rows = selectors.finding_overdue_rows(user=request.user) if filterset.unfiltered() else None
    page = Paginator(filterset.qs if rows is None else rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/finding_overdue_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_page(request),
            "rows_html": overdue_rows_html(page.object_list),
        },  # fmt: skip
    )


@require_GET
@login_required
def inspection_calendar(request: HttpRequest) -> HttpResponse:
    """Planned visits of a month, server-rendered: the inspector's own, the office's for the others."""
    try:
        month = dt.date.fromisoformat(request.GET["month"] + "-01") if request.GET.get("month") else None
    except ValueError:
        month = None
    cal = selectors.visit_calendar(user=request.user, month=month)
    context = {
        "cal": cal,
        "previous_month": (cal.month - dt.timedelta(days=1)).strftime("%Y-%m"),
        "next_month": (cal.month + dt.timedelta(days=32)).strftime("%Y-%m"),
    }
    return render(request, "inspections/inspection_calendar.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def inspection_create(request: HttpRequest) -> HttpResponse:
    if not access.can_write(request.user):
        raise Http404
    complaint = None
    if "complaint" in request.GET:
        complaint = access.get_for_user(
            Complaint.objects.select_related("company", "office"), request.user, "change", pk=request.GET["complaint"]
        )
        if not complaint_steps.allowed(request.user, complaint, "plan_visit"):
            raise PermissionDenied
    companies = access.restrict(Company.objects.select_related("district"), request.user, "change")
    office = complaint.office if complaint else request.user.office
    inspectors = selectors.team_candidates(office=office) if office else Staff.objects.none()
    if request.user.role == Role.INSPECTOR:
        lead_choices = inspectors.filter(pk=request.user.pk)
    else:
        lead_choices = inspectors
    company_query = request.GET.get("company_q", "")
    found = list(company_selectors.company_search(user=request.user, query=company_query))
    posted = request.POST.get("company", "")
    if posted.isdigit() and not any(c.pk == int(posted) for c in found):
        # Keep the company chosen before a failed submit in the list.
        found += list(companies.filter(pk=int(posted)))
    form = InspectionPlanForm(
        request.POST or None,
        companies=companies,
        company_choices=[(c.pk, company_label(c)) for c in found],
        inspectors=lead_choices,
        from_complaint=complaint is not None,
        initial={"lead": request.user.pk if request.user.role == Role.INSPECTOR else None},
    )
    form.fields["team"].queryset = inspectors
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if complaint is not None:
                inspection = services.inspection_plan_from_complaint(
                    complaint=complaint,
                    actor=request.user,
                    lead=data["lead"],
                    team=data["team"],
                    planned_date=data["planned_date"],
                )
            else:
                inspection = services.inspection_plan(
                    actor=request.user,
                    company=data["company"],
                    kind=data["kind"],
                    lead=data["lead"],
                    team=data["team"],
                    planned_date=data["planned_date"],
                )
        except ValidationError as exc:
            for text in _messages_of(exc):
                form.add_error(None, text)
        else:
            messages.success(request, _("Visit %(ref)s planned.") % {"ref": inspection.reference})
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    context = {"form": form, "complaint": complaint, "company_query": company_query, "companies_found": len(found)}
    return render(request, "inspections/inspection_form.html", context)


def _render_detail(request: HttpRequest, pk: int, status: int = 200, **bound) -> HttpResponse:
    inspection = selectors.inspection_detail(user=request.user, pk=pk)
    user = request.user
    team = list(inspection.team.all())
    # Which buttons show: exactly the steps inspections/steps.py lets this user take now.
    roles = steps.inspection_roles(user, inspection, team_ids={m.pk for m in team})
    actions = steps.available(steps.INSPECTION_STEPS, inspection.status, roles)
    is_head = _is_head(user, inspection.office_id) and access.can_write(user)
    findings = list(inspection.findings.all())
    notices = list(inspection.notices.all())
    with timezone.override(inspection.office.zone):
        context = {
            "inspection": inspection,
            "team": team,
            "findings": findings,
            "notices": notices,
            "actions": actions,
            "show_origin": access.can_write(user) and inspection.origin_complaint_id is not None,
            "visit_form": bound.get("visit_form")
            or VisitForm(
                initial={
                    "visited_at": inspection.visited_at,
                    "workers_present": inspection.workers_present,
                    "wage_found": inspection.wage_found,
                    "summary": inspection.summary,
                }
            ),
            "start_form": StartForm(initial={"visited_at": timezone.now()}),
            "note_form": bound.get("note_form") or FieldNoteForm(),
            "attachment_form": bound.get("attachment_form") or AttachmentForm(),
            "finding_form": bound.get("finding_form") or FindingForm(),
            "cancel_form": ReasonForm(),
            "addendum_form": bound.get("addendum_form") or AddendumForm(),
            "can_issue_notice": actions["issue_notice"] and any(f.status == FindingStatus.OPEN for f in findings),
            "locked": inspection.status
            in (InspectionStatus.REPORTED, InspectionStatus.CLOSED, InspectionStatus.CANCELLED),
            "zone": inspection.office.time_zone,
            "history": history.entries(inspection.change_records.all(), inspection.office),
            "can_resolve_complaint": is_head
            and inspection.origin_complaint_id is not None
            and inspection.origin_complaint.status == "in_progress"
            and inspection.status in (InspectionStatus.REPORTED, InspectionStatus.CLOSED)
            and selectors.complaint_findings_all_corrected(inspection.origin_complaint),
        }
        return render(request, "inspections/inspection_detail.html", context, status=status)


@require_GET
@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk)


def _back(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("inspections:inspection_detail", args=[pk]) + (f"#{anchor}" if anchor else ""))


@require_POST
@login_required
def inspection_start(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    with timezone.override(inspection.office.zone):
        form = StartForm(request.POST)
        visited_at = form.cleaned_data.get("visited_at") if form.is_valid() else None
    _attempt(request, services.inspection_start, _("Visit started."), inspection=inspection, visited_at=visited_at)
    return _back(pk, "visit")


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@require_POST
@login_required
def inspection_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the visit record; also the target of the autosave script (answers JSON to it)."""
    inspection = _inspection(request, pk)
    with timezone.override(inspection.office.zone):
        form = VisitForm(request.POST)
        if not form.is_valid():
            if _wants_json(request):
                return JsonResponse({"ok": False, "errors": form.errors}, status=400)
            return _render_detail(request, pk, status=400, visit_form=form)
    try:
        services.inspection_update(inspection=inspection, actor=request.user, **form.cleaned_data)
    except services.Locked as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": {"__all__": exc.messages}}, status=409)
        messages.error(request, exc.messages[0])
        return _back(pk)
    except ValidationError as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": {"__all__": _messages_of(exc)}}, status=400)
        for text in _messages_of(exc):
            messages.error(request, text)
        return _back(pk, "visit")
    if _wants_json(request):
        return JsonResponse({"ok": True, "saved_at": timezone.now().isoformat()})
    messages.success(request, _("Visit record saved."))
    return _back(pk, "visit")


@require_POST
@login_required
def fieldnote_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = FieldNoteForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, pk, status=400, note_form=form)
    _attempt(request, services.field_note_add, _("Note saved."), inspection=inspection, text=form.cleaned_data["text"])
    return _back(pk, "notes")


@require_POST
@login_required
def attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, pk, status=400, attachment_form=form)
    _attempt(
        request,
        services.attachment_add,
        _("File saved."),
        inspection=inspection,
        upload=form.cleaned_data["file"],
        caption=form.cleaned_data["caption"],
    )
    return _back(pk, "files")


@require_GET
@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = access.get_for_user(Attachment.objects.all(), request.user, "view", pk=pk)
    response = storage.file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = FindingForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, pk, status=400, finding_form=form)
    _attempt(request, services.finding_add, _("Finding saved."), inspection=inspection, **form.cleaned_data)
    return _back(pk, "findings")


@require_POST
@login_required
def inspection_report(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    # Who may report comes first: a confirmation does not make a stranger to the visit one of its team.
    if not steps.INSPECTION_STEPS["report"].open_to(steps.inspection_roles(request.user, inspection)):
        raise PermissionDenied
    form = ReportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["confirm"]))
        return _back(pk)
    _attempt(request, services.inspection_report, _report_next_step(inspection), inspection=inspection)
    return _back(pk)


def _report_next_step(inspection: Inspection) -> str:
    """What happens after reporting, and who does it: only the office head issues a Nota (services.notice_issue_*)."""
    heads = ", ".join(str(head) for head in selectors.office_heads(office_id=inspection.office_id)) or _(
        "the office head"
    )
    if inspection.findings.filter(status=FindingStatus.OPEN).exists():
        next_step = _(
            "Next, the office head (%(head)s) reviews the findings and issues the Nota Pemeriksaan to the company."
        )
    else:
        next_step = _("There are no open findings: next, the office head (%(head)s) closes the visit.")
    return _("Visit reported. It can no longer be edited.") + " " + next_step % {"head": heads}


@require_POST
@login_required
def inspection_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the visit is cancelled."))
        return _back(pk)
    _attempt(
        request,
        services.inspection_cancel,
        _("Visit cancelled."),
        inspection=inspection,
        reason=form.cleaned_data["reason"],
    )
    return _back(pk)


@require_POST
@login_required
def inspection_close(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    _attempt(request, services.inspection_close, _("Visit closed."), inspection=inspection)
    return _back(pk)


@require_POST
@login_required
def inspection_addendum_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = AddendumForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, pk, status=400, addendum_form=form)
    _attempt(
        request, services.addendum_add, _("Addendum added."), inspection=inspection, text=form.cleaned_data["text"]
    )
    return _back(pk, "addenda")


@require_POST
@login_required
def inspection_resolve_complaint(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the loop: resolve the origin complaint as "complied after order" once all is corrected."""
    inspection = _inspection(request, pk)
    if not _is_head(request.user, inspection.office_id):
        raise PermissionDenied
    complaint = inspection.origin_complaint
    if complaint is None or not selectors.complaint_findings_all_corrected(complaint):
        messages.error(request, _("The complaint can be resolved once every finding of its visits is corrected."))
    else:
        _attempt(
            request,
            lambda actor, **kw: complaint_services.complaint_resolve(actor=actor, **kw),
            _("The origin complaint is resolved: complied after order."),
            complaint=complaint,
            outcome=Outcome.COMPLIED_AFTER_ORDER,
            note=_("Every finding of visit %(ref)s was corrected.") % {"ref": inspection.reference},
        )
    return _back(pk)

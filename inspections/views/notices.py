"""Pages of notices: issuing, the notice page and its document, compliance and escalation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inspectorate import access
from inspectorate.documents import pdf_response

from .. import documents, selectors, services, steps
from ..choices import FindingStatus, NoticeLevel, NoticeStatus
from ..filters import NoticeFilter
from ..forms import AddendumForm, ComplianceForm, EscalateForm, NoticeForm, NoticeMarkForm
from ..models import Inspection, Investigation, Notice
from ._common import PAGE_SIZE, _attempt, _inspection, _is_head, _notice, _query_without_page


@require_GET
@login_required
def inspection_awaiting_notice(request: HttpRequest) -> HttpResponse:
    """The head's queue: reported visits whose open findings still await a Nota."""
    page = Paginator(selectors.visits_awaiting_notice(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/inspection_awaiting_notice.html", {"page": page, "query": ""})


@require_GET
@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    filterset = NoticeFilter(
        request.GET, queryset=selectors.notice_list(user=request.user), offices=access.offices_for(request.user)
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/notice_list.html",
        {"filter": filterset, "page": page, "query": _query_without_page(request)},
    )


def _first_notice_findings(inspection: Inspection):
    return (
        inspection.findings.select_related("provision")
        .filter(status=FindingStatus.OPEN)
        .exclude(notices__level=NoticeLevel.FIRST)
    )


@require_http_methods(["GET", "POST"])
@login_required
def notice_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    if not _is_head(request.user, inspection.office_id):
        raise PermissionDenied
    form = NoticeForm(request.POST or None, findings=_first_notice_findings(inspection))
    if request.method == "POST" and form.is_valid():
        notice = _attempt(
            request,
            services.notice_issue_first,
            _("Nota Pemeriksaan I issued."),
            inspection=inspection,
            findings=form.cleaned_data["findings"],
            compliance_deadline=form.cleaned_data["compliance_deadline"],
        )
        if notice is not None:
            return redirect("inspections:notice_detail", pk=notice.pk)
    return render(
        request, "inspections/notice_form.html", {"form": form, "inspection": inspection, "level": NoticeLevel.FIRST}
    )


@require_http_methods(["GET", "POST"])
@login_required
def notice_second_create(request: HttpRequest, pk: int) -> HttpResponse:
    previous = _notice(request, pk)
    if not _is_head(request.user, previous.office_id) or previous.level != NoticeLevel.FIRST:
        raise PermissionDenied
    open_findings = previous.findings.select_related("provision").filter(status=FindingStatus.OPEN)
    form = NoticeForm(request.POST or None, findings=open_findings, initial={"findings": list(open_findings)})
    if request.method == "POST" and form.is_valid():
        notice = _attempt(
            request,
            services.notice_issue_second,
            _("Nota Pemeriksaan II issued."),
            previous=previous,
            findings=form.cleaned_data["findings"],
            compliance_deadline=form.cleaned_data["compliance_deadline"],
        )
        if notice is not None:
            return redirect("inspections:notice_detail", pk=notice.pk)
    return render(
        request,
        "inspections/notice_form.html",
        {"form": form, "inspection": previous.inspection, "previous": previous, "level": NoticeLevel.SECOND},
    )


@require_GET
@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_detail(user=request.user, pk=pk)
    user = request.user
    # Which buttons show: the steps inspections/steps.py lets this user take on this notice now.
    actions = steps.available(steps.NOTICE_STEPS, notice.status, steps.inspection_roles(user, notice.inspection))
    findings = list(notice.findings.all())
    open_findings = [f for f in findings if f.status == FindingStatus.OPEN]
    today = timezone.localdate(timezone=notice.office.zone)
    investigation = access.restrict(Investigation.objects.filter(notice=notice), user).first()
    context = {
        "notice": notice,
        "findings": findings,
        "actions": actions,
        "investigation": investigation,
        "compliance_form": ComplianceForm(findings=notice.findings.filter(status=FindingStatus.OPEN))
        if open_findings and actions["record_compliance"]
        else None,
        "mark_form": NoticeMarkForm() if actions["mark_complied"] or actions["mark_not_complied"] else None,
        "can_issue_second": actions["issue_second"]
        and notice.level == NoticeLevel.FIRST
        and not notice.follow_ups.all()
        and notice.compliance_deadline < today
        and bool(open_findings),
        "escalate_form": EscalateForm(investigators=selectors.investigators_for(office=notice.office))
        if actions["escalate"]
        and investigation is None
        and notice.level == NoticeLevel.SECOND
        and notice.status == NoticeStatus.NOT_COMPLIED
        and notice.compliance_deadline < today
        else None,
        "addendum_form": AddendumForm() if actions["addendum"] else None,
    }
    return render(request, "inspections/notice_detail.html", context)


def _document_context(request: HttpRequest, pk: int) -> dict:
    notice = access.get_for_user(
        Notice.objects.select_related("inspection", "office", "company", "previous", "issued_by").prefetch_related(
            "findings__provision"
        ),
        request.user,
        pk=pk,
    )
    return documents.notice_document_context(notice)


@require_GET
@login_required
def notice_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice as the company receives it (print from the browser, or download the PDF)."""
    return HttpResponse(documents.render_notice_html(_document_context(request, pk)))


@require_GET
@login_required
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _document_context(request, pk)
    return pdf_response(documents.render_notice_pdf(context), documents.pdf_filename(context))


@require_POST
@login_required
def notice_compliance(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = ComplianceForm(request.POST, findings=notice.findings.filter(status=FindingStatus.OPEN))
    if form.is_valid():
        _attempt(
            request,
            services.notice_record_compliance,
            _("Compliance recorded."),
            notice=notice,
            corrected=form.cleaned_data["findings"],
        )
    else:
        messages.error(request, _("Choose the corrected findings."))
    return redirect("inspections:notice_detail", pk=pk)


@require_POST
@login_required
def notice_mark(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = NoticeMarkForm(request.POST)
    if form.is_valid():
        _attempt(
            request, services.notice_mark, _("Notice status saved."), notice=notice, status=form.cleaned_data["status"]
        )
    else:
        messages.error(request, _("Choose a status."))
    return redirect("inspections:notice_detail", pk=pk)


@require_POST
@login_required
def notice_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = EscalateForm(request.POST, investigators=selectors.investigators_for(office=notice.office))
    if not form.is_valid():
        messages.error(request, _("Choose a PPNS investigator of this office."))
        return redirect("inspections:notice_detail", pk=pk)
    investigation = _attempt(
        request,
        services.investigation_open,
        _("Investigation opened."),
        notice=notice,
        investigator=form.cleaned_data["investigator"],
    )
    if investigation is not None:
        return redirect("inspections:investigation_detail", pk=investigation.pk)
    return redirect("inspections:notice_detail", pk=pk)


@require_POST
@login_required
def notice_addendum_create(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = AddendumForm(request.POST)
    if form.is_valid():
        _attempt(request, services.addendum_add, _("Addendum added."), notice=notice, text=form.cleaned_data["text"])
    else:
        messages.error(request, _("The addendum is empty."))
    return redirect("inspections:notice_detail", pk=pk)

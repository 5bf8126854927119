"""Pages of the deadlines app: the deadlines view, a Nota's clocks and delivery, drafts, reports, the feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inspections.choices import FindingStatus, NoticeStatus
from inspections.models import Notice
from inspections.steps import MANAGERS, WORKERS, inspection_roles
from inspections.views import attempt, query_without_page
from inspectorate import access
from inspectorate.documents import pdf_response

from . import documents, selectors, services
from .choices import DraftStatus
from .feed import build_feed
from .filters import ClockFilter
from .forms import DeliveryForm, DraftIssueForm, RecomputeForm, ReportDecisionForm
from .models import Clock, FeedToken, NonComplianceReport, NoticeDraft

PAGE_SIZE = 50


@require_GET
@login_required
def deadline_list(request: HttpRequest) -> HttpResponse:
    """Every open legal clock in the user's scope, what expires first at the top."""
    filterset = ClockFilter(
        request.GET, queryset=selectors.open_clocks(user=request.user), request=request,
        offices=access.offices_for(request.user),
    )  # fmt: skip
    rows = filterset.qs
    now = timezone.now()
    counts = selectors.clock_counts(rows, now)
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = counts["total"]  # counted once, with the overdue figure: the heading equals the rows
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "deadlines/deadline_list.html",
        {"filter": filterset, "page": page, "counts": counts, "now": now, "query": query_without_page(request)},
    )


def _notice(request: HttpRequest, pk: int, action: str = "view") -> Notice:
    return access.get_for_user(
        Notice.objects.select_related("office", "inspection", "company", "previous"), request.user, action, pk=pk
    )


@require_GET
@login_required
def notice_deadlines(request: HttpRequest, pk: int) -> HttpResponse:
    """A Nota's legal clocks with their history, its delivery, and the next step of the ladder."""
    notice = _notice(request, pk)
    roles = inspection_roles(request.user, notice.inspection)
    context = {
        "notice": notice,
        **selectors.notice_ladder(notice=notice),
        "can_deliver": bool(roles & WORKERS) and notice.status == NoticeStatus.ISSUED,
        "is_manager": bool(roles & MANAGERS),
        "delivery_form": DeliveryForm(initial={"received_on": timezone.localdate(timezone=notice.office.zone)}),
        "recompute_form": RecomputeForm(),
    }
    return render(request, "deadlines/notice_deadlines.html", context)


@require_POST
@login_required
def notice_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk, "change")
    form = DeliveryForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request, services.notice_record_delivery, _("Delivery recorded: the compliance period runs from receipt."),
            notice=notice, method=data["method"], received_on=data["received_on"],
            recipient_name=data["recipient_name"], receipt=data["receipt"],
        )  # fmt: skip
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("deadlines:notice_deadlines", pk=pk)


def _draft(request: HttpRequest, pk: int, action: str = "view") -> NoticeDraft:
    return access.get_for_user(
        NoticeDraft.objects.select_related("office", "previous__inspection", "previous__company", "issued"),
        request.user, action, pk=pk,
    )  # fmt: skip


@login_required
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The prepared Nota II: its open findings, the period to set, and the head's issue button."""
    draft = _draft(request, pk, "change" if request.method == "POST" else "view")
    open_findings = draft.findings.select_related("provision").filter(status=FindingStatus.OPEN).order_by("pk")
    form = DraftIssueForm(request.POST or None, findings=open_findings, initial={"period_days": draft.period_days})
    is_manager = bool(inspection_roles(request.user, draft.previous.inspection) & MANAGERS)
    if request.method == "POST":
        if form.is_valid():
            notice = attempt(
                request, services.draft_issue, _("Nota Pemeriksaan II issued."), draft=draft,
                period_days=form.cleaned_data["period_days"], findings=form.cleaned_data["findings"],
            )  # fmt: skip
            if notice is not None:
                return redirect("inspections:notice_detail", pk=notice.pk)
        status = 400
    elif request.method == "GET":
        status = 200
    else:
        return HttpResponse(status=405)
    context = {
        "draft": draft, "form": form, "is_manager": is_manager, "open_findings": open_findings,
        "can_issue": is_manager and draft.status == DraftStatus.DRAFT,
    }  # fmt: skip
    return render(request, "deadlines/draft_detail.html", context, status=status)


@require_POST
@login_required
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk, "change")
    attempt(request, services.draft_discard, _("Draft discarded."), draft=draft)
    return redirect("deadlines:notice_deadlines", pk=draft.previous_id)


def _report(request: HttpRequest, pk: int, action: str = "view") -> NonComplianceReport:
    return access.get_for_user(
        NonComplianceReport.objects.select_related(
            "office__region", "notice__company", "notice__previous__delivery", "notice__delivery",
            "notice__inspection", "decided_by",
        ).prefetch_related("notice__findings__provision"),
        request.user, action, pk=pk,
    )  # fmt: skip


@require_GET
@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    is_manager = bool(inspection_roles(request.user, report.notice.inspection) & MANAGERS)
    context = {
        "report": report,
        "doc": documents.report_context(report),
        "form": ReportDecisionForm(),
        "can_decide": is_manager and report.status == DraftStatus.DRAFT,
        "can_escalate": is_manager and report.decision == "ppns" and not hasattr(report.notice, "investigation"),
    }
    return render(request, "deadlines/report_detail.html", context)


@require_GET
@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = documents.report_context(_report(request, pk))
    return pdf_response(documents.render_report_pdf(context), documents.report_filename(context))


@require_POST
@login_required
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, "change")
    form = ReportDecisionForm(request.POST)
    if form.is_valid():
        attempt(request, services.report_decide, _("Non-compliance report issued."), report=report, **form.cleaned_data)
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("deadlines:report_detail", pk=pk)


@require_POST
@login_required
def clock_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    clock = access.get_for_user(Clock.objects.all(), request.user, "change", pk=pk)
    form = RecomputeForm(request.POST)
    if form.is_valid():
        attempt(request, services.clock_recompute, _("Deadline recomputed with the current rule."), clock=clock,
                 note=form.cleaned_data["note"])  # fmt: skip
    else:
        messages.error(request, _("Say why the deadline is recomputed."))
    if clock.notice_id:
        return redirect("deadlines:notice_deadlines", pk=clock.notice_id)
    return redirect("deadlines:deadline_list")


@require_GET
@login_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    token = FeedToken.objects.filter(user=request.user).first()
    url = request.build_absolute_uri(f"/deadlines/feed/{token.token}.ics") if token else ""
    return render(request, "deadlines/feed_settings.html", {"token": token, "url": url})


@require_POST
@login_required
def feed_renew(request: HttpRequest) -> HttpResponse:
    """Create the user's feed secret, or replace it (the old address stops working at once)."""
    had = FeedToken.objects.filter(user=request.user).exists()
    revoke = bool(request.POST.get("revoke"))
    services.feed_renew(actor=request.user, revoke=revoke, request=request)
    if revoke:
        messages.success(request, _("Calendar feed switched off."))
    else:
        messages.success(request, _("New calendar address made; the old one no longer works.") if had else _(
            "Calendar address made."
        ))  # fmt: skip
    return redirect("deadlines:feed_settings")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret iCalendar address: no login (a phone's calendar cannot log in); the secret is the key."""
    entry = FeedToken.objects.select_related("user").filter(token=token).first()
    if entry is None or not entry.user.is_active:
        raise Http404
    clocks = selectors.open_clocks(user=entry.user).select_related("notice__company")
    response = HttpResponse(build_feed(clocks), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response

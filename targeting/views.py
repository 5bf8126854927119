"""Pages of risk targeting: companies by score, the monthly plans, the team (leave and assignments), the weights,
the evaluation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inspectorate import access
from inspectorate import selectors as org_selectors
from inspectorate.choices import Role
from inspectorate.models import Company, Office, Staff
from inspectorate.pagination import CappedPaginator
from reporting.figures.targeting import MONTHS, selection_yield

from . import selectors, services
from .choices import FactorCode, PlanStatus
from .factors import DEFAULT_WEIGHTS, REGISTRY
from .filters import ScoreFilter
from .forms import AssignmentForm, EntryChangeForm, LeaveForm, PlanGenerateForm, PlanSettingForm, ReasonForm, WeightForm
from .models import Assignment, Leave, Plan, PlanEntry

PAGE_SIZE = 25
COUNT_CAP = 1000


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    texts = [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict") else exc.messages
    for text in texts:
        messages.error(request, text)


def _attempt(request: HttpRequest, service, success: str, **kwargs):
    """Call a service as the user; on refusal show its reasons and change nothing. The result, or None."""
    try:
        result = service(actor=request.user, **kwargs)
    except ValidationError as exc:
        _errors(request, exc)
        return None
    messages.success(request, success)
    return result


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _is_head(user, office_id: int | None) -> bool:
    return access.is_admin(user) or (user.role == Role.OFFICE_HEAD and user.office_id == office_id)


@require_GET
@login_required
def score_list(request: HttpRequest) -> HttpResponse:
    filterset = ScoreFilter(
        request.GET,
        queryset=selectors.score_list(user=request.user),
        districts=org_selectors.district_list(user=request.user),
    )
    paginator = CappedPaginator(filterset.qs, PAGE_SIZE, cap=COUNT_CAP)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "targeting/score_list.html",
        {"filter": filterset, "page": page, "query": _query_without_page(request)},
    )


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = CappedPaginator(selectors.plan_list(user=request.user), PAGE_SIZE, cap=COUNT_CAP)
    office = request.user.office if _is_head(request.user, request.user.office_id) else None
    context = {"page": plans.get_page(request.GET.get("page")), "office": office}
    if office is not None:
        context["next_month"] = services.next_month(office)
        context["random_percent"] = services.random_percent_for(office)
    return render(request, "targeting/plan_list.html", context)


def _own_office(request: HttpRequest) -> Office:
    office = access.get_for_user(Office.objects.all(), request.user, "change", pk=request.user.office_id or 0)
    services.require_head(request.user, office.pk)
    return office


@require_POST
@login_required
def plan_generate(request: HttpRequest) -> HttpResponse:
    office = _own_office(request)
    form = PlanGenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a month."))
        return redirect("targeting:plan_list")
    try:
        plan = services.plan_generate(actor=request.user, office=office, month=form.cleaned_data["month"])
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("targeting:plan_list")
    messages.success(request, _("Plan proposed: review it, change what you must, then confirm."))
    return redirect("targeting:plan_detail", pk=plan.pk)


@require_POST
@login_required
def plan_setting(request: HttpRequest) -> HttpResponse:
    office = _own_office(request)
    form = PlanSettingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Between 0 and 50 per cent."))
        return redirect("targeting:plan_list")
    _attempt(
        request,
        services.plan_setting_change,
        _("Random share saved; it applies to the next plan you generate."),
        office=office,
        random_percent=form.cleaned_data["random_percent"],
    )
    return redirect("targeting:plan_list")


@require_GET
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_for_user(Plan.objects.select_related("office", "created_by", "confirmed_by"), request.user, pk=pk)
    entries = list(selectors.plan_entries(plan=plan))
    editable = plan.status == PlanStatus.DRAFT and _is_head(request.user, plan.office_id)
    context = {"plan": plan, "entries": entries, "editable": editable}
    if editable:
        context["inspectors"] = list(selectors.plan_inspectors(plan=plan))
        context["candidates"] = list(selectors.swap_candidates(plan=plan))
    counts = {}
    for entry in entries:
        counts[entry.selection] = counts.get(entry.selection, 0) + 1
    context["counts"] = counts
    return render(request, "targeting/plan_detail.html", context)


def _entry(request: HttpRequest, pk: int) -> PlanEntry:
    entry = access.get_for_user(PlanEntry.objects.select_related("plan"), request.user, "change", pk=pk)
    services.require_head(request.user, entry.plan.office_id)
    return entry


@require_POST
@login_required
def entry_change(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    form = EntryChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you change this visit."))
        return redirect("targeting:plan_detail", pk=entry.plan_id)
    data = form.cleaned_data
    company = access.get_for_user(Company.objects.all(), request.user, pk=data["company"]) if data["company"] else None
    inspector = (
        access.get_for_user(Staff.objects.all(), request.user, pk=data["inspector"]) if data["inspector"] else None
    )
    _attempt(
        request,
        services.plan_entry_change,
        _("Visit changed; the reason is recorded."),
        entry=entry,
        reason=data["reason"],
        company=company,
        inspector=inspector,
        planned_date=data["planned_date"],
    )
    return redirect("targeting:plan_detail", pk=entry.plan_id)


@require_POST
@login_required
def entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you remove this visit."))
        return redirect("targeting:plan_detail", pk=entry.plan_id)
    _attempt(
        request,
        services.plan_entry_remove,
        _("Visit removed from the plan; the reason is recorded."),
        entry=entry,
        reason=form.cleaned_data["reason"],
    )
    return redirect("targeting:plan_detail", pk=entry.plan_id)


@require_POST
@login_required
def plan_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_for_user(Plan.objects.all(), request.user, "change", pk=pk)
    _attempt(
        request,
        services.plan_confirm,
        _("Plan confirmed: the visits are planned and in the inspectors' calendars."),
        plan=plan,
    )
    return redirect("targeting:plan_detail", pk=plan.pk)


@require_GET
@login_required
def weight_list(request: HttpRequest) -> HttpResponse:
    stored, history = selectors.weights_with_history()
    rows = [
        {
            "factor": code,
            "label": factor.label,
            "points": stored[code].points if code in stored else DEFAULT_WEIGHTS.get(code, 0),
            "available": factor.available,
            "no_data": factor.reason({}) if not factor.available else "",
        }
        for code, factor in REGISTRY.items()
    ]
    return render(
        request,
        "targeting/weight_list.html",
        {"rows": rows, "history": history, "can_change": access.is_admin(request.user)},
    )


@require_POST
@login_required
def weight_change(request: HttpRequest, factor: str) -> HttpResponse:
    if factor not in FactorCode.values:
        raise Http404
    if not access.is_admin(request.user):
        raise PermissionDenied
    form = WeightForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the points (0 to 100) and the reason for the change."))
        return redirect("targeting:weight_list")
    _attempt(
        request,
        services.weight_change,
        _("Weight changed; the scores are being recomputed."),
        factor=factor,
        **form.cleaned_data,
    )
    return redirect("targeting:weight_list")


@require_GET
@login_required
def evaluation(request: HttpRequest) -> HttpResponse:
    rows = selection_yield(user=request.user)
    return render(request, "targeting/evaluation.html", {"rows": rows, "months": MONTHS})


# --- the team: leave and assignments ---------------------------------------------------------------


def _team_office(request: HttpRequest, data) -> Office:
    """The office whose team is shown: the head's own; an administrator names one (``office``)."""
    if access.is_admin(request.user):
        return access.get_for_user(Office.objects.all(), request.user, "change", pk=data.get("office") or 0)
    return _own_office(request)


def _to_team(office: Office, user) -> HttpResponse:
    response = redirect("targeting:team")
    if access.is_admin(user):
        response["Location"] += f"?office={office.pk}"
    return response


@require_GET
@login_required
def team(request: HttpRequest) -> HttpResponse:
    offices = None
    if access.is_admin(request.user):
        # An administrator keeps the office choice above the team, to switch to another office.
        offices = access.offices_for(request.user).order_by("name")
        if not request.GET.get("office"):
            return render(request, "targeting/team.html", {"offices": offices})
    office = _team_office(request, request.GET)
    today = timezone.localdate(timezone=office.zone)
    return render(
        request,
        "targeting/team.html",
        {
            "offices": offices,
            "office": office,
            "team": selectors.team(office=office, today=today),
            "districts": list(selectors.office_districts(office=office)),
            "today": today,
        },
    )


def _team_add(request: HttpRequest, form_class, service, invalid: str, success: str) -> HttpResponse:
    office = _team_office(request, request.POST)
    form = form_class(request.POST)
    if form.is_valid():
        _attempt(request, service, success, office=office, **form.cleaned_data)
    else:
        messages.error(request, invalid)
    return _to_team(office, request.user)


def _team_remove(request: HttpRequest, model, pk: int, service, success: str) -> HttpResponse:
    row = access.get_for_user(model.objects.select_related("inspector__office"), request.user, "change", pk=pk)
    services.require_head(request.user, row.inspector.office_id)
    _attempt(request, service, success, **{model._meta.model_name: row})
    return _to_team(row.inspector.office, request.user)


@require_POST
@login_required
def leave_add(request: HttpRequest) -> HttpResponse:
    return _team_add(
        request, LeaveForm, services.leave_add,
        _("Choose the inspector and give the first and the last day."),
        _("Leave recorded; the next plan you propose counts it."),
    )  # fmt: skip


@require_POST
@login_required
def leave_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _team_remove(request, Leave, pk, services.leave_remove, _("Leave removed."))


@require_POST
@login_required
def assignment_add(request: HttpRequest) -> HttpResponse:
    return _team_add(
        request, AssignmentForm, services.assignment_add,
        _("Choose the inspector and a district or a KBLI group."),
        _("Assignment saved; the next plan you propose follows it."),
    )  # fmt: skip


@require_POST
@login_required
def assignment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _team_remove(request, Assignment, pk, services.assignment_remove, _("Assignment removed."))

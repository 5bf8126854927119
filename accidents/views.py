"""The accident and occupational disease pages: list, record, detail and its actions; hours worked; rates."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inspections.models import Inspection
from inspections.views._common import _messages_of
from inspectorate import access
from inspectorate.models import Company
from inspectorate.pagination import PreparedRows
from reporting.figures import accidents as figures

from . import selectors, services
from .confidentiality import CONFIDENTIAL, names_for, worker_name_for
from .definitions import late_q
from .forms import (
    AccidentForm,
    DiseaseForm,
    EmployerReportForm,
    HoursForm,
    InjuredFormSet,
    LinkVisitForm,
    OpenVisitForm,
    OutcomeForm,
    in_zone,
)
from .models import Accident, HoursWorked, InjuredPerson, OccupationalDisease

PAGE_SIZE = 25


def _companies(request: HttpRequest):
    return access.restrict(Company.objects.select_related("district__office"), request.user, "change").order_by("name")


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _accident(request: HttpRequest, pk: int, action: str = "view") -> Accident:
    return access.get_for_user(
        Accident.objects.select_related(
            "office", "company", "deviation", "contact", "agent", "inspection", "late_finding", "created_by"
        ),
        request.user,
        action,
        pk=pk,
    )


@require_GET
@login_required
def accident_list(request: HttpRequest) -> HttpResponse:
    query = {}
    late, company = request.GET.get("late") == "1", request.GET.get("company", "")
    if not late and not company.isdigit():
        # The list as it opens: counted and paged by queries built once (inspectorate.prepared).
        accidents = PreparedRows(Accident, selectors.list_rows, selectors.list_count, request.user)
    else:
        accidents = access.restrict(selectors.list_rows(), request.user)
    if late:
        accidents = accidents.filter(late_q(timezone.now()))
        query["late"] = "1"
    if company.isdigit():  # the company page's link; the list is already scoped
        accidents = accidents.filter(company_id=int(company))
        query["company"] = company
    page = Paginator(accidents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accidents/accident_list.html",
        {"page": page, "now": timezone.now(), "late_only": late,
         "can_write": access.can_write(request.user), "query": urlencode(query), "company_filter": company.isdigit()},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def accident_create(request: HttpRequest) -> HttpResponse:
    if not access.can_write(request.user):
        raise Http404
    companies = _companies(request)
    initial = {"company": request.GET.get("company")} if request.GET.get("company", "").isdigit() else {}
    form = AccidentForm(request.POST or None, companies=companies, initial=initial)
    people = InjuredFormSet(request.POST or None, prefix="injured")
    if request.method == "POST" and form.is_valid() and people.is_valid():
        data = form.cleaned_data
        try:
            accident = services.accident_create(
                actor=request.user,
                injured=[p.cleaned_data for p in people.forms if p.cleaned_data],
                **{name: data[name] for name in AccidentForm.base_fields},
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Accident %(reference)s recorded.") % {"reference": accident.reference})
            return redirect("accidents:accident_detail", pk=accident.pk)
    status = 400 if form.is_bound and (form.errors or people.total_error_count()) else 200
    return render(request, "accidents/accident_form.html", {"form": form, "people": people}, status=status)


@require_GET
@login_required
def accident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    accident = _accident(request, pk)
    people = list(
        InjuredPerson.objects.filter(accident=accident).select_related(
            "occupation", "employment_status", "injury", "body_part"
        )
    )
    names = names_for(user=request.user, accident=accident, people=people, request=request, via="page")
    for number, p in enumerate(people, start=1):
        p.shown_name = names[p.pk] if names is not None else CONFIDENTIAL
        p.number = number
    now = timezone.now()
    writable = access.can(request.user, "change", accident)
    return render(
        request,
        "accidents/accident_detail.html",
        {
            "accident": accident,
            "people": people,
            "names_visible": names is not None,
            "late": accident.is_late(now),
            "fatal": sum(1 for p in people if p.fatal),
            "days_lost": sum(p.days_lost for p in people),
            "writable": writable,
            "outcome_forms": [(p, _outcome_form(p)) for p in people] if writable else [],
            "open_form": OpenVisitForm(initial={"planned_date": timezone.localdate(now, accident.office.zone)}),
            "link_form": _link_form(request, accident) if writable and not accident.inspection_id else None,
            "report_form": EmployerReportForm(),
        },
    )


@require_POST
@login_required
def accident_open_visit(request: HttpRequest, pk: int) -> HttpResponse:
    accident = _accident(request, pk, "change")
    form = OpenVisitForm(request.POST)
    if form.is_valid():
        try:
            inspection = services.accident_open_visit(
                accident=accident, actor=request.user, planned_date=form.cleaned_data["planned_date"]
            )
        except ValidationError as exc:
            for text in _messages_of(exc):
                messages.error(request, text)
        else:
            messages.success(request, _("Visit %(reference)s planned.") % {"reference": inspection.reference})
    else:
        messages.error(request, _("Choose the planned date."))
    return redirect("accidents:accident_detail", pk=accident.pk)


def _outcome_form(person: InjuredPerson) -> OutcomeForm:
    initial = {name: getattr(person, name) for name in OutcomeForm.base_fields}
    return OutcomeForm(initial=initial, auto_id=f"id_outcome_{person.pk}_%s")


@require_POST
@login_required
def accident_injured_outcome(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    accident = _accident(request, pk, "change")
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the days lost as a whole number, 0 or more."))
        return redirect("accidents:accident_detail", pk=accident.pk)
    success = _("The injured person's outcome is updated.")
    return _act(request, accident, services.injured_outcome_update, success, person_id=person_pk, **form.cleaned_data)


def _act(request: HttpRequest, accident: Accident, service, success: str, **values) -> HttpResponse:
    """Run an accident's action (``service``); its refusal or ``success`` as a message, back to its page."""
    try:
        service(accident=accident, actor=request.user, **values)
    except ValidationError as exc:
        for text in _messages_of(exc):
            messages.error(request, text)
    else:
        messages.success(request, success)
    return redirect("accidents:accident_detail", pk=accident.pk)


def _linkable_visits(request: HttpRequest, accident: Accident):
    """Visits to the accident's company the user may change, the latest planned first."""
    visits = Inspection.objects.filter(company_id=accident.company_id).order_by("-planned_date", "-pk")
    return access.restrict(visits, request.user, "change")


def _link_form(request: HttpRequest, accident: Accident) -> LinkVisitForm | None:
    """The form that links an existing visit, or None when the company has no visit to link."""
    visits = _linkable_visits(request, accident)
    return LinkVisitForm(visits=visits, auto_id="id_link_%s") if visits.exists() else None


@require_POST
@login_required
def accident_link_visit(request: HttpRequest, pk: int) -> HttpResponse:
    accident = _accident(request, pk, "change")
    form = LinkVisitForm(request.POST, visits=_linkable_visits(request, accident))
    if not form.is_valid():
        messages.error(request, _("Choose one of the company's visits."))
        return redirect("accidents:accident_detail", pk=accident.pk)
    visit = form.cleaned_data["inspection"]
    success = _("Visit %(reference)s linked as the investigation.") % {"reference": visit.reference}
    return _act(request, accident, services.accident_link_visit, success, inspection=visit)


@require_POST
@login_required
def accident_employer_report(request: HttpRequest, pk: int) -> HttpResponse:
    accident = _accident(request, pk, "change")
    form = EmployerReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the time the report was received."))
        return redirect("accidents:accident_detail", pk=accident.pk)
    received_at = in_zone(form.cleaned_data["received_at"], accident.office.zone)
    success = _("The employer's report is recorded.")
    return _act(request, accident, services.accident_record_employer_report, success, received_at=received_at)


@require_POST
@login_required
def accident_late_finding(request: HttpRequest, pk: int) -> HttpResponse:
    accident = _accident(request, pk, "change")
    success = _("The late report is recorded as a finding on the visit.")
    return _act(request, accident, services.accident_late_finding, success)


@require_GET
@login_required
def disease_list(request: HttpRequest) -> HttpResponse:
    cases = access.restrict(
        OccupationalDisease.objects.select_related("office", "company", "disease"), request.user
    ).order_by("-diagnosed_on", "-pk")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accidents/disease_list.html",
        {"page": page, "can_write": access.can_write(request.user), "query": ""},
    )


@require_http_methods(["GET", "POST"])
@login_required
def disease_create(request: HttpRequest) -> HttpResponse:
    if not access.can_write(request.user):
        raise Http404
    form = DiseaseForm(request.POST or None, companies=_companies(request))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.disease_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Case %(reference)s recorded.") % {"reference": case.reference})
            return redirect("accidents:disease_detail", pk=case.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "accidents/disease_form.html", {"form": form}, status=status)


@require_GET
@login_required
def disease_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_for_user(
        OccupationalDisease.objects.select_related("office", "company", "disease", "created_by"), request.user, pk=pk
    )
    name = worker_name_for(user=request.user, case=case, request=request, via="page")
    return render(
        request,
        "accidents/disease_detail.html",
        {"case": case, "worker_name": name if name is not None else CONFIDENTIAL},
    )


@require_http_methods(["GET", "POST"])
@login_required
def hours_edit(request: HttpRequest) -> HttpResponse:
    if not access.can_write(request.user):
        raise Http404
    initial = {"year": timezone.localdate().year - 1}
    if request.GET.get("company", "").isdigit():
        initial["company"] = request.GET["company"]
    form = HoursForm(request.POST or None, companies=_companies(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Hours worked saved."))
            return redirect("accidents:rates")
    rows = access.restrict(HoursWorked.objects.select_related("company"), request.user).order_by("-year", "company")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "accidents/hours_form.html", {"form": form, "page": page, "query": ""}, status=status)


@require_GET
@login_required
def rates(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year)
    by = request.GET.get("by", "company")
    if by not in figures.GROUPS:
        by = "company"
    offices = access.offices_for(request.user)
    rows = figures.rates(year=year, by=by, offices=offices)
    rows = [r for r in rows if r.cases or by != "company"]
    return render(
        request,
        "accidents/rates.html",
        {
            "rows": rows,
            "year": year,
            "by": by,
            "groups": _group_labels(),
            "years": range(today.year, today.year - 6, -1),
        },
    )


def _group_labels() -> list[tuple[str, str]]:
    return [("company", _("Company")), ("office", _("Office")), ("region", _("Region")), ("sector", _("Sector (KBLI)"))]

"""The management area (/manage/): administrators keep the organisation and its reference data.

Administrators only (access.is_admin); anyone else gets a 404, as for the audit trail. Every
page is a small function around one service; state changes are POST only.
"""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accidents import services as accident_services
from accidents.models import Code as AccidentCode
from complaints import services as complaint_services
from complaints.models import Category
from inspections import services as inspection_services
from inspections.models import LegalProvision
from socialsecurity import services as bpjs_services
from socialsecurity.models import MinimumWage, WorkforceEstimate

from . import access, services
from .choices import ImportStatus, Role
from .forms import CompanyImportForm, DistrictForm, OfficeForm, RegionForm, StaffForm, StyledMixin
from .models import CompanyImport, District, Office, Region, Staff

PAGE_SIZE = 50


def _require_admin(request: HttpRequest) -> None:
    if not access.is_admin(request.user):
        raise Http404


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {"manage_sections": SECTIONS.values(), **context}, status=status)


def _add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# ---------------------------------------------------------------------------------------------
# reference data: one list and one form page per kind, each writing through its own service


class ProvisionForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = LegalProvision
        fields = ["act", "article", "title", "category", "is_active"]


class CategoryForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "position"]
        labels = {"position": _("Position in lists")}


class MinimumWageForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = MinimumWage
        fields = ["district", "year", "amount", "decree"]


class WorkforceForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = WorkforceEstimate
        fields = ["district", "year", "formal_workers", "informal_workers", "source"]


class WorkforceImportForm(StyledMixin, forms.Form):
    file = forms.FileField(
        label=_("Workforce estimates file (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class AccidentCodeForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = AccidentCode
        fields = ["variable", "code", "name_id", "name_en", "position", "is_active"]


@dataclass(frozen=True)
class Section:
    """One kind of reference data in the management area."""

    slug: str
    title: Any
    model: type[Model]
    form: type[forms.ModelForm]
    create: Any
    update: Any
    update_arg: str
    columns: list[tuple[Any, str]]
    queryset: Any = None
    search: tuple[str, ...] = ()
    filters: dict = field(default_factory=dict)
    import_url: str = ""  # the URL name of the section's file import, if it has one

    def objects(self) -> QuerySet:
        return self.queryset() if self.queryset else self.model._default_manager.all()


SECTIONS = {
    s.slug: s
    for s in [
        Section(
            "regions", _("Regions"), Region, RegionForm, services.region_create, services.region_update, "region",
            [(_("Code"), "code"), (_("Name"), "name"), (_("Offices"), "office_count")],
            queryset=lambda: Region.objects.annotate(office_count=Count("offices")).order_by("code"),
            search=("code", "name"),
        ),
        Section(
            "districts", _("Districts"), District, DistrictForm, services.district_create, services.district_update,
            "district",
            [(_("Code"), "code"), (_("Name"), "name"), (_("Region"), "region"), (_("Serving office"), "office")],
            queryset=lambda: District.objects.select_related("region", "office"),
            search=("code", "name"),
        ),
        Section(
            "offices", _("Offices"), Office, OfficeForm, services.office_create, services.office_update, "office",
            [(_("Code"), "code"), (_("Name"), "name"), (_("Region"), "region"), (_("Time zone"), "time_zone"),
             (_("Monthly quota"), "monthly_quota")],
            queryset=lambda: Office.objects.select_related("region"),
            search=("code", "name"),
        ),
        Section(
            "provisions", _("Legal provisions"), LegalProvision, ProvisionForm, inspection_services.provision_create,
            inspection_services.provision_update, "provision",
            [(_("Act"), "act"), (_("Article"), "article"), (_("Subject"), "title"),
             (_("Norm category"), "get_category_display"), (_("In use"), "is_active")],
            search=("act", "article", "title"),
        ),
        Section(
            "categories", _("Complaint categories"), Category, CategoryForm, complaint_services.category_create,
            complaint_services.category_update, "category",
            [(_("Category"), "get_code_display"), (_("Position in lists"), "position")],
        ),
        Section(
            "minimum-wages", _("Minimum wages (UMK/UMP)"), MinimumWage, MinimumWageForm,
            bpjs_services.minimum_wage_create, bpjs_services.minimum_wage_update, "minimum_wage",
            [(_("District"), "district"), (_("Year"), "year"), (_("Monthly minimum wage (Rp)"), "amount"),
             (_("Decree"), "decree")],
            queryset=lambda: MinimumWage.objects.select_related("district"),
            search=("district__name", "decree"),
        ),
        Section(
            "workforce-estimates", _("Workforce estimates"), WorkforceEstimate, WorkforceForm,
            bpjs_services.workforce_create, bpjs_services.workforce_update, "workforce",
            [(_("District"), "district"), (_("Year"), "year"), (_("Formal workers"), "formal_workers"),
             (_("Informal workers"), "informal_workers"), (_("Source"), "source")],
            queryset=lambda: WorkforceEstimate.objects.select_related("district"),
            search=("district__name", "source"),
            import_url="manage:workforce_import",
        ),
        Section(
            "accident-codes", _("Accident and disease code lists"), AccidentCode, AccidentCodeForm,
            accident_services.code_create, accident_services.code_update, "item",
            [(_("Code list"), "get_variable_display"), (_("Code"), "code"), (_("Name (Indonesian)"), "name_id"),
             (_("Name (English)"), "name_en"), (_("In use"), "is_active")],
            search=("code", "name_id", "name_en"),
        ),
    ]
}  # fmt: skip


def _section(slug: str) -> Section:
    try:
        return SECTIONS[slug]
    except KeyError:
        raise Http404 from None


@require_GET
@login_required
def manage_index(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    return _render(request, "inspectorate/manage/index.html", {"sections": SECTIONS.values()})


@require_GET
@login_required
def reference_list(request: HttpRequest, kind: str) -> HttpResponse:
    _require_admin(request)
    section = _section(kind)
    objects = section.objects()
    q = request.GET.get("q", "").strip()[:100]
    if q and section.search:
        condition = Q()
        for name in section.search:
            condition |= Q(**{f"{name}__icontains": q})
        objects = objects.filter(condition)
    page = Paginator(objects, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(obj, [_cell(obj, attr) for _label, attr in section.columns]) for obj in page.object_list]
    return _render(
        request,
        "inspectorate/manage/reference_list.html",
        {"section": section, "page": page, "rows": rows, "q": q, "query": f"q={q}" if q else ""},
    )


def _cell(obj: Model, attr: str) -> Any:
    value = getattr(obj, attr)
    return value() if callable(value) else value


@require_http_methods(["GET", "POST"])
@login_required
def reference_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    _require_admin(request)
    section = _section(kind)
    instance = get_object_or_404(section.model, pk=pk) if pk is not None else None
    form = section.form(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if instance is None:
                section.create(actor=request.user, **values)
            else:
                section.update(actor=request.user, **{section.update_arg: instance}, **values)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("manage:reference_list", kind=kind)
    status = 400 if form.is_bound and form.errors else 200
    return _render(
        request,
        "inspectorate/manage/reference_form.html",
        {"section": section, "form": form, "object": instance},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def workforce_import(request: HttpRequest) -> HttpResponse:
    """Workforce estimates from a file: the good lines are applied, the bad ones listed with their reason."""
    _require_admin(request)
    form = WorkforceImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = bpjs_services.workforce_import(actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            _add_errors(form, exc)
    status = 400 if form.is_bound and form.errors else 200
    return _render(
        request,
        "inspectorate/manage/workforce_import.html",
        {"form": form, "result": result, "section": SECTIONS["workforce-estimates"]},
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# staff


@require_GET
@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    staff = Staff.objects.select_related("office", "region").order_by("-is_active", "office__code", "username")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        staff = staff.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(nip__icontains=q)
        )
    role = request.GET.get("role", "")
    if role in Role.values:
        staff = staff.filter(role=role)
    office = request.GET.get("office", "")
    if office.isdigit():
        staff = staff.filter(office_id=int(office))
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "inspectorate/manage/staff_list.html",
        {
            "page": Paginator(staff, PAGE_SIZE).get_page(request.GET.get("page")),
            "q": q,
            "role": role,
            "office": office,
            "roles": Role.choices,
            "offices": Office.objects.only("id", "code", "name"),
            "query": query.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def staff_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = StaffForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        send_link = data.pop("send_password_link", False)
        try:
            staff = services.staff_create(actor=request.user, **data)
            if send_link:
                services.staff_send_password_reset(actor=request.user, staff=staff, request=request)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            text = _("Account %(username)s created.") % {"username": staff.username}
            if send_link:
                text += " " + _("A link to choose a password was sent to %(email)s.") % {"email": staff.email}
            messages.success(request, text)
            return redirect("manage:staff_update", pk=staff.pk)
    status = 400 if form.is_bound and form.errors else 200
    return _render(request, "inspectorate/manage/staff_form.html", {"form": form, "object": None}, status=status)


def _staff_for_admin(request: HttpRequest, pk: int) -> Staff:
    _require_admin(request)
    return get_object_or_404(Staff.objects.select_related("office", "region"), pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def staff_update(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _staff_for_admin(request, pk)
    form = StaffForm(request.POST or None, instance=staff)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(actor=request.user, staff=staff, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("manage:staff_update", pk=staff.pk)
    staff.refresh_from_db()  # the form wrote the posted values onto the instance
    status = 400 if form.is_bound and form.errors else 200
    return _render(request, "inspectorate/manage/staff_form.html", {"form": form, "object": staff}, status=status)


def _staff_action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    staff = _staff_for_admin(request, pk)
    try:
        action(staff)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, done % {"username": staff.username})
    return redirect("manage:staff_update", pk=staff.pk)


@require_POST
@login_required
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request, pk, lambda s: services.staff_deactivate(actor=request.user, staff=s),
        _("Account %(username)s deactivated: it can no longer log in."),
    )  # fmt: skip


@require_POST
@login_required
def staff_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request, pk, lambda s: services.staff_update(actor=request.user, staff=s, is_active=True),
        _("Account %(username)s active again."),
    )  # fmt: skip


@require_POST
@login_required
def staff_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request, pk, lambda s: services.staff_send_password_reset(actor=request.user, staff=s, request=request),
        _("A link to choose a new password was sent to %(username)s."),
    )  # fmt: skip


@require_POST
@login_required
def staff_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request, pk, lambda s: services.staff_unlock(actor=request.user, staff=s, request=request),
        _("Login lock of %(username)s lifted."),
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# company import


@require_http_methods(["GET", "POST"])
@login_required
def company_import_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = CompanyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.company_import_request(actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("manage:company_import_detail", pk=job.pk)
    status = 400 if form.is_bound and form.errors else 200
    recent = CompanyImport.objects.select_related("uploaded_by")[:10]
    from .imports import COLUMNS

    return _render(
        request,
        "inspectorate/manage/import_form.html",
        {"form": form, "recent": recent, "columns": COLUMNS},
        status=status,
    )


@require_GET
@login_required
def company_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    job = get_object_or_404(CompanyImport.objects.select_related("uploaded_by"), pk=pk)
    running = job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(
            {"status": job.status, "status_label": job.get_status_display(), "percent": job.percent,
             "rows_read": job.rows_read, "rows_total": job.rows_total, "running": running}
        )  # fmt: skip
    return _render(
        request,
        "inspectorate/manage/import_detail.html",
        {"job": job, "running": running, "status_url": reverse("manage:company_import_detail", args=[job.pk])},
    )

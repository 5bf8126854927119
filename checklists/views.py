"""The checklist of a visit, phone first: one section at a time, the photos and the draft findings."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from inspections.choices import Severity
from inspections.models import Inspection
from inspections.steps import INSPECTION_STEPS, inspection_roles
from inspections.views import messages_of
from inspectorate import access
from inspectorate.documents import pdf_response

from . import selectors, services
from .models import DraftFinding, Question, TemplateVersion, VisitChecklist


def _inspection(request: HttpRequest, pk: int, action: str = "change") -> Inspection:
    return access.get_for_user(Inspection.objects.select_related("office", "company"), request.user, action, pk=pk)


def _back(pk: int, section: int | None = None) -> HttpResponse:
    url = reverse("checklists:visit_checklist", args=[pk])
    return redirect(f"{url}?section={section}" if section is not None else url)


class StartForm(forms.Form):
    version = forms.ModelChoiceField(
        queryset=TemplateVersion.objects.filter(status="published"), label=gettext_lazy("Checklist")
    )


class PhotoForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput)
    section = forms.IntegerField(widget=forms.HiddenInput, required=False)
    photo = forms.ImageField(label=gettext_lazy("Photo"))


class DecisionForm(forms.Form):
    draft = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("confirm", "confirm"), ("dismiss", "dismiss")])
    description = forms.CharField(label=gettext_lazy("Description"), required=False, widget=forms.Textarea)
    severity = forms.ChoiceField(label=gettext_lazy("Severity"), choices=Severity.choices, initial=Severity.MEDIUM)
    reason = forms.CharField(label=gettext_lazy("Reason for dismissal"), required=False)


@require_GET
@login_required
def visit_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, pk)


def _render(request: HttpRequest, pk: int, status: int = 200) -> HttpResponse:
    inspection = _inspection(request, pk, "view")
    roles = inspection_roles(request.user, inspection)
    can_record = INSPECTION_STEPS["record"].open_to(roles) and inspection.status == "in_progress"
    try:
        index = max(int(request.GET.get("section", 0)), 0)
    except ValueError:
        index = 0
    context = {"inspection": inspection, "can_record": can_record, **selectors.visit_page(inspection, index)}
    if context["checklist"] is None and can_record:
        context["start_form"] = StartForm()
        context["start_form"].fields["version"].queryset = context["available"]
    context["severities"] = Severity.choices
    return render(request, "checklists/visit_checklist.html", context, status=status)


@require_POST
@login_required
def checklist_start(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a checklist."))
        return _render(request, pk, status=400)
    try:
        services.checklist_start(inspection=inspection, actor=request.user, version=form.cleaned_data["version"])
    except ValidationError as exc:
        for text in messages_of(exc):
            messages.error(request, text)
    return _back(pk, 0)


def _checklist(inspection: Inspection) -> VisitChecklist | None:
    return inspection.checklists.select_related("version").order_by("-started_at").first()


@require_POST
@login_required
def answers_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the answers of one section; each answer is saved on its own so a refused one loses no other."""
    inspection = _inspection(request, pk)
    checklist = _checklist(inspection)
    try:
        index = int(request.POST.get("section", ""))
    except ValueError:
        index = None
    if checklist is None or index is None:
        messages.error(request, _("Nothing to save."))
        return _render(request, pk, status=400)
    questions = Question.objects.filter(section__version=checklist.version).order_by("section__position", "position")
    saved, refused = 0, []
    for question in questions:
        value = request.POST.get(f"q{question.pk}")
        if value is None or value == "":
            continue
        try:
            services.answer_save(
                checklist=checklist, question=question, actor=request.user, value=value,
                note=request.POST.get(f"note{question.pk}", ""),
            )  # fmt: skip
            saved += 1
        except ValidationError as exc:
            refused += [f"{question.code}: {text}" for text in messages_of(exc)]
    for text in refused:
        messages.error(request, text)
    if saved:
        messages.success(request, _("Answers saved."))
    nxt = index + 1 if not refused and request.POST.get("next") else index
    return _back(pk, nxt)


@require_POST
@login_required
def answer_photo(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    checklist = _checklist(inspection)
    form = PhotoForm(request.POST, request.FILES)
    if checklist is None or not form.is_valid():
        messages.error(request, _("Choose a photo to add."))
        return _render(request, pk, status=400)
    question = Question.objects.filter(pk=form.cleaned_data["question"], section__version=checklist.version).first()
    if question is None:
        messages.error(request, _("This question is not on the visit's checklist."))
        return _render(request, pk, status=400)
    try:
        services.answer_photo_add(
            checklist=checklist, question=question, actor=request.user, upload=form.cleaned_data["photo"]
        )
        messages.success(request, _("Photo added."))
    except ValidationError as exc:
        for text in messages_of(exc):
            messages.error(request, text)
    return _back(pk, form.cleaned_data.get("section") or 0)


@require_POST
@login_required
def draft_decide(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Confirm or dismiss the draft finding."))
        return _render(request, pk, status=400)
    draft = access.get_for_user(
        DraftFinding.objects.filter(answer__checklist__inspection=inspection), request.user, "change",
        pk=form.cleaned_data["draft"],
    )  # fmt: skip
    data = form.cleaned_data
    try:
        if data["decision"] == "confirm":
            services.draft_finding_confirm(
                draft=draft, actor=request.user, description=data["description"] or None, severity=data["severity"]
            )
            messages.success(request, _("Finding confirmed."))
        else:
            services.draft_finding_dismiss(draft=draft, actor=request.user, reason=data["reason"])
            messages.success(request, _("Draft finding dismissed."))
    except ValidationError as exc:
        for text in messages_of(exc):
            messages.error(request, text)
    return redirect(reverse("checklists:visit_checklist", args=[pk]) + "#drafts")


@require_GET
@login_required
def checklist_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from .documents import render_checklist_pdf

    inspection = _inspection(request, pk, "view")
    return pdf_response(render_checklist_pdf(inspection), f"{inspection.reference}-checklist.pdf")

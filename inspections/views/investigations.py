"""Pages of investigations: the investigation page, its steps and closing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inspectorate import access

from .. import selectors, services, steps
from ..forms import InvestigationCloseForm, InvestigationStepForm
from ..models import Investigation
from ._common import _attempt


@require_GET
@login_required
def investigation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    investigation = selectors.investigation_detail(user=request.user, pk=pk)
    user = request.user
    roles = steps.investigation_roles(user, investigation)
    actions = steps.available(steps.INVESTIGATION_STEPS, investigation.status, roles)
    return render(
        request,
        "inspections/investigation_detail.html",
        {
            "investigation": investigation,
            "actions": actions,
            "step_form": InvestigationStepForm(initial={"on": timezone.localdate(timezone=investigation.office.zone)}),
            "close_form": InvestigationCloseForm(),
        },
    )


def _investigation(request: HttpRequest, pk: int) -> Investigation:
    return access.get_for_user(Investigation.objects.all(), request.user, "change", pk=pk)


@require_POST
@login_required
def investigation_step_create(request: HttpRequest, pk: int) -> HttpResponse:
    investigation = _investigation(request, pk)
    form = InvestigationStepForm(request.POST)
    if form.is_valid():
        _attempt(
            request, services.investigation_step_add, _("Step added."), investigation=investigation, **form.cleaned_data
        )
    else:
        messages.error(request, _("Give the date and the step."))
    return redirect("inspections:investigation_detail", pk=pk)


@require_POST
@login_required
def investigation_close(request: HttpRequest, pk: int) -> HttpResponse:
    investigation = _investigation(request, pk)
    form = InvestigationCloseForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            services.investigation_close,
            _("Investigation closed."),
            investigation=investigation,
            outcome=form.cleaned_data["outcome"],
        )
    else:
        messages.error(request, _("Choose an outcome."))
    return redirect("inspections:investigation_detail", pk=pk)

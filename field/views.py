"""The field pages that work without signal, the conflict pages, and the PWA's manifest and service worker."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from inspections import steps
from inspections.choices import InspectionStatus
from inspections.forms import FieldNoteForm, FindingForm
from inspectorate import access

from . import selectors, services
from .choices import RESOLUTIONS_FOR, ConflictStatus, Resolution
from .forms import ConflictResolveForm

PAGE_SIZE = 25
OFFLINE_DAYS = dt.timedelta(days=14)
# Bump when the cached shell (scripts, styles) must be fetched anew by every device.
SHELL_VERSION = "2"


@require_GET
@login_required
def field_home(request: HttpRequest) -> HttpResponse:
    visits = selectors.field_visits(user=request.user, today=timezone.localdate(), days=OFFLINE_DAYS)
    visits = list(visits[: selectors.KEPT_VISITS])
    conflicts = selectors.open_conflicts(user=request.user).count()
    context = {"visits": visits, "conflict_count": conflicts, "texts": field_texts()}
    return render(request, "field/field_home.html", context)


@require_GET
@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.field_visit(user=request.user, pk=pk)
    team = list(inspection.team.all())
    roles = steps.inspection_roles(request.user, inspection, team_ids={m.pk for m in team})
    actions = steps.available(steps.INSPECTION_STEPS, inspection.status, roles)
    writable = access.can_write(request.user) and (actions["start"] or actions["record"])
    # Planned visits show their record forms once the start is queued, so a visit can run without signal.
    may_record = writable and steps.INSPECTION_STEPS["record"].open_to(roles)
    may_report = writable and steps.INSPECTION_STEPS["report"].open_to(roles)
    with timezone.override(inspection.office.zone):
        context = {
            "inspection": inspection,
            "team": team,
            "actions": actions,
            "writable": writable,
            "may_record": may_record and actions["record"],
            "may_report": may_report,
            "open_conflicts": selectors.open_conflicts(user=request.user).filter(inspection=inspection).count(),
            "texts": field_texts(),
            "findings": selectors.visit_findings(inspection=inspection),
            "previous_findings": selectors.previous_open_findings(user=request.user, inspection=inspection),
            "open_notices": selectors.open_notices(user=request.user, inspection=inspection),
            "checklist": selectors.visit_checklist(inspection=inspection),
            "note_form": FieldNoteForm(),
            "finding_form": FindingForm(),
            "zone": inspection.office.time_zone,
            "locked": inspection.status not in (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS),
        }
        return render(request, "field/visit.html", context)


def field_texts() -> dict:
    """What static/js/field.js says, in the reader's language ({n} is a number)."""
    return {
        "waiting": _("{n} changes waiting to be sent"),
        "waiting_one": _("1 change waiting to be sent"),
        "saved": _("All saved"),
        "offline": _("No signal: changes are kept on this device"),
        "sending": _("Sending…"),
        "conflict": _("Conflict: resolve"),
        "login": _("Session ended: log in again to send {n} changes; they stay on this device"),
        "refused": _("Refused by the server"),
        "pending": _("Waiting to be sent"),
        "started": _("Visit start waiting to be sent"),
        "reported": _("Report waiting to be sent"),
        "discard": _("Discard"),
        "discard_confirm": _("Discard this change from the device? It was not saved on the server."),
        "resized": _("resized to"),
        "change_waiting": _("Change waiting to be sent"),
        "not_a_photo": _("This file is not a photo this device can read."),
        "checklist_started": _("Checklist start waiting to be sent"),
        "answer_photo": _("Photo for the answer"),
        "answers": {"yes": _("Yes"), "no": _("No"), "na": _("N/A")},
    }


@require_GET
@login_required
def conflict_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.open_conflicts(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "conflicts": page.object_list, "texts": field_texts()}
    return render(request, "field/conflict_list.html", context)


def _conflict_context(request: HttpRequest, pk: int, form=None) -> dict:
    conflict = selectors.conflict_detail(user=request.user, pk=pk)
    inspection = conflict.inspection
    source = next(obj for obj in (conflict.answer, conflict.finding, inspection) if obj is not None)
    current = {name: selectors.current_value(source, name) for name in conflict.offered}
    rows = [
        {
            "name": name,
            "label": selectors.field_label(source, name),
            "then": conflict.server.get(name, ""),
            "now": current[name],
            "offered": offered,
        }
        for name, offered in conflict.offered.items()
    ]
    seen = source.version if source is not inspection else None
    open_ = conflict.status == ConflictStatus.OPEN
    may = open_ and access.can_write(request.user) and services.may_resolve(request.user, conflict)
    choices = RESOLUTIONS_FOR[conflict.reason]
    return {
        "conflict": conflict,
        "inspection": inspection,
        "rows": rows,
        "may_resolve": may,
        "form": form or ConflictResolveForm(choices=choices, rows=rows, seen=seen),
        "resolutions": [(value, Resolution(value).label) for value in choices],
        "texts": field_texts(),
    }


@require_GET
@login_required
def conflict_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "field/conflict_detail.html", _conflict_context(request, pk))


@require_POST
@login_required
def conflict_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    context = _conflict_context(request, pk)
    conflict = context["conflict"]
    if not context["may_resolve"]:
        raise PermissionDenied
    form = ConflictResolveForm(
        request.POST, choices=RESOLUTIONS_FOR[conflict.reason], rows=context["rows"], seen=context["form"].seen
    )
    if form.is_valid():
        try:
            services.conflict_resolve(
                actor=request.user,
                conflict=conflict,
                resolution=form.cleaned_data["resolution"],
                values=form.edited_values(),
                seen=form.cleaned_data.get("seen_version") or form.seen_values(),
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
            return redirect("field:conflict_detail", pk=conflict.pk)
        messages.success(request, _("Conflict resolved; the visit's history keeps both values."))
        return redirect("field:visit", pk=conflict.inspection_id)
    context["form"] = form
    return render(request, "field/conflict_detail.html", context, status=400)


@never_cache
@require_GET
def session_state(request: HttpRequest) -> JsonResponse:
    """For the outbox before a replay: is the session alive, and the CSRF token to send (never cached)."""
    user = request.user
    if not user.is_authenticated:
        return JsonResponse({"authenticated": False, "login_url": reverse("account_login")})
    return JsonResponse({"authenticated": True, "user": user.pk, "csrf_token": get_token(request)})


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "field/offline.html")


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: installable on Android, scoped to the field pages."""
    data = {
        "name": _("Inspectorate field work"),
        "short_name": _("Field work"),
        "description": _("Visits, notes, findings and photos, also without signal."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("field:home"),
        "scope": reverse("field:home"),
        "id": reverse("field:home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0d6efd",
        "icons": [
            {"src": static("field/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("field/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("field/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "field/sw.js",
        {"version": SHELL_VERSION, "offline_url": reverse("field:offline")},
        content_type="application/javascript",
    )
    # The browser checks for a new worker on each navigation; it must not keep an old one.
    response["Cache-Control"] = "no-cache"
    return response

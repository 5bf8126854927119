"""Pages of complaints: the public intake and tracking, the staff work queue, detail and actions."""

import csv
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.choices import Action
from audit.services import record as audit_record
from inspectorate import access
from inspectorate.choices import Role

from . import confidentiality, ratelimit, selectors, services
from .choices import ALLOWED_TRANSITIONS, PUBLIC_STATUS_TEXT, Channel, Status
from .filters import ComplaintFilter
from .forms import (
    TOKEN_RE,
    AssignForm,
    AttachForm,
    CloseForm,
    DuplicateForm,
    NoteForm,
    PublicComplaintForm,
    ReopenForm,
    ResolveForm,
    StaffComplaintForm,
    TrackForm,
    TriageForm,
    new_submission_token,
)
from .models import Complaint, ComplaintAttachment

PAGE_SIZE = 25
RECEIPT_SECONDS = 15 * 60  # how long a replayed form may show the tracking code again
TRACK_LIMIT, TRACK_WINDOW = 10, 10 * 60
SEARCH_LIMIT, SEARCH_WINDOW = 60, 60
SUBMIT_LIMIT, SUBMIT_WINDOW = 20, 60 * 60


# --- public pages (no login) ------------------------------------------------------------


def _remember_code(request, token: str, code: str) -> None:
    receipts = {k: v for k, v in request.session.get("complaint_receipts", {}).items() if v[1] > time.time()}
    receipts[token] = (code, time.time() + RECEIPT_SECONDS)
    request.session["complaint_receipts"] = receipts


def _recall_code(request, token: str) -> str | None:
    entry = request.session.get("complaint_receipts", {}).get(token)
    if entry and entry[1] > time.time():
        return entry[0]
    return None


def _receipt(request, complaint: Complaint, code: str | None, replay: bool) -> HttpResponse:
    return render(
        request,
        "complaints/public_receipt.html",
        {"complaint": complaint, "tracking_code": code, "replay": replay},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def public_complaint_create(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = PublicComplaintForm(initial={"submission_token": new_submission_token()})
        return render(request, "complaints/public_complaint_form.html", {"form": form})

    token = request.POST.get("submission_token", "")
    token = token if TOKEN_RE.match(token) else ""
    existing = Complaint.objects.select_related("office").filter(submission_token=token).first() if token else None
    if existing is not None:
        # The same form sent twice (double tap, reload): the first answer again, nothing new.
        return _receipt(request, existing, _recall_code(request, token), replay=True)
    if not ratelimit.hit(scope="complaint-submit", request=request, limit=SUBMIT_LIMIT, window=SUBMIT_WINDOW):
        messages.error(request, _("Too many complaints from this connection. Please try again later."))
        form = PublicComplaintForm(initial={"submission_token": token})
        return render(request, "complaints/public_complaint_form.html", {"form": form}, status=429)
    form = PublicComplaintForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            intake = services.complaint_create(
                channel=Channel.ONLINE, submission_token=form.cleaned_data["submission_token"], **form.service_kwargs()
            )
        except IntegrityError:
            existing = Complaint.objects.select_related("office").filter(submission_token=token).first()
            if existing is None:
                raise
            return _receipt(request, existing, _recall_code(request, token), replay=True)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            _remember_code(request, token, intake.tracking_code)
            return _receipt(request, intake.complaint, intake.tracking_code, replay=False)
    if "submission_token" in form.errors:
        # Keep what was typed, with a fresh token.
        data = request.POST.copy()
        data["submission_token"] = new_submission_token()
        form = PublicComplaintForm(data)
        form.is_valid()
        form.add_error(None, _("The form has expired; please check it and send it again."))
    return render(request, "complaints/public_complaint_form.html", {"form": form}, status=400)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@never_cache
@require_http_methods(["GET", "POST"])
def public_track(request: HttpRequest) -> HttpResponse:
    context: dict = {"form": TrackForm()}
    status = 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        context["form"] = form
        if not ratelimit.hit(scope="complaint-track", request=request, limit=TRACK_LIMIT, window=TRACK_WINDOW):
            context["error"] = _("Too many attempts from this connection. Please try again later.")
            status = 429
        elif form.is_valid():
            complaint = selectors.complaint_by_tracking_code(
                code_hash=services.hash_tracking_code(form.cleaned_data["code"])
            )
            if complaint is None:
                context["error"] = _("No complaint matches this code. Check the code and try again.")
            else:
                context["result"] = {
                    "text": PUBLIC_STATUS_TEXT[complaint.status],
                    "changed": complaint.status_changed_at,
                }
                context["form"] = TrackForm()
        else:
            context["error"] = _("No complaint matches this code. Check the code and try again.")
    return render(request, "complaints/public_track.html", context, status=status)


@require_GET
def public_company_search(request: HttpRequest) -> JsonResponse:
    if not ratelimit.hit(scope="company-search", request=request, limit=SEARCH_LIMIT, window=SEARCH_WINDOW):
        return JsonResponse({"error": _("Too many searches. Please wait a minute.")}, status=429)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    district = request.GET.get("district", "")
    results = []
    if len(query) >= 3:
        results = selectors.public_company_search(
            query=query, district_id=int(district) if district.isdigit() else None
        )
    return JsonResponse({"results": results})


# --- staff pages ------------------------------------------------------------------------


def _triage_office_id(user) -> int | None:
    """The office whose queue this user triages from the list: office heads only."""
    return user.office_id if user.role == Role.OFFICE_HEAD and user.office_id else None


def _triage_queryset(user) -> QuerySet[Complaint]:
    return access.restrict(Complaint.objects.all(), user, "change").filter(
        office_id=_triage_office_id(user), status__in=selectors.TRIAGE_STATUSES
    )


def _paged_list(request, queryset, template: str, title: str) -> HttpResponse:
    inspectors = access.restrict(selectors.assignable_inspectors_all(), request.user)
    offices = access.offices_for(request.user).order_by("code")
    filterset = ComplaintFilter(request.GET, queryset=queryset, inspectors=inspectors, offices=offices)
    rows = filterset.qs
    if not request.GET.get("o"):
        rows = selectors.complaint_queue_order(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode(), "title": title}
    office_id = _triage_office_id(request.user)
    if office_id:
        context["triage_form"] = TriageForm(
            complaints=Complaint.objects.none(),
            inspectors=selectors.assignable_inspectors(office_id=office_id),
            auto_id="id_triage_%s",
        )
        context["triage_statuses"] = selectors.TRIAGE_STATUSES
    return render(request, template, context)


@require_POST
@login_required
def complaint_triage(request: HttpRequest) -> HttpResponse:
    """Screen and assign the ticked complaints of the queue to one inspector, all or nothing."""
    office_id = _triage_office_id(request.user)
    if office_id is None:
        raise PermissionDenied
    form = TriageForm(
        request.POST,
        complaints=_triage_queryset(request.user),
        inspectors=selectors.assignable_inspectors(office_id=office_id),
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        data = form.cleaned_data
        try:
            result = services.complaints_screen_and_assign(
                complaints=list(data["complaints"]), actor=request.user, assignee=data["assignee"], note=data["note"]
            )
        except services.ComplaintTransitionError as exc:
            messages.error(request, _("Nothing was changed. %(reason)s") % {"reason": " ".join(exc.messages)})
        else:
            references = ", ".join(c.reference for c in result.assigned)
            text = ngettext(
                "%(count)d complaint assigned to %(inspector)s: %(references)s.",
                "%(count)d complaints assigned to %(inspector)s: %(references)s.",
                len(result.assigned),
            ) % {"count": len(result.assigned), "inspector": data["assignee"], "references": references}
            if result.screened:
                text += " " + ngettext(
                    "%(count)d of them was screened first.",
                    "%(count)d of them were screened first.",
                    len(result.screened),
                ) % {"count": len(result.screened)}
            messages.success(request, text)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("complaints:complaint_list")
    return redirect(back)


@require_GET
@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    return _paged_list(
        request, selectors.complaint_list(user=request.user), "complaints/complaint_list.html", _("Complaints")
    )


@require_GET
@login_required
def my_complaints(request: HttpRequest) -> HttpResponse:
    return _paged_list(
        request, selectors.my_complaints(user=request.user), "complaints/complaint_list.html", _("My complaints")
    )


EXPORT_HEADER = (
    "reference",
    "received_at",
    "status",
    "channel",
    "office",
    "company",
    "categories",
    "workers_affected",
    "amount_claimed",
    "assigned_to",
    "due_date",
    "overdue",
    "outcome",
    "amount_recovered",
)


def _cell(value) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
@login_required
def complaint_export(request: HttpRequest) -> HttpResponse:
    """The filtered work queue as CSV. It never carries the complainant's identity or the description."""
    filterset = ComplaintFilter(
        request.GET, queryset=selectors.complaint_list(user=request.user), offices=access.offices_for(request.user)
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="complaints.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADER)
    rows = list(filterset.qs)
    # Which filters and how many rows, so the trail says what left the system (no identity in it).
    filters = sorted(key for key, value in request.GET.items() if value and key != "page")
    audit_record(
        action=Action.EXPORT,
        request=request,
        object_type="complaints.complaint",
        fields=EXPORT_HEADER,
        extra={"format": "csv", "rows": len(rows), "filters": filters},
    )
    for c in rows:
        writer.writerow(
            _cell(v)
            for v in (
                c.reference,
                c.received_at.astimezone(c.office.zone).isoformat(timespec="minutes"),
                c.status,
                c.channel,
                c.office.code,
                c.company_name,
                "|".join(cat.code for cat in c.categories.all()),
                c.workers_affected,
                c.amount_claimed,
                c.assigned_to.username if c.assigned_to else "",
                c.due_date,
                "yes" if c.overdue else "no",
                c.outcome,
                c.amount_recovered,
            )
        )
    return response


@require_http_methods(["GET", "POST"])
@login_required
def complaint_create(request: HttpRequest) -> HttpResponse:
    if not access.can_write(request.user):
        raise PermissionDenied
    form = StaffComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intake = services.complaint_create(
                channel=data["channel"],
                received_at=data["received_at"],
                created_by=request.user,
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Complaint %(reference)s recorded. Give the complainant this tracking code (shown once): %(code)s")
                % {"reference": intake.complaint.reference, "code": intake.tracking_code},
            )
            complaint = intake.complaint
            if access.can(request.user, "view", complaint):
                return redirect("complaints:complaint_detail", pk=complaint.pk)
            return redirect("complaints:complaint_list")
    return render(request, "complaints/complaint_form.html", {"form": form}, status=400 if form.errors else 200)


def _actions(user, complaint: Complaint) -> dict[str, bool]:
    allowed = ALLOWED_TRANSITIONS[complaint.status]
    status = complaint.status
    return {
        "screen": Status.SCREENED in allowed and services.may(user, complaint, "screen"),
        "assign": Status.ASSIGNED in allowed
        and status in (Status.SCREENED, Status.ASSIGNED)
        and services.may(user, complaint, "assign"),
        "start": Status.IN_PROGRESS in allowed and services.may(user, complaint, "start"),
        "resolve": Status.RESOLVED in allowed and services.may(user, complaint, "resolve"),
        "close": Status.CLOSED in allowed and services.may(user, complaint, "close"),
        "reject": Status.REJECTED in allowed and services.may(user, complaint, "reject"),
        "refer": Status.REFERRED in allowed and services.may(user, complaint, "refer"),
        "reopen": status in (Status.RESOLVED, Status.CLOSED) and services.may(user, complaint, "reopen"),
        "duplicate": status == Status.SCREENED and services.may(user, complaint, "duplicate"),
        "note": services.may(user, complaint, "note") and access.can_write(user),
    }


@require_GET
@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = access.get_for_user(selectors.complaint_detail_queryset(), request.user, pk=pk)
    actions = _actions(request.user, complaint)
    identity = confidentiality.identity_for(user=request.user, complaint=complaint, request=request, via="page")
    context = {
        "complaint": complaint,
        "identity": identity,
        "actions": actions,
        "any_action": any(actions.values()),
        "events": complaint.events.all(),
        "attachments": complaint.attachments.all(),
        "can_download": confidentiality.can_see_identity(request.user, complaint),
        **_visits_context(request.user, complaint),
    }
    # One form per action, each with its own field ids so every label points at its own field.
    forms = {name: NoteForm(auto_id=f"id_{name}_%s") for name in ("screen", "start", "reject", "refer", "note")}
    if actions["assign"] or actions["reopen"]:
        inspectors = selectors.assignable_inspectors(office_id=complaint.office_id)
        initial = {"assignee": complaint.assigned_to_id}
        forms["assign"] = AssignForm(inspectors=inspectors, initial=initial, auto_id="id_assign_%s")
        forms["reopen"] = ReopenForm(inspectors=inspectors, initial=initial, auto_id="id_reopen_%s")
    if complaint.status in (Status.RECEIVED, Status.SCREENED) and (actions["screen"] or actions["duplicate"]):
        duplicates = list(selectors.possible_duplicates(complaint=complaint))
        context["duplicates"] = duplicates
        forms["duplicate"] = DuplicateForm(candidates=duplicates, auto_id="id_duplicate_%s")
    forms["resolve"] = ResolveForm(auto_id="id_resolve_%s")
    forms["close"] = CloseForm(auto_id="id_close_%s")
    forms["attach"] = AttachForm(auto_id="id_attach_%s")
    context["forms"] = forms
    return render(request, "complaints/complaint_detail.html", context)


def _visits_context(user, complaint) -> dict:
    """The visits made for this complaint, whether their findings are all corrected, and the planning link."""
    # Imported here: the inspections app builds on complaints, not the other way round at import time.
    from inspections.selectors import complaint_findings_all_corrected

    visits = list(complaint.inspections.select_related("lead_inspector").order_by("planned_date", "pk"))
    return {
        "visits": visits,
        "findings_all_corrected": bool(visits) and complaint_findings_all_corrected(complaint),
        # The office head plans visits; the assigned inspector may plan one for themselves.
        "can_plan_visit": complaint.status in (Status.ASSIGNED, Status.IN_PROGRESS)
        and (services.may(user, complaint, "assign") or services.may(user, complaint, "start")),
    }


@require_GET
@login_required
def complaint_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    attachment = access.get_for_user(
        ComplaintAttachment.objects.select_related("complaint"), request.user, pk=attachment_pk, complaint_id=pk
    )
    # Evidence can reveal who complained: the same people who may see the identity may download it.
    if not confidentiality.can_see_identity(request.user, attachment.complaint):
        raise PermissionDenied
    confidentiality.record_sealed_reads(
        user=request.user, complaints=[attachment.complaint], request=request, via="attachment"
    )
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _act(request: HttpRequest, pk: int, form_class, perform, success: str, form_kwargs=None) -> HttpResponse:
    """The shape of every action: the complaint in scope, a valid form, one service, back to the page."""
    complaint = access.get_for_user(Complaint.objects.select_related("office"), request.user, "change", pk=pk)
    form = form_class(request.POST, request.FILES or None, **(form_kwargs(complaint) if form_kwargs else {}))
    if form.is_valid():
        try:
            perform(complaint, form.cleaned_data)
        except services.ComplaintTransitionError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, success)
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors))
    return redirect("complaints:complaint_detail", pk=pk)


def _inspectors(complaint):
    return {"inspectors": selectors.assignable_inspectors(office_id=complaint.office_id)}


@require_POST
@login_required
def complaint_screen(request, pk):
    return _act(
        request,
        pk,
        NoteForm,
        lambda c, d: services.complaint_screen(complaint=c, actor=request.user, note=d["note"]),
        _("The complaint is screened."),
    )


@require_POST
@login_required
def complaint_assign(request, pk):
    return _act(
        request,
        pk,
        AssignForm,
        lambda c, d: services.complaint_assign(complaint=c, actor=request.user, assignee=d["assignee"], note=d["note"]),
        _("The complaint is assigned."),
        _inspectors,
    )


@require_POST
@login_required
def complaint_start(request, pk):
    return _act(
        request,
        pk,
        NoteForm,
        lambda c, d: services.complaint_start(complaint=c, actor=request.user, note=d["note"]),
        _("Work on the complaint has started."),
    )


@require_POST
@login_required
def complaint_resolve(request, pk):
    return _act(
        request,
        pk,
        ResolveForm,
        lambda c, d: services.complaint_resolve(
            complaint=c,
            actor=request.user,
            outcome=d["outcome"],
            amount_recovered=d["amount_recovered"],
            note=d["note"],
        ),
        _("The complaint is resolved."),
    )


@require_POST
@login_required
def complaint_close(request, pk):
    return _act(
        request,
        pk,
        CloseForm,
        lambda c, d: services.complaint_close(complaint=c, actor=request.user, outcome=d["outcome"], note=d["note"]),
        _("The complaint is closed."),
    )


@require_POST
@login_required
def complaint_reject(request, pk):
    return _act(
        request,
        pk,
        NoteForm,
        lambda c, d: services.complaint_reject(complaint=c, actor=request.user, note=d["note"]),
        _("The complaint is rejected."),
    )


@require_POST
@login_required
def complaint_refer(request, pk):
    return _act(
        request,
        pk,
        NoteForm,
        lambda c, d: services.complaint_refer(complaint=c, actor=request.user, note=d["note"]),
        _("The complaint is referred."),
    )


@require_POST
@login_required
def complaint_reopen(request, pk):
    return _act(
        request,
        pk,
        ReopenForm,
        lambda c, d: services.complaint_reopen(complaint=c, actor=request.user, assignee=d["assignee"], note=d["note"]),
        _("The complaint is reopened."),
        _inspectors,
    )


@require_POST
@login_required
def complaint_mark_duplicate(request, pk):
    return _act(
        request,
        pk,
        DuplicateForm,
        lambda c, d: services.complaint_mark_duplicate(
            complaint=c, actor=request.user, original=d["original"], note=d["note"]
        ),
        _("The complaint is closed as a duplicate."),
        lambda c: {"candidates": list(selectors.possible_duplicates(complaint=c))},
    )


@require_POST
@login_required
def complaint_add_note(request, pk):
    return _act(
        request,
        pk,
        NoteForm,
        lambda c, d: services.complaint_add_note(complaint=c, actor=request.user, note=d["note"]),
        _("The note is added."),
    )


@require_POST
@login_required
def complaint_attach(request, pk):
    return _act(
        request,
        pk,
        AttachForm,
        lambda c, d: services.complaint_attach(complaint=c, actor=request.user, files=d["attachments"]),
        _("The files are attached."),
    )

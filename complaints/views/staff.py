"""Staff pages: the complaint queues, triage, export, the complaint page and its lifecycle steps."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.choices import Action
from audit.services import record as audit_record
from inspectorate import access, storage
from inspectorate.models import Staff
from inspectorate.pagination import TwoPartPaginator
from inspectorate.security.csrf import page_token
from inspectorate.selectors import offices_by_code

from .. import confidentiality, messaging, selectors, services, steps
from ..action_html import actions_html
from ..choices import Status
from ..filters import ComplaintFilter, all_categories
from ..forms import (
    AssignForm,
    AttachForm,
    CloseForm,
    DuplicateForm,
    NoteForm,
    ReopenForm,
    ResolveForm,
    StaffComplaintForm,
    StaffMessageForm,
    TriageForm,
)
from ..models import Complaint, ComplaintAttachment, ComplaintMessageAttachment
from ..queue_html import ROW_FIELDS, complaint_rows_html
from .public import _add_errors

PAGE_SIZE = 25


# The two work-queue lists: which complaints, the page title, and the URL of their CSV export.
QUEUES = {
    "all": (selectors.complaint_list, _lazy("Complaints"), "complaints:complaint_export"),
    "mine": (selectors.my_complaints, _lazy("My complaints"), "complaints:my_complaint_export"),
}


def _queue_filter(request, queue: str) -> ComplaintFilter:
    """The filtered work queue: one filterset for the list page and its CSV export alike."""
    inspectors = access.restricted_of(selectors.assignable_inspectors_all, request.user).only(*Staff.LABEL_FIELDS)
    offices = access.restricted_of(offices_by_code, request.user)
    select = QUEUES[queue][0]
    return ComplaintFilter(
        request.GET, queryset_of=lambda: select(user=request.user), inspectors=inspectors, offices=offices
    )


def _queue_rows(request, filterset: ComplaintFilter) -> QuerySet[Complaint]:
    """The queue's rows in the order asked for, or most urgent first (the list and its export alike)."""
    rows = filterset.qs
    if not request.GET.get("o"):
        rows = selectors.complaint_queue_order(rows)
    return rows


def _queue_paginator(request, filterset: ComplaintFilter, queue: str) -> Paginator:
    """The list's pages: in the order asked for, or the open complaints first, then the finished ones."""
    ordered = bool(request.GET.get("o"))
    if queue == "all" and not ordered and filterset.unfiltered():  # the queue as it opens: by prepared queries
        return TwoPartPaginator(*selectors.queue_as_it_opens(user=request.user), PAGE_SIZE)
    given = filterset.prepared_given() if queue == "all" else None
    if given is not None:  # filters a prepared query applies
        parts = selectors.queue_filtered(
            user=request.user, filterset_class=type(filterset), given=given, ordered=ordered
        )
        return Paginator(parts[0], PAGE_SIZE) if ordered else TwoPartPaginator(*parts, PAGE_SIZE)
    if ordered:
        return Paginator(_shown_columns(filterset.qs), PAGE_SIZE)
    return TwoPartPaginator(*selectors.complaint_queue_parts(_shown_columns(filterset.qs)), PAGE_SIZE)


def _shown_columns(rows: QuerySet[Complaint]) -> QuerySet[Complaint]:
    # Only the columns the rows show; their categories' names are read apart (complaint_category_names).
    return rows.prefetch_related(None).only(*ROW_FIELDS)


def _paged_list(request, queue: str) -> HttpResponse:
    filterset = _queue_filter(request, queue)
    # The selects' options by prepared queries, from the querysets _queue_filter validates against.
    filterset.show_options("inspector", selectors.assignable_inspectors_all, request.user)
    filterset.show_options("office", offices_by_code, request.user)
    filterset.show_options("category", all_categories, request.user)
    page = _queue_paginator(request, filterset, queue).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    _select, title, export_url = QUEUES[queue]
    context = {"filter": filterset, "page": page, "query": query.urlencode(), "title": title, "export_url": export_url}
    office_id = selectors.triage_office_id(request.user)
    if office_id:
        context["triage_form"] = TriageForm(
            complaints=Complaint.objects.none(),
            shown=selectors.assignable_inspector_options(office_id=office_id),
            auto_id="id_triage_%s",
        )
    context["rows_html"] = complaint_rows_html(
        page.object_list,
        categories=selectors.complaint_category_names(complaint_ids=[c.pk for c in page.object_list]),
        triage="triage_form" in context,
        triage_statuses=selectors.TRIAGE_STATUSES,
        office_id=request.user.office_id,
    )
    return render(request, "complaints/complaint_list.html", context)


@require_POST
@login_required
def complaint_triage(request: HttpRequest) -> HttpResponse:
    """Screen and assign the ticked complaints of the queue to one inspector, all or nothing."""
    office_id = selectors.triage_office_id(request.user)
    if office_id is None:
        raise PermissionDenied
    form = TriageForm(
        request.POST,
        complaints=selectors.triage_queryset(request.user),
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
    return _paged_list(request, "all")


@require_GET
@login_required
def my_complaints(request: HttpRequest) -> HttpResponse:
    return _paged_list(request, "mine")


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


def _export_header() -> list[str]:
    """The columns as the reader's language names them (the audit trail keeps the field names)."""
    names = {"overdue": _("overdue"), "office": _("office code"), "company": _("company")}
    # capfirst, not str.capitalize: that lowercases the rest ("Kode uptd", "(rp)").
    return [capfirst(str(names.get(name) or Complaint._meta.get_field(name).verbose_name)) for name in EXPORT_HEADER]


def _cell(value) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _applied_filters(filterset: ComplaintFilter) -> dict[str, str]:
    """The filters that narrowed the rows, as sent: a value the form rejected was not applied."""
    filterset.is_valid()
    cleaned = filterset.form.cleaned_data
    return {
        name: filterset.data[name]
        for name in filterset.filters
        if name in cleaned and cleaned[name] not in (None, "", [], ()) and filterset.data.get(name)
    }


@require_GET
@login_required
def complaint_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "all")


@require_GET
@login_required
def my_complaint_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "mine")


def _export(request: HttpRequest, queue: str) -> HttpResponse:
    """The filtered work queue as CSV. It never carries the complainant's identity or the description."""
    filterset = _queue_filter(request, queue)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="complaints.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    writer = csv.writer(response)
    writer.writerow(_export_header())
    rows = list(_queue_rows(request, filterset))
    # Which list, which filters and how many rows, so the trail says what left the system.
    audit_record(
        action=Action.EXPORT,
        request=request,
        object_type="complaints.complaint",
        fields=EXPORT_HEADER,
        extra={"format": "csv", "rows": len(rows), "list": queue, "filters": _applied_filters(filterset)},
    )
    for c in rows:
        writer.writerow(
            _cell(v)
            for v in (
                c.reference,
                c.received_at.astimezone(c.office.zone).isoformat(timespec="minutes"),
                c.get_status_display(),
                c.get_channel_display(),
                c.office.code,
                c.company_name,
                "|".join(str(cat) for cat in c.categories.all()),
                c.workers_affected,
                c.amount_claimed,
                c.assigned_to.username if c.assigned_to else "",
                c.due_date,
                _("yes") if c.overdue else _("no"),
                c.get_outcome_display() if c.outcome else "",
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
                staff_intake=True,
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
    """Which step buttons the page shows: exactly the steps the step map lets this user take now."""
    return steps.available(user, complaint)


@require_GET
@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, pk)


def _detail_page(request: HttpRequest, pk: int, refused: tuple[str, object] | None = None) -> HttpResponse:
    """The complaint's page; ``refused``: an action's form just refused, shown open with what was typed (400)."""
    complaint = access.get_prepared_for_user(Complaint, selectors.complaint_detail_queryset, request.user, pk)
    selectors.with_categories(complaint)
    actions = _actions(request.user, complaint)
    identity = confidentiality.identity_for(user=request.user, complaint=complaint, request=request, via="page")
    context = {
        "complaint": complaint,
        "identity": identity,
        "actions": actions,
        "any_action": any(actions.values()),
        "events": selectors.complaint_events(complaint_id=complaint.pk),
        "attachments": selectors.complaint_attachments(complaint_id=complaint.pk),
        "can_download": confidentiality.can_see_identity(request.user, complaint),
        # Sealed like the identity: None (not shown at all) for those who may not see it; read logged.
        "thread": messaging.messages_for(user=request.user, complaint=complaint, request=request, via="page"),
        **_visits_context(request.user, complaint),
    }
    # One form per action, each with its own field ids so every label points at its own field.
    forms = {name: NoteForm(auto_id=f"id_{name}_%s") for name in ("screen", "start", "reject", "refer", "note")}
    if actions["assign"] or actions["reopen"]:
        shown = selectors.assignable_inspector_options(office_id=complaint.office_id)  # both forms, one query
        initial = {"assignee": complaint.assigned_to_id}
        forms["assign"] = AssignForm(shown=shown, initial=initial, auto_id="id_assign_%s")
        forms["reopen"] = ReopenForm(shown=shown, initial=initial, auto_id="id_reopen_%s")
    if complaint.status in (Status.RECEIVED, Status.SCREENED) and (actions["screen"] or actions["duplicate"]):
        duplicates = list(selectors.possible_duplicates(complaint=complaint))
        context["duplicates"] = duplicates
        forms["duplicate"] = DuplicateForm(candidates=duplicates, auto_id="id_duplicate_%s")
    forms["resolve"] = ResolveForm(auto_id="id_resolve_%s")
    forms["close"] = CloseForm(auto_id="id_close_%s")
    forms["attach"] = AttachForm(auto_id="id_attach_%s")
    forms["message"] = StaffMessageForm(auto_id="id_message_%s")
    context["open_action"] = None
    if refused is not None:
        context["open_action"], forms[refused[0]] = refused
    context["forms"] = forms
    context["actions_html"] = actions_html(
        complaint=complaint,
        actions=actions,
        forms=forms,
        duplicates=context.get("duplicates"),
        open_action=context["open_action"],
        csrf_token=page_token(request),
    )
    return render(request, "complaints/complaint_detail.html", context, status=400 if refused else 200)


def _visits_context(user, complaint) -> dict:
    """The visits made for this complaint, whether their findings are all corrected, and the planning link."""
    # Imported here: the inspections app builds on complaints, not the other way round at import time.
    from inspections.selectors import complaint_findings_all_corrected, complaint_visits

    visits = complaint_visits(complaint_id=complaint.pk)
    return {
        "visits": visits,
        "findings_all_corrected": bool(visits) and complaint_findings_all_corrected(complaint),
        "can_plan_visit": steps.allowed(user, complaint, "plan_visit"),
    }


@require_GET
@login_required
def complaint_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = access.get_for_user(
        ComplaintAttachment.objects.select_related("complaint"), request.user, pk=attachment_pk, complaint_id=pk
    )
    # Evidence can reveal who complained: the same people who may see the identity may download it.
    if not confidentiality.can_see_identity(request.user, attachment.complaint):
        raise PermissionDenied
    confidentiality.record_sealed_reads(
        user=request.user, complaints=[attachment.complaint], request=request, via="attachment"
    )
    return _download(attachment)


def _download(attachment) -> HttpResponse:
    """A sealed file as a download, after the caller's checks: never sniffed, never kept in a cache."""
    response = storage.file_response(attachment.file, filename=attachment.name, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _act(request: HttpRequest, pk: int, name: str, form_class, perform, success: str, form_kwargs=None) -> HttpResponse:
    """The shape of every action: the complaint in scope, a valid form, one service, back to the page.

    Refused (an invalid form, or a step the service turns down), nothing changes and the page is
    shown again with the action ``name``'s form open and what was typed in it (files excepted:
    a browser cannot fill a file input), the reason at the top and beside each field.
    """
    complaint = access.get_for_user(Complaint.objects.select_related("office"), request.user, "change", pk=pk)
    kwargs = form_kwargs(complaint) if form_kwargs else {}
    form = form_class(request.POST, request.FILES or None, auto_id=f"id_{name}_%s", **kwargs)
    if form.is_valid():
        try:
            perform(complaint, form.cleaned_data)
        except services.ComplaintTransitionError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, success)
            return redirect("complaints:complaint_detail", pk=pk)
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors))
    return _detail_page(request, pk, refused=(name, form))


def _inspectors(complaint):
    return {"inspectors": selectors.assignable_inspectors(office_id=complaint.office_id)}


@require_POST
@login_required
def complaint_screen(request, pk):
    return _act(
        request,
        pk,
        "screen",
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
        "assign",
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
        "start",
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
        "resolve",
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
        "close",
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
        "reject",
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
        "refer",
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
        "reopen",
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
        "duplicate",
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
        "note",
        NoteForm,
        lambda c, d: services.complaint_add_note(complaint=c, actor=request.user, note=d["note"]),
        _("The note is added."),
    )


@require_POST
@login_required
def complaint_message(request, pk):
    return _act(
        request,
        pk,
        "message",
        StaffMessageForm,
        lambda c, d: messaging.message_send(complaint=c, actor=request.user, body=d["body"]),
        _("The message is sent; the complainant reads it on the tracking page."),
    )


@require_GET
@login_required
def complaint_message_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """A file the complainant sent with a message: only for those who may read the thread (else 404)."""
    attachment = access.get_for_user(
        ComplaintMessageAttachment.objects.select_related("message__complaint"),
        request.user,
        pk=attachment_pk,
        message__complaint_id=pk,
    )
    complaint = attachment.message.complaint
    if not confidentiality.can_see_identity(request.user, complaint):
        raise Http404
    audit_record(
        action=Action.SEALED_READ,
        request=request,
        obj=complaint,
        fields=["messages"],
        extra={"via": "message attachment", "reference": complaint.reference},
    )
    return _download(attachment)


@require_POST
@login_required
def complaint_attach(request, pk):
    return _act(
        request,
        pk,
        "attach",
        AttachForm,
        lambda c, d: services.complaint_attach(complaint=c, actor=request.user, files=d["attachments"]),
        _("The files are attached."),
    )

"""Public pages (no login): filing a complaint, its receipt and tracking it."""

import time

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inspectorate import ratelimit

from .. import messaging, receipts, selectors, services
from ..choices import PUBLIC_STATUS_TEXT, Channel
from ..forms import TOKEN_RE, ComplainantMessageForm, PublicComplaintForm, TrackForm, new_submission_token
from ..models import Complaint

RECEIPT_SECONDS = 3 * 60 * 60  # how long this browser may show its tracking code again
TRACKED_SECONDS = 30 * 60  # how long the tracking page stays open after the code was given


def _remember_code(request, token: str, complaint: Complaint, code: str) -> None:
    """Keep the new code in this browser's session, so the receipt survives a reload (never in the URL)."""
    now = time.time()
    receipts = {k: v for k, v in request.session.get("complaint_receipts", {}).items() if v[2] > now}
    receipts[token] = (complaint.pk, code, now + RECEIPT_SECONDS)
    request.session["complaint_receipts"] = receipts
    request.session["complaint_receipt_last"] = token


def _recalled(request, token: str | None = None) -> tuple[Complaint, str] | None:
    """The complaint and code this browser was given for ``token`` (or its latest one), if still kept."""
    token = token or request.session.get("complaint_receipt_last", "")
    entry = request.session.get("complaint_receipts", {}).get(token)
    if not entry or entry[2] <= time.time():
        return None
    complaint = Complaint.objects.select_related("office").filter(pk=entry[0]).first()
    return (complaint, entry[1]) if complaint is not None else None


def _receipt(request, complaint: Complaint, code: str | None, replay: bool) -> HttpResponse:
    return render(
        request,
        "complaints/public_receipt.html",
        {"complaint": complaint, "tracking_code": code, "replay": replay},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def public_complaint_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = PublicComplaintForm(initial={"submission_token": new_submission_token()})
        return render(request, "complaints/public_complaint_form.html", {"form": form})

    token = request.POST.get("submission_token", "")
    token = token if TOKEN_RE.match(token) else ""
    existing = Complaint.objects.select_related("office").filter(submission_token=token).first() if token else None
    if existing is not None:
        # The same form sent twice (double tap, reload): the first answer again, nothing new.
        if _recalled(request, token):
            request.session["complaint_receipt_last"] = token
            return redirect("complaints:public_receipt")
        return _receipt(request, existing, None, replay=True)
    if not ratelimit.hit(request, "complaint-submit"):
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
            return _receipt(request, existing, None, replay=True)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            _remember_code(request, token, intake.complaint, intake.tracking_code)
            return redirect("complaints:public_receipt")
    if "submission_token" in form.errors:
        # Keep what was typed, with a fresh token.
        data = request.POST.copy()
        data["submission_token"] = new_submission_token()
        form = PublicComplaintForm(data)
        form.is_valid()
        form.add_error(None, _("The form has expired; please check it and send it again."))
    return render(request, "complaints/public_complaint_form.html", {"form": form}, status=400)


@never_cache
@require_http_methods(["GET", "HEAD"])
def public_receipt(request: HttpRequest) -> HttpResponse:
    """The receipt of the complaint this browser just sent, with its code; a reload shows it again."""
    recalled = _recalled(request)
    if recalled is None:
        return redirect("complaints:public_track")
    return _receipt(request, recalled[0], recalled[1], replay=False)


@never_cache
@require_GET
def public_receipt_pdf(request: HttpRequest) -> HttpResponse:
    recalled = _recalled(request)
    if recalled is None:
        return redirect("complaints:public_track")
    complaint, code = recalled
    pdf = receipts.render_receipt_pdf(
        complaint=complaint, code=code, track_url=request.build_absolute_uri(reverse("complaints:public_track"))
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipts.filename(complaint)}"'
    return response


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _remember_tracked(request, complaint: Complaint) -> None:
    """This browser proved the code: keep the complaint open here for a while (never in the URL)."""
    request.session["complaint_tracked"] = (complaint.pk, time.time() + TRACKED_SECONDS)


def _tracked(request) -> Complaint | None:
    entry = request.session.get("complaint_tracked")
    if not entry or entry[1] <= time.time():
        return None
    return Complaint.objects.select_related("office").filter(pk=entry[0]).first()


def _track_page(request, complaint: Complaint | None, *, form=None, reply=None, error="", status=200) -> HttpResponse:
    context: dict = {"form": form or TrackForm(), "error": error}
    if complaint is not None:
        context["result"] = {
            "complaint": complaint,
            "text": PUBLIC_STATUS_TEXT[complaint.status],
            "changed": complaint.status_changed_at,
            "steps": selectors.public_steps(complaint=complaint),
            "thread": messaging.public_thread(complaint=complaint),
            "thread_open": messaging.thread_open(complaint),
            "reply": reply or ComplainantMessageForm(),
        }
    return render(request, "complaints/public_track.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def public_track(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _track_page(request, _tracked(request))
    form = TrackForm(request.POST)
    not_found = _("No complaint matches this reference and code. Check both and try again.")
    if not ratelimit.hit(request, "complaint-track"):
        error = _("Too many attempts from this connection. Please try again later.")
        return _track_page(request, None, form=form, error=error, status=429)
    if not form.is_valid():
        return _track_page(request, None, form=form, error=not_found)
    complaint = selectors.complaint_by_tracking_code(
        code=form.cleaned_data["code"], reference=form.cleaned_data["reference"]
    )
    if complaint is None:
        request.session.pop("complaint_tracked", None)
        return _track_page(request, None, form=form, error=not_found)
    _remember_tracked(request, complaint)
    return _track_page(request, complaint)


@never_cache
@require_POST
def public_track_message(request: HttpRequest) -> HttpResponse:
    """The complainant answers on the tracking page of the complaint this browser opened with its code."""
    complaint = _tracked(request)
    if complaint is None:
        messages.error(request, _("Enter your reference and tracking code again to write a message."))
        return redirect("complaints:public_track")
    form = ComplainantMessageForm(request.POST, request.FILES)
    if not ratelimit.hit(request, "complaint-message"):
        form.add_error(None, _("Too many messages from this connection. Please try again later."))
        return _track_page(request, complaint, reply=form, status=429)
    if form.is_valid():
        try:
            messaging.complainant_reply(
                complaint_id=complaint.pk, body=form.cleaned_data["body"], files=form.cleaned_data["attachments"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your message has been sent to the inspector."))
            return redirect("complaints:public_track")
    return _track_page(request, complaint, reply=form, status=400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def public_updates_off(request: HttpRequest, token: str) -> HttpResponse:
    """The opt-out link of the update e-mails: a GET asks (mail scanners follow links), a POST stops them."""
    try:
        signing.loads(token, salt=messaging.UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise Http404 from None
    done = False
    if request.method == "POST":
        messaging.complainant_updates_stop(token=token)
        done = True
    return render(request, "complaints/public_updates_off.html", {"done": done})


@require_GET
def public_company_search(request: HttpRequest) -> JsonResponse:
    if not ratelimit.hit(request, "company-search"):
        return JsonResponse({"error": _("Too many searches. Please wait a minute.")}, status=429)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    district = request.GET.get("district", "")
    results = []
    if len(query) >= 3:
        results = selectors.public_company_search(
            query=query, district_id=int(district) if district.isdigit() else None
        )
    return JsonResponse({"results": results})

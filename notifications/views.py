"""The notification centre: a staff member's own notifications, the bell's count, mark read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .forms import PreferenceForm

PAGE_SIZE = 25


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = selectors.OwnNotifications(request.user, unread=unread_only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    items = [
        {"n": n, "title": t, "body": b}
        for n in page.object_list
        for t, b in [services.render_notification(n, language)]
    ]
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "items": items,
            "unread": selectors.unread_count(request.user),
            "unread_only": unread_only,
            "query": "unread=1" if unread_only else "",
        },
    )


@login_required
@require_GET
def notification_bell(request: HttpRequest) -> JsonResponse:
    """The navbar bell's unread count (fetched by static/js/app.js, so pages keep their queries)."""
    response = JsonResponse({"unread": selectors.unread_count(request.user)})
    response["Cache-Control"] = "no-store"
    return response


def _back(request: HttpRequest, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def notification_mark_read(request: HttpRequest) -> HttpResponse:
    ids = [i for i in request.POST.getlist("id") if i.isdigit()]
    count = services.mark_read(actor=request.user, notification_ids=ids)
    if count:
        messages.success(request, _("Marked as read."))
    return _back(request, "notifications:notification_list")


@login_required
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return _back(request, "notifications:notification_list")


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to its object (someone else's answers 404)."""
    notification = get_object_or_404(selectors.for_user(request.user), pk=pk)
    services.mark_read(actor=request.user, notification_ids=[notification.pk])
    return redirect(notification.url or "notifications:notification_list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = services.preference_for(request.user)
    form = PreferenceForm(
        request.POST or None, initial={"email_mode": current.email_mode, "language": current.language}
    )
    if request.method == "POST" and form.is_valid():
        services.preference_update(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Notification settings saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form}, status=400 if form.errors else 200)

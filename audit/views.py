"""The audit trail page, for administrators only."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from inspectorate import access

from . import services
from .choices import Action
from .filters import AuditEntryFilter
from .models import AuditEntry

PAGE_SIZE = 50


@require_GET
@login_required
def auditentry_list(request: HttpRequest) -> HttpResponse:
    if not access.is_admin(request.user):
        raise Http404
    filterset = AuditEntryFilter(request.GET, queryset=AuditEntry.objects.all())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # The page's rows are read now: the read recorded below must not push one of them off the page.
    page.object_list = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    # Reading the trail is itself on the trail, with what was searched for.
    searched = {name: value[:100] for name, value in request.GET.items() if name in filterset.form.fields and value}
    with transaction.atomic():
        services.record(
            action=Action.AUDIT_READ,
            request=request,
            object_type="audit.auditentry",
            extra={"filters": searched, "page": page.number},
        )
    return render(
        request, "audit/auditentry_list.html", {"filter": filterset, "page": page, "query": query.urlencode()}
    )

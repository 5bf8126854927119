"""Health, readiness and metrics for load balancers and Prometheus; the 503 page."""

import hmac
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health
from .metrics import exposition


@never_cache
@require_safe
def healthz(request) -> HttpResponse:
    """The process is up and answering (no service is touched)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request) -> HttpResponse:
    """Ready for traffic: database, migrations, cache, broker and object store all answer (503 otherwise)."""
    checks = health.readiness()
    ready = all(value in ("ok", "skipped") for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


@never_cache
@require_safe
def metrics(request) -> HttpResponse:
    """Prometheus text format, for a scraper holding METRICS_TOKEN (404 without it, or when unset)."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        raise Http404
    from prometheus_client import CONTENT_TYPE_LATEST

    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether an error says the database cannot be reached (down, restarting, the connection lost).

    Django wraps the driver's errors in its own classes, but not all of them: closing a server-side
    cursor whose connection the server dropped (a model select's options are read through one) raises
    the driver's own OperationalError. Both kinds count.
    """
    kinds = {OperationalError, InterfaceError}
    for connection in connections.all(initialized_only=True):
        kinds.update((connection.Database.OperationalError, connection.Database.InterfaceError))
    return isinstance(exc, tuple(kinds))


def server_error(request) -> HttpResponse:
    """handler500: a database that is down or restarting is a 503 (try again soon), the rest a 500.

    Rendered without the request's context: no context processor, no user, no database.
    """
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(settings.UNAVAILABLE_RETRY_AFTER)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())

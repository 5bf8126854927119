"""The probes, answered before anything else, and the per-request metrics and access log."""

import logging
import time

from . import metrics, views

access_log = logging.getLogger("inspectorate.request")

# Answered ahead of the host check, HTTPS redirect, sessions and two-factor: a load balancer
# asks by address over plain HTTP and logs nobody in.
PROBES = {"/healthz": views.healthz, "/readyz": views.readyz, "/metrics": views.metrics}


class ProbeMiddleware:
    """Answers /healthz, /readyz and /metrics directly (first in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info.rstrip("/") or "/")
        if probe is not None:
            return probe(request)
        return self.get_response(request)


class RequestMetricsMiddleware:
    """Counts every request by URL pattern (never by its ids) and writes one access-log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        route = (match.route or match.view_name) if match is not None else "unmatched"
        status = response.status_code
        metrics.REQUESTS.labels(request.method, route, str(status)).inc()
        metrics.LATENCY.labels(request.method, route).observe(elapsed)
        access_log.info(
            "%s %s %s",
            request.method,
            route,
            status,
            extra={
                "method": request.method,
                "route": route,
                "status": status,
                "duration_ms": round(elapsed * 1000, 1),
                # Only a user the request already loaded: reading request.user here would cost a
                # query on pages that never look at it (and fail again when the database is down).
                "user_id": getattr(getattr(request, "_cached_user", None), "pk", None),
            },
        )
        return response

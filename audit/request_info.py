"""Where a request comes from: its request id and the client's address."""

import ipaddress
import re
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The request being served, so services (which take no request) can stamp its id and the
# client address on the audit entries they write. Set and reset by RequestIDMiddleware.
CURRENT_REQUEST: ContextVar[HttpRequest | None] = ContextVar("auditCURRENT_REQUEST", default=None)


def current_request() -> HttpRequest | None:
    """The request this thread (or task) is serving, or ``None`` outside a request (tasks, commands)."""
    return CURRENT_REQUEST.get()


def clean_request_id(value: str | None) -> str:
    """The caller's request id when it is well-formed (8-64 safe characters), else a new uuid4."""
    if value and _REQUEST_ID_RE.match(value):
        return value
    return uuid.uuid4().hex


def _ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` reverse proxies are in front of the app:
    then the address the outermost trusted proxy saw, which is the N-th entry from the
    right of ``X-Forwarded-For``. Entries further left are whatever the client sent and are
    never trusted.
    """
    if request is None:
        return None
    remote = _ip(request.META.get("REMOTE_ADDR"))
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _ip(hops[-proxies]) or remote

"""The one rate limit of the site: fixed windows counted on the shared cache.

Pages and API endpoints that do the same thing draw from the same budget: the public complaint
form and the public intake endpoint count as "complaint-submit", the tracking page and the
tracking endpoint as "complaint-track". A budget is kept per trusted client address (the same
reading as the audit trail, ``audit.request_info.client_address``: X-Forwarded-For only from
``TRUSTED_PROXY_COUNT`` proxies) and account (``anon`` when nobody is logged in).

The rates live in ``settings.RATE_LIMITS`` as "<count>/<window>", the window being a number
of seconds or a number followed by s, m, h or d ("20/h", "10/10m"). Production runs only with
a shared cache (REDIS_CACHE_URL), so every gunicorn worker counts in the same place.

Login throttling is allauth's own (``ACCOUNT_RATE_LIMITS``): it counts on the same cache.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from rest_framework.throttling import BaseThrottle

from audit.request_info import client_address

_RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"10/10m"`` -> ``(10, 600)``: how many attempts in how many seconds."""
    match = _RATE_RE.match(rate)
    if not match or (match.group(2) == "" and match.group(3) == ""):
        raise ImproperlyConfigured(f"Rate limit {rate!r} is not of the form '<count>/<window>' (e.g. '10/10m').")
    count, amount, unit = match.groups()
    window = (int(amount) if amount else 1) * _UNIT[unit]
    if window <= 0:
        raise ImproperlyConfigured(f"Rate limit {rate!r} has an empty window.")
    return int(count), window


def rate(scope: str) -> tuple[int, int]:
    try:
        return parse_rate(settings.RATE_LIMITS[scope])
    except KeyError as exc:
        raise ImproperlyConfigured(f"settings.RATE_LIMITS has no rate for {scope!r}.") from exc


def _key(scope: str, request) -> str:
    user = getattr(request, "user", None)
    account = str(user.pk) if user is not None and user.is_authenticated else "anon"
    return f"ratelimit:{scope}:{client_address(request) or 'unknown'}:{account}"


def hit(request, scope: str) -> bool:
    """Count one attempt of ``scope``; ``False`` when this client is over its budget."""
    limit, window = rate(scope)
    key = _key(scope, request)
    if cache.add(key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, timeout=window)
        return limit >= 1
    return count <= limit


class ScopedRateThrottle(BaseThrottle):
    """The API's side of the same budgets: ``scope`` names an entry of ``settings.RATE_LIMITS``."""

    scope = ""

    def allow_request(self, request, view) -> bool:
        return hit(request, self.scope)

    def wait(self) -> float:
        return float(rate(self.scope)[1])


def throttle(scope: str) -> ScopedRateThrottle:
    made = ScopedRateThrottle()
    made.scope = scope
    return made

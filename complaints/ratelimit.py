"""A small fixed-window rate limit on the cache, for the public pages (per client address)."""

from django.core.cache import cache

from audit.request_info import client_address as _trusted_address


def client_address(request) -> str:
    # The same reading of the address as the audit trail: X-Forwarded-For only from trusted proxies.
    return _trusted_address(request) or "unknown"


def hit(*, scope: str, request, limit: int, window: int) -> bool:
    """Count one attempt; ``False`` when the client is over ``limit`` attempts in ``window`` seconds."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit

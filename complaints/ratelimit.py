"""A small fixed-window rate limit on the cache, for the public pages (per client address)."""

from django.core.cache import cache


def client_address(request) -> str:
    # Behind the reverse proxy the real address is set into REMOTE_ADDR by the proxy setup;
    # X-Forwarded-For is not trusted here because a client can write anything into it.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


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

"""A page's CSRF token: Django's, masked once per response, its mask drawn in one read of the system's randomness.

Django's ``get_token`` masks the cookie's secret afresh on every call (so that no two responses
carry the same token: BREACH), drawing the mask's 32 characters one by one from
``secrets.choice``: 32 reads of ``os.urandom``, about 30 µs, on every page with a form (the
header's logout and the footer's language switch are forms). Here the mask is drawn from one
read, each byte below 248 (4 × 62) taken as one of the 62 characters, which keeps every
character equally likely; the token is the one Django's middleware unmasks
(``tests/inspectorate/test_csrf_token.py`` sends it back through ``CsrfViewMiddleware``).

Every form of a response carries the same token (``page_token``): the template's
``{% csrf_token %}`` (the ``csrf`` context processor below) and forms written in Python. A new
secret (no CSRF cookie yet) is Django's own ``get_token``.
"""

import os

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

_CHARS = CSRF_ALLOWED_CHARS
_INDEX = {char: at for at, char in enumerate(_CHARS)}
_TAKEN_BELOW = 256 - 256 % len(_CHARS)  # 248: the bytes that map evenly onto the 62 characters
_DRAWN = 48  # bytes read at a time: fewer than 32 of 48 taken about once in 2 × 10^13 draws (then more are read)


def _mask() -> str:
    taken: list[str] = []
    while len(taken) < CSRF_SECRET_LENGTH:
        taken.extend(_CHARS[byte % len(_CHARS)] for byte in os.urandom(_DRAWN) if byte < _TAKEN_BELOW)
    return "".join(taken[:CSRF_SECRET_LENGTH])


def masked(secret: str) -> str:
    """``secret`` masked as Django's ``_mask_cipher_secret`` masks it: a random mask, then each
    secret character shifted by the mask's character at the same place."""
    mask = _mask()
    size = len(_CHARS)
    return mask + "".join(_CHARS[(_INDEX[s] + _INDEX[m]) % size] for s, m in zip(secret, mask, strict=True))


def page_token(request) -> str:
    """The CSRF token of this request's response, the same for every form in it (``get_token``'s
    side effect included: the cookie is sent again, its expiry renewed)."""
    secret = request.META.get("CSRF_COOKIE")
    kept = getattr(request, "_page_csrf_token", None)
    if kept is None or kept[0] != secret:  # none yet, or the secret changed (a login rotates it)
        if secret is None or len(secret) != CSRF_SECRET_LENGTH or not (secret.isascii() and secret.isalnum()):
            token = get_token(request)  # no secret yet, or not one of Django's: Django's own
        else:
            token = masked(secret)
        kept = request._page_csrf_token = (request.META["CSRF_COOKIE"], token)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return kept[1]


def csrf(request) -> dict:
    """Django's ``csrf`` context processor with ``page_token``: read only by a template that writes
    ``{% csrf_token %}``."""
    return {"csrf_token": SimpleLazyObject(lambda: page_token(request))}

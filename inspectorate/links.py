"""Addresses written for many rows at once."""

from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_PK = 987_654_321  # a stand-in id, replaced by each row's


def by_pk(viewname: str) -> Callable[[object], str]:
    """``reverse(viewname, args=[pk])`` for any ``pk``, reversing only once per URLconf and script
    prefix: a page of 25 rows links each to an address of the same shape."""
    key = (viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    parts = _BY_PK.get(key)
    if parts is None:
        before, _, after = reverse(viewname, args=[_PK]).partition(str(_PK))
        parts = _BY_PK[key] = (before, after)
    before, after = parts
    return lambda pk: f"{before}{pk}{after}"


_BY_PK: dict[tuple[str, str, str], tuple[str, str]] = {}
_URLS: dict[tuple[str, str, str], str] = {}


def url(viewname: str) -> str:
    """``reverse(viewname)`` for a view without arguments, reversed once per URLconf and script prefix.

    Every page's navigation and base template link to about 25 such addresses, each ``reverse()``
    20-30 µs of Python (``{% link %}``, inspectorate/templatetags/links.py). A name that does not
    reverse raises ``NoReverseMatch`` each time, as ``reverse`` does.
    """
    key = (viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    found = _URLS.get(key)
    if found is None:
        found = _URLS[key] = reverse(viewname)
    return found

"""Addresses written for many rows at once."""

from collections.abc import Callable

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

_PK = 987_654_321  # a stand-in id, replaced by each row's


def addresses() -> tuple[str, str]:
    """The URLconf and script prefix that ``reverse()`` writes addresses under now: the key of
    every address kept for more than one request."""
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


def by_pk(viewname: str) -> Callable[[object], str]:
    """``reverse(viewname, args=[pk])`` for any ``pk``, reversing only once per URLconf and script
    prefix: a page of 25 rows links each to an address of the same shape."""
    form = id_form(viewname)
    if form is None:
        reverse(viewname, args=[_PK])  # raises NoReverseMatch, as reverse does for this view
        raise NoReverseMatch(f"{viewname!r} has no address of an id")
    before, after = form
    return lambda pk: f"{before}{pk}{after}"


def id_form(viewname: str, current_app: str | None = None) -> tuple[str, str] | None:
    """The address of ``viewname``'s object as the text before and after its id (``reverse()`` of a
    stand-in id, split around it), once per URLconf, script prefix and current application; None
    for a view whose address cannot take the stand-in."""
    key = (viewname, *addresses(), current_app)
    try:
        return _FORMS[key]
    except KeyError:
        pass
    try:
        address = reverse(viewname, args=[_PK], current_app=current_app)
    except NoReverseMatch:
        form = None
    else:
        before, found, after = address.partition(str(_PK))
        form = (before, after) if found and str(_PK) not in after else None
    if len(_FORMS) > 4096:
        _FORMS.clear()
    _FORMS[key] = form
    return form


_FORMS: dict[tuple, tuple[str, str] | None] = {}
_URLS: dict[tuple[str, str, str], str] = {}


def url(viewname: str) -> str:
    """``reverse(viewname)`` for a view without arguments, reversed once per URLconf and script prefix.

    Every page's navigation and base template link to about 25 such addresses, each ``reverse()``
    20-30 µs of Python (``{% link %}``, inspectorate/templatetags/links.py). A name that does not
    reverse raises ``NoReverseMatch`` each time, as ``reverse`` does.
    """
    key = (viewname, *addresses())
    found = _URLS.get(key)
    if found is None:
        found = _URLS[key] = reverse(viewname)
    return found

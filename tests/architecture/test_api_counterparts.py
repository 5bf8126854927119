"""Every page action has an API counterpart, or is listed as page-only with its reason.

The URL conf is walked; a URL whose view accepts POST (its ``require_http_methods`` list says so,
or it has none) must be in ``inspectorate/api/counterparts.py``; each API counterpart named there
must be an operation of the published OpenAPI schema.
"""

from functools import wraps

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from drf_spectacular.generators import SchemaGenerator

from inspectorate.api.counterparts import COUNTERPARTS, NOT_PAGES, Api, PageOnly, operations


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern.callback


def allowed_methods(view) -> list[str] | None:
    """The methods a function view's ``require_http_methods`` lets through; None when it sets none."""
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            return list(view.__closure__[code.co_freevars.index("request_method_list")].cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


def post_able_pages() -> dict[str, str]:
    """URL name -> route of every page URL that accepts POST."""
    found = {}
    for route, name, view in _walk(get_resolver()):
        if route.startswith(tuple(NOT_PAGES)):
            continue
        methods = allowed_methods(view)
        if methods is None or "POST" in methods:
            assert name, f"{route} accepts POST but has no URL name to list it by"
            found[name] = route
    return found


def test_the_scan_reads_the_allowed_methods_through_other_decorators():
    def login_required(view):
        @wraps(view)
        def inner(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        return inner

    def view(request):
        return None

    assert allowed_methods(login_required(require_POST(view))) == ["POST"]
    assert allowed_methods(require_http_methods(["GET", "POST"])(login_required(view))) == ["GET", "POST"]
    assert allowed_methods(login_required(require_GET(view))) == ["GET"]
    assert allowed_methods(view) is None  # no restriction: it takes POST too, so it must be listed


def test_every_page_action_has_an_api_counterpart_or_a_reason():
    pages = post_able_pages()
    assert len(pages) > 40  # the scan sees the app's forms and buttons
    missing = sorted(set(pages) - set(COUNTERPARTS))
    assert missing == [], "add these URL names to inspectorate/api/counterparts.py (API operation or PageOnly)"
    stale = sorted(set(COUNTERPARTS) - set(pages))
    assert stale == [], "inspectorate/api/counterparts.py names URLs that no longer accept POST"


def test_page_only_entries_say_why():
    for name, entry in COUNTERPARTS.items():
        assert isinstance(entry, Api | PageOnly), name
        if isinstance(entry, PageOnly):
            assert len(entry.reason.split()) >= 8, f"{name}: give the reason it has no API counterpart"


@pytest.fixture(scope="module")
def schema_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {(method.upper(), path) for path, item in schema["paths"].items() for method in item}


def test_every_named_api_counterpart_is_in_the_schema(schema_operations):
    named = {(name, op) for name in COUNTERPARTS for op in operations(name)}
    assert len(named) > 40
    unknown = sorted((name, op) for name, op in named if op not in schema_operations)
    assert unknown == [], "these counterparts are not operations of /api/schema/"

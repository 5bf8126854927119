"""The policy headers are django-csp's: the kept settings' policy (inspectorate.security.csp) writes,
for every kind of response, what django-csp's own middleware writes for it."""

import pytest
from csp import middleware as csp_middleware
from csp.constants import NONCE
from csp.decorators import csp_exempt, csp_replace, csp_update
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory, override_settings

from inspectorate.security import csp

HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def _plain(request):
    return HttpResponse("ok")


def _asks_a_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


VIEWS = {
    "plain": _plain,
    "nonce": _asks_a_nonce,
    "update": csp_update({"img-src": ["https://tiles.example.org"]})(_plain),
    "replace": csp_replace({"script-src": ["https://cdn.example.org"]})(_plain),
    "exempt": csp_exempt()(_plain),
    "not found": lambda request: HttpResponseNotFound("no"),
    "already set": lambda request: HttpResponse(headers={"Content-Security-Policy": "default-src 'none'"}),
}

REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-report/"}}


def _answer(middleware_class, view, path):
    request = RequestFactory().get(path)
    middleware = middleware_class(view)
    response = middleware(request)
    nonce = getattr(request, "_csp_nonce", None)  # each request's own: compared as "N"
    headers = {header: response.get(header) for header in HEADERS}
    return {h: v.replace(nonce, "N") if v and nonce else v for h, v in headers.items()}, request


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("report_only", [None, REPORT_ONLY])
@pytest.mark.parametrize("name", list(VIEWS))
@pytest.mark.parametrize("path", ["/companies/", "/excluded/page/"])
def test_each_response_gets_django_csps_headers(name, report_only, debug, path):
    policy = {
        "EXCLUDE_URL_PREFIXES": ["/excluded/"],
        "DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE], "img-src": ["'self'", "data:"]},
    }
    with override_settings(
        DEBUG=debug, CONTENT_SECURITY_POLICY=policy, CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only
    ):
        for _ in range(2):  # built, then kept
            kept, request = _answer(csp.CSPMiddleware, VIEWS[name], path)
            theirs, _request = _answer(csp_middleware.CSPMiddleware, VIEWS[name], path)
            assert kept == theirs, (name, path)
        if name == "plain":
            assert (kept[HEADERS[0]] is None) == path.startswith("/excluded/")
            assert (kept[HEADERS[1]] is not None) == (report_only is not None)  # no prefix of its own excluded
        if name == "nonce":
            assert path.startswith("/excluded/") or "'nonce-N'" in kept[HEADERS[0]]
        elif not (debug and name == "not found"):
            with pytest.raises(Exception, match="csp_nonce"):
                str(request.csp_nonce)  # a nonce asked for after the header is written: an error, as django-csp's


def test_a_changed_setting_is_the_policy_sent(client, db):
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["*"]}}):
        assert "img-src *" in client.get("/accounts/login/")["Content-Security-Policy"]
    assert "img-src *" not in client.get("/accounts/login/")["Content-Security-Policy"]

"""The API's content negotiation (inspectorate.api.negotiation): DRF's choice, kept per Accept
header, format and renderers; what DRF refuses it refuses every time."""

import pytest
from django.http import Http404
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from inspectorate.api.negotiation import KeptContentNegotiation
from inspectorate.api.scoping import FormlessBrowsableAPIRenderer

ACCEPTS = [
    None,
    "*/*",
    "application/json",
    "application/json; indent=4",
    "text/html",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "application/xml",
    "application/*",
    "text/*;q=0.5, application/json;q=0.1",
]


def _choice(negotiation, accept, query, suffix, renderers):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(APIRequestFactory().get("/api/v1/companies/" + query, **headers))
    try:
        renderer, media_type = negotiation.select_renderer(request, renderers, suffix)
    except (exceptions.NotAcceptable, Http404) as refused:
        return type(refused).__name__
    assert any(renderer is r for r in renderers)  # one of this request's own renderers
    return type(renderer).__name__, media_type


@pytest.mark.parametrize(
    "query,suffix", [("", None), ("?format=json", None), ("?format=api", None), ("?format=xml", None), ("", "json")]
)
def test_it_chooses_what_drf_chooses_every_time(query, suffix):
    kept, drf = KeptContentNegotiation(), DefaultContentNegotiation()
    for order in (
        [JSONRenderer, FormlessBrowsableAPIRenderer],
        [FormlessBrowsableAPIRenderer, JSONRenderer],
        [JSONRenderer],
    ):
        for _ in range(2):  # chosen, then kept
            for accept in ACCEPTS:
                renderers = [cls() for cls in order]
                assert _choice(kept, accept, query, suffix, renderers) == _choice(
                    drf, accept, query, suffix, renderers
                ), (
                    order,
                    accept,
                )


def test_the_api_answers_json_and_html_as_asked(client_for, bob):
    client = client_for(bob)
    assert client.get("/api/v1/companies/").headers["Content-Type"] == "application/json"
    assert client.get("/api/v1/companies/", HTTP_ACCEPT="text/html").headers["Content-Type"].startswith("text/html")
    assert (
        client.get("/api/v1/companies/", HTTP_ACCEPT="application/json").headers["Content-Type"] == "application/json"
    )
    assert client.get("/api/v1/companies/", HTTP_ACCEPT="application/xml").status_code == 406
    assert client.get("/api/v1/companies/", HTTP_ACCEPT="application/xml").status_code == 406

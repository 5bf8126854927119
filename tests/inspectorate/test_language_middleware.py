"""The language of a request (inspectorate.middleware.LanguageMiddleware) against Django's
LocaleMiddleware behind a layer that drops the browser's Accept-Language, the pair it replaces."""

import itertools
import sys
import types

import pytest
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns, is_language_prefix_patterns_used
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse, HttpResponseNotFound
from django.middleware.locale import LocaleMiddleware
from django.test import RequestFactory, override_settings
from django.urls import path
from django.utils import translation

from inspectorate.middleware import LanguageMiddleware

COOKIES = (None, "id", "en", "en-us", "en-GB", "EN", "fr", "", "xx", "../id", "id;en")
ACCEPT = (None, "en", "en-US,en;q=0.9", "fr-FR, en;q=0.5", "*", "id")
PATHS = ("/", "/companies/", "/en/companies/", "/id/", "/nowhere/")


def _dropping_accept_language(get_response):
    """The layer that stood ahead of Django's LocaleMiddleware."""

    def middleware(request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware


def _view(switch_to=None, status=200):
    """A view that notes the language it runs in and, if asked, answers in another one."""

    def view(request):
        request.seen_language = translation.get_language()
        if switch_to:
            translation.activate(switch_to)
        response = HttpResponse("x") if status == 200 else HttpResponseNotFound("x")
        response["Vary"] = "Cookie"
        return response

    return view


def _answer(chain, request):
    response = chain(request)
    return {
        "LANGUAGE_CODE": request.LANGUAGE_CODE,
        "in the view": request.seen_language,
        "Accept-Language left": request.META.get("HTTP_ACCEPT_LANGUAGE"),
        "status": response.status_code,
        "Content-Language": response.get("Content-Language"),
        "Vary": response.get("Vary"),
        "active after": translation.get_language(),
    }


def _request(cookie, accept, address):
    extra = {} if accept is None else {"HTTP_ACCEPT_LANGUAGE": accept}
    request = RequestFactory().get(address, **extra)
    if cookie is not None:
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie
    return request


@pytest.mark.parametrize("switch_to,status", [(None, 200), ("en", 200), (None, 404), ("id", 404)])
def test_it_chooses_and_answers_as_django_did_without_accept_language(switch_to, status):
    view = _view(switch_to, status)
    ours = LanguageMiddleware(view)
    djangos = _dropping_accept_language(LocaleMiddleware(view))
    compared = 0
    for cookie, accept, address in itertools.product(COOKIES, ACCEPT, PATHS):
        for active_before in ("id", "en"):
            translation.activate(active_before)
            expected = _answer(djangos, _request(cookie, accept, address))
            translation.activate(active_before)
            got = _answer(ours, _request(cookie, accept, address))
            assert got == expected, (cookie, accept, address, active_before)
            compared += 1
    translation.activate(settings.LANGUAGE_CODE)
    assert compared == len(COOKIES) * len(ACCEPT) * len(PATHS) * 2


def test_the_browser_s_language_is_never_the_answer_and_the_switch_s_is():
    view = _view()
    ours = LanguageMiddleware(view)
    assert _answer(ours, _request(None, "en-US,en;q=0.9", "/"))["Content-Language"] == "id"
    assert _answer(ours, _request("en", "id", "/"))["Content-Language"] == "en"
    assert _answer(ours, _request("fr", "en", "/"))["Content-Language"] == "id"  # not one of LANGUAGES
    translation.activate(settings.LANGUAGE_CODE)


def test_a_page_in_the_browser_follows_the_switch_not_the_browser(client, db):
    english_browser = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert english_browser["Content-Language"] == "id"
    assert '<html lang="id"' in english_browser.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    switched = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="id")
    assert switched["Content-Language"] == "en"
    assert '<html lang="en"' in switched.content.decode()
    assert "Accept-Language" in switched["Vary"]


def test_addresses_with_a_language_prefix_are_refused_when_the_server_starts():
    module = types.ModuleType("tests_language_prefixed_urls")
    module.urlpatterns = i18n_patterns(path("here/", _view(), name="here"))
    sys.modules[module.__name__] = module
    try:
        with override_settings(ROOT_URLCONF=module.__name__):
            assert is_language_prefix_patterns_used(module.__name__)[0]
            with pytest.raises(ImproperlyConfigured, match="language prefix"):
                LanguageMiddleware(_view())
    finally:
        del sys.modules[module.__name__]
        is_language_prefix_patterns_used.cache_clear()
    assert LanguageMiddleware(_view()).get_response is not None

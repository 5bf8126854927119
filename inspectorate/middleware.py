"""Request-wide behaviour of the organisation's pages."""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.auth import middleware as auth_middleware
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """The interface's language: the person's choice on the switch (its cookie), else Indonesian.

    The browser's Accept-Language is not consulted: staff phones set to English still get the
    Indonesian interface the office works in, and the switch is the one choice.

    In place of Django's ``LocaleMiddleware`` and, ahead of it, a layer of our own that dropped
    the header: one layer instead of two, each of Django's steps for an address without a
    language prefix and nothing else. The language is chosen as Django chooses it for a request
    without the header (``translation.get_language_from_request``: the cookie if it names one of
    ``LANGUAGES``, else ``LANGUAGE_CODE``) and the response carries Django's headers
    (``Content-Language``, ``Vary: Accept-Language``). Django's also looked for a language at the
    start of the address twice a request, and redirected to it on a 404, for ``i18n_patterns``;
    the addresses have none (``ImproperlyConfigured`` when the server starts if they had).
    """

    def __init__(self, get_response):
        if is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]:
            raise ImproperlyConfigured(
                "LanguageMiddleware serves addresses without a language prefix: "
                "use django.middleware.locale.LocaleMiddleware with i18n_patterns."
            )
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, the request's user read at once instead of behind a lazy wrapper.

    Every request that reaches it reads its user anyway (``security.sessions.SessionPolicyMiddleware``
    asks whether it is signed in), with the same queries. Behind Django's ``SimpleLazyObject``
    every later read of the user (the views' scope checks, each ``{{ user }}`` and
    ``user.office`` of a template) went through the wrapper's attribute proxy: some hundreds of
    reads a page. ``request.auser`` and the cached user are Django's own.
    """

    def process_request(self, request):
        super().process_request(request)
        request.user = auth_middleware.get_user(request)

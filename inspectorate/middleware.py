"""Request-wide behaviour of the organisation's pages."""

from django.contrib.auth import middleware as auth_middleware


class DefaultLanguageMiddleware:
    """Indonesian unless the person picked another language with the switch.

    The browser's Accept-Language is not consulted: staff phones set to English still get
    the Indonesian interface the office works in, and the switch (a cookie) is the one choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


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

"""Request-wide behaviour of the organisation's pages."""


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

"""Request id: every request gets one, echoed back and recorded with the audit trail."""

from .request_info import CURRENT_REQUEST, REQUEST_ID_HEADER, clean_request_id


class RequestIDMiddleware:
    """Gives every request an id (the proxy's X-Request-ID when well-formed) and echoes it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = clean_request_id(request.headers.get(REQUEST_ID_HEADER))
        token = CURRENT_REQUEST.set(request)
        try:
            response = self.get_response(request)
        finally:
            CURRENT_REQUEST.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response

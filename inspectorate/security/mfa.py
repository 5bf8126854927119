"""Two-factor enforcement: which roles must use TOTP, and the middleware that sends them to set it up."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from inspectorate.choices import Role
from inspectorate.prepared import prepared

MFA_REQUIRED_ROLES = {Role.OFFICE_HEAD, Role.OFFICIAL, Role.ADMIN}
# What a user who still has to set up two-factor authentication may reach.
MFA_SETUP_URL_NAMES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
    "set_language",
    "javascript-catalog",
}


def in_background(request) -> bool:
    """A page's own request, not the person going to a page: a script's fetch (the bell's count),
    a service worker's script, an htmx swap (``request.htmx``, django-htmx's reading of its
    headers). Browsers say so in ``Sec-Fetch-Mode``; a client that sends no such header is taken
    for a navigation."""
    mode = request.headers.get("Sec-Fetch-Mode")
    return (mode is not None and mode != "navigate") or bool(request.htmx)


def mfa_required(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in MFA_REQUIRED_ROLES)


@prepared("user_id")
def _totp_keys(*, user_id: int):
    """The key of the user's authenticator app (TOTP), if they activated one: a row at most."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user_id, type=Authenticator.Type.TOTP).values_list("pk", flat=True)[:1]


def has_totp(user) -> bool:
    """Whether the user activated an authenticator app. Asked on every page of an office head, an
    official or an admin: its query is built once (``inspectorate.prepared``), not by the ORM on
    each request."""
    return bool(_totp_keys(user_id=user.pk))


class MFARequiredMiddleware:
    """Sends office heads, officials and admins without TOTP to its setup page (when MFA_ENFORCE).

    Asked once the address is resolved (``process_view``): the page's name is the request's own
    match, not a second resolution of its address; an address of no page is a 404 as for anyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (settings.MFA_ENFORCE and mfa_required(request.user)) or self._allowed(request):
            return None
        if has_totp(request.user):
            return None
        message = _("Your role requires two-factor authentication. Set up an authenticator app to continue.")
        if in_background(request):
            # Refused, not sent to the setup page: that page draws a new secret each time it is
            # shown, so the bell's count or the service worker's script following the redirect
            # would replace the secret of the QR code the person is scanning, and no code fits.
            if "application/json" in request.headers.get("Accept", ""):
                return JsonResponse({"detail": message}, status=403)
            return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")
        messages.warning(request, message)
        return redirect("mfa_activate_totp")

    @staticmethod
    def _allowed(request) -> bool:
        if request.path_info.startswith(("/" + settings.STATIC_URL.lstrip("/"), "/i18n/")):
            return True
        return request.resolver_match.url_name in MFA_SETUP_URL_NAMES

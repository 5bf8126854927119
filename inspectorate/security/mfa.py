"""Two-factor enforcement: which roles must use TOTP, and the middleware that sends them to set it up."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from inspectorate.choices import Role

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


def mfa_required(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in MFA_REQUIRED_ROLES)


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MFARequiredMiddleware:
    """Sends office heads, officials and admins without TOTP to its setup page (when MFA_ENFORCE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.MFA_ENFORCE and mfa_required(request.user) and not self._allowed(request.path_info):
            if not has_totp(request.user):
                messages.warning(
                    request,
                    _("Your role requires two-factor authentication. Set up an authenticator app to continue."),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        if path.startswith(("/" + settings.STATIC_URL.lstrip("/"), "/i18n/")):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.url_name in MFA_SETUP_URL_NAMES

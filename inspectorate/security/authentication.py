"""API token authentication that honours the two-factor requirement of the token's owner."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from inspectorate.prepared import prepared

from .mfa import has_totp, mfa_required


@prepared("key")
def _token_with_user(*, key: str):
    """The token, its user and the user's office: DRF's ``select_related("user").get(key=key)`` and
    the office every API view's scope reads, in one query built once (``inspectorate.prepared``)."""
    return Token.objects.select_related("user", "user__office").filter(key=key)


class MFATokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refused for a role that requires MFA until its owner activated it.

    Tokens are for integrations and are issued by admins only (``manage.py drf_create_token``
    or the admin). A token skips the login page and so the MFA prompt; what it can still do is
    refuse to work for an account that has not set up the second factor its role requires.
    """

    def authenticate_credentials(self, key):
        # DRF's own, its query prepared: building it was about 1 ms of every token request's Python.
        if self.get_model() is not Token:
            user, token = super().authenticate_credentials(key)
        else:
            tokens = _token_with_user(key=key)
            if not tokens:
                raise exceptions.AuthenticationFailed(_("Invalid token."))
            token = tokens[0]
            user = token.user
            if not user.is_active:
                raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if settings.MFA_ENFORCE and mfa_required(user) and not has_totp(user):
            raise exceptions.AuthenticationFailed(
                _("This account must activate two-factor authentication before its API token can be used.")
            )
        return user, token

"""API token authentication that honours the two-factor requirement of the token's owner."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .mfa import has_totp, mfa_required


class MFATokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refused for a role that requires MFA until its owner activated it.

    Tokens are for integrations and are issued by admins only (``manage.py drf_create_token``
    or the admin). A token skips the login page and so the MFA prompt; what it can still do is
    refuse to work for an account that has not set up the second factor its role requires.
    """

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if settings.MFA_ENFORCE and mfa_required(user) and not has_totp(user):
            raise exceptions.AuthenticationFailed(
                _("This account must activate two-factor authentication before its API token can be used.")
            )
        return user, token

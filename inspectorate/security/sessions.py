"""Session policies: an absolute session limit, and the end of a session when the user's access changed."""

import hashlib
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils.translation import gettext as _

SESSION_LOGIN_AT = "security_login_at"
SESSION_FINGERPRINT = "security_fingerprint"


def access_fingerprint(user) -> str:
    """A digest of everything that decides what the user may see; a change ends their sessions."""
    parts = [user.pk, user.role, user.office_id, user.region_id, user.is_active, user.is_superuser, user.is_staff]
    # str(): a role read from the database is a plain str, one set in code a TextChoices member.
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def session_start(request, user) -> None:
    """Stamp a new login: when it happened and the access the user had then."""
    request.session[SESSION_LOGIN_AT] = int(time.time())
    request.session[SESSION_FINGERPRINT] = access_fingerprint(user)


class SessionPolicyMiddleware:
    """Ends a session after the absolute limit, or as soon as the user's role or scope changed.

    The idle limit is Django's own (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST);
    inactive users are already refused by the authentication backend.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            login_at = request.session.get(SESSION_LOGIN_AT)
            fingerprint = request.session.get(SESSION_FINGERPRINT)
            if login_at is None or fingerprint is None:
                # A session from before this policy: start counting now.
                session_start(request, user)
            elif time.time() - login_at > settings.SESSION_ABSOLUTE_AGE:
                self._end(request, "session_expired", _("Your session has expired. Please log in again."))
            elif fingerprint != access_fingerprint(user):
                self._end(request, "access_changed", _("Your account was changed. Please log in again."))
        elif SESSION_KEY in request.session:
            # The backend refused the session's user (deactivated or deleted): Django treats
            # the request as anonymous but keeps the session, which would come back to life
            # on reactivation. End it for good.
            request.session.flush()
        return self.get_response(request)

    @staticmethod
    def _end(request, reason: str, message: str) -> None:
        request.logout_reason = reason
        logout(request)
        messages.info(request, message)

"""django-allauth adapter: staff accounts are created by admins, never by sign-up; failed logins
are throttled per (username, client address) so nobody can lock a whole office out."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit

from audit import services as audit
from audit.choices import Action, Outcome
from audit.request_info import client_address


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        # allauth trusts the first X-Forwarded-For entry, which any client can forge.
        return client_address(request) or ""

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys its "login_failed" limit on this; by default it is the username alone,
        # which lets anyone lock a colleague out from anywhere. One pair is one lock.
        login = (credentials.get("username") or credentials.get("email") or "").lower()
        return f"{login}|{client_address(request) or '-'}"

    def authentication_failed(self, request, **credentials) -> None:
        super().authentication_failed(request, **credentials)
        key = self._get_login_attempts_cache_key(request, **credentials)
        if not ratelimit.consume(request, action="login_failed", key=key, dry_run=True):
            # This failure used up the allowance: the pair is now locked.
            from django.contrib.auth import get_user_model

            username = credentials.get("username") or ""
            staff = get_user_model().objects.filter(username__iexact=username).first() if username else None
            audit.record(
                action=Action.LOCKOUT,
                request=request,
                actor=staff,
                obj=staff,
                outcome=Outcome.DENIED,
                extra=None if staff else {"known_user": False},
            )

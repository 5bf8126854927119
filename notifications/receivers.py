"""The recipient's own account events become notifications (thin: one service call each).

New sign-in from a device never seen for this account, password changed or reset, two-factor
authentication added, removed or reset. The audit trail records the same events itself
(``audit/receivers.py``); these only tell the account's owner.
"""

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import services


@receiver(user_logged_in, dispatch_uid="notifications_user_logged_in")
def on_user_logged_in(sender, request, user, **kwargs):
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    services.security_new_login(staff=user, user_agent=agent)


@receiver(password_changed, dispatch_uid="notifications_password_changed")
@receiver(password_set, dispatch_uid="notifications_password_set")
@receiver(password_reset, dispatch_uid="notifications_password_reset")
def on_password_changed(sender, request=None, user=None, **kwargs):
    if user is not None:
        services.security_event(staff=user, event="security.password_changed")


@receiver(authenticator_added, dispatch_uid="notifications_authenticator_added")
@receiver(authenticator_removed, dispatch_uid="notifications_authenticator_removed")
@receiver(authenticator_reset, dispatch_uid="notifications_authenticator_reset")
def on_mfa_changed(sender, request=None, user=None, **kwargs):
    if user is not None:
        services.security_event(staff=user, event="security.mfa_changed")

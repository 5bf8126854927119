"""Authentication events go to the audit trail and stamp the session (thin: one call each)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from inspectorate.security.sessions import session_start

from . import services
from .choices import Action, Outcome


@receiver(user_logged_in, dispatch_uid="audit_user_logged_in")
def on_user_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_start(request, user)
    services.record(action=Action.LOGIN, request=request, actor=user, obj=user)


@receiver(user_logged_out, dispatch_uid="audit_user_logged_out")
def on_user_logged_out(sender, request, user, **kwargs):
    reason = getattr(request, "logout_reason", None)
    services.record(
        action=Action.LOGOUT,
        request=request,
        actor=user,
        obj=user,
        extra={"reason": reason} if reason else None,
    )


@receiver(user_login_failed, dispatch_uid="audit_user_login_failed")
def on_user_login_failed(sender, credentials, request=None, **kwargs):
    # Only a username that names an account is kept: people type passwords into the
    # username field, and the trail must not store them.
    username = credentials.get("username") or ""
    staff = get_user_model().objects.filter(username__iexact=username).first() if username else None
    services.record(
        action=Action.LOGIN_FAILED,
        request=request,
        actor=staff,
        obj=staff,
        outcome=Outcome.FAILURE,
        extra=None if staff else {"known_user": False},
    )

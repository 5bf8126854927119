"""Reads of notifications: a staff member sees only their own."""

from django.db.models import QuerySet

from .models import Notification


def for_user(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody else's, admins included)."""
    if not (user.is_authenticated and user.is_active):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return for_user(user).filter(read_at__isnull=True).count()

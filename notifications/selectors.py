"""Reads of notifications: a staff member sees only their own."""

from django.db.models import Count, QuerySet

from inspectorate.prepared import aggregated, prepared

from .models import Notification


def for_user(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody else's, admins included)."""
    if not _has_notifications(user):
        return Notification.objects.none()
    return _own(recipient_id=user.pk).order_by("-created_at", "-id")


def _has_notifications(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _own(*, recipient_id: int) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=recipient_id)


@prepared("recipient_id")
def _unread(*, recipient_id: int):
    return aggregated(_own(recipient_id=recipient_id).filter(read_at__isnull=True), n=Count("pk"))


def unread_count(user) -> int:
    """The bell's number, on every page (its query built once: ``inspectorate.prepared``)."""
    if not _has_notifications(user):
        return 0
    rows = _unread(recipient_id=user.pk)
    return rows[0]["n"] if rows else 0

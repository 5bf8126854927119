"""Celery tasks of notifications: thin, they take an id and call a service."""

from celery import shared_task

from . import schedule, services


@shared_task(acks_late=True)
def send_notification_email(notification_id: int) -> str:
    """Send one notification's e-mail (an SMTP failure leaves it pending for the sweep)."""
    return services.email_send(notification_id=notification_id)


@shared_task(acks_late=True)
def send_digest_email(digest_id: int) -> str:
    return services.digest_send(digest_id=digest_id)


@shared_task
def dispatch_pending_emails() -> int:
    """Every minute: hand e-mails that are still waiting (broker or SMTP was down) to the workers."""
    return services.emails_dispatch_pending()


@shared_task
def office_tick(office_id: int) -> dict:
    """One office's time-based notifications and digest, at its own local time (idempotent)."""
    return schedule.office_tick(office_id=office_id)


@shared_task
def offices_tick() -> int:
    """Every 15 minutes: one ``office_tick`` per office, each in the office's own time zone."""
    return schedule.offices_tick()

"""Celery tasks of complaints: thin, they call a service."""

from celery import shared_task

from . import messaging, services


@shared_task
def erase_expired_identities() -> int:
    """Daily: erase complainant identities past the retention period (see services)."""
    return len(services.complaints_erase_expired_identities())


@shared_task(acks_late=True)
def send_complainant_update_email(message_id: int) -> str:
    """Tell the complainant by e-mail that there is news (never the message itself)."""
    return messaging.complainant_email_send(message_id=message_id)


@shared_task
def dispatch_pending_complainant_emails() -> int:
    """Every minute: hand update e-mails still waiting (broker or SMTP was down) to the workers."""
    return messaging.complainant_emails_dispatch_pending()

"""Celery tasks of complaints: thin, they call a service."""

from celery import shared_task

from . import services


@shared_task
def erase_expired_identities() -> int:
    """Daily: erase complainant identities past the retention period (see services)."""
    return len(services.complaints_erase_expired_identities())

"""Celery tasks of the deadlines app: thin, they take an id and call a service."""

from celery import shared_task

from inspectorate.models import Office

from . import services


@shared_task
def office_scan(office_id: int) -> dict:
    """One office's legal clocks: started, settled, expired (idempotent; every notification has its key)."""
    return services.office_scan(office_id=office_id)


@shared_task
def offices_scan() -> int:
    """Every 15 minutes: one ``office_scan`` per office, each at the office's own local time."""
    ids = list(Office.objects.values_list("pk", flat=True))
    for pk in ids:
        office_scan.delay(pk)
    return len(ids)

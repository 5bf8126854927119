"""Celery tasks of the socialsecurity app: thin, they take an id and call a service."""

from celery import shared_task

from inspectorate.models import Office

from . import services


@shared_task
def import_run(import_id: int) -> int:
    """Read one BPJS file (progress written as it goes); the number of rows imported."""
    return services.import_run(import_id=import_id).rows_imported


@shared_task
def office_scan(office_id: int) -> dict:
    return services.office_scan(office_id=office_id)


@shared_task
def offices_scan() -> int:
    """Every 15 minutes: one sanction scan per office (idempotent; each reminder has its key)."""
    ids = list(Office.objects.values_list("pk", flat=True))
    for pk in ids:
        office_scan.delay(pk)
    return len(ids)

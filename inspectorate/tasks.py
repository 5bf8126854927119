"""Organisation tasks."""

from celery import shared_task
from django.db import connection


@shared_task
def healthcheck() -> dict:
    """Proves a worker can reach the database: answers with its process, the database vendor and a row count."""
    import os

    from .models import Office

    return {"pid": os.getpid(), "database": connection.vendor, "offices": Office.objects.count()}


@shared_task(acks_late=True)
def run_company_import(import_id: int) -> None:
    """Import a recorded company CSV (services.company_import_run claims it, so it runs once)."""
    from .services import company_import_run

    company_import_run(import_id=import_id)


@shared_task
def dispatch_queued_imports() -> int:
    """Every minute: hand imports recorded while the queue was down to the workers."""
    from .services import company_imports_dispatch_waiting

    return company_imports_dispatch_waiting()

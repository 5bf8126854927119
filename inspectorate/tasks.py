"""Organisation tasks."""

from celery import shared_task
from django.db import connection


@shared_task
def healthcheck() -> dict:
    """Proves a worker can reach the database: answers with its process, the database vendor and a row count."""
    import os

    from .models import Office

    return {"pid": os.getpid(), "database": connection.vendor, "offices": Office.objects.count()}

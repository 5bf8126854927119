"""Organisation tasks."""

from celery import shared_task
from django.db import connection


@shared_task
def healthcheck() -> dict:
    """Proves a worker can reach the database: answers with the database vendor and a row count."""
    from .models import Office

    return {"database": connection.vendor, "offices": Office.objects.count()}

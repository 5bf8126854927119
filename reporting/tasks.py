"""Celery tasks of reporting: thin, they take an id and call a service."""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from inspectorate.storage import StorageUnavailable

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    soft_time_limit=settings.REPORTING_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTING_TIME_LIMIT,
    autoretry_for=(OperationalError, InterfaceError, StorageUnavailable),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def build_report(self, report_id: int) -> str:
    """Build one report; a transient database or file store error is retried with backoff, any other is recorded."""
    report = services.report_build(report_id=report_id)
    return report.status if report is not None else "skipped"


@shared_task
def dispatch_queued() -> int:
    """Every minute: hand waiting reports to the workers (see services.reports_dispatch_pending)."""
    return services.reports_dispatch_pending()


@shared_task
def request_monthly_reports() -> int:
    """Every hour: request last month's reports of the offices whose local month has turned."""
    return len(services.reports_request_due())

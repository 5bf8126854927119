from celery import shared_task

from .rebuild import check_and_repair


@shared_task(name="rollups.check", soft_time_limit=3600, time_limit=3900)
def check_rollups() -> int:
    """Nightly: compare the rollups with the base tables, log any drift and rebuild if there is some."""
    return check_and_repair()

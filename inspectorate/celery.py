"""The one Celery application of the project."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings.dev")

app = Celery("inspectorate")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _tune_worker(**kwargs) -> None:
    """Each worker process collects its garbage as the web workers do (inspectorate.runtime)."""
    from inspectorate.runtime import tune_gc

    tune_gc()

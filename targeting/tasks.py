"""The nightly recompute of every office's risk scores."""

from celery import shared_task


@shared_task(name="targeting.tasks.recompute_scores")
def recompute_scores(office_id: int | None = None) -> int:
    from inspectorate.models import Office

    from .services import scores_recompute

    office = Office.objects.filter(pk=office_id).first() if office_id else None
    return scores_recompute(office=office)

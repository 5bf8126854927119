"""Scores follow the changes that move them: a visit, a finding, a Nota or a complaint saved.

The inspections and complaints apps never import targeting; these receivers listen to the
``post_save`` signals of their models and, once the transaction commits, recompute the scores of
the companies touched (set-based, one batch per transaction). The nightly task catches the rest.
"""

from django.db import transaction
from django.db.models.signals import post_save


def _company_id(instance) -> int | None:
    if hasattr(instance, "company_id"):
        return instance.company_id
    inspection = getattr(instance, "inspection", None)
    return getattr(inspection, "company_id", None)


def _recompute(ids: set[int]) -> None:
    from .scoring import recompute_companies

    recompute_companies(ids)


class _Batch:
    """The companies touched in one transaction, recomputed together once it commits."""

    def __init__(self):
        self.ids: set[int] = set()

    def __call__(self):
        _recompute(self.ids)


def _pending_batch(connection) -> _Batch | None:
    # A batch whose callback was dropped by a rollback is not pending any more.
    for entry in connection.run_on_commit:
        if isinstance(entry[1], _Batch):
            return entry[1]
    return None


def changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    company_id = _company_id(instance)
    if company_id is None:
        return
    connection = transaction.get_connection()
    batch = _pending_batch(connection) if connection.in_atomic_block else None
    if batch is None:
        batch = _Batch()
        batch.ids.add(company_id)
        # robust: a failed recompute is logged and never turns the committed change into an error;
        # the nightly task repairs the score.
        transaction.on_commit(batch, robust=True)
    else:
        batch.ids.add(company_id)


def connect() -> None:
    from complaints.models import Complaint
    from inspections.models import Finding, Inspection, Notice

    for model in (Inspection, Finding, Notice, Complaint):
        post_save.connect(changed, sender=model, dispatch_uid=f"targeting-score-{model.__name__}")

"""Scores follow the changes that move them: a visit, a finding, a Nota, a complaint, an accident
(or a person hurt in it), an occupational disease case saved, or a company's BPJS flags recomputed.

The inspections, complaints, accidents and socialsecurity apps never import targeting; these
receivers listen to the ``post_save`` signals of their models (and to socialsecurity's
``flags_changed``, sent when the flags are rewritten in bulk) and, once the transaction commits, recompute the scores of
the companies touched (set-based, one batch per transaction). The nightly task catches the rest.
"""

from django.db import transaction
from django.db.models.signals import post_save


def _company_id(instance) -> int | None:
    if hasattr(instance, "company_id"):
        return instance.company_id
    parent = getattr(instance, "inspection", None) or getattr(instance, "accident", None)
    return getattr(parent, "company_id", None)


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


def touch(ids) -> None:
    """Recompute these companies' scores once the transaction commits (one batch per transaction)."""
    ids = set(ids)
    if not ids:
        return
    connection = transaction.get_connection()
    batch = _pending_batch(connection) if connection.in_atomic_block else None
    if batch is None:
        batch = _Batch()
        batch.ids |= ids
        # robust: a failed recompute is logged and never turns the committed change into an error;
        # the nightly task repairs the score.
        transaction.on_commit(batch, robust=True)
    else:
        batch.ids |= ids


def changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    company_id = _company_id(instance)
    if company_id is not None:
        touch({company_id})


def flags_changed(sender, company_ids, **kwargs) -> None:
    touch(company_ids)


def connect() -> None:
    from accidents.models import Accident, InjuredPerson, OccupationalDisease
    from complaints.models import Complaint
    from inspections.models import Finding, Inspection, Notice
    from socialsecurity.signals import flags_changed as bpjs_flags_changed

    for model in (Inspection, Finding, Notice, Complaint, Accident, InjuredPerson, OccupationalDisease):
        post_save.connect(changed, sender=model, dispatch_uid=f"targeting-score-{model.__name__}")
    bpjs_flags_changed.connect(flags_changed, dispatch_uid="targeting-score-bpjs-flags")

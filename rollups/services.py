"""Keeping the rollups exact: what a complaint or visit adds to them, applied as a difference.

The services of complaints and inspections wrap every write that can move a figure in
:func:`complaints_changing` / :func:`visits_changing` (or call :func:`record_complaints` /
:func:`record_visits` after creating rows): the rows' contribution is read before the change and
again after it, inside the same transaction, and only the difference is added to the rollup rows
(``UPDATE ... SET n = n + d``, so concurrent changes of other records add up). That one rule
covers every case: a status change, a reopening, a complaint or company moved to another office
(old office's rows lose it, new office's gain it), categories changed, a deletion (the "after"
is empty), a creation (the "before" is empty). The complaint year rows move by the same
difference summed over the months (``rollups.models.complaint_years``).

The month columns are set here too, in the "after" step, from the timestamps and the office's
zone: a record's contribution is computed from its *stored* months, so a row never stamped (made
by a bulk load) contributes nothing until it is stamped, and ``rebuild_rollups`` starts from
the same stored months.

This module depends on complaints and inspections models only; reporting reads the rollups and
the services never import reporting (DESIGN.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from complaints.choices import RESOLVED_STATUSES, Status
from complaints.models import Complaint
from inspections.choices import COUNTED_STATUSES
from inspections.models import Inspection

from .models import (
    COMPLAINT_VALUES,
    NOT_RESOLVED,
    ComplaintMonth,
    ComplaintYear,
    Dimension,
    State,
    VisitMonth,
    complaint_years,
)
from .months import COMPLAINT_MONTHS, VISIT_MONTHS, stamp_rows

COMPLAINT_KEY = ("dimension", "received_month", "office_id", "key", "state", "resolved_month")
COMPLAINT_YEAR_KEY = ("dimension", "received_year", "office_id", "key", "state")
VISIT_KEY = ("month", "office_id", "inspector_id", "kind")


def complaint_state(status: str) -> str:
    if status in RESOLVED_STATUSES:
        return State.RESOLVED
    if status == Status.REJECTED:
        return State.REJECTED
    if status == Status.REFERRED:
        return State.REFERRED
    return State.OPEN


# --- contributions -------------------------------------------------------------------------


def complaint_contributions(pks: Iterable[int]) -> dict[tuple, list]:
    """``{key: [complaints, claimed, recovered]}`` of the stored rows ``pks`` (two queries)."""
    pks = list(pks)
    result: dict[tuple, list] = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    if not pks:
        return result
    rows = Complaint.objects.filter(pk__in=pks, received_month__isnull=False).values_list(
        "pk", "office_id", "received_month", "status", "resolved_month", "channel", "amount_claimed", "amount_recovered"
    )
    categories = defaultdict(list)
    through = Complaint.categories.through
    for complaint_id, code in through.objects.filter(complaint_id__in=pks).values_list(
        "complaint_id", "category__code"
    ):
        categories[complaint_id].append(code)
    for pk, office_id, received, status, resolved, channel, claimed, recovered in rows:
        state = complaint_state(status)
        resolved_month = (resolved or NOT_RESOLVED) if state == State.RESOLVED else NOT_RESOLVED
        keys = [(Dimension.ALL.value, ""), (Dimension.CHANNEL.value, channel)]
        keys += [(Dimension.CATEGORY.value, code) for code in categories[pk]]
        for dimension, key in keys:
            values = result[(dimension, received, office_id, key, state, resolved_month)]
            values[0] += 1
            values[1] += claimed or 0
            values[2] += recovered or 0
    return result


def visit_contributions(pks: Iterable[int]) -> dict[tuple, list]:
    """``{key: [visits]}`` of the stored visits ``pks``: the office's row and one per inspector on it."""
    pks = list(pks)
    result: dict[tuple, list] = defaultdict(lambda: [0])
    if not pks:
        return result
    rows = Inspection.objects.filter(pk__in=pks, visit_month__isnull=False, status__in=COUNTED_STATUSES).values_list(
        "pk", "office_id", "visit_month", "kind", "lead_inspector_id"
    )
    team = defaultdict(set)
    through = Inspection.team.through
    for inspection_id, staff_id in through.objects.filter(inspection_id__in=pks).values_list(
        "inspection_id", "staff_id"
    ):
        team[inspection_id].add(staff_id)
    for pk, office_id, month, kind, lead_id in rows:
        result[(month, office_id, None, kind)][0] += 1
        for staff_id in team[pk] | {lead_id}:
            result[(month, office_id, staff_id, kind)][0] += 1
    return result


# --- applying differences ------------------------------------------------------------------


def _difference(before: dict, after: dict) -> dict[tuple, list]:
    diff = {}
    for key in set(before) | set(after):
        old = before.get(key) or [0] * len(after.get(key) or before.get(key))
        new = after.get(key) or [0] * len(old)
        delta = [n - o for n, o in zip(new, old, strict=True)]
        if any(delta):
            diff[key] = delta
    return diff


def _apply(model, key_fields: tuple[str, ...], value_fields: tuple[str, ...], diff: dict[tuple, list]) -> None:
    if not diff:
        return
    # Rows that do not exist yet are created empty (a concurrent creator wins quietly), then every
    # row is moved by its difference; sorted, so two transactions lock rows in the same order.
    keys = sorted(diff, key=repr)
    model.objects.bulk_create([model(**dict(zip(key_fields, key, strict=True))) for key in keys], ignore_conflicts=True)
    for key in keys:
        filters = {}
        for name, value in zip(key_fields, key, strict=True):
            filters[f"{name}__isnull" if value is None else name] = True if value is None else value
        model.objects.filter(**filters).update(
            **{name: F(name) + delta for name, delta in zip(value_fields, diff[key], strict=True) if delta}
        )


def _apply_complaints(diff: dict) -> None:
    _apply(ComplaintMonth, COMPLAINT_KEY, COMPLAINT_VALUES, diff)
    _apply(ComplaintYear, COMPLAINT_YEAR_KEY, COMPLAINT_VALUES, complaint_years(diff))


def _apply_visits(diff: dict) -> None:
    _apply(VisitMonth, VISIT_KEY, ("visits",), diff)


# --- what the services call ----------------------------------------------------------------


@contextmanager
def complaints_changing(pks: Iterable[int]) -> Iterator[None]:
    """Around a change of complaints ``pks``: stamps their months and moves the rollups by the difference."""
    pks = list(pks)
    with transaction.atomic():
        before = complaint_contributions(pks)
        yield
        stamp_rows(Complaint, pks, COMPLAINT_MONTHS)
        _apply_complaints(_difference(before, complaint_contributions(pks)))


@contextmanager
def visits_changing(pks: Iterable[int]) -> Iterator[None]:
    """Around a change of visits ``pks``: stamps their month and moves the rollups by the difference."""
    pks = list(pks)
    with transaction.atomic():
        before = visit_contributions(pks)
        yield
        stamp_rows(Inspection, pks, VISIT_MONTHS)
        _apply_visits(_difference(before, visit_contributions(pks)))


def record_complaints(pks: Iterable[int]) -> None:
    """After creating complaints (with their categories): stamp and add them."""
    with complaints_changing(pks):
        pass


def record_visits(pks: Iterable[int]) -> None:
    """After creating visits (with their team): stamp and add them."""
    with visits_changing(pks):
        pass

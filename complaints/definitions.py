"""What "resolved by", "open", "overdue" and "days open" mean for a complaint (DESIGN.md §3).

One definition each, as queryset filters (and, for overdue, the same rule on one loaded
complaint). reporting/figures/ counts with them; the work queue's filters and badges, the
API and the exports use them too. They live here, with the model, because complaints may not
import reporting (docs/architecture.md); reporting imports them.
"""

from datetime import date, datetime, timedelta

from django.db.models import Q

from .choices import EXCLUDED_STATUSES, OPEN_STATUSES, RESOLVED_STATUSES

# Days open, in whole days: label, lowest, highest (None: no upper end).
AGE_BANDS = [("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), (">90", 91, None)]


def resolved_by_q(moment: datetime, now: datetime, prefix: str = "") -> Q:
    """Resolved (or closed) before ``moment`` and not after ``now``: a reopened complaint is not."""
    return Q(
        **{
            f"{prefix}status__in": RESOLVED_STATUSES,
            f"{prefix}resolved_at__lte": now,
            f"{prefix}resolved_at__lt": moment,
        }
    )


def open_at_q(end: datetime, now: datetime) -> Q:
    """Open at ``end`` (or at ``now`` when sooner): received before, not rejected or referred, not resolved by then."""
    return Q(received_at__lt=min(end, now)) & ~Q(status__in=EXCLUDED_STATUSES) & ~resolved_by_q(end, now)


def past_due_q(day: date) -> Q:
    """Due before ``day`` (a local date of the complaint's office)."""
    return Q(due_date__lt=day)


def overdue_q(day: date) -> Q:
    """Overdue on ``day``: past the due date and still open (not resolved, closed, rejected or referred)."""
    return past_due_q(day) & Q(status__in=OPEN_STATUSES)


def is_past_due(*, due_date: date | None, day: date) -> bool:
    """:func:`past_due_q` for one complaint already loaded."""
    return due_date is not None and due_date < day


def is_overdue(*, due_date: date | None, status: str, day: date) -> bool:
    """:func:`overdue_q` for one complaint already loaded."""
    return is_past_due(due_date=due_date, day=day) and status in OPEN_STATUSES


def age_band_q(low: int, high: int | None, as_of: datetime) -> Q:
    """Open ``low`` to ``high`` whole days at ``as_of``: age >= low ⇔ received at or before as_of - low days."""
    return received_within_q(*age_band_bounds(low, high, as_of))


def age_band_bounds(low: int, high: int | None, as_of: datetime) -> tuple[datetime, ...]:
    """The moments of :func:`age_band_q`: received at or before the first, after the second (if any)."""
    latest = as_of - timedelta(days=low)
    return (latest,) if high is None else (latest, as_of - timedelta(days=high + 1))


def received_within_q(latest: datetime, earliest: datetime | None = None) -> Q:
    """Received at or before ``latest`` and, given ``earliest``, after it (an age band's bounds)."""
    q = Q(received_at__lte=latest)
    return q if earliest is None else q & Q(received_at__gt=earliest)


def age_days(*, received_at: datetime, resolved_at: datetime | None, status: str, as_of: datetime) -> int:
    """Days from received to resolved, or to ``as_of`` while not resolved by then."""
    resolved = status in RESOLVED_STATUSES and resolved_at is not None and resolved_at <= as_of
    return ((resolved_at if resolved else as_of) - received_at).days

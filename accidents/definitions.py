"""Accident definitions the accident pages and the figures (reporting/figures/accidents.py) share."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q

from .choices import Severity

# UU 13/2003 jo. UU 6/2023 ps. 77: 40 hours a week; 50 working weeks a year.
NORMAL_WEEKLY_HOURS = 40
WORKING_WEEKS = 50
NORMAL_ANNUAL_HOURS = NORMAL_WEEKLY_HOURS * WORKING_WEEKS
# Permenaker 03/1998 ps. 4: 2×24 hours from the accident, when no DeadlineRule row says otherwise.
REPORT_HOURS = 48


def report_late(employer_reported_at: dt.datetime | None, due_at: dt.datetime, now: dt.datetime) -> bool:
    """Late: the report came after the due instant, or it has not come and the due instant has passed.

    A report arriving exactly at the due instant (48 hours to the second) is on time.
    """
    if employer_reported_at is not None:
        return employer_reported_at > due_at
    return now > due_at


def late_q(now: dt.datetime) -> Q:
    """The accidents whose employer's report is late (:func:`report_late` as a filter)."""
    return Q(employer_reported_at__gt=F("report_due_at")) | Q(employer_reported_at__isnull=True, report_due_at__lt=now)


def severity_of(*, fatal: bool, permanent: bool, days_lost: int) -> str:
    """One outcome per person, the worst that applies."""
    if fatal:
        return Severity.FATAL
    if permanent:
        return Severity.PERMANENT
    if days_lost:
        return Severity.TEMPORARY
    return Severity.NO_DAYS_LOST


def estimated_hours(workers: int) -> int:
    """Hours worked estimated from the workforce: workers × normal annual hours."""
    return workers * NORMAL_ANNUAL_HOURS

"""Reads of the deadlines app that feed pages, the feed and the API: scoped, a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from inspectorate import access

from .choices import OPEN_CLOCK_STATES
from .models import Clock, NonComplianceReport, NoticeDraft


def open_clocks(*, user) -> QuerySet[Clock]:
    """Every open legal clock the user may see, what expires first at the top (not started ones last)."""
    rows = Clock.objects.filter(state__in=OPEN_CLOCK_STATES).select_related(
        "office", "notice__company", "complaint__company", "responsible"
    )
    return access.restrict(rows, user).order_by(F("due_at").asc(nulls_last=True), "id")


def overdue_q(now: dt.datetime) -> Q:
    """A clock past its expiry instant (already marked by the scan or not yet)."""
    return Q(due_at__lte=now)


def clock_counts(rows: QuerySet[Clock], now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    return rows.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=overdue_q(now)),
        week=Count("pk", filter=Q(due_at__gt=now, due_at__lte=now + dt.timedelta(days=7))),
        waiting=Count("pk", filter=Q(due_at__isnull=True)),
    )


def notice_ladder(*, notice) -> dict:
    """The clocks, delivery, Nota II draft and non-compliance report of one notice (already in scope)."""
    clocks = list(notice.clocks.select_related("responsible").prefetch_related("changes__actor").order_by("pk"))
    return {
        "clocks": clocks,
        "delivery": getattr(notice, "delivery", None) if hasattr(notice, "delivery") else None,
        "draft": NoticeDraft.objects.filter(previous=notice).first(),
        "report": NonComplianceReport.objects.filter(notice=notice).first(),
    }

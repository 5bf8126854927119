"""The dashboards' data: the figures of figures.py for a scope and month, plus work queues.

Every number about complaints and quota comes from :mod:`reporting.figures`, the module the
monthly PDFs are built from, called with the same offices, month and ``now``: a dashboard and
the PDF of the same month and scope show the same numbers.

No cache: the figures read the month rollups (rollups.models), a few thousand rows for the
whole country, kept exact by the services in the same transaction as every change, so a
dashboard is fresh on every request and as fast as a cached one used to be (docs/performance.md
§9). A cache would only add a way to be stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from complaints.choices import OPEN_STATUSES, Status
from complaints.models import Complaint
from inspections.choices import FindingStatus, InspectionStatus
from inspections.models import Finding, Inspection, Notice
from inspectorate.models import Office, Staff
from inspectorate.prepared import aggregated, prepared

from . import figures

# --- the official's (and the office's) figures -----------------------------------------------


@dataclass
class OfficeRow:
    """One office's line on the dashboard: resolution month/year, backlog, quota and trend."""

    office: Office
    month: figures.Counts
    year: figures.Counts
    previous: figures.Counts
    backlog: figures.Backlog | None
    quota: figures.OfficeQuota

    @property
    def open(self) -> int:
        return self.backlog.open if self.backlog else 0

    @property
    def overdue(self) -> int:
        return self.backlog.overdue if self.backlog else 0

    @property
    def trend(self) -> float | None:
        """Change of the month's resolution rate against the previous month, in points of a fraction."""
        if self.month.rate is None or self.previous.rate is None:
            return None
        return self.month.rate - self.previous.rate


@dataclass
class ScopeFigures:
    month: date
    now: datetime
    category: str | None
    summary: figures.ResolutionSummary
    quota: figures.QuotaSummary
    rows: list[OfficeRow] = field(default_factory=list)

    @property
    def ranked(self) -> list[OfficeRow]:
        """Offices by the month's resolution rate (best first; offices without complaints last)."""
        return sorted(self.rows, key=lambda r: (r.month.rate is None, -(r.month.rate or 0), r.office.code))

    @property
    def period_end(self) -> date:
        return figures.add_months(self.month, 1)

    @property
    def month_last_day(self) -> date:
        return self.period_end - timedelta(days=1)


def scope_figures(
    *, offices: list[Office], month: date, category: str | None = None, now: datetime | None = None
) -> ScopeFigures:
    """Every figure of the official's and office dashboards for ``offices`` and ``month``."""
    now = now or timezone.now()
    month = figures.month_start(month)
    summary = figures.resolution_summary(offices=offices, month=month, now=now, category=category, trend=False)
    # The 12-month trend: each month's intake and how much of it is resolved so far.
    summary.trend = figures.received_and_resolved_trend(offices=offices, month=month, now=now, category=category)
    previous_month = figures.add_months(month, -1)
    previous = figures.period_figures(
        offices=offices, start=previous_month, end=month, now=now, details=False, category=category
    )
    # The inspectors' rows only where they are shown: one office (the country's 2,000 are counted in SQL).
    quota = figures.quota_summary(offices=offices, month=month, rows=len(offices) == 1)
    quota_by_office = {q.office.pk: q for q in quota.offices}
    rows = [
        OfficeRow(
            office=o,
            month=summary.month_figures.by_office.get(o.pk, figures.Counts()),
            year=summary.year_figures.by_office.get(o.pk, figures.Counts()),
            previous=previous.by_office.get(o.pk, figures.Counts()),
            backlog=summary.backlog_by_office.get(o.pk),
            quota=quota_by_office[o.pk],
        )
        for o in offices
    ]
    return ScopeFigures(month=month, now=now, category=category, summary=summary, quota=quota, rows=rows)


# --- the office head's work queue ---------------------------------------------------------------


@dataclass
class WorkQueue:
    new: int
    unassigned: int
    overdue: int
    findings_past_deadline: int
    notices_awaiting: int
    notices: list[Notice]


def office_work_queue(*, office: Office, today: date | None = None, shown: int = 10) -> WorkQueue:
    """The office's queue now (four queries): complaints to act on, findings and notices past deadline.

    Everything is counted in SQL; only the ``shown`` notices listed are read (with their company):
    the biggest office has about 2,000 notices past their deadline.
    """
    today = today or timezone.localdate(timezone=office.zone)
    [counts] = _queue_complaints(office_id=office.pk, today=today)
    [findings] = _past_deadline(office_id=office.pk, today=today, kind="findings")
    [awaiting] = _past_deadline(office_id=office.pk, today=today, kind="notices")
    notices = Notice.objects.filter(figures.notice_awaiting_q(today), office=office).select_related("company")
    return WorkQueue(
        **counts,
        findings_past_deadline=findings["n"],
        notices_awaiting=awaiting["n"],
        notices=list(notices.order_by("compliance_deadline", "id")[:shown]),
    )


@prepared("office_id", "today")
def _queue_complaints(*, office_id: int, today: date):
    # Every count is of open complaints: read through the partial index of the open ones (a few
    # hundred rows), not every complaint the office ever received.
    return aggregated(
        Complaint.objects.filter(office_id=office_id, status__in=sorted(OPEN_STATUSES)),
        new=Count("id", filter=Q(status=Status.RECEIVED)),
        unassigned=Count("id", filter=Q(status__in=sorted(OPEN_STATUSES), assigned_to__isnull=True)),
        overdue=Count("id", filter=figures.overdue_q(today)),
    )


_PAST_DEADLINE = {
    "findings": (Finding, figures.finding_past_deadline_q),
    "notices": (Notice, figures.notice_awaiting_q),
}


@prepared("office_id", "today")
def _past_deadline(*, office_id: int, today: date, kind: str):
    """One row: the office's findings past their deadline, or its notices awaiting the follow-up visit."""
    model, condition = _PAST_DEADLINE[kind]
    return aggregated(model.objects.filter(condition(today), office_id=office_id), n=Count("id"))


# --- the inspector's home -----------------------------------------------------------------------


@dataclass
class InspectorDay:
    today: date
    week_end: date
    visits_today: list[Inspection]
    visits_week: list[Inspection]
    complaints: list[Complaint]
    findings_due: list[Finding]


@prepared("inspector_id", "office_id", "start", "end")
def _week_visits(*, inspector_id: int, office_id: int, start: date, end: date):
    """The inspector's planned and ongoing visits (as lead or in the team) between two days."""
    return (
        Inspection.objects.filter(Q(lead_inspector_id=inspector_id) | Q(team=inspector_id), office_id=office_id)
        .filter(
            status__in=[InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS],
            planned_date__gte=start,
            planned_date__lte=end,
        )
        .select_related("company")
        .distinct()
        .order_by("planned_date", "id")
    )


@prepared("inspector_id", "office_id")
def _open_assigned(*, inspector_id: int, office_id: int):
    """The inspector's first 20 open complaints, the earliest due first."""
    return (
        Complaint.objects.filter(assigned_to_id=inspector_id, office_id=office_id, status__in=OPEN_STATUSES)
        .select_related("company", "office")
        .order_by("due_date", "received_at")[:20]
    )


@prepared("inspector_id", "office_id", "start", "end")
def _findings_due(*, inspector_id: int, office_id: int, start: date, end: date):
    """The first 20 open findings of the inspector's visits whose deadline falls between two days."""
    return (
        Finding.objects.filter(
            Q(inspection__lead_inspector_id=inspector_id) | Q(inspection__team=inspector_id),
            inspection__office_id=office_id,
            status=FindingStatus.OPEN,
            deadline__gte=start,
            deadline__lte=end,
        )
        .select_related("inspection", "inspection__company")
        .distinct()
        .order_by("deadline", "id")[:20]
    )


def inspector_day(*, inspector: Staff, today: date | None = None) -> InspectorDay:
    """What an inspector has on: visits today and this week, open complaints, findings due soon
    (three queries, each built once: ``inspectorate.prepared``)."""
    today = today or timezone.localdate(timezone=inspector.office.zone)
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=6)
    mine = {"inspector_id": inspector.pk, "office_id": inspector.office_id}
    visits = _week_visits(**mine, start=week_start, end=week_end)
    complaints = _open_assigned(**mine)
    findings = _findings_due(**mine, start=today, end=today + timedelta(days=7))
    return InspectorDay(
        today=today,
        week_end=week_end,
        visits_today=[v for v in visits if v.planned_date == today],
        visits_week=visits,
        complaints=complaints,
        findings_due=findings,
    )

"""The numbers of DESIGN.md §3, defined once, for PDFs, dashboards and the API.

Everything here is set-based: a fixed number of aggregate queries whatever the amount of
data (grouped ``values().annotate()`` and conditional ``Count(filter=...)``), never a query
per row. Months are always taken in the time zone of the office a visit or complaint
belongs to, so a region or the country mixing Asia/Jakarta and Asia/Makassar offices puts
every record in the month its own office lived it.

Decisions worth knowing:

- A visit counts for each inspector on it (lead or team member), once per inspector even if
  the lead is also listed in the team. Office "visits" are distinct visits.
- Inspectors are the office's *active* staff with the inspector role; office heads and
  inactive accounts are neither counted nor in the denominator of office attainment.
- A complaint is *resolved by* a moment when its current status is ``resolved`` or
  ``closed`` and its ``resolved_at`` is before the end of the period (midnight starting the
  next month, local time) and not after ``now``. A complaint resolved and
  later reopened is not resolved now (its status is ``assigned`` again), and a report built
  after the reopening does not count it, even for the month it was first resolved in: the
  figures describe what is known when they are computed, not a replay of the history.
- ``rejected`` and ``referred`` complaints are left out of the rate (numerator and
  denominator) and shown apart; their current status decides.
- Ageing and overdue describe the office's backlog at the end of the period (or now for the
  current period): complaints received before then, not rejected or referred, and not
  resolved by then. Age is counted in whole days; overdue means the due date is before that
  day.
"""

# Read through figures by dashboards, PDFs and their tests.
from inspectorate.choices import NormCategory
from inspectorate.periods import add_months, local_midnight, month_start

from ._common import (
    AGEING_BUCKETS,
    COUNTED_KINDS,
    TREND_MONTHS,
    finding_past_deadline_q,
    notice_awaiting_q,
    overdue_q,
)
from .quota import (
    InspectorQuota,
    OfficeQuota,
    QuotaSummary,
    QuotaTrendPoint,
    inspector_quota,
    office_quota,
    quota_summary,
    quota_trend,
)
from .resolution import (
    Backlog,
    Breakdown,
    Counts,
    PeriodFigures,
    ResolutionSummary,
    ResolutionTrendPoint,
    backlog,
    backlogs,
    complaint_age_days,
    oldest_open_complaints,
    open_at_q,
    overdue_at,
    period_figures,
    received_and_resolved_trend,
    resolution_summary,
    resolution_trend,
    resolved_by_q,
)
from .time import (
    all_time_zones,
    scope_offices,
    trend_months,
)

__all__ = [
    "NormCategory",
    "AGEING_BUCKETS",
    "Backlog",
    "Breakdown",
    "COUNTED_KINDS",
    "Counts",
    "InspectorQuota",
    "OfficeQuota",
    "PeriodFigures",
    "QuotaSummary",
    "QuotaTrendPoint",
    "ResolutionSummary",
    "ResolutionTrendPoint",
    "TREND_MONTHS",
    "add_months",
    "all_time_zones",
    "backlog",
    "backlogs",
    "complaint_age_days",
    "finding_past_deadline_q",
    "inspector_quota",
    "local_midnight",
    "month_start",
    "notice_awaiting_q",
    "office_quota",
    "oldest_open_complaints",
    "open_at_q",
    "overdue_at",
    "overdue_q",
    "period_figures",
    "quota_summary",
    "quota_trend",
    "received_and_resolved_trend",
    "resolution_summary",
    "resolution_trend",
    "resolved_by_q",
    "scope_offices",
    "trend_months",
]

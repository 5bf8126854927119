"""What "past deadline" means for a finding and a notice, once, as queryset filters.

The overdue-findings list and the notices filter use them; reporting/figures/ re-exports
them for the work-queue counts (reporting reads inspections, never the other way round).
"""

from datetime import date

from django.db.models import Q

from .choices import FindingStatus, NoticeStatus


def finding_past_deadline_q(day: date, prefix: str = "") -> Q:
    """An open finding whose correction deadline is before ``day`` (a local date of its office)."""
    return Q(**{f"{prefix}status": FindingStatus.OPEN, f"{prefix}deadline__lt": day})


def notice_deadline_passed_q(day: date) -> Q:
    """A notice whose compliance deadline is before ``day``, whatever its status."""
    return Q(compliance_deadline__lt=day)


def notice_awaiting_q(day: date) -> Q:
    """An issued notice past its compliance deadline: the follow-up visit is due."""
    return notice_deadline_passed_q(day) & Q(status=NoticeStatus.ISSUED)

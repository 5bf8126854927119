"""Reads of visits, findings and notices, narrowed to what the user may see (quota figures: reporting/figures/)."""

import calendar
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Company, Office, Staff
from inspectorate.pagination import PreparedRows
from inspectorate.periods import per_zone, zone_values, zone_values_q
from inspectorate.prepared import aggregated, keep_prefetched, prepared

from . import definitions
from .choices import COUNTED_STATUSES, FindingStatus, InspectionStatus
from .models import Addendum, Attachment, ChangeRecord, FieldNote, Finding, Inspection, Investigation, Notice
from .visit_html import ROW_FIELDS

# ---------------------------------------------------------------------------------------------
# lists and pages


def inspection_list(*, user) -> QuerySet[Inspection]:
    return access.restrict(
        Inspection.objects.select_related("company", "lead_inspector", "office").annotate(
            open_findings=_open_findings()
        ),
        user,
    )


def _open_findings() -> Coalesce:
    findings = Finding.objects.filter(inspection=OuterRef("pk"), status=FindingStatus.OPEN).order_by()
    return Coalesce(
        Subquery(findings.values("inspection").annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
    )


def as_visit_rows(queryset: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """The visit list's rows of ``queryset`` (with ``open_findings``): only the columns they show
    (ROW_FIELDS; a page of 25 visits read 57 columns each), the company and lead inspector joined."""
    return queryset.select_related(None).select_related("company", "lead_inspector").only(*ROW_FIELDS)


def filter_inspectors() -> QuerySet[Staff]:
    """The inspectors the visit list's filter offers, by name (narrowed to the user's scope by the caller)."""
    return Staff.objects.filter(role=Role.INSPECTOR).order_by(*Staff.NAME_ORDER)


def visit_rows() -> QuerySet[Inspection]:
    """The visit list's rows as it opens (no filter; scoped by the caller)."""
    return as_visit_rows(Inspection.objects.annotate(open_findings=_open_findings()))


def visit_count() -> QuerySet[Inspection]:
    """What the visit list counts as it opens (scoped by the caller)."""
    return Inspection.objects.all()


def visits_awaiting_notice(*, user) -> QuerySet[Inspection]:
    """Reported visits with an open finding that no Nota covers yet, the longest waiting first."""
    uncovered = Finding.objects.filter(inspection=OuterRef("pk"), status=FindingStatus.OPEN, notices__isnull=True)
    return (
        inspection_list(user=user)
        .filter(status=InspectionStatus.REPORTED)
        .filter(Exists(uncovered))
        .order_by("reported_at", "pk")
    )


@dataclass
class CalendarMonth:
    """A month of planned visits, week by week (Monday first), in the office's time zone."""

    month: dt.date
    today: dt.date
    zone_name: str
    weeks: list[list[tuple[dt.date, list[Inspection]]]]
    own_only: bool

    @property
    def days_with_visits(self) -> list[tuple[dt.date, list[Inspection]]]:
        return [
            (day, visits) for week in self.weeks for day, visits in week if visits and day.month == self.month.month
        ]


def _calendar_visits(as_of: tuple) -> QuerySet[Inspection]:
    """The visits planned from ``as_of[0]`` to ``as_of[1]``, by day, then company."""
    first, last = as_of[:2]
    return (
        Inspection.objects.select_related("company", "lead_inspector")
        .filter(planned_date__range=(first, last))
        .order_by("planned_date", "company__name", "pk")
    )


def _own_calendar_visits(as_of: tuple) -> QuerySet[Inspection]:
    """:func:`_calendar_visits` that the inspector ``as_of[2]`` leads or is on the team of."""
    inspector_id = as_of[2]
    return _calendar_visits(as_of).filter(Q(lead_inspector_id=inspector_id) | Q(team__id=inspector_id)).distinct()


def visit_calendar(*, user, month: dt.date | None = None) -> CalendarMonth:
    """The visits planned in ``month``: an inspector's own (lead or team), the whole office for the others."""
    zone_name = user.office.time_zone if user.office_id else settings.TIME_ZONE
    today = timezone.localdate(timezone=ZoneInfo(zone_name))
    month = (month or today).replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    own_only = user.role == Role.INSPECTOR
    # In the user's scope, by a query built once (access.rows_for_user): an inspector's own visits.
    if own_only:
        visits = access.rows_for_user(
            Inspection, _own_calendar_visits, user, as_of=(weeks[0][0], weeks[-1][-1], user.pk)
        )
    else:
        visits = access.rows_for_user(Inspection, _calendar_visits, user, as_of=(weeks[0][0], weeks[-1][-1]))
    by_day: dict[dt.date, list[Inspection]] = {}
    for visit in visits:
        by_day.setdefault(visit.planned_date, []).append(visit)
    return CalendarMonth(
        month=month,
        today=today,
        zone_name=zone_name,
        weeks=[[(day, by_day.get(day, [])) for day in week] for week in weeks],
        own_only=own_only,
    )


def inspection_today(*, user) -> QuerySet[Inspection]:
    """The user's visits to do: planned for today or earlier, and those started and not reported."""
    today = timezone.localdate(timezone=user.office.zone) if user.office_id else timezone.localdate()
    return (
        access.restrict(Inspection.objects.select_related("company", "company__district"), user, "change")
        .filter(Q(lead_inspector=user) | Q(team=user))
        .filter(Q(status=InspectionStatus.IN_PROGRESS) | Q(status=InspectionStatus.PLANNED, planned_date__lte=today))
        .distinct()
        .order_by("planned_date", "id")
    )


def inspection_detail_queryset() -> QuerySet[Inspection]:
    """The visit of its page (``access.get_prepared_for_user``); what it holds is read by
    :func:`inspection_detail`."""
    return Inspection.objects.select_related(
        "company", "company__district", "office", "lead_inspector", "origin_complaint"
    )


def _of_visit(rows: QuerySet, lookup: str = "inspection_id") -> Callable[..., list]:
    """``rows`` of one visit (``inspection_id``) by a query built once (``inspectorate.prepared``)."""

    @prepared("inspection_id")
    def read(*, inspection_id: int):
        return rows.filter(**{lookup: inspection_id})

    return read


# What the visit's page reads with it: each relation as prefetch_related read it, in its order (the
# field notes' and addenda's authors with them).
_DETAIL_RELATIONS = (
    ("team", _of_visit(Staff.objects.all(), "team_inspections")),
    ("findings", _of_visit(Finding.objects.select_related("provision"))),
    ("notices", _of_visit(Notice.objects.select_related("previous").order_by("issued_on", "id"))),
    ("field_notes", _of_visit(FieldNote.objects.select_related("author"))),
    ("attachments", _of_visit(Attachment.objects.all())),
    ("addenda", _of_visit(Addendum.objects.select_related("author"))),
    ("change_records", _of_visit(ChangeRecord.objects.select_related("actor"))),
)


def inspection_detail(*, user, pk: int) -> Inspection:
    """A visit with everything its page shows, in a fixed number of queries, each built once
    (``inspectorate.prepared``): ``prefetch_related`` built and compiled its seven queries and the
    visit's on every request, about 1.5 ms of Python."""
    inspection = access.get_prepared_for_user(Inspection, inspection_detail_queryset, user, pk)
    for name, read in _DETAIL_RELATIONS:
        keep_prefetched(inspection, name, read(inspection_id=inspection.pk))
    return inspection


def notice_detail(*, user, pk: int) -> Notice:
    return access.get_for_user(
        Notice.objects.select_related(
            "inspection", "inspection__office", "company", "office", "previous", "issued_by"
        ).prefetch_related(
            Prefetch("findings", queryset=Finding.objects.select_related("provision")),
            "follow_ups",
            "addenda__author",
        ),
        user,
        pk=pk,
    )


def notice_list(*, user) -> QuerySet[Notice]:
    # An aggregate drops Meta.ordering: order explicitly so pages are stable.
    return (
        access.restrict(Notice.objects.select_related("company", "inspection", "previous"), user)
        .annotate(n_findings=Count("findings"))
        .order_by("-issued_on", "-id")
    )


def finding_overdue_list(*, user, today: dt.date | None = None) -> QuerySet[Finding]:
    """Open findings whose deadline is before today, today being the one of the finding's office."""
    if today is not None:
        overdue = definitions.finding_past_deadline_q(today)
    else:
        now = timezone.now()
        overdue = per_zone(lambda zone: definitions.finding_past_deadline_q(now.astimezone(zone).date()), "office")
    return access.restrict(
        Finding.objects.select_related("inspection", "inspection__company", "provision").filter(overdue),
        user,
    ).order_by("deadline", "id")


@functools.lru_cache(maxsize=64)
def _overdue_of(zones: tuple[str, ...], part: str) -> Callable[[tuple], QuerySet[Finding]]:
    # One function per zones and part, the same object each time: it is part of the prepared query's shape.
    def queryset_of(days: tuple) -> QuerySet[Finding]:
        found = Finding.objects.filter(zone_values_q(zones, days, definitions.finding_past_deadline_q))
        if part == "count":
            return found
        return found.select_related("inspection", "inspection__company", "provision").order_by("deadline", "id")

    return queryset_of


def finding_overdue_rows(*, user) -> PreparedRows | None:
    """:func:`finding_overdue_list`'s rows for an office's staff (every finding they see is their
    office's, in its zone), counted and paged by prepared queries (PreparedRows), today in the
    office's zone their value; None for any other scope."""
    office_id = access.scope_office_id(Finding, user)
    if office_id is None or office_id != user.office_id:
        return None
    zones = (user.office.time_zone,)
    days = zone_values(zones, lambda zone: (timezone.localdate(timezone=zone),))
    rows_of, count_of = _overdue_of(zones, "rows"), _overdue_of(zones, "count")
    return PreparedRows(Finding, rows_of, count_of, user, as_of=days, count_as_of=True)


def investigation_detail(*, user, pk: int) -> Investigation:
    return access.get_for_user(
        Investigation.objects.select_related(
            "notice", "notice__company", "notice__inspection", "investigator", "office"
        ).prefetch_related("steps__author"),
        user,
        pk=pk,
    )


def investigators_for(*, office: Office) -> QuerySet[Staff]:
    return Staff.objects.filter(
        office=office, is_investigator=True, is_active=True, role__in=[Role.INSPECTOR, Role.OFFICE_HEAD]
    )


def team_candidates(*, office: Office) -> QuerySet[Staff]:
    return Staff.objects.filter(office=office, role=Role.INSPECTOR, is_active=True)


@dataclass(frozen=True)
class CompanyHistory:
    inspections: list[Inspection]
    findings: list[Finding]
    notices: list[Notice]


def company_history(*, user, company: Company, limit: int = 50) -> CompanyHistory:
    """The company's visits, findings and notices the user may see (three queries)."""
    # Each by a query built once per shape (access.rows_for_user), the company's id its value.
    of_company, bounds = (company.pk,), (0, limit)
    return CompanyHistory(
        inspections=access.rows_for_user(Inspection, _company_visits, user, bounds=bounds, as_of=of_company),
        findings=access.rows_for_user(Finding, _company_findings, user, bounds=bounds, as_of=of_company),
        notices=access.rows_for_user(Notice, _company_notices, user, bounds=bounds, as_of=of_company),
    )


def _company_visits(of_company: tuple[int]) -> QuerySet[Inspection]:
    return Inspection.objects.filter(company_id=of_company[0]).select_related("lead_inspector")


def _company_findings(of_company: tuple[int]) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(inspection__company_id=of_company[0])
        .select_related("provision", "inspection")
        .order_by("-inspection__planned_date", "-id")
    )


def _company_notices(of_company: tuple[int]) -> QuerySet[Notice]:
    return Notice.objects.filter(company_id=of_company[0])


# ---------------------------------------------------------------------------------------------
# closing the loop with complaints


@prepared("complaint_id")
def complaint_visits(*, complaint_id: int):
    """The visits made for a complaint, in the order they were planned, with their lead inspectors."""
    return (
        Inspection.objects.filter(origin_complaint_id=complaint_id)
        .select_related("lead_inspector")
        .order_by("planned_date", "pk")
    )


@prepared("complaint_id")
def _complaint_findings(*, complaint_id: int):
    return aggregated(
        Finding.objects.filter(inspection__origin_complaint_id=complaint_id, inspection__status__in=COUNTED_STATUSES),
        total=Count("pk"),
        uncorrected=Count("pk", filter=~Q(status=FindingStatus.CORRECTED)),
    )


def complaint_findings_all_corrected(complaint) -> bool:
    """Whether the reported visits made for this complaint found something and all of it is corrected."""
    figures = _complaint_findings(complaint_id=complaint.pk)
    return bool(figures) and figures[0]["total"] > 0 and figures[0]["uncorrected"] == 0


def office_heads(*, office_id: int) -> QuerySet[Staff]:
    """The active heads of an office: who issues its Notas (named to the inspector after reporting)."""
    return Staff.objects.filter(office_id=office_id, role=Role.OFFICE_HEAD, is_active=True).order_by("pk")

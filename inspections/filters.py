"""List filters of the inspection pages and API.

Besides the everyday filters, the visit and notice lists accept the parameters the dashboards
and home panels link with, so that a figure equals the row count of the list behind it:

- visits: ``office`` (within the user's scope), ``visited_month`` (YYYY-MM, the month of the
  visit in the time zone of the visit's office), ``reported`` (reported or closed),
  ``counted`` (the quota rule of DESIGN.md §3: reported or closed and not an assignment) and
  ``assignment`` (kind assignment). With ``inspector`` (lead or team member) a visit is one
  row however many of its team are listed.
- notices: ``office``, ``deadline_before`` and ``deadline_passed`` (the compliance deadline is
  before today in the notice's office time zone).
- overdue findings: ``office``.

An invalid or out-of-scope value (an office the user may not see, a malformed month) gives
an empty list and the form error, never the unfiltered list: a link must not silently widen.
"""

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from inspectorate import access
from inspectorate.choices import Role
from inspectorate.filters import StyledFilterSet
from inspectorate.models import Office, Staff
from inspectorate.periods import month_bounds, per_zone

from . import definitions
from .choices import COUNTED_STATUSES, FindingStatus, InspectionStatus, Kind, NoticeLevel, NoticeStatus
from .forms import DateInput
from .models import Finding, Inspection, Notice

MONTH_FORMAT = "%Y-%m"


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=MONTH_FORMAT)


class ScopedOfficeFilterSet(StyledFilterSet):
    """A filter set with an ``office`` choice limited to the user's offices; invalid input gives nothing."""

    office = django_filters.ModelChoiceFilter(
        label=_("Office"), queryset=access.restricted(Office.objects.order_by("code"))
    )

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offices is not None:
            self.filters["office"].queryset = offices.order_by("code")

    def filter_queryset(self, queryset):
        if self.form.errors:
            return queryset.none()
        return super().filter_queryset(queryset)


class InspectionFilter(ScopedOfficeFilterSet):
    keeps_form = True  # its form depends on its filters, the language, its selects' options and the address

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InspectionStatus.choices)
    inspector = django_filters.ModelChoiceFilter(
        label=_("Inspector"),
        queryset=access.restricted(Staff.objects.filter(role=Role.INSPECTOR)),
        method="filter_inspector",
    )
    company = django_filters.CharFilter(label=_("Company"), field_name="company__name", lookup_expr="icontains")
    date_from = django_filters.DateFilter(
        label=_("Planned from"), field_name="planned_date", lookup_expr="gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("Planned to"), field_name="planned_date", lookup_expr="lte", widget=DateInput()
    )
    visited_month = django_filters.DateFilter(
        label=_("Visited in (month)"), method="filter_visited_month", input_formats=[MONTH_FORMAT], widget=MonthInput()
    )
    reported = django_filters.BooleanFilter(label=_("Reported or closed"), method="filter_reported")
    counted = django_filters.BooleanFilter(label=_("Counted toward the quota"), method="filter_counted")
    assignment = django_filters.BooleanFilter(label=_("Additional assignment"), method="filter_assignment")

    class Meta:
        model = Inspection
        fields = [
            "office",
            "kind",
            "status",
            "inspector",
            "company",
            "date_from",
            "date_to",
            "visited_month",
            "reported",
            "counted",
            "assignment",
        ]

    def __init__(self, *args, inspectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inspectors is not None:
            self.filters["inspector"].queryset = inspectors

    @extend_schema_field(OpenApiTypes.INT)
    def filter_inspector(self, queryset, name, value):
        if not value:
            return queryset
        team = Inspection.team.through.objects.filter(staff_id=value.pk).values("inspection_id")
        return queryset.filter(Q(lead_inspector=value) | Q(pk__in=team))

    @extend_schema_field(OpenApiTypes.STR)
    def filter_visited_month(self, queryset, name, value):
        def build(zone):
            start, end = month_bounds(zone, value.year, value.month)
            return Q(visited_at__gte=start, visited_at__lt=end)

        return queryset.filter(per_zone(build))

    def filter_reported(self, queryset, name, value):
        if value is None:
            return queryset
        q = Q(status__in=COUNTED_STATUSES)
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_counted(self, queryset, name, value):
        if value is None:
            return queryset
        q = Q(status__in=COUNTED_STATUSES) & ~Q(kind=Kind.ASSIGNMENT)
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_assignment(self, queryset, name, value):
        if value is None:
            return queryset
        q = Q(kind=Kind.ASSIGNMENT)
        return queryset.filter(q) if value else queryset.exclude(q)


class NoticeFilter(ScopedOfficeFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NoticeStatus.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=NoticeLevel.choices)
    deadline_before = django_filters.DateFilter(
        label=_("Deadline before"), field_name="compliance_deadline", lookup_expr="lt", widget=DateInput()
    )
    deadline_passed = django_filters.BooleanFilter(label=_("Deadline passed"), method="filter_deadline_passed")

    class Meta:
        model = Notice
        fields = ["office", "status", "level", "deadline_before", "deadline_passed"]

    def filter_deadline_passed(self, queryset, name, value):
        if value is None:
            return queryset
        now = timezone.now()
        q = per_zone(lambda zone: definitions.notice_deadline_passed_q(now.astimezone(zone).date()))
        return queryset.filter(q) if value else queryset.exclude(q)


class FindingFilter(StyledFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=FindingStatus.choices)

    class Meta:
        model = Finding
        fields = ["status", "inspection", "category"]


class OverdueFindingFilter(ScopedOfficeFilterSet):
    office = django_filters.ModelChoiceFilter(
        label=_("Office"), queryset=access.restricted(Office.objects.order_by("code")), field_name="inspection__office"
    )

    class Meta:
        model = Finding
        fields = ["office"]


# --- links from figures to these lists -------------------------------------------------------


def visit_list_url(
    *,
    month: dt.date,
    office: Office | None = None,
    inspector: Staff | None = None,
    counted: bool = False,
    assignments: bool = False,
    base: str | None = None,
) -> str:
    """The visit list behind a quota figure: visits of ``month`` counted toward the quota, or assignments.

    ``counted`` gives the visits counted toward the quota; ``assignments`` the reported or
    closed assignments shown beside it (DESIGN.md §3). ``base`` is the list's path when the
    caller has already reversed it (pages with hundreds of these links).
    """
    params: dict = {}
    if office is not None:
        params["office"] = office.pk
    if inspector is not None:
        params["inspector"] = inspector.pk
    params["visited_month"] = month.strftime(MONTH_FORMAT)
    if counted:
        params["counted"] = "true"
    if assignments:
        params["assignment"] = "true"
        params["reported"] = "true"
    return (base or reverse("inspections:inspection_list")) + "?" + urlencode(params)


def visit_list_links(*, month: dt.date, base: str | None = None) -> Callable[[str, int], dict[str, str]]:
    """``visit_list_url``'s two links of ``month`` for any office or inspector: ``links(name, pk)`` gives
    ``{"visits": …counted…, "assignments": …}`` with ``name=pk`` first, where ``visit_list_url`` puts
    it. The list's address is reversed and the queries encoded once: an office's page links each of
    its inspectors twice (152 links on the busiest office, a reverse() and an encoding each)."""
    urls = {
        "visits": visit_list_url(month=month, counted=True, base=base),
        "assignments": visit_list_url(month=month, assignments=True, base=base),
    }

    def links(name: str, pk: int) -> dict[str, str]:
        first = f"?{name}={pk}&"
        return {link: url.replace("?", first, 1) for link, url in urls.items()}

    return links


def notices_awaiting_url(*, office: Office | None = None) -> str:
    """The notice list behind "notices awaiting follow-up": issued, compliance deadline passed."""
    params: dict = {"status": NoticeStatus.ISSUED, "deadline_passed": "true"}
    if office is not None:
        params = {"office": office.pk, **params}
    return reverse("inspections:notice_list") + "?" + urlencode(params)


def findings_overdue_url(*, office: Office | None = None) -> str:
    url = reverse("inspections:finding_overdue_list")
    return url + "?" + urlencode({"office": office.pk}) if office is not None else url

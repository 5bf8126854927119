"""Reads of reports, narrowed to the reader's scope by access.py (see ``Report.scope_*``).

Who sees which report:
- admins: every report;
- office heads: the reports of their own office;
- officials: the reports of the offices of their region and their region's report, or every
  report when national;
- inspectors and anyone else: none (pages and API answer 404).
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Office, Region

from .models import Report, ReportBuild
from .report_html import ROW_FIELDS


def may_use_reports(user) -> bool:
    """Whether the user has any report scope at all (inspectors do not)."""
    return access.sees_any(Report, user)


def report_list(*, user) -> QuerySet[Report]:
    return access.restrict(Report.objects.select_related("office", "region", "requested_by"), user)


def as_report_rows(queryset: QuerySet[Report]) -> QuerySet[Report]:
    """The reports list's rows of ``queryset``: only the columns they show (ROW_FIELDS), the office,
    region and requester joined."""
    return queryset.select_related(None).select_related("office", "region", "requested_by").only(*ROW_FIELDS)


def report_rows() -> QuerySet[Report]:
    """The reports list's rows as it opens (no filter; scoped by the caller), in the model's order."""
    return as_report_rows(Report.objects.all())


def report_count() -> QuerySet[Report]:
    """What the reports list counts as it opens (scoped by the caller)."""
    return Report.objects.all()


def display_zones(reports, *, user) -> list:
    """Set ``display_zone`` on each report: the zone its times are printed in (one query at most).

    An office's report: that office's zone. A region or national report: the viewer's office zone,
    else the region's first office (by code), else the site's zone (``TIME_ZONE``).
    """
    reports = list(reports)
    viewer = getattr(user, "office", None)
    regions = {r.region_id for r in reports if not r.office_id and r.region_id}
    first = {}
    if viewer is None and regions:
        for office in Office.objects.filter(region_id__in=regions).order_by("-code"):
            first[office.region_id] = office.zone  # the last written is the first by code
    site = ZoneInfo(settings.TIME_ZONE)
    for report in reports:
        if report.office_id:
            report.display_zone = report.office.zone
        elif viewer is not None:
            report.display_zone = viewer.zone
        else:
            report.display_zone = first.get(report.region_id, site)
    return reports


def report_get(*, user, pk) -> Report:
    """The report within the user's scope, or 404 (never 403), like access.get_for_user."""
    try:
        return report_list(user=user).get(pk=pk)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def build_get(*, user, pk) -> ReportBuild:
    """One build of a report within the user's scope, or 404."""
    builds = access.restrict(ReportBuild.objects.select_related("report", "report__office", "report__region"), user)
    try:
        return builds.get(pk=pk)
    except (ReportBuild.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# The order of the offices and regions a user may request reports of (the report form's scopes).
_OFFICE_ORDER = ("region__code", "code")
_REGION_ORDER = ("code",)


def requestable_offices(*, user) -> QuerySet[Office]:
    """Offices whose reports the user may request: the same as those they may read."""
    if not may_use_reports(user):
        return Office.objects.none()
    return access.restrict(offices_in_order(), user).select_related("region")


def offices_in_order() -> QuerySet[Office]:
    """Offices as the reports page lists them, by region (narrowed to the user's by the caller)."""
    return Office.objects.order_by(*_OFFICE_ORDER)


def requestable_regions(*, user) -> QuerySet[Region]:
    if not _may_request_regions(user):
        return Region.objects.none()
    return access.restrict(Region.objects.all(), user).order_by(*_REGION_ORDER)


def _may_request_regions(user) -> bool:
    return access.is_admin(user) or (user.is_authenticated and user.role == Role.OFFICIAL)


def _office_names():
    return Office.objects.order_by(*_OFFICE_ORDER).values_list("pk", "name")


def _region_names():
    return Region.objects.order_by(*_REGION_ORDER).values_list("pk", "name")


def requestable_office_names(*, user) -> list[tuple[int, str]]:
    """``(id, name)`` of :func:`requestable_offices`, in its order, by a prepared query (the report form's scopes)."""
    return access.rows_for_user(Office, _office_names, user) if may_use_reports(user) else []


def requestable_region_names(*, user) -> list[tuple[int, str]]:
    """``(id, name)`` of :func:`requestable_regions`, in its order, by a prepared query."""
    return access.rows_for_user(Region, _region_names, user) if _may_request_regions(user) else []


def may_request_national(user) -> bool:
    return access.is_admin(user) or (
        user.is_authenticated and user.is_active and user.role == Role.OFFICIAL and user.region_id is None
    )

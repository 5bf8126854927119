"""Months, time zones and scopes: which months a trend covers and which offices a figure reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Q

from inspectorate.models import Office, Region
from inspectorate.periods import add_months, local_midnight, month_start, per_zone

from ._common import TREND_MONTHS


def trend_months(month: date, count: int = TREND_MONTHS) -> list[date]:
    """The ``count`` months ending with ``month``, oldest first."""
    return [add_months(month_start(month), i - count + 1) for i in range(count)]


def _zone_q(zones: Iterable[str], build: Callable[[ZoneInfo], Q], office_path: str = "office") -> Q:
    """OR of ``build(zone)`` restricted to records whose office is in that zone."""
    return per_zone(build, office_path, zones=zones)


def _between(field_name: str, start: date, end: date) -> Callable[[ZoneInfo], Q]:
    def build(zone: ZoneInfo) -> Q:
        return Q(**{f"{field_name}__gte": local_midnight(start, zone), f"{field_name}__lt": local_midnight(end, zone)})

    return build


def all_time_zones() -> list[str]:
    return list(Office.objects.order_by().values_list("time_zone", flat=True).distinct())


def scope_offices(*, office: Office | None = None, region: Region | None = None) -> list[Office]:
    """The offices a report of this scope covers, with their regions (one query)."""
    offices = Office.objects.select_related("region").order_by("region__code", "code")
    if office is not None:
        offices = offices.filter(pk=office.pk)
    elif region is not None:
        offices = offices.filter(region=region)
    return list(offices)

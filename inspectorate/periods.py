"""Days and months in an office's time zone, and filters that apply them per zone.

A month or a "today" is always the one of the record's own office: a region or the country
mixes Asia/Jakarta, Asia/Makassar and Asia/Jayapura offices. Every figure, filter and list
that cuts time by day or month builds its filter with :func:`per_zone`, once per zone in use.
Complaints, inspections and reporting all import from here (DESIGN.md: reporting reads the
others, never the other way round, so the shared helpers live in the base app).
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from .models import Office


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of ``day`` in ``zone``."""
    return datetime.combine(day, time.min, tzinfo=zone)


def midnight_after(day: date, zone: ZoneInfo) -> datetime:
    """The first instant after ``day`` ends in ``zone``: the end of that day."""
    return local_midnight(day + timedelta(days=1), zone)


def month_bounds(zone: ZoneInfo, year: int, month: int) -> tuple[datetime, datetime]:
    """The first instant of the month and of the next one, in ``zone``."""
    start = date(year, month, 1)
    return local_midnight(start, zone), local_midnight(add_months(start, 1), zone)


def office_zones() -> list[str]:
    """The time zones of the offices, sorted (one query)."""
    return sorted(set(Office.objects.order_by().values_list("time_zone", flat=True).distinct()))


def per_zone(build: Callable[[ZoneInfo], Q], office_path: str = "office", zones: Iterable[str] | None = None) -> Q:
    """OR of ``build(zone)`` for records whose office is in each time zone.

    ``zones`` defaults to every office's zone (one query); figures pass the zones of the
    offices they cover.
    """
    q = Q(pk__in=[])
    for name in sorted(set(office_zones() if zones is None else zones)):
        q |= Q(**{f"{office_path}__time_zone": name}) & build(ZoneInfo(name))
    return q


def zone_values(zones: Iterable[str], value: Callable[[ZoneInfo], tuple]) -> tuple:
    """``value(zone)`` for each of ``zones``, one after the other in one flat tuple: values that
    :func:`zone_values_q` takes apart again, and a prepared query (inspectorate.prepared) takes
    as one value whatever the zones."""
    return tuple(v for name in zones for v in value(ZoneInfo(name)))


def zone_values_q(zones: tuple[str, ...], values: tuple, build: Callable[..., Q], office_path: str = "office") -> Q:
    """:func:`per_zone` of ``build(*that zone's values)``, ``values`` as :func:`zone_values` gives them."""
    n = len(values) // len(zones) if zones else 0
    chunks = {name: values[i * n : (i + 1) * n] for i, name in enumerate(zones)}
    return per_zone(lambda zone: build(*chunks[zone.key]), office_path, zones=zones)

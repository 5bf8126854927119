"""Working days of the Indonesian calendars and the one deadline function, :func:`due`.

- **Office calendar**: weekends, national holidays (the ``holidays`` package's PUBLIC category
  for ``ID``) and *cuti bersama* (its GOVERNMENT category): internal service deadlines.
- **Statutory calendar**: weekends and national holidays only; cuti bersama does not bind
  private employers, so a rule counting an employer's working days uses this one.
- On top of both, :class:`~deadlines.models.CalendarOverride` rows an administrator keeps: the
  joint ministerial decree moving cuti bersama mid-year, regional holidays (with a region), or a
  listed holiday that is a working day after all.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

from inspectorate.periods import midnight_after

from .choices import Calendar, OverrideCalendars, OverrideKind, Unit

COUNTRY = "ID"


@functools.lru_cache(maxsize=64)
def _listed(year: int, calendar: str) -> dict[date, str]:
    categories = ("public",) if calendar == Calendar.STATUTORY else ("public", "government")
    return dict(holidays.country_holidays(COUNTRY, years=year, categories=categories, language="id").items())


class WorkingCalendar:
    """The days off of one calendar (and region), the overrides loaded once per year asked."""

    def __init__(self, calendar: str, region_id: int | None = None):
        if calendar not in Calendar.values:
            raise ValueError(f"unknown calendar {calendar!r}")
        self.calendar = calendar
        self.region_id = region_id
        self._overrides: dict[int, dict[date, str]] = {}

    def _year_overrides(self, year: int) -> dict[date, str]:
        if year not in self._overrides:
            from django.db.models import Q

            from .models import CalendarOverride

            rows = CalendarOverride.objects.filter(
                Q(region__isnull=True) | Q(region_id=self.region_id),
                date__year=year,
                calendars__in=[OverrideCalendars.BOTH, self.calendar],
            ).order_by("region_id")  # a regional row (non-null) comes last and wins
            self._overrides[year] = {row.date: row.kind for row in rows}
        return self._overrides[year]

    def is_working_day(self, day: date) -> bool:
        override = self._year_overrides(day.year).get(day)
        if override == OverrideKind.WORKING_DAY:
            return True
        if override == OverrideKind.HOLIDAY:
            return False
        return day.weekday() < 5 and day not in _listed(day.year, self.calendar)

    def holiday_name(self, day: date) -> str:
        return _listed(day.year, self.calendar).get(day, "")

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself never counts)."""
        day = start
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=n)))


def due(
    start: date | datetime,
    duration: int,
    unit: str,
    calendar: str | WorkingCalendar,
    *,
    region_id: int | None = None,
) -> date | datetime:
    """When a period of ``duration`` ``unit`` starting at ``start`` ends.

    - hours: ``start`` is an aware datetime; the answer is the instant ``duration`` hours later
      (2×24 hours is 48 hours of the clock, holidays included, as the regulation counts them);
    - calendar days: the date ``duration`` days after ``start`` (the start day does not count);
    - working days: the ``duration``-th working day of ``calendar`` after ``start``; a period
      starting on a holiday or a weekend therefore counts from the next working day.
    """
    if duration < 0:
        raise ValueError("duration must not be negative")
    if unit == Unit.HOURS:
        if not isinstance(start, datetime) or start.tzinfo is None:
            raise ValueError("an hour period starts at an aware datetime")
        return start + timedelta(hours=duration)
    day = start.date() if isinstance(start, datetime) else start
    if unit == Unit.CALENDAR_DAYS:
        return day + timedelta(days=duration)
    if unit == Unit.WORKING_DAYS:
        cal = calendar if isinstance(calendar, WorkingCalendar) else WorkingCalendar(calendar, region_id)
        return cal.add_working_days(day, duration)
    raise ValueError(f"unknown unit {unit!r}")


def expiry_instant(end: date | datetime, zone: ZoneInfo) -> datetime:
    """The instant a deadline has passed: the end of its last day in the office's zone."""
    if isinstance(end, datetime):
        return end
    return midnight_after(end, zone)

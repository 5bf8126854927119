"""The two working-day calendars and due(): real 2026 and 2027 dates, the override table respected."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from deadlines.choices import Calendar, OverrideCalendars, OverrideKind, Unit
from deadlines.models import CalendarOverride
from deadlines.workdays import WorkingCalendar, due, expiry_instant

pytestmark = pytest.mark.django_db

D = dt.date
OFFICE, STATUTORY = Calendar.OFFICE, Calendar.STATUTORY


@pytest.mark.parametrize(
    ("day", "office", "statutory"),
    [
        (D(2026, 3, 20), False, True),  # Friday: cuti bersama Idul Fitri — only the office is closed
        (D(2026, 3, 23), False, True),  # Monday: cuti bersama Idul Fitri
        (D(2026, 3, 24), False, True),  # Tuesday: cuti bersama Idul Fitri
        (D(2026, 3, 19), False, False),  # Nyepi, a national holiday
        (D(2026, 3, 25), True, True),  # Wednesday after Lebaran
        (D(2026, 3, 21), False, False),  # Idul Fitri on a Saturday
        (D(2026, 12, 24), False, True),  # cuti bersama Christmas
        (D(2026, 12, 25), False, False),  # Christmas
        (D(2027, 1, 1), False, False),  # New Year 2027
        (D(2027, 3, 9), False, True),  # cuti bersama Idul Fitri 2027
        (D(2027, 3, 10), False, False),  # Idul Fitri 2027
        (D(2027, 3, 16), True, True),
    ],
)
def test_it_knows_both_calendars(day, office, statutory):
    assert WorkingCalendar(OFFICE).is_working_day(day) is office
    assert WorkingCalendar(STATUTORY).is_working_day(day) is statutory


def test_it_counts_working_days_across_lebaran_2026():
    # Tuesday 17 March 2026, 5 working days later.
    # Office: 19 Nyepi, 20 cuti, 21-22 Lebaran, 23-24 cuti → 25, 26, 27, 30, 31 March.
    assert due(D(2026, 3, 17), 5, Unit.WORKING_DAYS, OFFICE) == D(2026, 3, 31)
    # Statutory: cuti bersama binds no employer: 18, 20, 23, 24, 25 March.
    assert due(D(2026, 3, 17), 5, Unit.WORKING_DAYS, STATUTORY) == D(2026, 3, 25)


def test_it_counts_a_period_starting_on_a_holiday_from_the_next_working_day():
    # Idul Fitri Saturday 21 March 2026: the first working day of the office is Wednesday 25.
    assert due(D(2026, 3, 21), 1, Unit.WORKING_DAYS, OFFICE) == D(2026, 3, 25)
    assert due(D(2026, 3, 21), 1, Unit.WORKING_DAYS, STATUTORY) == D(2026, 3, 23)
    # Calendar days do not look at holidays.
    assert due(D(2026, 3, 21), 14, Unit.CALENDAR_DAYS, OFFICE) == D(2026, 4, 4)


def test_it_crosses_the_year_end():
    # Wed 23 Dec 2026: 24 cuti (office), 25 Christmas, 28-31 working, 1 Jan 2027 New Year.
    assert due(D(2026, 12, 23), 5, Unit.WORKING_DAYS, OFFICE) == D(2027, 1, 4)
    assert due(D(2026, 12, 23), 5, Unit.WORKING_DAYS, STATUTORY) == D(2026, 12, 31)
    assert due(D(2026, 12, 28), 60, Unit.WORKING_DAYS, OFFICE) > D(2027, 3, 1)


def test_it_counts_hours_on_the_clock():
    start = dt.datetime(2026, 3, 19, 15, 30, tzinfo=ZoneInfo("Asia/Makassar"))  # on Nyepi
    assert due(start, 48, Unit.HOURS, STATUTORY) == start + dt.timedelta(days=2)
    with pytest.raises(ValueError):
        due(D(2026, 3, 19), 48, Unit.HOURS, STATUTORY)


def test_it_respects_the_override_table(region_a, region_b):
    # The decree moves a cuti bersama: 24 March 2026 is a working day after all, 27 March a day off.
    CalendarOverride.objects.create(date=D(2026, 3, 24), kind=OverrideKind.WORKING_DAY, name="SKB revisi")
    CalendarOverride.objects.create(
        date=D(2026, 3, 27), kind=OverrideKind.HOLIDAY, calendars=OverrideCalendars.OFFICE, name="cuti bersama"
    )
    # A regional holiday of region A only.
    CalendarOverride.objects.create(date=D(2026, 3, 26), region=region_a, name="Hari jadi provinsi")
    office = WorkingCalendar(OFFICE)
    assert office.is_working_day(D(2026, 3, 24))
    assert not office.is_working_day(D(2026, 3, 27))
    assert WorkingCalendar(STATUTORY).is_working_day(D(2026, 3, 27))  # office-only override
    assert not WorkingCalendar(OFFICE, region_a.pk).is_working_day(D(2026, 3, 26))
    assert WorkingCalendar(OFFICE, region_b.pk).is_working_day(D(2026, 3, 26))
    # 17 March + 3 office working days: 24 (moved back), 25, 26; in region A 26 and 27 are off → 30.
    assert due(D(2026, 3, 17), 3, Unit.WORKING_DAYS, OFFICE) == D(2026, 3, 26)
    assert due(D(2026, 3, 17), 3, Unit.WORKING_DAYS, OFFICE, region_id=region_a.pk) == D(2026, 3, 30)


def test_it_expires_at_the_end_of_the_local_day():
    zone = ZoneInfo("Asia/Makassar")
    assert expiry_instant(D(2026, 4, 1), zone) == dt.datetime(2026, 4, 1, 16, 0, tzinfo=dt.UTC)

"""Fixtures of the reporting tests: local times, an inspector's month, a year of complaints."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from complaints.choices import Outcome, Status
from inspections.choices import Kind
from inspectorate.choices import Role

from ..factories import StaffFactory
from .factories import ComplaintFactory, InspectionFactory

JAKARTA = ZoneInfo("Asia/Jakarta")
MAKASSAR = ZoneInfo("Asia/Makassar")


def at(zone, *args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=zone)


@pytest.fixture
def known_data(office_a, company_a, alice, bob):
    """The acceptance data set of office A for May 2024.

    - alice: 4 counted visits (2 led, 2 on dave-less team of ani) and 2 special assignments:
      below the quota of 5;
    - ani: 5 counted visits: meets the quota;
    - 10 complaints received in 2024 (January–May), 6 of them resolved by the end of May: 60 %.
    """
    ani = StaffFactory(username="ani", first_name="Ani", last_name="Lestari", role=Role.INSPECTOR, office=office_a)
    visit = dict(office=office_a, company=company_a)
    for day in (6, 7):
        InspectionFactory(**visit, lead_inspector=alice, visited_at=at(JAKARTA, 2024, 5, day, 9))
    for day in (8, 9):
        InspectionFactory(**visit, lead_inspector=ani, team=[alice], visited_at=at(JAKARTA, 2024, 5, day, 9))
    for day in (13, 14, 15):
        InspectionFactory(**visit, lead_inspector=ani, visited_at=at(JAKARTA, 2024, 5, day, 9))
    for day in (20, 21):
        InspectionFactory(**visit, lead_inspector=alice, kind=Kind.ASSIGNMENT, visited_at=at(JAKARTA, 2024, 5, day, 9))
    complaints = []
    for i in range(10):
        received = at(JAKARTA, 2024, 1 + i % 5, 3 + i, 10)
        resolved = i < 6
        complaints.append(
            ComplaintFactory(
                office=office_a,
                company=company_a,
                received_at=received,
                status=Status.RESOLVED if resolved else Status.IN_PROGRESS,
                outcome=Outcome.SETTLED if resolved else "",
                resolved_at=received + dt.timedelta(days=12) if resolved else None,
                due_date=(received + dt.timedelta(days=30)).date(),
                categories=["wages"],
                amount_claimed=2_000_000,
                amount_recovered=1_500_000 if resolved else None,
            )
        )
    return {"ani": ani, "complaints": complaints}

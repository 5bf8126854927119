"""Building a month's proposal: capacity per inspector, highest risk first, spread, a random share.

The rules, in the order they apply:

1. **Capacity**: each active inspector of the office gets ``Office.monthly_quota`` visits, less
   the share of the month's working days (the office calendar of ``deadlines.workdays``: weekends,
   national holidays and cuti bersama off) they are on leave, less the visits
   already planned for them that month.
2. **Candidates**: the office's companies with a stored score and no visit planned or in progress.
3. **Risk picks** (all but the random share), highest score first. Spread rule: while other
   districts still have candidates, no district takes more than ``DISTRICT_SHARE`` of the risk
   picks; the places left are then filled by score alone.
4. **Random picks** (``random_percent`` of the capacity, rounded) drawn with the plan's seed from
   the candidates not picked by risk.
5. **Inspectors**: each pick goes to an inspector with capacity left assigned to its district or
   KBLI group when there is one, otherwise to any with capacity left, the one with the fewest
   visits so far first (caseload); dates spread over the inspector's working days of the month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass

from deadlines.choices import Calendar
from deadlines.workdays import WorkingCalendar
from inspections.choices import InspectionStatus
from inspections.models import Inspection
from inspectorate.choices import Role
from inspectorate.models import Office, Staff

from .choices import Selection
from .models import Assignment, Leave, RiskScore

DISTRICT_SHARE = 0.5


@dataclass
class Proposal:
    company_id: int
    district_id: int
    kbli_group: str
    score: int
    selection: str
    inspector_id: int | None = None
    planned_date: dt.date | None = None


def working_days(month: dt.date, region_id: int | None = None) -> list[dt.date]:
    """The month's working days of the office calendar (weekends, national holidays and cuti bersama off)."""
    office_calendar = WorkingCalendar(Calendar.OFFICE, region_id)
    last = calendar.monthrange(month.year, month.month)[1]
    days = (month.replace(day=d) for d in range(1, last + 1))
    return [d for d in days if office_calendar.is_working_day(d)]


def inspectors(office: Office) -> list[Staff]:
    return list(Staff.objects.filter(office=office, role=Role.INSPECTOR, is_active=True).order_by("id"))


def capacities(office: Office, month: dt.date, staff: list[Staff]) -> tuple[dict[int, int], dict[int, list[dt.date]]]:
    """Visits each inspector can still take this month, and their working days not on leave."""
    days = working_days(month, office.region_id)
    month_end = days[-1] if days else month
    leave = defaultdict(set)
    for row in Leave.objects.filter(inspector__in=staff, start__lte=month_end, end__gte=month):
        leave[row.inspector_id].update(d for d in days if row.start <= d <= row.end)
    planned = defaultdict(int)
    for lead_id in Inspection.objects.filter(
        lead_inspector__in=staff,
        status=InspectionStatus.PLANNED,
        planned_date__gte=month,
        planned_date__lte=month.replace(day=calendar.monthrange(month.year, month.month)[1]),
    ).values_list("lead_inspector_id", flat=True):
        planned[lead_id] += 1
    capacity, free_days = {}, {}
    for person in staff:
        free = [d for d in days if d not in leave[person.pk]]
        quota = math.floor(office.monthly_quota * len(free) / len(days)) if days else 0
        capacity[person.pk] = max(quota - planned[person.pk], 0)
        free_days[person.pk] = free
    return capacity, free_days


def candidates(office: Office) -> list[Proposal]:
    busy = Inspection.objects.filter(
        office=office, status__in=[InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS]
    ).values("company_id")
    rows = (
        RiskScore.objects.filter(office=office, company__district__office=office)
        .exclude(company_id__in=busy)
        .order_by("-score", "company_id")
        .values_list("company_id", "company__district_id", "company__kbli", "score")
    )
    return [Proposal(pk, district, (kbli or "")[:2], score, Selection.RISK) for pk, district, kbli, score in rows]


def pick(pool: list[Proposal], total: int, random_percent: int, seed: int) -> list[Proposal]:
    n_random = min(round(total * random_percent / 100), total)
    n_risk = total - n_random
    districts = {p.district_id for p in pool}
    cap = max(1, math.ceil(n_risk * DISTRICT_SHARE)) if len(districts) > 1 else n_risk
    chosen: list[Proposal] = []
    taken: set[int] = set()
    per_district: dict[int, int] = defaultdict(int)
    for p in pool:
        if len(chosen) >= n_risk:
            break
        if per_district[p.district_id] < cap:
            chosen.append(p)
            taken.add(p.company_id)
            per_district[p.district_id] += 1
    for p in pool:  # the spread rule could not be kept: fill by score alone
        if len(chosen) >= n_risk:
            break
        if p.company_id not in taken:
            chosen.append(p)
            taken.add(p.company_id)
    rest = [p for p in pool if p.company_id not in taken]
    drawn = random.Random(seed).sample(rest, min(total - len(chosen), len(rest)))  # noqa: S311  # nosec B311 - a reproducible draw, not a secret
    for p in sorted(drawn, key=lambda p: (-p.score, p.company_id)):
        p.selection = Selection.RANDOM
        chosen.append(p)
    return chosen


def assign(proposals: list[Proposal], capacity: dict[int, int], free_days: dict[int, list[dt.date]]) -> None:
    """Give each proposal an inspector and a date (see rule 5)."""
    areas = defaultdict(set)
    for inspector_id, district_id, group in Assignment.objects.filter(inspector_id__in=capacity).values_list(
        "inspector_id", "district_id", "kbli_group"
    ):
        if district_id:
            areas[("d", district_id)].add(inspector_id)
        if group:
            areas[("k", group)].add(inspector_id)
    left = dict(capacity)
    given: dict[int, int] = defaultdict(int)
    for p in proposals:
        open_ = [i for i in left if left[i] > 0]
        if not open_:
            break
        local = [i for i in open_ if i in areas[("d", p.district_id)] or i in areas[("k", p.kbli_group)]]
        inspector = min(local or open_, key=lambda i: (given[i], i))
        p.inspector_id = inspector
        left[inspector] -= 1
        given[inspector] += 1
    per_inspector = defaultdict(list)
    for p in proposals:
        if p.inspector_id is not None:
            per_inspector[p.inspector_id].append(p)
    for inspector, items in per_inspector.items():
        days = free_days[inspector]
        step = len(days) / len(items)
        for n, p in enumerate(items):
            p.planned_date = days[min(int(n * step), len(days) - 1)]


def build(office: Office, month: dt.date, random_percent: int, seed: int) -> tuple[int, list[Proposal]]:
    """The proposal for an office's month: (capacity, proposals with inspector and date)."""
    staff = inspectors(office)
    capacity, free_days = capacities(office, month, staff)
    total = sum(capacity.values())
    chosen = pick(candidates(office), total, random_percent, seed)
    assign(chosen, capacity, free_days)
    return total, [p for p in chosen if p.inspector_id is not None]

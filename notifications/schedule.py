"""Time-based notifications, one office at a time in the office's own time zone.

:func:`office_tick` runs for one office (the beat's :func:`offices_tick` fans out one task per
office every 15 minutes). It reads the office's local date and notifies:

- complaints due within ``NOTIFICATIONS_DUE_SOON_WORKING_DAYS`` working days, and overdue ones
  (``complaints.definitions.overdue_q``): the assigned inspector and the office's heads;
- planned visits of tomorrow: the lead inspector and the team;
- Notas whose compliance deadline passed without compliance recorded
  (``inspections.definitions.notice_awaiting_q``): the visit's lead inspector and the heads;
- investigation steps dated today: the investigator;
- from 07:00 local time, the day's e-mail digests of the office's staff.

Every notification key names the object and the date it is about, so running the tick twice,
or on both sides of a month's end, notifies nobody twice (``notify`` keeps one per key).
Working days here are Monday to Friday; the office calendar (holidays) refines them later.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from complaints.choices import OPEN_STATUSES
from complaints.definitions import overdue_q
from complaints.models import Complaint
from inspections.choices import InspectionStatus, InvestigationStatus
from inspections.definitions import notice_awaiting_q
from inspections.models import Inspection, InvestigationStep, Notice
from inspectorate.choices import Role
from inspectorate.models import Office, Staff

from . import services
from .services import notify

DIGEST_HOUR = 7


def add_working_days(day: date, count: int) -> date:
    """The date ``count`` working days (Monday to Friday) after ``day``."""
    current = day
    while count > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            count -= 1
    return current


def _heads(office_id: int) -> list[Staff]:
    return list(Staff.objects.filter(office_id=office_id, role=Role.OFFICE_HEAD, is_active=True))


def office_tick(*, office_id: int | None, now: datetime | None = None) -> dict:
    """Notify what is due for one office today (its local day); ``None``: staff without an office."""
    now = now or timezone.now()
    if office_id is None:
        today = now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
        local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
        digests = services.digests_build(office_id=None, day=today) if local.hour >= DIGEST_HOUR else []
        return {"digests": len(digests)}
    office = Office.objects.get(pk=office_id)
    local = now.astimezone(office.zone)
    today = local.date()
    heads = _heads(office.pk)
    counts = {"due_soon": 0, "overdue": 0, "tomorrow": 0, "notice": 0, "step": 0, "digests": 0}

    horizon = add_working_days(today, settings.NOTIFICATIONS_DUE_SOON_WORKING_DAYS)
    open_complaints = Complaint.objects.filter(office=office, status__in=OPEN_STATUSES).select_related("assigned_to")
    for complaint in open_complaints.filter(due_date__gte=today, due_date__lte=horizon):
        with transaction.atomic():
            counts["due_soon"] += len(
                notify(
                    recipients=[complaint.assigned_to, *heads],
                    event="complaint.due_soon",
                    key=f"complaint-due-soon:{complaint.pk}:{complaint.due_date}",
                    target=complaint,
                    params={
                        "reference": complaint.reference,
                        "due": complaint.due_date.isoformat(),
                        "days": len([d for d in range(1, 40) if add_working_days(today, d) <= complaint.due_date]),
                    },
                )
            )
    for complaint in open_complaints.filter(overdue_q(today)):
        with transaction.atomic():
            counts["overdue"] += len(
                notify(
                    recipients=[complaint.assigned_to, *heads],
                    event="complaint.overdue",
                    key=f"complaint-overdue:{complaint.pk}:{complaint.due_date}",
                    target=complaint,
                    params={"reference": complaint.reference, "due": complaint.due_date.isoformat()},
                )
            )

    tomorrow = today + timedelta(days=1)
    visits = (
        Inspection.objects.filter(office=office, status=InspectionStatus.PLANNED, planned_date=tomorrow)
        .select_related("lead_inspector", "company")
        .prefetch_related("team")
    )
    for visit in visits:
        with transaction.atomic():
            counts["tomorrow"] += len(
                notify(
                    recipients=[visit.lead_inspector, *visit.team.all()],
                    event="visit.tomorrow",
                    key=f"visit-tomorrow:{visit.pk}:{visit.planned_date}",
                    target=visit,
                    params={"reference": visit.reference, "company": visit.company.name, "date": tomorrow.isoformat()},
                )
            )

    notices = Notice.objects.filter(notice_awaiting_q(today), office=office).select_related(
        "inspection__lead_inspector", "company"
    )
    for notice in notices:
        with transaction.atomic():
            counts["notice"] += len(
                notify(
                    recipients=[notice.inspection.lead_inspector, *heads],
                    event="notice.deadline_passed",
                    key=f"notice-deadline:{notice.pk}:{notice.compliance_deadline}",
                    target=notice,
                    params={
                        "number": notice.number,
                        "company": notice.company.name,
                        "deadline": notice.compliance_deadline.isoformat(),
                    },
                )
            )

    steps = InvestigationStep.objects.filter(
        investigation__office=office, investigation__status=InvestigationStatus.OPEN, on=today
    ).select_related("investigation__investigator", "investigation__notice")
    for step in steps:
        with transaction.atomic():
            counts["step"] += len(
                notify(
                    recipients=[step.investigation.investigator],
                    event="investigation.step_due",
                    key=f"investigation-step:{step.pk}:{step.on}",
                    target=step.investigation,
                    params={
                        "reference": step.investigation.notice.number,
                        "step": step.description[:80],
                        "due": step.on.isoformat(),
                    },
                )
            )

    if local.hour >= DIGEST_HOUR:
        counts["digests"] = len(services.digests_build(office_id=office.pk, day=today))
    return counts


def offices_tick() -> int:
    """Queue one tick per office (and one for staff without an office); returns how many."""
    from .tasks import office_tick as task

    ids = [*Office.objects.order_by("pk").values_list("pk", flat=True), None]
    for office_id in ids:
        task.delay(office_id)
    return len(ids)

"""Demo data: the legal clocks of the demo notices and complaints, and the ladder's drafts they lead to."""

import datetime as dt
import random

from django.db.models import Q

from inspectorate.models import Office, Region

from .choices import OverrideCalendars, OverrideKind
from .models import CalendarOverride, Clock, NonComplianceReport, NoticeDraft
from .services import clocks_ensure, office_scan


def seed(*, rng: random.Random, now: dt.datetime, stdout) -> None:
    if Clock.objects.exists():
        stdout.write("deadlines: already seeded, nothing to do")
        return
    kalsel = Region.objects.filter(Q(code="63") | Q(name__icontains="Kalimantan Selatan")).first()
    if kalsel is not None:
        for year in (now.year, now.year + 1):
            CalendarOverride.objects.get_or_create(
                date=dt.date(year, 8, 14), calendars=OverrideCalendars.BOTH, region=kalsel,
                defaults={"kind": OverrideKind.HOLIDAY, "name": "Hari Jadi Provinsi Kalimantan Selatan (contoh)"},
            )  # fmt: skip
    # The demo notices were issued before deliveries were recorded: they keep their deadlines.
    for office_id in Office.objects.order_by("pk").values_list("pk", flat=True):
        clocks_ensure(office_id=office_id, legacy=True, now=now)
        office_scan(office_id=office_id, now=now)
    stdout.write(
        f"deadlines: {Clock.objects.count()} clocks, {NoticeDraft.objects.count()} Nota II draft(s), "
        f"{NonComplianceReport.objects.count()} non-compliance report draft(s)"
    )

"""The iCalendar feed of a staff member's open legal clocks (their scope, nothing else)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .choices import Unit
from .models import Clock


def _link(clock: Clock) -> str:
    base = settings.SITE_URL.rstrip("/") if getattr(settings, "SITE_URL", "") else ""
    if clock.notice_id:
        return base + reverse("deadlines:notice_deadlines", args=[clock.notice_id])
    return base + reverse("complaints:complaint_detail", args=[clock.complaint_id])


def build_feed(clocks, *, now: dt.datetime | None = None) -> bytes:
    """One event per clock on its due day (all-day), or at its instant for an hour period."""
    now = now or timezone.now()
    cal = Calendar()
    cal.add("prodid", "-//Inspectorate//legal deadlines//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Legal deadlines"))
    for clock in clocks:
        if clock.due_on is None:
            continue
        event = Event()
        event.add("uid", f"clock-{clock.pk}@inspectorate")
        event.add("dtstamp", now)
        if clock.unit == Unit.HOURS:
            event.add("dtstart", clock.due_at)
            event.add("dtend", clock.due_at)
        else:
            event.add("dtstart", clock.due_on)
            event.add("dtend", clock.due_on + dt.timedelta(days=1))
        who = clock.notice.company.name if clock.notice_id else ""
        event.add("summary", f"{clock.get_subject_display()} {clock.reference}" + (f" · {who}" if who else ""))
        event.add("description", _("Deadline (%(state)s) in %(office)s") % {
            "state": clock.get_state_display(), "office": clock.office.name,
        })  # fmt: skip
        event.add("url", _link(clock))
        cal.add_component(event)
    return cal.to_ical()

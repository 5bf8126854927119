"""The kinds of legal clocks, their units, calendars and states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Calendar(models.TextChoices):
    # National holidays and cuti bersama: internal service deadlines of the office.
    OFFICE = "office", _("Office calendar (national holidays and cuti bersama)")
    # National holidays only: cuti bersama does not bind private employers.
    STATUTORY = "statutory", _("Statutory calendar (national holidays only)")


class Unit(models.TextChoices):
    HOURS = "hours", _("hours")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")


class Subject(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint handling")
    NOTICE_FIRST = "notice_first", _("Nota Pemeriksaan I")
    NOTICE_SECOND = "notice_second", _("Nota Pemeriksaan II")
    NOTICE_DELIVERY = "notice_delivery", _("Nota delivery to the employer")
    ACCIDENT_REPORT = "accident_report", _("Accident report by the employer")
    BPJS_WARNING = "bpjs_warning", _("BPJS written warning")
    INVESTIGATION_STEP = "investigation_step", _("Investigation step")


class StartEvent(models.TextChoices):
    ISSUED = "issued", _("issued")
    RECEIVED = "received", _("received by the employer")
    OCCURRED = "occurred", _("occurred")
    FILED = "filed", _("filed")


class OverrideKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off (holiday or cuti bersama)")
    WORKING_DAY = "working_day", _("Working day (a listed holiday moved away)")


class OverrideCalendars(models.TextChoices):
    BOTH = "both", _("Both calendars")
    OFFICE = "office", _("Office calendar only")
    STATUTORY = "statutory", _("Statutory calendar only")


class ClockState(models.TextChoices):
    WAITING = "waiting", _("Not yet started")
    RUNNING = "running", _("Running")
    EXPIRED = "expired", _("Expired")
    MET = "met", _("Met")
    CLOSED = "closed", _("Closed")


OPEN_CLOCK_STATES = (ClockState.WAITING, ClockState.RUNNING, ClockState.EXPIRED)


class DeliveryMethod(models.TextChoices):
    HAND = "hand", _("Hand delivery")
    MAIL = "mail", _("Registered mail")
    EMAIL = "email", _("E-mail")


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    DISCARDED = "discarded", _("Discarded")


class ReportDecision(models.TextChoices):
    SANCTION = "sanction", _("Recommend an administrative sanction")
    PPNS = "ppns", _("Hand over to a PPNS investigation")


class Sanction(models.TextChoices):
    # PP 35/2021 and PP 36/2021: the administrative sanctions in their order of weight.
    WRITTEN_WARNING = "written_warning", _("Written warning")
    RESTRICTION = "restriction", _("Restriction of business activity")
    HALT_EQUIPMENT = "halt_equipment", _("Temporary halt of production equipment")
    FREEZE = "freeze", _("Freeze of business activity")


# What each history action of a clock reads as (ClockChange.action keeps the code).
CLOCK_ACTIONS = {
    "started": _("started"),
    "waiting for delivery": _("waiting for delivery"),
    "started from receipt": _("started from the employer's receipt"),
    "expired": _("expired"),
    "met": _("met"),
    "closed": _("closed"),
    "recomputed": _("recomputed with the current rule"),
    "backfilled": _("counted from the issue date (issued before deliveries were recorded)"),
}

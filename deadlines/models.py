"""Legal clocks: the working-day calendars' overrides, the deadline rules and the clocks they start."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint
from inspections.models import Finding, Notice
from inspectorate.models import Office, Region

from .choices import (
    CLOCK_ACTIONS,
    Calendar,
    ClockState,
    DeliveryMethod,
    DraftStatus,
    OverrideCalendars,
    OverrideKind,
    ReportDecision,
    Sanction,
    StartEvent,
    Subject,
    Unit,
)


class CalendarOverride(models.Model):
    """A day the `holidays` package gets wrong for us: a decree's cuti bersama, a moved holiday, a regional one."""

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=OverrideKind.choices, default=OverrideKind.HOLIDAY)
    calendars = models.CharField(
        _("applies to"), max_length=10, choices=OverrideCalendars.choices, default=OverrideCalendars.BOTH
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("region (empty = nationwide)"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "calendars"], condition=Q(region__isnull=True), name="override_one_national_per_day"
            ),
            models.UniqueConstraint(fields=["date", "calendars", "region"], name="override_one_regional_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"


class DeadlineRule(models.Model):
    """How long a legal step may take, from which event, on which calendar, and why (its legal basis)."""

    subject = models.CharField(_("applies to"), max_length=30, choices=Subject.choices)
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("office (empty = every office)"),
    )  # fmt: skip
    start_event = models.CharField(_("starts when"), max_length=10, choices=StartEvent.choices)
    duration = models.PositiveIntegerField(_("duration (default)"))
    max_duration = models.PositiveIntegerField(_("longest the inspector may set"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=15, choices=Unit.choices)
    calendar = models.CharField(_("calendar"), max_length=10, choices=Calendar.choices)
    legal_basis = models.TextField(_("legal basis"))
    office_practice = models.BooleanField(_("office practice (not set by law)"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_office_path = "office"

    class Meta:
        ordering = ["subject", "office_id"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.UniqueConstraint(fields=["subject"], condition=Q(office__isnull=True), name="rule_one_default"),
            models.UniqueConstraint(fields=["subject", "office"], name="rule_one_per_office"),
            models.CheckConstraint(condition=Q(duration__gt=0), name="rule_duration_positive"),
            models.CheckConstraint(
                condition=Q(max_duration__isnull=True) | Q(max_duration__gte=models.F("duration")),
                name="rule_max_at_least_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()}: {self.duration} {self.get_unit_display()}"


class Clock(models.Model):
    """One running legal deadline of one notice or complaint, computed once and kept (with its own terms)."""

    subject = models.CharField(_("clock"), max_length=30, choices=Subject.choices)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="clocks", verbose_name=_("office"))
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, null=True, blank=True, related_name="clocks")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, null=True, blank=True, related_name="clocks")
    rule = models.ForeignKey(DeadlineRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="clocks")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("responsible"),
    )  # fmt: skip
    # The terms the clock was computed with: a later change of the rule does not move it.
    duration = models.PositiveIntegerField(_("duration"))
    unit = models.CharField(_("unit"), max_length=15, choices=Unit.choices)
    calendar = models.CharField(_("calendar"), max_length=10, choices=Calendar.choices)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # The instant it expires (UTC): the end of due_on in the office's zone, or start + hours.
    due_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    scope_office_path = "office"

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("legal clock")
        verbose_name_plural = _("legal clocks")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "notice"], condition=Q(notice__isnull=False), name="clock_one_per_notice_subject"
            ),
            models.UniqueConstraint(
                fields=["subject", "complaint"], condition=Q(complaint__isnull=False), name="clock_one_per_complaint"
            ),
            models.CheckConstraint(
                condition=Q(notice__isnull=False) | Q(complaint__isnull=False), name="clock_has_an_object"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} · {self.reference}"

    @property
    def reference(self) -> str:
        if self.notice_id:
            return self.notice.number
        return self.complaint.reference if self.complaint_id else ""


class ClockChange(models.Model):
    """The history of a clock: started, recomputed, expired, met. Append-only."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    old_due = models.DateField(_("old due date"), null=True, blank=True)
    new_due = models.DateField(_("new due date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope_office_path = "clock__office"

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("clock change")
        verbose_name_plural = _("clock changes")

    def __str__(self) -> str:
        return f"{self.clock_id} {self.action}"

    @property
    def label(self) -> str:
        return str(CLOCK_ACTIONS.get(self.action, self.action))


def receipt_path(instance, filename: str) -> str:
    return f"notice-receipts/{instance.notice_id}/{secrets.token_hex(8)}-{filename[-80:]}"


class NoticeDelivery(models.Model):
    """How and when the employer received a Nota: its compliance period runs from this day."""

    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="delivery")
    method = models.CharField(_("delivered by"), max_length=10, choices=DeliveryMethod.choices)
    received_on = models.DateField(_("received on"))
    recipient_name = models.CharField(_("received by (name)"), max_length=200, blank=True)
    receipt = models.FileField(_("receipt slip"), upload_to=receipt_path, max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    scope_office_path = "notice__office"

    class Meta:
        verbose_name = _("Nota delivery")
        verbose_name_plural = _("Nota deliveries")

    def __str__(self) -> str:
        return f"{self.notice_id} {self.received_on}"


class NoticeDraft(models.Model):
    """A Nota II prepared from the open findings of an expired Nota I; a person issues it."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    previous = models.OneToOneField(Notice, on_delete=models.CASCADE, related_name="second_draft")
    findings = models.ManyToManyField(Finding, related_name="+", verbose_name=_("findings"))
    period_days = models.PositiveIntegerField(_("compliance period (days)"))
    status = models.CharField(_("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    issued = models.OneToOneField(Notice, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("prepared at"), default=timezone.now)

    scope_office_path = "office"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Nota II draft")
        verbose_name_plural = _("Nota II drafts")

    def __str__(self) -> str:
        return f"Nota II ← {self.previous_id}"


class NonComplianceReport(models.Model):
    """A laporan ketidakpatuhan (PP 37/2021 art. 47) after an expired Nota II, and the head's decision."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="noncompliance_report")
    number = models.CharField(_("number"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    created_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=ReportDecision.choices, blank=True)
    sanction = models.CharField(_("sanction recommended"), max_length=20, choices=Sanction.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_office_path = "office"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("non-compliance report")
        verbose_name_plural = _("non-compliance reports")
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="ncr_number_unique"),
            models.CheckConstraint(
                condition=~Q(decision=ReportDecision.SANCTION) | ~Q(sanction=""), name="ncr_sanction_named"
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"draft {self.pk}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret of a staff member's iCalendar feed; revoking it makes a new one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"feed of {self.user_id}"

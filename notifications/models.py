"""Staff notifications: one row per recipient and event, which is also the e-mail outbox."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import EmailMode, EmailState


class Notification(models.Model):
    """Something a staff member is told: in the app always, by e-mail per their preference."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event = models.CharField(_("event"), max_length=60)
    # The same (recipient, key) is recorded once: calling notify twice notifies once.
    key = models.CharField(_("key"), max_length=200)
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # Never the complainant's identity: references, dates, counts only (see events.py).
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The outbox: recorded before it is sent, claimed with a conditional UPDATE when sent.
    email_state = models.CharField(_("e-mail"), max_length=10, choices=EmailState.choices, default=EmailState.SKIPPED)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_dispatched_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_recipient_key_unique"),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(
                fields=["email_state", "created_at"],
                condition=Q(email_state__in=["pending", "sending", "digest"]),
                name="notification_outbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_id}"


class NotificationPreference(models.Model):
    """How a staff member wants to be told: e-mail mode and language."""

    staff = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("staff member"),
    )
    email_mode = models.CharField(_("e-mail"), max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.email_mode}"


class Digest(models.Model):
    """One daily digest e-mail of a recipient for one local day: claimed once, sent once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    day = models.DateField(_("day"))
    notifications = models.ManyToManyField(Notification, related_name="digests", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_dispatched_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="digest_recipient_day_unique")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day}"


class KnownDevice(models.Model):
    """A browser a staff member has signed in from (a hash of its user agent): a new one is told."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    first_seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("known device")
        verbose_name_plural = _("known devices")
        constraints = [models.UniqueConstraint(fields=["staff", "fingerprint"], name="known_device_unique")]

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.fingerprint[:8]}"

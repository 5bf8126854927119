"""Offline field work: the changes devices replayed from their outbox, and the conflicts they raised."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checklists.models import Answer
from inspections.models import Finding, Inspection

from .choices import ConflictReason, ConflictStatus, OperationKind, OperationStatus, Resolution


class SyncOperation(models.Model):
    """One change sent from a device's outbox, applied once however often it is replayed (key = client UUID)."""

    key = models.UUIDField(_("key"), unique=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="sync_operations")
    kind = models.CharField(_("kind"), max_length=20, choices=OperationKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=OperationStatus.choices)
    # The object the change created or changed (a note, finding or file) and its version afterwards.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    scope_office_path = "inspection__office"

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("synchronised change")
        verbose_name_plural = _("synchronised changes")

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class SyncConflict(models.Model):
    """An offline change the server refused because the record moved meanwhile; a person decides."""

    operation = models.OneToOneField(SyncOperation, on_delete=models.PROTECT, related_name="conflict")
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="sync_conflicts")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="sync_conflicts")
    # A checklist answer changed on the server since the version the device saw.
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, null=True, blank=True, related_name="sync_conflicts")
    reason = models.CharField(_("reason"), max_length=10, choices=ConflictReason.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    # The version the device saw and the one the server had when it refused.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    server_version = models.PositiveIntegerField(null=True, blank=True)
    # {field: text}: what the device offered, and the server's values at the moment of refusal.
    offered = models.JSONField(_("offline values"), default=dict, blank=True)
    server = models.JSONField(_("server values"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.OPEN)
    resolution = models.CharField(_("resolution"), max_length=10, choices=Resolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    scope_office_path = "inspection__office"

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("offline conflict")
        verbose_name_plural = _("offline conflicts")
        indexes = [models.Index(fields=["status", "inspection"], name="syncconflict_status_visit")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ConflictStatus.OPEN, resolution="", resolved_at__isnull=True)
                | Q(status=ConflictStatus.RESOLVED, resolved_at__isnull=False) & ~Q(resolution=""),
                name="syncconflict_resolved_has_resolution",
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.get_reason_display()}"

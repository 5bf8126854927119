"""An office's past brought in from a file: the import batch and the records it created."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inspectorate.models import Office


class BatchStatus(models.TextChoices):
    DONE = "done", _("Imported")
    NOTHING = "nothing", _("Nothing imported")
    ROLLED_BACK = "rolled_back", _("Rolled back")


class RecordKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    VISIT = "visit", _("Visit")


def upload_path(instance: "HistoryImport", filename: str) -> str:
    # A random name: the uploaded name is kept only as data, never as a path.
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return f"imports/history/{uuid.uuid4().hex}{suffix}"


class HistoryImport(models.Model):
    """One import of an office's history from a CSV or XLSX file, with its report per line."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="history_imports", verbose_name=_("office")
    )
    file = models.FileField(_("file"), upload_to=upload_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.DONE)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    complaints_created = models.PositiveIntegerField(_("complaints imported"), default=0)
    visits_created = models.PositiveIntegerField(_("visits imported"), default=0)
    # Rows whose external reference an earlier import of this office already brought in.
    unchanged = models.PositiveIntegerField(_("already imported"), default=0)
    # [[sheet, line, reason], ...] for every line that was not imported.
    errors = models.JSONField(_("bad lines"), default=list, blank=True)
    # The newest complaint event and visit history row when the import finished: newer ones on its
    # records are someone's later work, which a rollback must not remove.
    last_event_id = models.PositiveBigIntegerField(default=0, editable=False)
    last_change_id = models.PositiveBigIntegerField(default=0, editable=False)
    rolled_back_at = models.DateTimeField(_("rolled back at"), null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rolled back by"),
    )

    scope_office_path = "office"

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("history import")
        verbose_name_plural = _("history imports")
        indexes = [models.Index(fields=["office", "-imported_at"], name="historyimport_office_recent")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    @property
    def created_total(self) -> int:
        return self.complaints_created + self.visits_created


class ImportedRecord(models.Model):
    """A complaint or visit an import created, under the external reference it had in the old system."""

    batch = models.ForeignKey(HistoryImport, on_delete=models.CASCADE, related_name="records")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=RecordKind.choices)
    external_reference = models.CharField(_("external reference"), max_length=100)
    line = models.PositiveIntegerField(_("line"))
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="imported_as"
    )
    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.PROTECT, null=True, blank=True, related_name="imported_as"
    )

    scope_office_path = "office"

    class Meta:
        ordering = ["batch_id", "kind", "line"]
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [
            # Idempotence: an external reference is imported once per office and kind.
            models.UniqueConstraint(
                fields=["office", "kind", "external_reference"], name="importedrecord_external_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind=RecordKind.COMPLAINT, complaint__isnull=False, inspection__isnull=True)
                | Q(kind=RecordKind.VISIT, complaint__isnull=True, inspection__isnull=False),
                name="importedrecord_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.external_reference}"

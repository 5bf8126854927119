"""BPJS Ketenagakerjaan participation: imported snapshots, reference figures, flags and the sanction ladder."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspectorate.models import Company, District, Office

from .choices import SANCTION_ACTIONS, FlagKind, ImportState, Level, SanctionState


def import_path(instance: "BpjsImport", filename: str) -> str:
    # A random name: the uploaded name is kept only as data, never as a path.
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return f"imports/bpjs/{uuid.uuid4().hex}{suffix}"


class BpjsImport(models.Model):
    """One BPJS participation file imported for an office: its progress and its per-line report."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    file = models.FileField(_("file"), upload_to=import_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    # The file's SHA-256: the same file twice is one import (the second changes nothing).
    content_hash = models.CharField(_("content hash"), max_length=64)
    as_of = models.DateField(_("figures as of"))
    source = models.CharField(_("source"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=ImportState.choices, default=ImportState.PENDING)
    rows_total = models.PositiveIntegerField(_("lines"), default=0)
    rows_done = models.PositiveIntegerField(_("lines read"), default=0)
    rows_imported = models.PositiveIntegerField(_("lines imported"), default=0)
    errors = models.JSONField(_("line errors"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    scope_office_path = "office"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("BPJS import")
        verbose_name_plural = _("BPJS imports")
        constraints = [
            models.UniqueConstraint(fields=["office", "content_hash"], name="bpjs_import_once_per_office"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.as_of})"

    @property
    def progress(self) -> int:
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class Participation(models.Model):
    """A company's BPJS participation as one import reported it: a dated snapshot, never overwritten."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="bpjs_snapshots", verbose_name=_("company")
    )
    bpjs_import = models.ForeignKey(
        BpjsImport, on_delete=models.PROTECT, related_name="snapshots", verbose_name=_("import")
    )
    npp = models.CharField(_("employer number (NPP)"), max_length=20, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    jkk = models.BooleanField("JKK", default=False)
    jkm = models.BooleanField("JKM", default=False)
    jht = models.BooleanField("JHT", default=False)
    jp = models.BooleanField("JP", default=False)
    jkp = models.BooleanField("JKP", default=False)
    wage_base = models.DecimalField(
        _("reported wage base (monthly, per worker)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=200)

    scope_office_path = "company__district__office"

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("BPJS participation snapshot")
        verbose_name_plural = _("BPJS participation snapshots")
        constraints = [
            models.UniqueConstraint(fields=["company", "bpjs_import"], name="bpjs_snapshot_once_per_import"),
        ]
        indexes = [models.Index(fields=["company", "-as_of", "-id"], name="bpjs_snapshot_latest")]

    def __str__(self) -> str:
        return f"{self.company_id} {self.as_of}"

    @property
    def programmes(self) -> list[str]:
        return [code for code in ("JKK", "JKM", "JHT", "JP", "JKP") if getattr(self, code.lower())]


class InformalParticipation(models.Model):
    """Non-wage (BPU) participants of one district, as a BPJS file reported them (a dated snapshot)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    bpjs_import = models.ForeignKey(
        BpjsImport, on_delete=models.PROTECT, related_name="informal", verbose_name=_("import")
    )
    participants = models.PositiveIntegerField(_("participants"))
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=200)

    scope_office_path = "district__office"

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("informal BPJS participation")
        verbose_name_plural = _("informal BPJS participation")
        constraints = [
            models.UniqueConstraint(fields=["district", "bpjs_import"], name="bpjs_informal_once_per_import"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.as_of}"


class MinimumWage(models.Model):
    """The regional minimum wage (UMK, or the UMP where no UMK is set) of a district for a year (reference data)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    amount = models.DecimalField(_("monthly minimum wage (Rp)"), max_digits=14, decimal_places=2)
    decree = models.CharField(_("decree"), max_length=300)

    class Meta:
        ordering = ["-year", "district__code"]
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="minimum_wage_one_per_district_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="minimum_wage_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year}"


class WorkforceEstimate(models.Model):
    """Estimated formal (wage) and informal (non-wage) workers of a district for a year, with the source."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    formal_workers = models.PositiveIntegerField(_("formal workers (wage earners)"))
    informal_workers = models.PositiveIntegerField(_("informal workers (non-wage earners)"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["-year", "district__code"]
        verbose_name = _("workforce estimate")
        verbose_name_plural = _("workforce estimates")
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="workforce_one_per_district_year"),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year}"


class Flag(models.Model):
    """A computed cross-check result for a company: what is wrong, the evidence, why, and the workers not covered."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="bpjs_flags")
    kind = models.CharField(_("flag"), max_length=20, choices=FlagKind.choices)
    reason = models.TextField(_("why"))
    evidence = models.JSONField(_("evidence"), default=dict)
    gap = models.PositiveIntegerField(_("workers not covered"), default=0)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    scope_office_path = "company__district__office"

    class Meta:
        ordering = ["-gap", "company_id", "kind"]
        verbose_name = _("BPJS flag")
        verbose_name_plural = _("BPJS flags")
        constraints = [models.UniqueConstraint(fields=["company", "kind"], name="bpjs_flag_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.company_id} {self.kind}"


class Sanction(models.Model):
    """One step of the PP 86/2013 ladder for a company: a dated document with its period and history."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="bpjs_sanctions", verbose_name=_("company")
    )
    level = models.CharField(_("step"), max_length=12, choices=Level.choices)
    state = models.CharField(_("state"), max_length=10, choices=SanctionState.choices, default=SanctionState.DRAFT)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_step",
        verbose_name=_("previous step"),
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    grounds = models.TextField(_("grounds"), blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    # The period (written warnings only): the 10th working day of the statutory calendar after issue.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_at = models.DateTimeField(_("period ends at"), null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("issued by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    scope_office_path = "office"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("BPJS sanction step")
        verbose_name_plural = _("BPJS sanction steps")
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="bpjs_sanction_number_unique"),
            models.CheckConstraint(
                condition=Q(state=SanctionState.DRAFT) | Q(state=SanctionState.DISCARDED) | ~Q(number=""),
                name="bpjs_sanction_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.get_level_display()} ({self.get_state_display()})"


class SanctionEvent(models.Model):
    """The history of a sanction step: drafted, issued, period passed, reminded, complied. Append-only."""

    sanction = models.ForeignKey(Sanction, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20)
    note = models.TextField(_("note"), blank=True)

    scope_office_path = "sanction__office"

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("sanction step event")
        verbose_name_plural = _("sanction step events")

    def __str__(self) -> str:
        return f"{self.sanction_id} {self.action}"

    @property
    def label(self) -> str:
        return str(SANCTION_ACTIONS.get(self.action, self.action))

"""Inspection visits, their findings, compliance notices (Nota Pemeriksaan) and investigations."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspectorate.choices import ChoiceLabels, NormCategory
from inspectorate.models import Company, Office

from .choices import (
    AttachmentKind,
    FindingStatus,
    InspectionStatus,
    InvestigationOutcome,
    InvestigationStatus,
    Kind,
    NoticeLevel,
    NoticeStatus,
    RecordedObject,
    Severity,
)

# The largest monthly wage a visit records (Rp), as for a BPJS wage base: below a trillion.
WAGE_FOUND_MAX = 999_999_999_999


class LegalProvision(models.Model):
    """A legal provision a finding can cite: an act and its article (reference data)."""

    act = models.CharField(_("act"), max_length=100)
    article = models.CharField(_("article"), max_length=100)
    title = models.CharField(_("subject"), max_length=300)
    category = models.CharField(_("norm category"), max_length=40, choices=NormCategory.choices)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["act", "article"]
        verbose_name = _("legal provision")
        verbose_name_plural = _("legal provisions")
        constraints = [models.UniqueConstraint(fields=["act", "article"], name="provision_act_article_unique")]

    def __str__(self) -> str:
        return f"{self.act} {self.article}"


class Inspection(ChoiceLabels, models.Model):
    """A visit (pemeriksaan) to a company by a lead inspector and team."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("office"))
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("company")
    )
    lead_inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_inspections",
        verbose_name=_("lead inspector"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="team_inspections", verbose_name=_("team")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ROUTINE)
    status = models.CharField(
        _("status"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    planned_date = models.DateField(_("planned date"))
    # The moment of the visit; its month in the office's time zone decides the quota month.
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True, db_index=True)
    # The local month (first day) of visited_at in the office's zone, set when it is written.
    visit_month = models.DateField(_("month visited"), null=True, blank=True, editable=False)
    summary = models.TextField(_("summary"), blank=True)
    workers_present = models.PositiveIntegerField(_("workers present"), null=True, blank=True)
    # From the payroll seen on the visit: the company's BPJS wage base is checked against it (socialsecurity).
    wage_found = models.PositiveBigIntegerField(
        _("monthly wage found (Rp)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(WAGE_FOUND_MAX)],
        help_text=_("The monthly wage per worker found on the visit (payroll), in rupiah."),
    )
    # Internal only: never shown in anything the company receives (DESIGN.md §5).
    origin_complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("origin complaint"),
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_office_path = "office"

    class Meta:
        ordering = ["-planned_date", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [
            models.Index(fields=["office", "status", "visited_at"], name="inspection_office_status_visit"),
            models.Index(fields=["lead_inspector", "planned_date"], name="inspection_lead_planned"),
            # The visit list of an office, newest planned first (its default order), without a sort.
            models.Index(fields=["office", "-planned_date", "-id"], name="inspection_office_planned"),
            # The dashboards' cache fingerprint: the newest change of each office.
            models.Index(fields=["office", "updated_at"], name="inspection_office_updated"),
            models.Index(fields=["office", "visit_month"], name="inspection_office_month"),
            # Quota counting (reporting.figures): a month's counted visits read from the index alone,
            # so the team-member count starts from the month instead of the inspectors' history.
            models.Index(
                fields=["visited_at", "id", "office", "kind", "lead_inspector"],
                condition=models.Q(status__in=["closed", "reported"]),
                name="inspection_counted_window",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=[InspectionStatus.REPORTED, InspectionStatus.CLOSED])
                | Q(visited_at__isnull=False),
                name="inspection_reported_has_visit_time",
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.COMPLAINT) | Q(origin_complaint__isnull=True),
                name="inspection_origin_only_for_complaint_kind",
            ),
            models.CheckConstraint(
                condition=Q(wage_found__isnull=True) | Q(wage_found__gt=0), name="inspection_wage_found_positive"
            ),
            # The target of the findings' (visit, office) key (migration 0011): a finding's office
            # is its visit's, and moves with it.
            models.UniqueConstraint(fields=["id", "office"], name="inspection_id_office"),
        ]

    def __str__(self) -> str:
        return self.reference


class Finding(ChoiceLabels, models.Model):
    """A violation found during a visit, with the corrective action and its deadline."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    # Always the visit's office (set by the inspections services; on PostgreSQL the (visit, office)
    # key of migration 0011 refuses any other and carries a visit's change of office over): the
    # office's counts read the findings without joining its visits.
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="findings", verbose_name=_("office"), editable=False
    )
    category = models.CharField(_("norm category"), max_length=40, choices=NormCategory.choices)
    provision = models.ForeignKey(
        LegalProvision, on_delete=models.PROTECT, related_name="findings", verbose_name=_("legal provision")
    )
    description = models.TextField(_("description"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    # Goes up by one with every recorded change: a device editing offline sends the version it saw,
    # and a change made meanwhile is a conflict for a person to resolve, never last-write-wins.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_office_path = "office"

    class Meta:
        ordering = ["inspection_id", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [
            models.Index(fields=["status", "deadline"], name="finding_status_deadline"),
            # The office work queue's "findings past deadline": the office's open findings counted
            # from this index alone, without reading the open findings of the whole country.
            models.Index(
                fields=["office", "deadline"], condition=Q(status="open"), name="finding_open_office_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provision}: {self.description[:40]}"


class Notice(ChoiceLabels, models.Model):
    """A compliance order (Nota Pemeriksaan I or II) addressed to a company."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="notices")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="notices")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="notices")
    level = models.CharField(_("level"), max_length=2, choices=NoticeLevel.choices)
    number = models.CharField(_("number"), max_length=60, unique=True)
    issued_on = models.DateField(_("issued on"))
    compliance_deadline = models.DateField(_("compliance deadline"))
    findings = models.ManyToManyField(Finding, related_name="notices", verbose_name=_("findings"))
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups", verbose_name=_("follows")
    )
    status = models.CharField(_("status"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_office_path = "office"

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            # The office work queue's notices awaiting follow-up (issued, past their deadline): counted
            # and the first ten listed from the index; the biggest office has 7,000 notices, 2,000
            # of them awaiting (docs/performance.md §11).
            models.Index(
                fields=["office", "compliance_deadline", "id"],
                condition=Q(status="issued"),
                name="notice_issued_deadline",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(compliance_deadline__gte=models.F("issued_on")), name="notice_deadline_after_issue"
            ),
            models.CheckConstraint(
                condition=Q(level=NoticeLevel.FIRST) | Q(previous__isnull=False), name="notice_second_follows_first"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Investigation(models.Model):
    """A criminal investigation (penyidikan) led by a PPNS investigator after a not-complied Nota II."""

    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="investigation")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="investigations")
    investigator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="investigations")
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(
        _("status"), max_length=10, choices=InvestigationStatus.choices, default=InvestigationStatus.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=InvestigationOutcome.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    scope_office_path = "office"

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")

    def __str__(self) -> str:
        return f"{self.notice.number} / {self.opened_on}"


class InvestigationStep(models.Model):
    """A dated step of an investigation."""

    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="steps")
    on = models.DateField(_("date"))
    description = models.TextField(_("description"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("investigation step")
        verbose_name_plural = _("investigation steps")

    def __str__(self) -> str:
        return f"{self.on}: {self.description[:40]}"


class FieldNote(models.Model):
    """A timestamped note taken during a visit."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="field_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    text = models.TextField(_("note"))

    scope_office_path = "inspection__office"

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("field note")
        verbose_name_plural = _("field notes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:40]}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # A random name: the uploaded name is kept only as data, never as a path.
    suffix = PurePosixPath(filename).suffix.lower()
    return f"inspections/{instance.inspection_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A photo or document taken at a visit; images are stored re-encoded without metadata."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("size"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    scope_office_path = "inspection__office"

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Addendum(models.Model):
    """A correction appended to a reported visit or an issued notice, which are never edited."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, null=True, blank=True, related_name="addenda")
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, null=True, blank=True, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")
        constraints = [
            models.CheckConstraint(
                condition=Q(inspection__isnull=False, notice__isnull=True)
                | Q(inspection__isnull=True, notice__isnull=False),
                name="addendum_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:40]}"


class ChangeRecord(models.Model):
    """One append-only entry of who changed what when on a visit, finding, notice or investigation."""

    object_type = models.CharField(_("object"), max_length=20, choices=RecordedObject.choices)
    object_id = models.PositiveBigIntegerField()
    # The visit the object belongs to, so a visit's whole history is one indexed read.
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="change_records")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=40)
    # [{"field": name, "old": text, "new": text}]; values are left out for sensitive fields.
    changes = models.JSONField(default=list, blank=True)

    scope_office_path = "inspection__office"

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [models.Index(fields=["object_type", "object_id"], name="changerecord_object")]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} {self.action}"

"""Monthly PDF reports: one row per (kind, scope, month), recorded before anything is built."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from inspectorate.choices import ChoiceLabels, Role
from inspectorate.models import Office, Region

from .choices import ReportKind, ReportStatus, ScopeLevel


def scope_key_for(*, office: Office | None = None, region: Region | None = None) -> str:
    """The string naming a report's scope: ``office:12``, ``region:3`` or ``national``."""
    if office is not None and region is not None:
        raise ValueError("A report covers an office or a region, not both.")
    if office is not None:
        return f"office:{office.pk}"
    if region is not None:
        return f"region:{region.pk}"
    return "national"


def report_upload_to(report: "Report", filename: str) -> str:
    return f"reports/{report.month:%Y/%m}/{filename}"


class Report(ChoiceLabels, models.Model):
    """A monthly PDF report of one office, one region or the whole country."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="reports", verbose_name=_("office")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="reports", verbose_name=_("region")
    )
    # "office:<id>", "region:<id>" or "national": one report per kind, scope and month.
    scope_key = models.CharField(_("scope"), max_length=40, editable=False)
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="id")
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True, max_length=255)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    # When the report was last handed to the task queue; the sweep re-sends old hand-overs.
    dispatched_at = models.DateTimeField(_("handed to the queue at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("build attempts"), default=0)
    builds = models.PositiveIntegerField(_("files built"), default=0)
    # The annual report's tables as a spreadsheet (the PDF is ``file``).
    spreadsheet = models.FileField(_("spreadsheet"), upload_to=report_upload_to, blank=True, max_length=255)
    celery_task_id = models.CharField(_("task id"), max_length=50, blank=True)

    # Who reads a report is decided in inspectorate/access.py: office heads their office's,
    # officials their region's offices' and region's (or all when national); inspectors none.
    scope_office_path = "office"
    scope_region_path = "region"
    scope_roles = frozenset({Role.OFFICE_HEAD, Role.OFFICIAL})

    class Meta:
        ordering = ["-month", "kind", "scope_key", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope_key", "month"], name="report_kind_scope_month_unique"),
            models.CheckConstraint(
                condition=Q(office__isnull=True) | Q(region__isnull=True), name="report_office_or_region"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_first_day"),
            models.CheckConstraint(condition=~Q(status="done") | ~Q(file=""), name="report_done_has_file"),
        ]
        indexes = [models.Index(fields=["status", "dispatched_at"], name="report_status_dispatched")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scope_name} {self.month:%Y-%m}"

    @property
    def level(self) -> str:
        if self.office_id:
            return ScopeLevel.OFFICE
        if self.region_id:
            return ScopeLevel.REGION
        return ScopeLevel.NATIONAL

    @property
    def scope_name(self) -> str:
        if self.office_id:
            return self.office.name
        if self.region_id:
            return self.region.name
        return str(_("National"))

    @property
    def in_progress(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == ReportStatus.DONE and bool(self.file)

    @property
    def is_annual(self) -> bool:
        return self.kind == ReportKind.ANNUAL

    @property
    def period_label(self) -> str:
        return f"{self.month:%Y}" if self.is_annual else f"{self.month:%Y-%m}"

    def download_name(self, extension: str) -> str:
        """The name a download is saved under, in the reader's language and naming the scope by its
        code: ``kuota-pemeriksaan-uptd-32-01-2026-11.pdf``, ``laporan-tahunan-ilo-k81-nasional-2026.xlsx``."""
        if self.office_id:
            scope = self.office.code
        elif self.region_id:
            scope = f"{_('Region')} {self.region.code}"
        else:
            scope = str(_("National"))
        return f"{slugify(self.get_kind_display())}-{slugify(scope)}-{self.period_label}.{extension}"


def build_upload_to(build: "ReportBuild", filename: str) -> str:
    return report_upload_to(build.report, filename)


class ReportBuild(models.Model):
    """One finished build of a report: its files stay when the report is rebuilt (the report's history)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="history", verbose_name=_("report"))
    built_at = models.DateTimeField(_("built at"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=build_upload_to, max_length=255)
    spreadsheet = models.FileField(_("spreadsheet"), upload_to=build_upload_to, blank=True, max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )

    scope_office_path = "report__office"
    scope_region_path = "report__region"
    scope_roles = Report.scope_roles

    class Meta:
        ordering = ["-built_at", "-id"]
        verbose_name = _("report build")
        verbose_name_plural = _("report builds")

    def __str__(self) -> str:
        return f"{self.report} @ {self.built_at:%Y-%m-%d %H:%M}"


class Employment(models.Model):
    """Employed persons of a region in a year (the denominator of inspectors per 10,000), with its source."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    employed = models.PositiveBigIntegerField(_("employed persons"))
    source = models.CharField(
        _("source"), max_length=300, help_text=_("E.g. BPS, Sakernas August 2025, table of employed persons.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year", "region__code"]
        verbose_name = _("employment figure")
        verbose_name_plural = _("employment figures")
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="employment_region_year_unique")]

    def __str__(self) -> str:
        return f"{self.region} {self.year}: {self.employed}"


class AnnualText(models.Model):
    """The admin-written section of an annual report: laws and regulations of the year (ILO C81 art. 21 (a))."""

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Empty: the national report."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    laws_and_regulations = models.TextField(
        _("laws and regulations"), help_text=_("New or amended laws and regulations of the year, one per paragraph.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year", "region__code"]
        verbose_name = _("annual report text")
        verbose_name_plural = _("annual report texts")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="annualtext_region_year_unique"),
            models.UniqueConstraint(fields=["year"], condition=Q(region__isnull=True), name="annualtext_national_year"),
        ]

    def __str__(self) -> str:
        return f"{self.region or _('National')} {self.year}"

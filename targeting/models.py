"""Risk targeting: factor weights and their history, sector hazards, stored scores, and monthly visit plans."""

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from inspectorate.models import Company, District, Office

from .choices import FactorCode, HazardLevel, PlanStatus, Selection


class FactorWeight(models.Model):
    """The points one unit of a factor adds to a company's score (admin table; changes are kept)."""

    factor = models.CharField(_("factor"), max_length=30, choices=FactorCode.choices, unique=True)
    points = models.PositiveSmallIntegerField(_("points per unit"), validators=[MaxValueValidator(100)])
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["factor"]
        verbose_name = _("factor weight")
        verbose_name_plural = _("factor weights")

    def __str__(self) -> str:
        return f"{self.get_factor_display()}: {self.points}"


class WeightChange(models.Model):
    """One change of a factor weight: who, when, from what to what, and why."""

    factor = models.CharField(_("factor"), max_length=30, choices=FactorCode.choices)
    old_points = models.PositiveSmallIntegerField(_("old points"))
    new_points = models.PositiveSmallIntegerField(_("new points"))
    reason = models.CharField(_("reason"), max_length=500)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("weight change")
        verbose_name_plural = _("weight changes")

    def __str__(self) -> str:
        return f"{self.factor}: {self.old_points} → {self.new_points}"


class SectorHazard(models.Model):
    """How hazardous a KBLI group is (the first two digits of a company's KBLI code)."""

    kbli_group = models.CharField(
        _("KBLI group"), max_length=2, unique=True, validators=[RegexValidator(r"^\d{2}$", _("Two digits."))]
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("hazard"), choices=HazardLevel.choices, default=HazardLevel.MEDIUM)

    class Meta:
        ordering = ["kbli_group"]
        verbose_name = _("sector hazard")
        verbose_name_plural = _("sector hazards")

    def __str__(self) -> str:
        return f"{self.kbli_group} {self.name}"


class RiskScore(models.Model):
    """A company's score as last computed, with its breakdown: [{factor, points, params}]."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="risk_score")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveIntegerField(_("risk score"), db_index=True)
    breakdown = models.JSONField(default=list)
    computed_at = models.DateTimeField(_("computed at"))

    scope_office_path = "company__district__office"

    class Meta:
        ordering = ["-score", "company_id"]
        verbose_name = _("risk score")
        verbose_name_plural = _("risk scores")
        indexes = [models.Index(fields=["office", "-score"], name="riskscore_office_score")]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.score}"


class PlanSetting(models.Model):
    """An office's plan settings: the share of visits chosen at random to check the score."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="plan_setting")
    random_percent = models.PositiveSmallIntegerField(
        _("visits chosen at random (%)"), default=10, validators=[MaxValueValidator(50)]
    )

    scope_office_path = "office"

    class Meta:
        verbose_name = _("plan setting")
        verbose_name_plural = _("plan settings")
        constraints = [models.CheckConstraint(condition=Q(random_percent__lte=50), name="plansetting_random_le_50")]

    def __str__(self) -> str:
        return f"{self.office}: {self.random_percent}%"


class Assignment(models.Model):
    """An inspector's area: a district, or a KBLI group, whose companies they visit first."""

    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("inspector")
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    kbli_group = models.CharField(
        _("KBLI group"), max_length=2, blank=True, validators=[RegexValidator(r"^\d{2}$", _("Two digits."))]
    )

    scope_office_path = "inspector__office"

    class Meta:
        ordering = ["inspector_id", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(district__isnull=False) | ~Q(kbli_group=""), name="assignment_district_or_sector"
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspector_id}: {self.district_id or self.kbli_group}"


class Leave(models.Model):
    """An inspector's planned leave (first and last day, inclusive): fewer visits in that month."""

    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leaves", verbose_name=_("inspector")
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_office_path = "inspector__office"

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("leave")
        verbose_name_plural = _("leave")
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="leave_end_after_start")]

    def __str__(self) -> str:
        return f"{self.inspector_id}: {self.start}–{self.end}"


class Plan(models.Model):
    """An office's proposed visits for one month: a draft the head edits, then confirms."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="visit_plans", verbose_name=_("office"))
    month = models.DateField(_("month"))  # its first day
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    random_percent = models.PositiveSmallIntegerField(_("chosen at random (%)"))
    seed = models.BigIntegerField(_("random seed"))
    capacity = models.PositiveIntegerField(_("visits available"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    scope_office_path = "office"

    class Meta:
        ordering = ["-month", "office_id"]
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        constraints = [models.UniqueConstraint(fields=["office", "month"], name="plan_office_month_unique")]

    def __str__(self) -> str:
        return f"{self.office.code} {self.month:%Y-%m}"


class PlanEntry(models.Model):
    """One proposed visit: the company, who goes, when, and why it was chosen."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="entries")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+", verbose_name=_("company"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    planned_date = models.DateField(_("planned date"))
    selection = models.CharField(_("chosen by"), max_length=10, choices=Selection.choices)
    score = models.PositiveIntegerField(_("risk score"), default=0)
    reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    inspection = models.OneToOneField(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_entry",
        verbose_name=_("planned visit"),
    )

    scope_office_path = "plan__office"

    class Meta:
        ordering = ["plan_id", "-score", "id"]
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        constraints = [
            models.UniqueConstraint(fields=["plan", "company"], name="planentry_company_once"),
            models.CheckConstraint(
                condition=~Q(selection=Selection.OVERRIDE) | ~Q(reason=""), name="planentry_override_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.company_id}"

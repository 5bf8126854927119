"""Work accidents, the people hurt in them, occupational disease cases and the hours worked behind the rates."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from inspections.models import Finding, Inspection
from inspectorate.models import Company, Office

from .choices import CodeList, DiseaseSource, Nationality, ReportSource, Severity, Sex


class Code(models.Model):
    """One value of a code list (ESAW-style variables, ISCO-08 major groups, the ILO list), in both languages."""

    variable = models.CharField(_("code list"), max_length=20, choices=CodeList.choices)
    code = models.CharField(_("code"), max_length=20)
    name_id = models.CharField(_("name (Indonesian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["variable", "position", "code"]
        verbose_name = _("accident code")
        verbose_name_plural = _("accident codes")
        constraints = [models.UniqueConstraint(fields=["variable", "code"], name="accident_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_id if (get_language() or "id").startswith("id") else self.name_en


def _codes(variable: str) -> dict:
    return {"variable": variable}


class Accident(models.Model):
    """A work accident reported to (or found by) the office of the company's district."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="accidents", verbose_name=_("office"))
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="accidents", verbose_name=_("company"))
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    place = models.CharField(_("place"), max_length=300)
    description = models.TextField(_("description"))
    deviation = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("deviation"),
        limit_choices_to=_codes(CodeList.DEVIATION),
    )  # fmt: skip
    contact = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("contact / mode of injury"),
        limit_choices_to=_codes(CodeList.CONTACT),
    )  # fmt: skip
    agent = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("material agent"),
        limit_choices_to=_codes(CodeList.AGENT),
    )  # fmt: skip
    source = models.CharField(_("report came from"), max_length=20, choices=ReportSource.choices)
    received_at = models.DateTimeField(_("report received at"))
    employer_reported_at = models.DateTimeField(_("employer's report received at"), null=True, blank=True)
    # 2×24 hours from the accident (deadlines.workdays.due with the accident_report rule's terms).
    report_due_at = models.DateTimeField(_("employer's report due by"))
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, null=True, blank=True, related_name="accidents",
        verbose_name=_("investigation visit"),
    )  # fmt: skip
    late_finding = models.OneToOneField(
        Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("finding for the late report"),
    )  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    scope_office_path = "office"

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("accident")
        verbose_name_plural = _("accidents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(received_at__gte=models.F("occurred_at")), name="accident_received_after_occurred"
            ),
            models.CheckConstraint(
                condition=models.Q(employer_reported_at__isnull=True)
                | models.Q(employer_reported_at__gte=models.F("occurred_at")),
                name="accident_employer_report_after_occurred",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def is_late(self, now=None) -> bool:
        """The employer's report arrived after 2×24 hours, or has not arrived and the time is up."""
        from .definitions import report_late

        return report_late(self.employer_reported_at, self.report_due_at, now or timezone.now())


class InjuredPerson(models.Model):
    """A person hurt in an accident; the name is sealed (accidents/confidentiality.py)."""

    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="injured")
    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    age = models.PositiveSmallIntegerField(_("age"))
    occupation = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation (ISCO-08)"),
        limit_choices_to=_codes(CodeList.OCCUPATION),
    )  # fmt: skip
    employment_status = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("employment status"),
        limit_choices_to=_codes(CodeList.EMPLOYMENT),
    )  # fmt: skip
    nationality = models.CharField(
        _("nationality"), max_length=12, choices=Nationality.choices, default=Nationality.INDONESIAN
    )
    injury = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("nature of injury"),
        limit_choices_to=_codes(CodeList.INJURY),
    )  # fmt: skip
    body_part = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("part of body"),
        limit_choices_to=_codes(CodeList.BODY_PART),
    )  # fmt: skip
    days_lost = models.PositiveIntegerField(_("days lost"), default=0)
    permanent_incapacity = models.BooleanField(_("permanent incapacity"), default=False)
    fatal = models.BooleanField(_("fatal"), default=False)

    scope_office_path = "accident__office"

    class Meta:
        ordering = ["accident", "pk"]
        verbose_name = _("injured person")
        verbose_name_plural = _("injured persons")
        constraints = [models.CheckConstraint(condition=models.Q(age__lte=100), name="injured_age_plausible")]

    def __str__(self) -> str:
        return f"{self.accident.reference} #{self.pk}"

    @property
    def severity(self) -> str:
        from .definitions import severity_of

        return severity_of(fatal=self.fatal, permanent=self.permanent_incapacity, days_lost=self.days_lost)

    def get_severity_display(self) -> str:
        return Severity(self.severity).label


class OccupationalDisease(models.Model):
    """A case of occupational disease (ILO list) notified to the office; the worker's name is sealed."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="occupational_diseases", verbose_name=_("company")
    )
    disease = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("disease (ILO list)"),
        limit_choices_to=_codes(CodeList.DISEASE),
    )  # fmt: skip
    worker_name = models.CharField(_("worker's name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    exposure = models.TextField(_("exposure"))
    diagnosed_on = models.DateField(_("diagnosed on"))
    source = models.CharField(_("notified by"), max_length=20, choices=DiseaseSource.choices)
    notified_on = models.DateField(_("notified on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    scope_office_path = "office"

    class Meta:
        ordering = ["-diagnosed_on", "-pk"]
        verbose_name = _("occupational disease case")
        verbose_name_plural = _("occupational disease cases")

    def __str__(self) -> str:
        return self.reference


class HoursWorked(models.Model):
    """The hours worked in a company in a year (and its average workforce), as entered by the office."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="hours_worked")
    year = models.PositiveSmallIntegerField(_("year"))
    hours = models.PositiveBigIntegerField(_("hours worked"))
    workers = models.PositiveIntegerField(_("average workers"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_office_path = "company__district__office"

    class Meta:
        ordering = ["company", "-year"]
        verbose_name = _("hours worked")
        verbose_name_plural = _("hours worked")
        constraints = [
            models.UniqueConstraint(fields=["company", "year"], name="hours_worked_company_year_unique"),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="hours_worked_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.year}"

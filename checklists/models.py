"""Checklist templates, their frozen versions, and the answers a visit gives to one version."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspections.models import Attachment, Finding, Inspection, LegalProvision
from inspectorate.choices import NormCategory

from .choices import AnswerType, DraftStatus, VersionStatus


class ChecklistTemplate(models.Model):
    """A checklist for a kind of visit; its questions live in numbered versions."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    visit_kinds = models.JSONField(_("visit kinds"), default=list, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")

    def __str__(self) -> str:
        return self.name


class TemplateVersion(models.Model):
    """One version of a template: a draft is edited, a published one is frozen."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="checklist_version_number_unique"),
            models.UniqueConstraint(
                fields=["template"], condition=models.Q(status="draft"), name="checklist_one_draft_per_template"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="checklist_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Section(models.Model):
    """A section of a version, answered one at a time on the phone."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("position"), default=0)
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title_id


class Question(models.Model):
    """A question citing the provision it checks; some answers to it are non-compliant."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=20)
    text_id = models.TextField(_("text (Indonesian)"))
    text_en = models.TextField(_("text (English)"))
    provision = models.ForeignKey(
        LegalProvision, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("provision")
    )
    category = models.CharField(_("norm category"), max_length=40, choices=NormCategory.choices)
    answer_type = models.CharField(
        _("answer type"), max_length=10, choices=AnswerType.choices, default=AnswerType.YES_NO
    )
    options = models.JSONField(_("choices"), default=list, blank=True)
    noncompliant_answers = models.JSONField(_("non-compliant answers"), default=list, blank=True)
    note_required = models.BooleanField(_("note required when non-compliant"), default=False)
    photo_required = models.BooleanField(_("photo required when non-compliant"), default=False)

    class Meta:
        ordering = ["section", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.code} {self.text_id[:60]}"


class VisitChecklist(models.Model):
    """The checklist of one visit, on the version it was started with."""

    scope_office_path = "inspection__office"

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="checklists")
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="visit_checklists")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started at"), default=timezone.now)

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("visit checklist")
        verbose_name_plural = _("visit checklists")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "version"], name="checklist_once_per_visit_version"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection} · {self.version}"


class Answer(models.Model):
    """The answer a visit gave to one question; ``compliant`` is empty when not applicable or informative."""

    scope_office_path = "checklist__inspection__office"

    checklist = models.ForeignKey(VisitChecklist, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(_("answer"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    photo = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("photo")
    )
    compliant = models.BooleanField(_("compliant"), null=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    # Grows with each saved answer: an offline answer made on an older version is a conflict, never an overwrite.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["question__section__position", "question__position", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["checklist", "question"], name="checklist_one_answer")]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"


class DraftFinding(models.Model):
    """A finding proposed by a non-compliant answer; the inspector confirms or dismisses it."""

    scope_office_path = "answer__checklist__inspection__office"

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="draft_finding")
    category = models.CharField(_("norm category"), max_length=40, choices=NormCategory.choices)
    provision = models.ForeignKey(
        LegalProvision, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("provision")
    )
    description = models.TextField(_("description"))
    status = models.CharField(_("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    reason = models.TextField(_("reason for dismissal"), blank=True)
    finding = models.OneToOneField(
        Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="checklist_draft"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("draft finding")
        verbose_name_plural = _("draft findings")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="dismissed") | ~models.Q(reason=""), name="checklist_dismissal_has_reason"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed") | models.Q(finding__isnull=False),
                name="checklist_confirmed_has_finding",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

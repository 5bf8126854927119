"""Writes of checklist templates and of a visit's answers.

Templates are reference data edited by admins: a published version is frozen, and editing it
means :func:`version_new_draft` (the next number, a copy of its sections and questions). A
visit's answers follow the house rules: keyword-only, one transaction, the visit locked and
re-read through scope, the visit's history and the audit trail written.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from inspections import services as inspection_services
from inspections.choices import RecordedObject, Severity
from inspections.models import Inspection
from inspections.services import (
    VersionConflict,
    allow_on_visit,
    lock_inspection,
    record_change,
    require_in_progress,
)
from inspectorate import access

from .choices import NA, NO, YES, AnswerType, DraftStatus, VersionStatus
from .models import Answer, ChecklistTemplate, DraftFinding, Question, Section, TemplateVersion, VisitChecklist


class Frozen(ValidationError):  # noqa: N818 (a state, read as "raise Frozen")
    """A published version is never changed: edit the next draft."""


def _require_admin(actor) -> None:
    if not access.is_admin(actor):
        raise PermissionDenied(_("Only administrators edit checklist templates."))


def _lock_version(version: TemplateVersion) -> TemplateVersion:
    return TemplateVersion.objects.select_for_update().select_related("template").get(pk=version.pk)


def ensure_draft(version: TemplateVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise Frozen(
            _("Version %(number)s is published and frozen; create a new draft to change it.")
            % {"number": version.number},
            code="frozen",
        )


# ---------------------------------------------------------------- templates


@transaction.atomic
def template_create(*, actor, code: str, name: str, description: str = "", visit_kinds=()) -> TemplateVersion:
    """A new template with its first, empty draft."""
    _require_admin(actor)
    template = ChecklistTemplate(code=code, name=name.strip(), description=description, visit_kinds=list(visit_kinds))
    template.full_clean()
    template.save()
    version = TemplateVersion.objects.create(template=template, number=1)
    audit_record(action=Action.CREATE, actor=actor, obj=template, fields=["code", "name"])
    return version


@transaction.atomic
def section_add(
    *, actor, version: TemplateVersion, title_id: str, title_en: str, position: int | None = None
) -> Section:
    _require_admin(actor)
    version = _lock_version(version)
    ensure_draft(version)
    if position is None:
        position = (version.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = Section(version=version, title_id=title_id.strip(), title_en=title_en.strip(), position=position)
    section.full_clean()
    section.save()
    audit_record(action=Action.UPDATE, actor=actor, obj=version, fields=["sections"])
    return section


QUESTION_FIELDS = (
    "code",
    "text_id",
    "text_en",
    "provision",
    "category",
    "answer_type",
    "options",
    "noncompliant_answers",
    "note_required",
    "photo_required",
    "position",
)


def _check_question(question: Question) -> None:
    question.full_clean()
    if question.answer_type == AnswerType.CHOICE and not question.options:
        raise ValidationError({"options": _("A choice question needs its choices.")})
    allowed = {AnswerType.YES_NO: {YES, NO, NA}, AnswerType.CHOICE: set(question.options)}.get(question.answer_type)
    if question.noncompliant_answers and allowed is None:
        raise ValidationError(
            {"noncompliant_answers": _("Only yes/no and choice questions have non-compliant answers.")}
        )
    if allowed is not None and not set(question.noncompliant_answers) <= allowed:
        raise ValidationError(
            {"noncompliant_answers": _("A non-compliant answer must be one of the question's answers.")}
        )


@transaction.atomic
def question_add(*, actor, section: Section, **fields) -> Question:
    _require_admin(actor)
    version = _lock_version(section.version)
    ensure_draft(version)
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown question fields: {sorted(unknown)}")
    if "position" not in fields:
        fields["position"] = (section.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    question = Question(section=section, **fields)
    _check_question(question)
    if Question.objects.filter(section__version=version, code=question.code).exists():
        raise ValidationError({"code": _("Another question of this version has this code.")})
    question.save()
    audit_record(action=Action.UPDATE, actor=actor, obj=version, fields=["questions"])
    return question


@transaction.atomic
def question_update(*, actor, question: Question, **fields) -> Question:
    _require_admin(actor)
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown question fields: {sorted(unknown)}")
    version = _lock_version(question.section.version)
    ensure_draft(version)
    question = Question.objects.get(pk=question.pk)
    for name, value in fields.items():
        setattr(question, name, value)
    _check_question(question)
    question.save()
    audit_record(action=Action.UPDATE, actor=actor, obj=version, fields=["questions"])
    return question


@transaction.atomic
def version_publish(*, actor, version: TemplateVersion) -> TemplateVersion:
    """Freeze a draft; visits start on the newest published version from now on."""
    _require_admin(actor)
    version = _lock_version(version)
    ensure_draft(version)
    if not Question.objects.filter(section__version=version).exists():
        raise ValidationError(_("A version without questions cannot be published."))
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor
    version.save(update_fields=["status", "published_at", "published_by"])
    audit_record(action=Action.TRANSITION, actor=actor, obj=version, fields=["status"])
    return version


def copy_into(source: TemplateVersion, target: TemplateVersion) -> None:
    for section in source.sections.prefetch_related("questions"):
        questions = list(section.questions.all())
        section.pk, section.version = None, target
        section.save()
        for question in questions:
            question.pk, question.section = None, section
        Question.objects.bulk_create(questions)


@transaction.atomic
def version_new_draft(*, actor, template: ChecklistTemplate) -> TemplateVersion:
    """The draft to edit: the existing one, or the next version copied from the newest one."""
    _require_admin(actor)
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    draft = template.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    latest = template.versions.order_by("-number").first()
    draft = TemplateVersion.objects.create(template=template, number=(latest.number if latest else 0) + 1)
    if latest is not None:
        copy_into(latest, draft)
    audit_record(action=Action.CREATE, actor=actor, obj=draft, fields=["number"], extra={"from": latest and latest.pk})
    return draft


def latest_published(template: ChecklistTemplate) -> TemplateVersion | None:
    return template.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()


# ---------------------------------------------------------------- a visit's checklist


@transaction.atomic
def checklist_start(*, inspection: Inspection, actor, version: TemplateVersion) -> VisitChecklist:
    """Attach a published version to a visit in progress; the visit keeps it whatever is published later."""
    inspection = lock_inspection(inspection, actor)
    allow_on_visit(actor, inspection, "record")
    require_in_progress(inspection)
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Only a published checklist can be used on a visit."))
    if inspection.checklists.filter(version__template_id=version.template_id).exists():
        raise ValidationError(_("This visit already has this checklist."))
    checklist = VisitChecklist.objects.create(inspection=inspection, version=version, started_by=actor)
    record_change(
        inspection=inspection, kind=RecordedObject.INSPECTION, obj=inspection, actor=actor, action="checklist started",
        changes=[{"field": "checklist", "old": "", "new": str(version)}],
    )  # fmt: skip
    return checklist


def _clean_value(question: Question, value: str) -> str:
    value = (value or "").strip()
    if question.answer_type == AnswerType.YES_NO and value not in (YES, NO, NA):
        raise ValidationError({"value": _("Answer yes, no or not applicable.")})
    if question.answer_type == AnswerType.CHOICE and value not in question.options:
        raise ValidationError({"value": _("Pick one of the choices.")})
    if question.answer_type == AnswerType.NUMBER:
        try:
            Decimal(value)
        except InvalidOperation:
            raise ValidationError({"value": _("Enter a number.")}) from None
    return value


def compliance_of(question: Question, value: str) -> bool | None:
    """True, False, or None when the answer says nothing about compliance (not applicable, informative)."""
    if question.answer_type not in (AnswerType.YES_NO, AnswerType.CHOICE) or value == NA:
        return None
    return value not in question.noncompliant_answers


def _lock_checklist(checklist: VisitChecklist, actor) -> tuple[VisitChecklist, Inspection]:
    inspection = lock_inspection(checklist.inspection, actor)
    allow_on_visit(actor, inspection, "record")
    require_in_progress(inspection)
    return VisitChecklist.objects.select_related("version").get(pk=checklist.pk), inspection


def _draft_description(question: Question) -> str:
    return _("Not compliant: %(code)s %(text)s") % {"code": question.code, "text": question.text_id}


@transaction.atomic
def answer_save(
    *,
    checklist: VisitChecklist,
    question: Question,
    actor,
    value: str,
    note: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Answer:
    """Save one answer; a non-compliant one proposes a draft finding citing the question's provision.

    ``expected_version`` is the answer's version the writer saw (0: no answer yet). When given and the
    answer moved since (another answer saved meanwhile), nothing is written: ``VersionConflict``
    carries the answer as it is now. The pages pass nothing (the last save of the section counts).
    """
    checklist, inspection = _lock_checklist(checklist, actor)
    question = Question.objects.select_related("section").get(pk=question.pk)
    if question.section.version_id != checklist.version_id:
        raise ValidationError(_("This question is not on the visit's checklist."))
    if question.answer_type == AnswerType.PHOTO:
        raise ValidationError({"value": _("Add a photo to answer this question.")})
    value = _clean_value(question, value)
    compliant = compliance_of(question, value)
    answer = Answer.objects.filter(checklist=checklist, question=question).select_for_update().first()
    old = answer.value if answer else ""
    if expected_version is not None and answer is not None and answer.value and answer.version != expected_version:
        raise VersionConflict(
            _("The answer to %(code)s changed since; nothing was overwritten.") % {"code": question.code},
            current=answer,
        )
    if answer is None:
        answer = Answer(checklist=checklist, question=question)
    elif (answer.value, answer.note) != (value, note.strip()):
        answer.version += 1  # the same answer saved again (a section re-saved) moves nothing
    answer.value, answer.note, answer.compliant = value, note.strip(), compliant
    answer.answered_by, answer.answered_at = actor, at or timezone.now()
    answer.save()
    draft = DraftFinding.objects.filter(answer=answer).first()
    if compliant is False and draft is None:
        DraftFinding.objects.create(
            answer=answer, category=question.category, provision=question.provision,
            description=_draft_description(question),
        )  # fmt: skip
    elif compliant is not False and draft is not None and draft.status == DraftStatus.DRAFT:
        # The answer was corrected before anyone decided on the proposal: it no longer stands.
        draft.delete()
    if old != value:
        record_change(
            inspection=inspection, kind=RecordedObject.INSPECTION, obj=inspection, actor=actor, action="answer saved",
            changes=[{"field": question.code, "old": old, "new": value}],
        )  # fmt: skip
    return answer


@transaction.atomic
def answer_photo_add(*, checklist: VisitChecklist, question: Question, actor, upload: UploadedFile) -> Answer:
    """Attach a photo (stored as the visit's attachment, metadata stripped) to a question's answer."""
    checklist, inspection = _lock_checklist(checklist, actor)
    question = Question.objects.select_related("section").get(pk=question.pk)
    if question.section.version_id != checklist.version_id:
        raise ValidationError(_("This question is not on the visit's checklist."))
    attachment = inspection_services.attachment_add(
        inspection=inspection, actor=actor, upload=upload, caption=question.code
    )
    answer = Answer.objects.filter(checklist=checklist, question=question).select_for_update().first()
    if answer is None:
        answer = Answer(checklist=checklist, question=question, answered_by=actor)
    answer.photo = attachment
    if question.answer_type == AnswerType.PHOTO:
        answer.value = attachment.original_name
    answer.save()
    return answer


def _lock_draft(draft: DraftFinding, actor) -> tuple[DraftFinding, Inspection]:
    draft = access.get_for_user(DraftFinding.objects.select_related("answer__checklist"), actor, "change", pk=draft.pk)
    inspection = lock_inspection(draft.answer.checklist.inspection, actor)
    allow_on_visit(actor, inspection, "record")
    require_in_progress(inspection)
    draft = DraftFinding.objects.select_for_update().select_related("answer__question").get(pk=draft.pk)
    if draft.status != DraftStatus.DRAFT:
        raise ValidationError(_("This draft finding was already decided."))
    return draft, inspection


@transaction.atomic
def draft_finding_confirm(
    *,
    draft: DraftFinding,
    actor,
    description: str | None = None,
    severity: str = Severity.MEDIUM,
    corrective_action: str = "",
    deadline: dt.date | None = None,
) -> DraftFinding:
    """Turn the proposal (edited or as it stands) into a finding of the visit, which a Nota I can cite."""
    draft, inspection = _lock_draft(draft, actor)
    if draft.provision is None:
        raise ValidationError(_("The question cites no provision; record the finding by hand."))
    finding = inspection_services.finding_add(
        inspection=inspection,
        actor=actor,
        category=draft.category,
        provision=draft.provision,
        description=(description if description is not None else draft.description).strip(),
        severity=severity,
        corrective_action=corrective_action,
        deadline=deadline,
    )
    draft.status, draft.finding, draft.description = DraftStatus.CONFIRMED, finding, finding.description
    draft.decided_by, draft.decided_at = actor, timezone.now()
    draft.save()
    return draft


@transaction.atomic
def draft_finding_dismiss(*, draft: DraftFinding, actor, reason: str) -> DraftFinding:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the draft finding is dismissed.")})
    draft, inspection = _lock_draft(draft, actor)
    draft.status, draft.reason = DraftStatus.DISMISSED, reason.strip()
    draft.decided_by, draft.decided_at = actor, timezone.now()
    draft.save()
    record_change(
        inspection=inspection, kind=RecordedObject.INSPECTION, obj=inspection, actor=actor,
        action="draft finding dismissed",
        changes=[{"field": draft.answer.question.code, "old": "", "new": draft.reason}],
    )  # fmt: skip
    return draft


def report_problems(inspection: Inspection) -> list[str]:
    """What stops the visit from being reported: missing evidence and undecided draft findings."""
    problems = []
    answers = Answer.objects.filter(checklist__inspection=inspection).select_related("question", "draft_finding")
    for answer in answers:
        question = answer.question
        if answer.compliant is False and question.photo_required and answer.photo_id is None:
            problems.append(_("%(code)s needs a photo.") % {"code": question.code})
        if answer.compliant is False and question.note_required and not answer.note:
            problems.append(_("%(code)s needs a note.") % {"code": question.code})
        draft = getattr(answer, "draft_finding", None)
        if draft is not None and draft.status == DraftStatus.DRAFT:
            problems.append(_("Confirm or dismiss the draft finding of %(code)s.") % {"code": question.code})
    return problems

"""A template version as JSON, and back: provisions are named by act and article, never by id."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from inspections.models import LegalProvision

from .models import ChecklistTemplate, Question, Section, TemplateVersion
from .services import _check_question, _require_admin

FORMAT = "inspectorate.checklist/1"
QUESTION_KEYS = (
    "code", "text_id", "text_en", "category", "answer_type", "options", "noncompliant_answers",
    "note_required", "photo_required",
)  # fmt: skip


def version_export(version: TemplateVersion) -> dict:
    template = version.template
    sections = version.sections.prefetch_related("questions__provision")
    return {
        "format": FORMAT,
        "template": {
            "code": template.code,
            "name": template.name,
            "description": template.description,
            "visit_kinds": template.visit_kinds,
        },
        "version": version.number,
        "sections": [
            {
                "title_id": section.title_id,
                "title_en": section.title_en,
                "questions": [
                    {
                        **{key: getattr(q, key) for key in QUESTION_KEYS},
                        "provision": {"act": q.provision.act, "article": q.provision.article} if q.provision else None,
                    }
                    for q in section.questions.all()
                ],
            }
            for section in sections
        ],
    }


def _provision(data) -> LegalProvision | None:
    if not data:
        return None
    found = LegalProvision.objects.filter(act=data.get("act"), article=data.get("article")).first()
    if found is None:
        raise ValidationError(
            _("Unknown legal provision: %(act)s %(article)s.")
            % {"act": data.get("act"), "article": data.get("article")}
        )
    return found


@transaction.atomic
def version_import(*, actor, data: dict) -> TemplateVersion:
    """A new draft of the template named in ``data`` (the template is created when new); nothing on error."""
    _require_admin(actor)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("This is not a checklist export."))
    try:
        info = data["template"]
        template = ChecklistTemplate.objects.select_for_update().filter(code=info["code"]).first()
        if template is None:
            template = ChecklistTemplate(
                code=info["code"], name=info["name"], description=info.get("description", ""),
                visit_kinds=info.get("visit_kinds", []),
            )  # fmt: skip
            template.full_clean()
            template.save()
        elif template.versions.filter(status="draft").exists():
            raise ValidationError(_("This template already has a draft; publish or delete it first."))
        last = template.versions.order_by("-number").first()
        version = TemplateVersion.objects.create(template=template, number=(last.number if last else 0) + 1)
        codes = set()
        for s_pos, s in enumerate(data["sections"], start=1):
            section = Section(version=version, position=s_pos, title_id=s["title_id"], title_en=s["title_en"])
            section.full_clean()
            section.save()
            for q_pos, q in enumerate(s["questions"], start=1):
                question = Question(
                    section=section, position=q_pos, provision=_provision(q.get("provision")),
                    **{key: q[key] for key in QUESTION_KEYS if key in q},
                )  # fmt: skip
                _check_question(question)
                if question.code in codes:
                    raise ValidationError(_("Question code %(code)s appears twice.") % {"code": question.code})
                codes.add(question.code)
                question.save()
    except (KeyError, TypeError) as exc:
        raise ValidationError(_("The checklist export is incomplete (%(key)s).") % {"key": exc}) from None
    audit_record(action=Action.CREATE, actor=actor, obj=version, fields=["sections"], extra={"imported": True})
    return version

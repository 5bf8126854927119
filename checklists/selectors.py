"""What the checklist page of a visit reads, in a fixed number of queries."""

from django.db.models import Max, Prefetch, Q

from inspections.models import Inspection

from .choices import DraftStatus, VersionStatus
from .models import Answer, Question, Section, TemplateVersion


def published_versions():
    """The newest published version of each template in use."""
    latest = (
        TemplateVersion.objects.filter(status=VersionStatus.PUBLISHED, template__is_active=True)
        .values("template")
        .annotate(n=Max("number"))
    )
    pairs = [(row["template"], row["n"]) for row in latest]
    if not pairs:
        return TemplateVersion.objects.none()
    q = Q()
    for template_id, number in pairs:
        q |= Q(template_id=template_id, number=number)
    return TemplateVersion.objects.filter(q).select_related("template").order_by("template__name")


def visit_page(inspection: Inspection, index: int) -> dict:
    checklist = inspection.checklists.select_related("version__template").order_by("-started_at").first()
    if checklist is None:
        return {"checklist": None, "available": published_versions(), "sections": [], "section": None}
    sections = list(
        Section.objects.filter(version_id=checklist.version_id).prefetch_related(
            Prefetch("questions", queryset=Question.objects.select_related("provision").order_by("position", "pk"))
        )
    )
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(checklist=checklist).select_related("photo", "draft_finding__provision")
    }
    total = sum(len(s.questions.all()) for s in sections)
    for section in sections:
        section.rows = [(q, answers.get(q.pk)) for q in section.questions.all()]
        section.done = all(a is not None for _, a in section.rows)
    drafts = [a.draft_finding for a in answers.values() if getattr(a, "draft_finding", None) is not None]
    section = sections[min(index, len(sections) - 1)] if sections else None
    return {
        "checklist": checklist,
        "sections": sections,
        "section": section,
        "index": sections.index(section) if section else 0,
        "answered": len(answers),
        "total": total,
        "drafts": sorted(drafts, key=lambda d: d.pk),
        "pending": [d for d in drafts if d.status == DraftStatus.DRAFT],
    }

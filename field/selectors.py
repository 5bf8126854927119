"""Reads of the field pages, narrowed by access.py; none of them reads a complaint."""

import datetime as dt

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from checklists.models import Answer, Question, Section
from checklists.selectors import published_versions
from inspections.choices import FindingStatus, InspectionStatus, NoticeStatus
from inspections.models import Finding, Inspection, Notice
from inspectorate import access

from .choices import ConflictStatus
from .models import SyncConflict

PREVIOUS_LIMIT = 20
# How many visit pages a device keeps at the most (a fortnight of an inspector's work, with room).
KEPT_VISITS = 60


def field_visits(*, user, today: dt.date, days: dt.timedelta) -> QuerySet[Inspection]:
    """The user's visits (lead or team) planned up to ``today + days``, and those in progress."""
    mine = Q(lead_inspector=user) | Q(team=user)
    window = Q(status=InspectionStatus.PLANNED, planned_date__lte=today + days) | Q(status=InspectionStatus.IN_PROGRESS)
    return (
        access.restrict(Inspection.objects.select_related("company"), user, "change")
        .filter(mine, window)
        .distinct()
        .order_by("planned_date", "pk")
    )


def field_visit(*, user, pk: int) -> Inspection:
    # Only the company facts: the origin complaint is never read for an offline page.
    return access.get_for_user(
        Inspection.objects.select_related("office", "company__district", "lead_inspector")
        .prefetch_related("team", "field_notes__author", "attachments")
        .defer("origin_complaint"),
        user,
        "view",
        pk=pk,
    )


def visit_findings(*, inspection: Inspection) -> list[Finding]:
    return list(inspection.findings.select_related("provision").order_by("pk"))


def previous_open_findings(*, user, inspection: Inspection) -> list[Finding]:
    """Open findings of the company's earlier visits, newest first."""
    return list(
        access.restrict(Finding.objects.select_related("provision", "inspection"), user)
        .filter(inspection__company_id=inspection.company_id, status=FindingStatus.OPEN)
        .exclude(inspection=inspection)
        .order_by("-inspection__planned_date", "-pk")[:PREVIOUS_LIMIT]
    )


def open_notices(*, user, inspection: Inspection) -> list[Notice]:
    """Notas of the company still waiting for compliance."""
    return list(
        access.restrict(Notice.objects.all(), user)
        .filter(company_id=inspection.company_id, status=NoticeStatus.ISSUED)
        .order_by("-issued_on", "-pk")[:PREVIOUS_LIMIT]
    )


def visit_checklist(*, inspection: Inspection) -> dict:
    """The visit's checklist as the offline page carries it: its version's sections, questions and the
    provisions they cite, with the answers given; before it is started, every version it may start on
    (the page keeps them all, so the checklist can be started and answered without signal).
    A fixed number of queries whatever the number of questions and answers."""
    checklist = inspection.checklists.select_related("version__template").order_by("-started_at").first()
    versions = [checklist.version] if checklist is not None else list(published_versions())
    answers = {}
    if checklist is not None:
        answers = {a.question_id: a for a in Answer.objects.filter(checklist=checklist).select_related("photo")}
    sections = Section.objects.filter(version__in=versions).prefetch_related(
        Prefetch("questions", queryset=Question.objects.select_related("provision").order_by("position", "pk"))
    )
    by_version = {version.pk: [] for version in versions}
    for section in sections.order_by("position", "pk"):
        section.rows = [(question, answers.get(question.pk)) for question in section.questions.all()]
        section.answered = sum(1 for _, answer in section.rows if answer is not None and answer.value)
        by_version[section.version_id].append(section)
    blocks = [{"version": version, "sections": by_version[version.pk]} for version in versions]
    total = sum(len(section.rows) for block in blocks for section in block["sections"]) if checklist else 0
    answered = sum(1 for answer in answers.values() if answer.value)
    return {"checklist": checklist, "blocks": blocks, "total": total, "answered": answered}


def open_conflicts(*, user) -> QuerySet[SyncConflict]:
    """Conflicts waiting for this user: those they raised; an office head or admin sees the office's."""
    conflicts = access.restrict(
        SyncConflict.objects.select_related("inspection__company", "inspection__office", "finding", "raised_by"),
        user,
    ).filter(status=ConflictStatus.OPEN)
    if access.is_admin(user) or user.role == "office_head":
        return conflicts
    return conflicts.filter(raised_by=user)


def conflict_detail(*, user, pk: int) -> SyncConflict:
    return access.get_for_user(
        SyncConflict.objects.select_related(
            "inspection__company",
            "inspection__office",
            "finding__provision",
            "answer__question__provision",
            "raised_by",
            "resolved_by",
        ),
        user,
        "view",
        pk=pk,
    )


def display_value(value) -> str:
    return "" if value is None else str(value)


# What an offline change offered that is not a field of the record it is shown against.
OFFERED_LABELS = {"text": _("Field note"), "description": _("Description"), "corrective_action": _("Corrective action")}


def field_label(obj, name: str) -> str:
    try:
        return str(type(obj)._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return str(OFFERED_LABELS.get(name, name.replace("_", " ")))


def current_value(obj, name: str) -> str:
    """The record's value now, or nothing when the offline change was new (a note for a reported visit)."""
    try:
        type(obj)._meta.get_field(name)
    except FieldDoesNotExist:
        return ""
    return display_value(getattr(obj, name))

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from audit.models import AuditEntry
from checklists import services
from checklists.choices import DraftStatus, VersionStatus
from checklists.models import Answer, DraftFinding, Question
from inspections import services as inspection_services
from inspections.choices import InspectionStatus
from inspections.models import ChangeRecord

from .conftest import build_version, photo


def _start(visit, actor, version):
    inspection_services.inspection_start(inspection=visit, actor=actor)
    return services.checklist_start(inspection=visit, actor=actor, version=version)


def _q(version, code):
    return Question.objects.get(section__version=version, code=code)


def test_it_freezes_a_published_version_and_edits_the_next_draft(root, version):
    assert version.status == VersionStatus.PUBLISHED and version.published_at
    question = _q(version, "U1")
    with pytest.raises(services.Frozen):
        services.question_update(actor=root, question=question, text_id="diubah")
    with pytest.raises(services.Frozen):
        services.section_add(actor=root, version=version, title_id="Baru", title_en="New")
    draft = services.version_new_draft(actor=root, template=version.template)
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT
    assert services.version_new_draft(actor=root, template=version.template) == draft  # one draft at a time
    copied = _q(draft, "U1")
    assert copied.pk != question.pk and copied.text_id == question.text_id and copied.provision == question.provision
    services.question_update(actor=root, question=copied, text_id="Upah dibayar tepat waktu?")
    question.refresh_from_db()
    assert question.text_id == "Upah dibayar sesuai upah minimum?"


def test_a_visit_started_on_v1_keeps_v1(root, alice, visit_a, version):
    checklist = _start(visit_a, alice, version)
    draft = services.version_new_draft(actor=root, template=version.template)
    services.question_update(actor=root, question=_q(draft, "U1"), text_id="Pertanyaan versi dua")
    services.question_add(
        actor=root, section=draft.sections.first(), code="U2", text_id="Baru", text_en="New", category="wages"
    )
    services.version_publish(actor=root, version=draft)
    assert services.latest_published(version.template).number == 2
    checklist.refresh_from_db()
    assert checklist.version == version
    texts = list(Question.objects.filter(section__version=checklist.version).values_list("text_id", flat=True))
    assert "Upah dibayar sesuai upah minimum?" in texts and "Pertanyaan versi dua" not in texts and len(texts) == 4
    # Answers go to v1's questions only.
    with pytest.raises(ValidationError):
        services.answer_save(checklist=checklist, question=_q(draft, "U1"), actor=alice, value="yes")


def test_only_admins_edit_templates_and_an_empty_version_is_not_published(alice, bob, root):
    with pytest.raises(PermissionDenied):
        services.template_create(actor=bob, code="x", name="X")
    version = services.template_create(actor=root, code="kosong", name="Kosong")
    with pytest.raises(ValidationError):
        services.version_publish(actor=root, version=version)
    with pytest.raises(PermissionDenied):
        services.version_publish(actor=alice, version=version)


def test_a_draft_version_cannot_start_on_a_visit(root, alice, visit_a):
    draft = build_version(root, publish=False)
    inspection_services.inspection_start(inspection=visit_a, actor=alice)
    with pytest.raises(ValidationError):
        services.checklist_start(inspection=visit_a, actor=alice, version=draft)


def test_a_non_compliant_answer_proposes_a_draft_finding_with_the_provision(alice, visit_a, version):
    checklist = _start(visit_a, alice, version)
    question = _q(version, "B1")
    answer = services.answer_save(checklist=checklist, question=question, actor=alice, value="no")
    assert answer.compliant is False
    draft = answer.draft_finding
    assert draft.status == DraftStatus.DRAFT and draft.provision == question.provision
    assert draft.category == "social_security" and "B1" in draft.description
    assert ChangeRecord.objects.filter(inspection=visit_a, action="answer saved").exists()
    assert AuditEntry.objects.filter(extra__step="answer saved").exists()
    # Corrected before anyone decided: the proposal goes.
    services.answer_save(checklist=checklist, question=question, actor=alice, value="yes")
    assert not DraftFinding.objects.exists()


def test_bad_answers_are_refused_and_nothing_changes(alice, visit_a, version):
    checklist = _start(visit_a, alice, version)
    for code, value in (("U1", "mungkin"), ("K1", "banyak"), ("K2", "lumayan")):
        with pytest.raises(ValidationError):
            services.answer_save(checklist=checklist, question=_q(version, code), actor=alice, value=value)
    assert not Answer.objects.exists()


def test_the_report_waits_for_the_photo_and_the_decisions(alice, bob, visit_a, version):
    checklist = _start(visit_a, alice, version)
    services.answer_save(checklist=checklist, question=_q(version, "U1"), actor=alice, value="yes")
    answer = services.answer_save(checklist=checklist, question=_q(version, "B1"), actor=alice, value="no")
    services.answer_save(checklist=checklist, question=_q(version, "K1"), actor=alice, value="3")
    services.answer_save(checklist=checklist, question=_q(version, "K2"), actor=alice, value="baik")
    inspection_services.inspection_update(inspection=visit_a, actor=alice, summary="Selesai")
    with pytest.raises(ValidationError) as refused:
        inspection_services.inspection_report(inspection=visit_a, actor=alice)
    assert "B1 needs a photo." in refused.value.messages
    assert "Confirm or dismiss the draft finding of B1." in refused.value.messages
    visit_a.refresh_from_db()
    assert visit_a.status == InspectionStatus.IN_PROGRESS

    services.answer_photo_add(checklist=checklist, question=_q(version, "B1"), actor=alice, upload=photo())
    draft = services.draft_finding_confirm(
        draft=answer.draft_finding, actor=alice, description="12 pekerja belum terdaftar BPJS", severity="high"
    )
    finding = draft.finding
    assert finding.provision == _q(version, "B1").provision and finding.category == "social_security"
    assert finding.description == "12 pekerja belum terdaftar BPJS"
    inspection_services.inspection_report(inspection=visit_a, actor=alice)
    notice = inspection_services.notice_issue_first(
        inspection=visit_a, actor=bob, findings=[finding],
        compliance_deadline=visit_a.visited_at.date().replace(year=visit_a.visited_at.year + 1),
    )  # fmt: skip
    assert list(notice.findings.values_list("provision__article", flat=True)) == ["ps. 15"]


def test_a_note_is_required_when_the_question_says_so(alice, visit_a, version):
    checklist = _start(visit_a, alice, version)
    answer = services.answer_save(checklist=checklist, question=_q(version, "U1"), actor=alice, value="no")
    assert "U1 needs a note." in services.report_problems(visit_a)
    services.answer_save(checklist=checklist, question=_q(version, "U1"), actor=alice, value="no", note="Rp 2 juta")
    assert "U1 needs a note." not in services.report_problems(visit_a)
    with pytest.raises(ValidationError):
        services.draft_finding_dismiss(draft=answer.draft_finding, actor=alice, reason="  ")
    draft = services.draft_finding_dismiss(draft=answer.draft_finding, actor=alice, reason="Upah di atas UMK")
    assert draft.status == DraftStatus.DISMISSED and services.report_problems(visit_a) == []
    with pytest.raises(ValidationError):
        services.draft_finding_confirm(draft=draft, actor=alice)


def test_another_office_cannot_touch_the_checklist(alice, charlie, visit_a, version):
    checklist = _start(visit_a, alice, version)
    answer = services.answer_save(checklist=checklist, question=_q(version, "B1"), actor=alice, value="no")
    with pytest.raises(Http404):
        services.answer_save(checklist=checklist, question=_q(version, "U1"), actor=charlie, value="yes")
    with pytest.raises(Http404):
        services.draft_finding_dismiss(draft=answer.draft_finding, actor=charlie, reason="bukan urusan")
    answer.draft_finding.refresh_from_db()
    assert answer.draft_finding.status == DraftStatus.DRAFT


def test_export_import_round_trip_is_equal(root, version):
    from checklists.transfer import version_export, version_import

    exported = version_export(version)
    assert exported["sections"][1]["questions"][0]["provision"] == {"act": "UU 24/2011", "article": "ps. 15"}
    imported = version_import(actor=root, data=exported)
    assert imported.template == version.template and imported.number == 2
    assert imported.status == VersionStatus.DRAFT
    again = version_export(imported)
    assert {**again, "version": 1} == exported


def test_a_bad_import_changes_nothing(root, version):
    from checklists.models import TemplateVersion
    from checklists.transfer import version_export, version_import

    before = TemplateVersion.objects.count()
    data = version_export(version)
    data["sections"][0]["questions"][0]["provision"] = {"act": "UU 99/2099", "article": "ps. 1"}
    with pytest.raises(ValidationError):
        version_import(actor=root, data=data)
    with pytest.raises(ValidationError):
        version_import(actor=root, data={"format": "something else"})
    data = version_export(version)
    del data["sections"][0]["title_en"]
    with pytest.raises(ValidationError):
        version_import(actor=root, data=data)
    assert TemplateVersion.objects.count() == before


def test_the_starter_templates_are_published_and_cite_shipped_provisions():
    import importlib

    from django.apps import apps

    from checklists.models import ChecklistTemplate

    importlib.import_module("checklists.migrations.0002_starter_templates").seed(apps, None)
    norma = ChecklistTemplate.objects.get(code="norma-100").versions.get()
    assert norma.status == VersionStatus.PUBLISHED and norma.sections.count() == 10
    questions = Question.objects.filter(section__version__template__code__in=["norma-100", "bpjs"])
    assert questions.count() == 30 and not questions.filter(provision__isnull=True).exists()
    assert not questions.filter(provision__is_active=False).exists()

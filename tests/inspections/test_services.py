import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from inspections import services
from inspections.choices import FindingStatus, InspectionStatus, Kind, NoticeStatus
from inspections.models import ChangeRecord, Inspection
from inspections.selectors import complaint_findings_all_corrected
from inspectorate.choices import Role
from tests.factories import StaffFactory

from .factories import InspectionFactory, make_complaint
from .helpers import add_finding, provision, reported, started

pytestmark = pytest.mark.django_db

TODAY = dt.date.today


def test_it_plans_a_visit_with_a_reference_per_office_and_year(bob, alice, alice2, company_a):
    first = services.inspection_plan(
        actor=bob, company=company_a, kind=Kind.ROUTINE, lead=alice, team=[alice2, alice], planned_date=TODAY()
    )
    second = services.inspection_plan(
        actor=bob, company=company_a, kind=Kind.ACCIDENT, lead=alice, planned_date=TODAY()
    )
    year = timezone.localdate().year
    assert first.reference == f"PMR-JB-1-{year}-00001"
    assert second.reference == f"PMR-JB-1-{year}-00002"
    assert list(first.team.all()) == [alice2]  # the lead is not repeated in the team
    assert first.office == company_a.district.office
    assert ChangeRecord.objects.filter(object_type="inspection", object_id=first.pk, action="planned").exists()


def test_it_lets_an_inspector_plan_only_for_themselves(alice, alice2, company_a):
    services.inspection_plan(actor=alice, company=company_a, kind=Kind.ROUTINE, lead=alice, planned_date=TODAY())
    with pytest.raises(PermissionDenied):
        services.inspection_plan(actor=alice, company=company_a, kind=Kind.ROUTINE, lead=alice2, planned_date=TODAY())


def test_it_refuses_a_team_from_another_office_or_inactive(bob, alice, charlie, company_a, office_a):
    with pytest.raises(ValidationError):
        services.inspection_plan(
            actor=bob, company=company_a, kind=Kind.ROUTINE, lead=alice, team=[charlie], planned_date=TODAY()
        )
    retired = StaffFactory(role=Role.INSPECTOR, office=office_a, is_active=False)
    with pytest.raises(ValidationError):
        services.inspection_plan(actor=bob, company=company_a, kind=Kind.ROUTINE, lead=retired, planned_date=TODAY())
    assert not Inspection.objects.exists()


def test_it_refuses_a_company_of_another_office(bob, alice, company_b):
    with pytest.raises(Http404):
        services.inspection_plan(actor=bob, company=company_b, kind=Kind.ROUTINE, lead=alice, planned_date=TODAY())


def test_it_refuses_a_complaint_kind_without_its_complaint(bob, alice, company_a):
    with pytest.raises(ValidationError):
        services.inspection_plan(actor=bob, company=company_a, kind=Kind.COMPLAINT, lead=alice, planned_date=TODAY())


def test_it_plans_from_a_complaint(bob, alice, company_a, office_a):
    complaint = make_complaint(office=office_a, company=company_a)
    visit = services.inspection_plan_from_complaint(
        complaint=complaint, actor=bob, lead=alice, team=[], planned_date=TODAY()
    )
    assert visit.kind == Kind.COMPLAINT and visit.origin_complaint == complaint and visit.company == company_a
    record = ChangeRecord.objects.get(object_id=visit.pk, action="planned")
    assert complaint.reference not in str(record.changes)
    assert complaint.complainant_name not in str(record.changes)


def test_it_lets_only_the_head_or_the_assignee_plan_a_complaint_visit(bob, alice, alice2, company_a, office_a):
    # The complaint page offers "plan a visit" to the head and the assigned inspector only;
    # the service now refuses everyone else (another inspector of the office planning for themselves).
    complaint = make_complaint(office=office_a, company=company_a, assigned_to=alice)
    with pytest.raises(PermissionDenied):
        services.inspection_plan_from_complaint(complaint=complaint, actor=alice2, lead=alice2, planned_date=TODAY())
    assert not Inspection.objects.exists()
    visit = services.inspection_plan_from_complaint(complaint=complaint, actor=alice, lead=alice, planned_date=TODAY())
    assert visit.origin_complaint == complaint and visit.lead_inspector == alice


@pytest.mark.parametrize("status", ["received", "screened", "resolved", "closed", "rejected", "referred"])
def test_it_refuses_a_complaint_visit_before_assignment_or_after_the_work(bob, alice, company_a, office_a, status):
    complaint = make_complaint(office=office_a, company=company_a, status=status)
    with pytest.raises(ValidationError):
        services.inspection_plan_from_complaint(complaint=complaint, actor=bob, lead=alice, planned_date=TODAY())
    assert not Inspection.objects.exists()


def test_it_refuses_planning_from_another_offices_complaint(dave, charlie, company_a, office_a):
    complaint = make_complaint(office=office_a, company=company_a)
    with pytest.raises(Http404):
        services.inspection_plan_from_complaint(complaint=complaint, actor=dave, lead=charlie, planned_date=TODAY())


def test_it_walks_a_visit_and_records_who_did_what(visit_a, alice):
    started(visit_a, alice)
    visit_a.refresh_from_db()
    assert visit_a.status == InspectionStatus.IN_PROGRESS and visit_a.visited_at is not None
    services.inspection_update(inspection=visit_a, actor=alice, workers_present=40, summary="Ringkasan")
    services.inspection_update(inspection=visit_a, actor=alice, summary="")
    with pytest.raises(ValidationError):  # no summary yet
        services.inspection_report(inspection=visit_a, actor=alice)
    services.inspection_update(inspection=visit_a, actor=alice, summary="Ringkasan akhir")
    services.inspection_report(inspection=visit_a, actor=alice)
    actions = list(ChangeRecord.objects.filter(inspection=visit_a).values_list("action", flat=True))
    assert actions == ["started", "updated", "updated", "updated", "reported"]
    change = ChangeRecord.objects.filter(inspection=visit_a, action="updated").first().changes
    assert {"field": "workers_present", "old": "", "new": "40"} in change


def test_it_refuses_to_edit_a_reported_visit(visit_a, alice, bob):
    reported(visit_a, alice)
    for call in (
        lambda: services.inspection_update(inspection=visit_a, actor=alice, summary="diubah"),
        lambda: services.inspection_update(inspection=visit_a, actor=bob, workers_present=3),
        lambda: add_finding(visit_a, alice),
        lambda: services.field_note_add(inspection=visit_a, actor=alice, text="catatan"),
    ):
        with pytest.raises(services.Locked):
            call()
    visit_a.refresh_from_db()
    assert visit_a.summary == "Pemeriksaan selesai" and visit_a.findings.count() == 1
    services.addendum_add(actor=alice, inspection=visit_a, text="Koreksi: jumlah pekerja 41")
    assert visit_a.addenda.get().text == "Koreksi: jumlah pekerja 41"


def test_it_refuses_an_inactive_provision_and_a_deadline_before_the_visit(visit_a, alice):
    started(visit_a, alice)
    with pytest.raises(ValidationError):
        add_finding(visit_a, alice, provision=provision("UU 13/2003", "ps. 90"))
    with pytest.raises(ValidationError):
        add_finding(visit_a, alice, deadline=timezone.localdate() - dt.timedelta(days=3))
    assert not visit_a.findings.exists()


def _nota_one(visit, alice, bob, n=2, deadline_days=14):
    findings = reported(visit, alice, findings=n)
    notice = services.notice_issue_first(
        inspection=visit, actor=bob, findings=findings, compliance_deadline=TODAY() + dt.timedelta(days=deadline_days)
    )
    return notice, findings


def test_it_issues_a_nota_one_numbered_per_office_and_year(visit_a, alice, bob):
    notice, findings = _nota_one(visit_a, alice, bob)
    assert notice.number == f"NP-I/JB-1/{notice.issued_on.year}/0001"
    assert set(notice.findings.all()) == set(findings)
    with pytest.raises(ValidationError):  # already covered
        services.notice_issue_first(
            inspection=visit_a, actor=bob, findings=findings[:1], compliance_deadline=TODAY() + dt.timedelta(days=9)
        )


def test_it_lets_only_the_office_head_issue_notices(visit_a, alice, bob):
    findings = reported(visit_a, alice)
    with pytest.raises(PermissionDenied):
        services.notice_issue_first(
            inspection=visit_a, actor=alice, findings=findings, compliance_deadline=TODAY() + dt.timedelta(days=9)
        )


def test_it_refuses_a_notice_for_a_visit_not_reported(visit_a, alice, bob):
    started(visit_a, alice)
    finding = add_finding(visit_a, alice)
    with pytest.raises(ValidationError):
        services.notice_issue_first(
            inspection=visit_a, actor=bob, findings=[finding], compliance_deadline=TODAY() + dt.timedelta(days=9)
        )


def test_it_records_compliance_and_completes_the_notice(visit_a, alice, bob):
    notice, findings = _nota_one(visit_a, alice, bob)
    services.notice_record_compliance(notice=notice, actor=alice, corrected=findings[:1])
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ISSUED
    services.notice_record_compliance(notice=notice, actor=alice, corrected=findings[1:])
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.COMPLIED
    assert all(f.status == FindingStatus.CORRECTED for f in notice.findings.all())


def _past_deadline(notice, days=1):
    # The deadline passing is simulated by moving the dates back (constraints still hold).
    type(notice).objects.filter(pk=notice.pk).update(
        issued_on=TODAY() - dt.timedelta(days=days + 14), compliance_deadline=TODAY() - dt.timedelta(days=days)
    )
    notice.refresh_from_db()


def test_it_issues_a_nota_two_for_what_remains_and_marks_the_first(visit_a, alice, bob):
    notice, findings = _nota_one(visit_a, alice, bob)
    services.notice_record_compliance(notice=notice, actor=alice, corrected=findings[:1])
    with pytest.raises(ValidationError):  # deadline not passed
        services.notice_issue_second(previous=notice, actor=bob, compliance_deadline=TODAY() + dt.timedelta(days=7))
    _past_deadline(notice)
    second = services.notice_issue_second(
        previous=notice, actor=bob, compliance_deadline=TODAY() + dt.timedelta(days=7)
    )
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.NOT_COMPLIED
    assert second.level == "II" and second.previous == notice
    assert list(second.findings.all()) == [findings[1]]
    assert second.number.startswith("NP-II/JB-1/")


def _nota_two_not_complied(visit, alice, bob, days_past=1):
    notice, findings = _nota_one(visit, alice, bob)
    _past_deadline(notice, days=30)
    second = services.notice_issue_second(
        previous=notice, actor=bob, compliance_deadline=TODAY() + dt.timedelta(days=7)
    )
    return second


def test_it_escalates_only_a_not_complied_nota_two_past_its_deadline_to_a_ppns_of_the_office(
    visit_a, alice, bob, ppns_a, alice2, office_b
):
    second = _nota_two_not_complied(visit_a, alice, bob)
    # deadline not passed yet
    with pytest.raises(ValidationError):
        services.notice_mark(notice=second, actor=bob, status=NoticeStatus.NOT_COMPLIED)
    _past_deadline(second)
    # still "issued": not marked not complied
    with pytest.raises(ValidationError):
        services.investigation_open(notice=second, actor=bob, investigator=ppns_a)
    services.notice_mark(notice=second, actor=bob, status=NoticeStatus.NOT_COMPLIED)
    # not a PPNS
    with pytest.raises(ValidationError):
        services.investigation_open(notice=second, actor=bob, investigator=alice2)
    # a PPNS of another office
    other = StaffFactory(role=Role.INSPECTOR, office=office_b, is_investigator=True)
    with pytest.raises(ValidationError):
        services.investigation_open(notice=second, actor=bob, investigator=other)
    # the Nota I cannot be escalated
    with pytest.raises(ValidationError):
        services.investigation_open(notice=second.previous, actor=bob, investigator=ppns_a)
    # an inspector cannot escalate
    with pytest.raises(PermissionDenied):
        services.investigation_open(notice=second, actor=alice, investigator=ppns_a)
    investigation = services.investigation_open(notice=second, actor=bob, investigator=ppns_a)
    assert all(f.status == FindingStatus.ESCALATED for f in second.findings.all())
    services.investigation_step_add(investigation=investigation, actor=ppns_a, on=TODAY(), description="BAP saksi")
    services.investigation_close(investigation=investigation, actor=ppns_a, outcome="case_file_complete")
    investigation.refresh_from_db()
    assert investigation.status == "closed" and investigation.steps.count() == 1
    with pytest.raises(services.Locked):
        services.investigation_step_add(investigation=investigation, actor=ppns_a, on=TODAY(), description="x")


def test_it_refuses_escalation_when_the_deadline_has_not_passed(visit_a, alice, bob, ppns_a):
    second = _nota_two_not_complied(visit_a, alice, bob)
    type(second).objects.filter(pk=second.pk).update(status=NoticeStatus.NOT_COMPLIED)  # marked early, deadline ahead
    second.refresh_from_db()
    with pytest.raises(ValidationError):
        services.investigation_open(notice=second, actor=bob, investigator=ppns_a)
    assert second.findings.filter(status=FindingStatus.OPEN).count() == 2


def test_it_tells_when_every_finding_of_a_complaint_visit_is_corrected(bob, alice, company_a, office_a):
    complaint = make_complaint(office=office_a, company=company_a)
    visit = services.inspection_plan_from_complaint(complaint=complaint, actor=bob, lead=alice, planned_date=TODAY())
    assert complaint_findings_all_corrected(complaint) is False
    findings = reported(visit, alice, findings=2)
    assert complaint_findings_all_corrected(complaint) is False
    notice = services.notice_issue_first(
        inspection=visit, actor=bob, findings=findings, compliance_deadline=TODAY() + dt.timedelta(days=9)
    )
    services.notice_record_compliance(notice=notice, actor=alice, corrected=findings[:1])
    assert complaint_findings_all_corrected(complaint) is False
    services.notice_record_compliance(notice=notice, actor=alice, corrected=findings[1:])
    assert complaint_findings_all_corrected(complaint) is True


def test_it_cancels_a_planned_visit_with_a_reason(visit_a, alice, alice2):
    visit = InspectionFactory(company=visit_a.company, lead_inspector=alice, team=[alice2])
    with pytest.raises(PermissionDenied):
        services.inspection_cancel(inspection=visit, actor=alice2, reason="x")
    services.inspection_cancel(inspection=visit, actor=alice, reason="Perusahaan tutup")
    visit.refresh_from_db()
    assert visit.status == InspectionStatus.CANCELLED
    with pytest.raises(services.Locked):
        services.inspection_update(inspection=visit, actor=alice, planned_date=TODAY())

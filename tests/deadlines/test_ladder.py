"""The ladder driven by the clocks: Nota I → Nota II draft → Nota II → non-compliance report draft."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from deadlines import services
from deadlines.choices import ClockState, DeliveryMethod, DraftStatus, ReportDecision, Sanction, Subject
from deadlines.models import Clock, ClockChange, DeadlineRule, NonComplianceReport, NoticeDelivery, NoticeDraft
from inspections import services as inspection_services
from inspections.choices import NoticeLevel, NoticeStatus
from inspections.models import Notice
from notifications.models import Notification
from tests.inspections.factories import InspectionFactory
from tests.inspections.helpers import reported
from tests.inspections.provisions import ensure_provisions

from .rules import ensure_rules

pytestmark = pytest.mark.django_db

UTC = dt.UTC
ISSUED = dt.date(2026, 3, 2)
RECEIVED = ISSUED + dt.timedelta(days=3)  # 5 March 2026
DUE = RECEIVED + dt.timedelta(days=14)  # 19 March 2026
# The end of 19 March in Asia/Makassar (UTC+8) is 16:00 UTC.
JUST_BEFORE = dt.datetime(2026, 3, 19, 15, 59, tzinfo=UTC)
JUST_AFTER = dt.datetime(2026, 3, 19, 16, 1, tzinfo=UTC)


@pytest.fixture
def world(office_a, company_a, alice, bob):
    ensure_rules()
    ensure_provisions()
    office_a.time_zone = "Asia/Makassar"
    office_a.save(update_fields=["time_zone"])
    visit = InspectionFactory(company=company_a, lead_inspector=alice)
    findings = reported(visit, alice, findings=3)
    notice = inspection_services.notice_issue_first(
        inspection=visit, actor=bob, findings=findings, compliance_deadline=ISSUED + dt.timedelta(days=14),
        issued_on=ISSUED,
    )  # fmt: skip
    return {"office": office_a, "notice": notice, "findings": findings}


def _events(code):
    return Notification.objects.filter(event=code)


def test_it_waits_for_delivery_then_runs_from_receipt(world, alice, bob):
    notice = world["notice"]
    services.office_scan(office_id=world["office"].pk, now=dt.datetime(2026, 3, 2, 3, 0, tzinfo=UTC))
    compliance = Clock.objects.get(notice=notice, subject=Subject.NOTICE_FIRST)
    delivery_clock = Clock.objects.get(notice=notice, subject=Subject.NOTICE_DELIVERY)
    assert compliance.state == ClockState.WAITING and compliance.due_on is None
    # Three office working days from Monday 2 March 2026: 5 March.
    assert delivery_clock.due_on == dt.date(2026, 3, 5)
    # Undelivered after that day: its own reminder, once.
    late = dt.datetime(2026, 3, 5, 16, 30, tzinfo=UTC)
    services.office_scan(office_id=world["office"].pk, now=late)
    services.office_scan(office_id=world["office"].pk, now=late + dt.timedelta(hours=1))
    assert _events("deadline.nota_undelivered").filter(recipient=alice).count() == 1

    services.notice_record_delivery(
        notice=notice, actor=alice, method=DeliveryMethod.HAND, received_on=RECEIVED, recipient_name="Budi (HRD)"
    )
    compliance.refresh_from_db()
    notice.refresh_from_db()
    assert (compliance.state, compliance.starts_on, compliance.due_on) == (ClockState.RUNNING, RECEIVED, DUE)
    assert notice.compliance_deadline == DUE  # the Nota, its findings and the overdue lists agree
    assert {f.deadline for f in notice.findings.all()} == {DUE}
    assert Clock.objects.get(pk=delivery_clock.pk).state == ClockState.MET
    assert notice.inspection.change_records.filter(action="deadline moved").exists()
    assert ClockChange.objects.filter(clock=compliance, action="started from receipt", old_due=None).exists()


def test_it_fires_once_on_the_local_day_and_drafts_nota_ii_from_the_open_findings(world, alice, bob):
    notice, findings = world["notice"], world["findings"]
    services.notice_record_delivery(notice=notice, actor=alice, method=DeliveryMethod.MAIL, received_on=RECEIVED)
    inspection_services.notice_record_compliance(notice=notice, actor=alice, corrected=[findings[1]])

    services.office_scan(office_id=world["office"].pk, now=JUST_BEFORE)
    assert not _events("deadline.nota_expired").exists()
    assert not NoticeDraft.objects.exists()

    services.office_scan(office_id=world["office"].pk, now=JUST_AFTER)
    services.office_scan(office_id=world["office"].pk, now=JUST_AFTER + dt.timedelta(hours=2))
    expired = _events("deadline.nota_expired")
    assert sorted(expired.values_list("recipient__username", flat=True)) == sorted([alice.username, bob.username])
    draft = NoticeDraft.objects.get()
    assert draft.previous == notice and draft.status == DraftStatus.DRAFT
    assert set(draft.findings.all()) == {findings[0], findings[2]}
    assert draft.period_days == 7
    assert Clock.objects.get(notice=notice, subject=Subject.NOTICE_FIRST).state == ClockState.EXPIRED
    # Nothing is issued by the system.
    assert not Notice.objects.filter(level=NoticeLevel.SECOND).exists()


def test_it_issues_the_draft_and_drafts_the_noncompliance_report_when_nota_ii_expires(world, alice, bob):
    notice = world["notice"]
    services.notice_record_delivery(notice=notice, actor=alice, method=DeliveryMethod.EMAIL, received_on=RECEIVED)
    services.office_scan(office_id=world["office"].pk, now=JUST_AFTER)
    draft = NoticeDraft.objects.get()
    with pytest.raises(PermissionDenied):
        services.draft_issue(draft=draft, actor=alice, period_days=7)
    with pytest.raises(ValidationError):
        services.draft_issue(draft=draft, actor=bob, period_days=15)  # the rule's maximum is 14
    second = services.draft_issue(draft=draft, actor=bob, period_days=7)
    assert second.level == NoticeLevel.SECOND and set(second.findings.all()) == set(notice.findings.all())
    draft.refresh_from_db()
    assert draft.status == DraftStatus.ISSUED and draft.issued == second
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.NOT_COMPLIED

    now = timezone.now()
    services.office_scan(office_id=world["office"].pk, now=now)
    assert Clock.objects.get(notice=notice, subject=Subject.NOTICE_FIRST).state == ClockState.CLOSED
    today = timezone.localdate(timezone=world["office"].zone)
    services.notice_record_delivery(notice=second, actor=alice, method=DeliveryMethod.HAND, received_on=today,
                                    recipient_name="Budi")  # fmt: skip
    clock = Clock.objects.get(notice=second, subject=Subject.NOTICE_SECOND)
    assert clock.due_on == today + dt.timedelta(days=7)
    services.office_scan(office_id=world["office"].pk, now=clock.due_at - dt.timedelta(minutes=1))
    assert not NonComplianceReport.objects.exists()
    services.office_scan(office_id=world["office"].pk, now=clock.due_at)
    services.office_scan(office_id=world["office"].pk, now=clock.due_at + dt.timedelta(hours=1))
    report = NonComplianceReport.objects.get()
    assert report.notice == second and report.status == DraftStatus.DRAFT and report.number == ""
    assert _events("deadline.nota_second_expired").filter(recipient=bob).count() == 1

    with pytest.raises(ValidationError):
        services.report_decide(report=report, actor=bob, decision=ReportDecision.SANCTION)
    services.report_decide(
        report=report, actor=bob, decision=ReportDecision.SANCTION, sanction=Sanction.WRITTEN_WARNING
    )
    report.refresh_from_db()
    assert report.number.startswith("LK/") and report.issued_on == today
    assert _events("deadline.report_decided").filter(recipient=alice).count() == 1


def test_a_complied_nota_stops_its_clock(world, alice):
    notice = world["notice"]
    services.notice_record_delivery(notice=notice, actor=alice, method=DeliveryMethod.EMAIL, received_on=RECEIVED)
    inspection_services.notice_record_compliance(notice=notice, actor=alice, corrected=world["findings"])
    services.office_scan(office_id=world["office"].pk, now=JUST_AFTER)
    assert Clock.objects.get(notice=notice, subject=Subject.NOTICE_FIRST).state == ClockState.MET
    assert not NoticeDraft.objects.exists() and not _events("deadline.nota_expired").exists()


def test_bad_delivery_input_changes_nothing(world, alice, charlie):
    notice = world["notice"]
    cases = [
        {"method": DeliveryMethod.HAND, "received_on": RECEIVED, "recipient_name": ""},
        {"method": DeliveryMethod.MAIL, "received_on": ISSUED - dt.timedelta(days=1)},
        {"method": DeliveryMethod.MAIL, "received_on": timezone.localdate() + dt.timedelta(days=3)},
    ]
    for case in cases:
        with pytest.raises(ValidationError):
            services.notice_record_delivery(notice=notice, actor=alice, **case)
    from django.http import Http404

    with pytest.raises(Http404):
        services.notice_record_delivery(notice=notice, actor=charlie, method=DeliveryMethod.MAIL, received_on=RECEIVED)
    assert not NoticeDelivery.objects.exists()
    notice.refresh_from_db()
    assert notice.compliance_deadline == ISSUED + dt.timedelta(days=14)


def test_changing_a_rule_moves_no_clock_unless_asked(world, office_a, bob, company_a):
    from tests.inspections.factories import make_complaint

    complaint = make_complaint(office=office_a, company=company_a, reference="ADU-T-1")
    services.office_scan(office_id=office_a.pk)
    clock = Clock.objects.get(complaint=complaint)
    first_due = clock.due_on
    rule = DeadlineRule.objects.get(subject=Subject.COMPLAINT, office=None)
    rule.duration = 30
    rule.save()
    services.office_scan(office_id=office_a.pk)
    clock.refresh_from_db()
    assert clock.due_on == first_due and clock.duration == 60
    services.clock_recompute(clock=clock, actor=bob, note="SK kepala dinas")
    clock.refresh_from_db()
    assert clock.duration == 30 and clock.due_on < first_due
    change = clock.changes.get(action="recomputed")
    assert (change.old_due, change.new_due, change.actor) == (first_due, clock.due_on, bob)


def test_the_notifications_tick_and_the_scan_remind_once_together(world, alice, bob):
    from notifications import schedule

    notice = world["notice"]
    services.notice_record_delivery(notice=notice, actor=alice, method=DeliveryMethod.MAIL, received_on=RECEIVED)
    schedule.office_tick(office_id=world["office"].pk, now=JUST_AFTER)
    services.office_scan(office_id=world["office"].pk, now=JUST_AFTER)
    about = Notification.objects.filter(recipient=alice, key__startswith=f"notice-deadline:{notice.pk}:")
    assert list(about.values_list("event", flat=True)) == ["notice.deadline_passed"]  # the tick came first
    assert NoticeDraft.objects.filter(previous=notice).exists()  # the draft is prepared all the same

"""The services that cause an event notify the right people, once."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from complaints import services as complaint_services
from inspections import services as inspection_services
from inspections.choices import InspectionStatus
from notifications.models import Notification
from tests.factories import StaffFactory
from tests.inspections.factories import FindingFactory, InspectionFactory
from tests.security.world import complaint_for

pytestmark = pytest.mark.django_db


def events_of(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("event", flat=True))


def test_it_tells_the_assignee_and_the_previous_one(company_a, alice, bob, office_a):
    ayu = StaffFactory(username="ayu", office=office_a)
    complaint = complaint_for(company_a).complaint
    complaint_services.complaint_screen(complaint=complaint, actor=bob)
    complaint_services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    assert events_of(alice) == ["complaint.assigned"]
    complaint_services.complaint_assign(complaint=complaint, actor=bob, assignee=ayu)
    assert events_of(alice) == ["complaint.assigned", "complaint.reassigned_away"]
    assert events_of(ayu) == ["complaint.assigned"]
    assert events_of(bob) == []  # the actor is not told of their own act
    n = Notification.objects.get(recipient=ayu)
    assert n.params["reference"] == complaint.reference and n.url == f"/complaints/{complaint.pk}/"


def test_a_refused_assignment_tells_nobody(company_a, alice, bob, charlie):
    complaint = complaint_for(company_a).complaint
    complaint_services.complaint_screen(complaint=complaint, actor=bob)
    with pytest.raises(complaint_services.ComplaintTransitionError):
        complaint_services.complaint_assign(complaint=complaint, actor=bob, assignee=charlie)
    assert not Notification.objects.exists()


def test_it_tells_the_team_of_a_planned_visit(company_a, alice, bob, office_a):
    ayu = StaffFactory(username="ayu", office=office_a)
    visit = inspection_services.inspection_plan(
        actor=bob, company=company_a, kind="routine", lead=alice, team=[ayu], planned_date=dt.date(2030, 1, 7)
    )
    assert events_of(alice) == events_of(ayu) == ["visit.planned"]
    assert Notification.objects.get(recipient=alice).url == f"/inspections/{visit.pk}/"
    assert events_of(bob) == []


def test_it_tells_the_head_when_a_visit_is_reported_with_open_findings(company_a, alice, bob):
    visit = InspectionFactory(
        company=company_a,
        lead_inspector=alice,
        status=InspectionStatus.IN_PROGRESS,
        summary="Diperiksa.",
        visited_at=timezone.now(),
    )
    FindingFactory(inspection=visit)
    inspection_services.inspection_report(inspection=visit, actor=alice)
    [n] = Notification.objects.filter(recipient=bob)
    assert n.event == "visit.reported_open_findings" and n.params["count"] == 1


def test_a_visit_reported_without_open_findings_tells_nobody(company_a, alice, bob):
    visit = InspectionFactory(
        company=company_a,
        lead_inspector=alice,
        status=InspectionStatus.IN_PROGRESS,
        summary="Diperiksa.",
        visited_at=timezone.now(),
    )
    inspection_services.inspection_report(inspection=visit, actor=alice)
    assert not Notification.objects.exists()


def test_it_tells_the_requester_when_a_report_is_ready(office_a, bob, django_capture_on_commit_callbacks):
    from reporting import services as reporting_services
    from reporting.choices import ReportKind

    with django_capture_on_commit_callbacks(execute=True):
        report = reporting_services.report_request(
            kind=ReportKind.QUOTA, month=dt.date(2024, 5, 1), office=office_a, user=bob
        )
    report.refresh_from_db()
    assert report.status == "done"
    [n] = Notification.objects.filter(recipient=bob)
    assert n.event == "report.ready" and n.url == "/reports/"


def test_it_tells_the_owner_of_a_sign_in_from_a_new_browser_only(alice, password):
    def login(agent):
        client = Client(HTTP_USER_AGENT=agent)
        response = client.post("/accounts/login/", {"login": "alice", "password": password})
        assert response.status_code == 302

    phone = "Mozilla/5.0 (Linux; Android 14) Chrome/129.0 Mobile"
    login("Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0")  # the first browser ever: nothing to report
    login("Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0")
    assert events_of(alice) == []
    login(phone)
    login(phone)
    [n] = Notification.objects.filter(recipient=alice)
    assert n.event == "security.new_login" and n.params["device"] == "Chrome, Android"
    assert n.params["at"].endswith("WIB")


def test_it_tells_the_owner_their_password_changed(alice, password, client):
    client.force_login(alice)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": password, "password1": "Another-Long-Pass-4821", "password2": "Another-Long-Pass-4821"},
    )
    assert response.status_code == 302
    assert events_of(alice) == ["security.password_changed"]

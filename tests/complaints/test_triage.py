"""The head's triage from the queue: screen and assign in one step, several at once, by urgency."""

import pytest
from django.urls import reverse

from complaints import services
from complaints.choices import EventKind, Status
from complaints.models import Complaint, ComplaintEvent

from .factories import make_complaint

pytestmark = pytest.mark.django_db

TRIAGE = reverse("complaints:complaint_triage")
QUEUE = reverse("complaints:complaint_list")


@pytest.fixture(autouse=True)
def _english(client):
    # The messages are checked in English; Indonesian is the default language.
    client.cookies["django_language"] = "en"


def test_it_sends_anonymous_visitors_to_the_login_page(client, complaint, alice):
    response = client.post(TRIAGE, {"complaints": [complaint.pk], "assignee": alice.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Complaint.objects.get().status == Status.RECEIVED


def test_it_answers_405_to_get(client_for, bob):
    assert client_for(bob).get(TRIAGE).status_code == 405


def test_it_screens_and_assigns_several_complaints_in_one_step(client_for, company_a, bob, alice):
    received = make_complaint(company=company_a).complaint
    screened = make_complaint(company=company_a).complaint
    services.complaint_screen(complaint=screened, actor=bob)
    response = client_for(bob).post(
        TRIAGE,
        {"complaints": [received.pk, screened.pk], "assignee": alice.pk, "note": "Segera", "next": QUEUE},
        follow=True,
    )
    for c in (received, screened):
        c.refresh_from_db()
        assert (c.status, c.assigned_to) == (Status.ASSIGNED, alice)
        assert c.events.get(kind=EventKind.ASSIGNMENT).note == "Segera"
    # Each went through the services: the received one was screened first, with its own event.
    assert received.events.filter(kind=EventKind.STATUS, to_status=Status.SCREENED).count() == 1
    text = response.content.decode()
    assert f"2 complaints assigned to {alice}" in text and received.reference in text and screened.reference in text
    assert "1 of them was screened first" in text


def test_it_changes_nothing_when_one_complaint_cannot_be_assigned(client_for, company_a, bob, alice):
    fresh = make_complaint(company=company_a).complaint
    already = make_complaint(company=company_a).complaint
    services.complaint_screen(complaint=already, actor=bob)
    services.complaint_assign(complaint=already, actor=bob, assignee=alice)
    events = ComplaintEvent.objects.count()
    response = client_for(bob).post(TRIAGE, {"complaints": [fresh.pk, already.pk], "assignee": alice.pk}, follow=True)
    fresh.refresh_from_db()
    assert fresh.status == Status.RECEIVED and fresh.assigned_to is None
    assert ComplaintEvent.objects.count() == events
    text = response.content.decode()
    assert "Nothing was changed" in text and already.reference in text


def test_it_refuses_another_office_complaints_and_inspectors(client_for, company_a, company_b, bob, alice, charlie):
    theirs = make_complaint(company=company_b).complaint
    mine = make_complaint(company=company_a).complaint
    client = client_for(bob)
    client.post(TRIAGE, {"complaints": [theirs.pk], "assignee": alice.pk})
    client.post(TRIAGE, {"complaints": [mine.pk], "assignee": charlie.pk})
    assert set(Complaint.objects.values_list("status", flat=True)) == {Status.RECEIVED}


@pytest.mark.parametrize("who", ["alice", "erin", "root"])
def test_it_is_for_office_heads_only(client_for, complaint, alice, who, request):
    client_for(request.getfixturevalue(who)).post(TRIAGE, {"complaints": [complaint.pk], "assignee": alice.pk})
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


def test_it_shows_each_inspector_open_caseload_in_the_picker(client_for, company_a, bob, alice, alice2):
    for _ in range(2):
        c = make_complaint(company=company_a).complaint
        services.complaint_screen(complaint=c, actor=bob)
        services.complaint_assign(complaint=c, actor=bob, assignee=alice)
    done = make_complaint(company=company_a).complaint
    services.complaint_screen(complaint=done, actor=bob)
    services.complaint_assign(complaint=done, actor=bob, assignee=alice2)
    services.complaint_start(complaint=done, actor=alice2)
    services.complaint_resolve(complaint=done, actor=bob, outcome="settled")
    text = client_for(bob).get(QUEUE).content.decode()
    assert f"{alice} — 2 open complaints" in text
    assert f"{alice2} — 0 open complaints" in text  # resolved work is not caseload
    detail = client_for(bob).get(reverse("complaints:complaint_detail", args=[done.pk])).content.decode()
    assert f"{alice} — 2 open complaints" in detail


def test_it_sorts_the_queue_by_urgency(client_for, company_a, bob, alice):
    newest = make_complaint(company=company_a).complaint
    overdue = make_complaint(company=company_a, received_days_ago=60).complaint
    older = make_complaint(company=company_a, received_days_ago=5).complaint
    finished = make_complaint(company=company_a, received_days_ago=90).complaint
    services.complaint_screen(complaint=finished, actor=bob)
    services.complaint_reject(complaint=finished, actor=bob, note="Di luar wilayah")
    rows = list(client_for(bob).get(QUEUE).context["page"].object_list)
    assert rows == [overdue, older, newest, finished]


def test_it_offers_the_triage_form_to_the_head_only(client_for, complaint, bob, alice, erin):
    assert 'data-testid="triage-form"' in client_for(bob).get(QUEUE).content.decode()
    for user in (alice, erin):
        assert 'data-testid="triage-form"' not in client_for(user).get(QUEUE).content.decode()

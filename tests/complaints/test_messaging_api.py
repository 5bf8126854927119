"""The message thread over the API: staff write through messaging.message_send, the complainant replies
with reference and tracking code through messaging.complainant_reply, rate-limited like the page."""

import pytest

from audit.models import AuditEntry
from complaints.choices import EventKind, MessageDirection
from complaints.models import ComplaintEvent, ComplaintMessage
from notifications.models import Notification

from .test_messaging import SECRET_ANSWER, SECRET_QUESTION, _assigned

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/public/track/messages/"


@pytest.fixture
def emailed(company_a, bob, alice):
    return _assigned(company_a, bob, alice, complainant_email="pekerja@example.org")


def test_staff_send_the_complainant_a_message_over_the_api(api_for, emailed, alice, alice2, charlie, company_b, dave):
    complaint = emailed.complaint
    url = f"/api/v1/complaints/{complaint.pk}/messages/"
    other = _assigned(company_b, dave, charlie).complaint
    assert api_for(alice).post(f"/api/v1/complaints/{other.pk}/messages/", {"body": "x"}).status_code == 404
    assert api_for(charlie).post(url, {"body": SECRET_QUESTION}).status_code == 404  # another office
    assert api_for(alice2).post(url, {"body": SECRET_QUESTION}).status_code == 403  # not assigned: the step map
    assert api_for(alice).post(url, {"body": "   "}, format="json").status_code == 400
    too_long = api_for(alice).post(url, {"body": "x" * 5001}, format="json")
    assert too_long.status_code == 400
    assert not ComplaintMessage.objects.exists()  # nothing kept
    response = api_for(alice).post(url, {"body": SECRET_QUESTION}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["body"] == SECRET_QUESTION and body["direction"] == MessageDirection.TO_COMPLAINANT
    message = ComplaintMessage.objects.get()
    assert message.author == alice and message.email_state == "pending"
    assert ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.MESSAGE_OUT).count() == 1
    assert AuditEntry.objects.filter(object_id=str(message.pk), action="create").exists()


def test_the_complainant_replies_over_the_api_with_reference_and_code(api_for, emailed, company_b, dave, charlie):
    complaint = emailed.complaint
    other = _assigned(company_b, dave, charlie)
    good = {"reference": complaint.reference, "code": emailed.tracking_code, "body": SECRET_ANSWER}
    anon = api_for()
    # Another complaint's code with this reference, a wrong code: 404, nothing kept.
    mixed = anon.post(PUBLIC, {**good, "code": other.tracking_code}, format="json")
    assert mixed.status_code == 404 and SECRET_ANSWER not in mixed.content.decode()
    assert anon.post(PUBLIC, {**good, "code": "WRONG-CODE"}, format="json").status_code == 404
    assert anon.post(PUBLIC, {**good, "body": "  "}, format="json").status_code == 400
    assert not ComplaintMessage.objects.exists()
    response = anon.post(PUBLIC, good, format="json")
    assert response.status_code == 201, response.json()
    assert set(response.json()) == {"created_at", "detail"}  # no staff name, no thread, no identity
    message = ComplaintMessage.objects.get()
    assert message.complaint == complaint and message.direction == MessageDirection.FROM_COMPLAINANT
    assert message.body == SECRET_ANSWER and message.author is None
    assert Notification.objects.filter(event="complaint.message_received").exists()


def test_a_closed_complaints_thread_refuses_a_reply_over_the_api(api_for, emailed, alice, bob):
    from complaints import services

    services.complaint_transition(complaint=emailed.complaint, actor=alice, to="in_progress")
    services.complaint_transition(complaint=emailed.complaint, actor=alice, to="resolved", outcome="not_substantiated")
    services.complaint_transition(complaint=emailed.complaint, actor=bob, to="closed")
    good = {"reference": emailed.complaint.reference, "code": emailed.tracking_code, "body": SECRET_ANSWER}
    response = api_for().post(PUBLIC, good, format="json")
    assert response.status_code == 400 and not ComplaintMessage.objects.exists()


def test_complainant_replies_over_the_api_are_rate_limited_like_the_page(api_for, emailed, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "complaint-message": "2/h"}
    good = {"reference": emailed.complaint.reference, "code": emailed.tracking_code, "body": "Pesan"}
    codes = [api_for().post(PUBLIC, good, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429] and ComplaintMessage.objects.count() == 2

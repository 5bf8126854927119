"""The two-way channel with the complainant: staff write from the complaint page, the complainant
answers on the tracking page, both sealed like the identity; update e-mails say only that there is news."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from complaints import messaging, services
from complaints.choices import EventKind, UpdateEmailState
from complaints.models import ComplaintEvent, ComplaintMessage
from complaints.uploads import clean_uploads
from notifications.models import Notification

from .factories import make_complaint
from .files import jpeg_with_gps, pdf

pytestmark = pytest.mark.django_db

SECRET_QUESTION = "Canary-Question-5521: sejak kapan upah tidak dibayar?"
SECRET_ANSWER = "Canary-Answer-8812: sejak Maret, mandor bernama Budi."
TRACK = "/lapor/lacak/"
REPLY = "/lapor/lacak/pesan/"


def _assigned(company, bob, alice, **extra):
    intake = make_complaint(company=company, **extra)
    services.complaint_screen(complaint=intake.complaint, actor=bob)
    services.complaint_assign(complaint=intake.complaint, actor=bob, assignee=alice)
    intake.complaint.refresh_from_db()
    return intake


@pytest.fixture
def emailed(company_a, bob, alice):
    """An assigned complaint whose complainant left an e-mail address."""
    return _assigned(company_a, bob, alice, complainant_email="pekerja@example.org")


def _track(client, intake):
    response = client.post(TRACK, {"reference": intake.complaint.reference, "code": intake.tracking_code})
    assert response.status_code == 200
    return response


def test_it_sends_the_complainant_a_message_and_an_update_email_without_its_text(
    emailed, alice, django_capture_on_commit_callbacks
):
    complaint = emailed.complaint
    with django_capture_on_commit_callbacks(execute=True):
        message = messaging.message_send(complaint=complaint, actor=alice, body=SECRET_QUESTION)
    message.refresh_from_db()
    assert message.email_state == UpdateEmailState.SENT and message.email_attempts == 1
    (email,) = mail.outbox
    assert email.to == ["pekerja@example.org"]
    html = email.alternatives[0][0]
    for part in (email.subject, email.body, html):
        assert "Canary-Question" not in part and "Canary-Name" not in part
    assert complaint.reference in email.body and complaint.reference in html
    assert "/lapor/lacak/" in email.body and "/lapor/berhenti/" in email.body and "/lapor/berhenti/" in html
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")
    # Part of the history, without the text.
    event = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.MESSAGE_OUT)
    assert event.actor == alice and event.note == ""


def test_a_second_send_of_the_same_update_email_sends_nothing(emailed, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = messaging.message_send(complaint=emailed.complaint, actor=alice, body="Mohon kirim slip gaji.")
    assert messaging.complainant_email_send(message_id=message.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_an_smtp_outage_keeps_the_update_email_pending_for_the_sweep(
    emailed, alice, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        message = messaging.message_send(complaint=emailed.complaint, actor=alice, body="Mohon kirim slip gaji.")
    message.refresh_from_db()
    assert message.email_state == UpdateEmailState.PENDING and message.email_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + dt.timedelta(hours=1)
    assert messaging.complainant_emails_dispatch_pending(now=later) == 1
    message.refresh_from_db()
    assert message.email_state == UpdateEmailState.SENT and len(mail.outbox) == 1


def test_an_address_in_an_older_complaints_free_text_contact_is_used(company_a, bob, alice):
    complaint = _assigned(company_a, bob, alice, complainant_contact="0812 555 / pekerja@example.org").complaint
    assert complaint.complainant_email == ""
    assert messaging.complainant_email(complaint) == "pekerja@example.org"


def test_an_anonymous_or_phone_only_complainant_gets_no_email(company_a, bob, alice):
    for extra in ({"anonymous": True}, {"complainant_contact": "0812 3456 7890"}):
        complaint = _assigned(company_a, bob, alice, **extra).complaint
        message = messaging.message_send(complaint=complaint, actor=alice, body="Ada pertanyaan.")
        assert message.email_state == UpdateEmailState.SKIPPED
    assert mail.outbox == []


def test_only_the_assignee_the_head_and_admins_may_write(emailed, alice, alice2, bob, root, charlie, erin):
    complaint = emailed.complaint
    for actor in (alice, bob, root):
        messaging.message_send(complaint=complaint, actor=actor, body="Pertanyaan.")
    with pytest.raises(PermissionDenied):
        messaging.message_send(complaint=complaint, actor=alice2, body="Pertanyaan.")
    for outsider in (charlie, erin):
        with pytest.raises(Http404):
            messaging.message_send(complaint=complaint, actor=outsider, body="Pertanyaan.")
    assert ComplaintMessage.objects.count() == 3


def test_an_empty_message_is_refused_and_changes_nothing(emailed, alice):
    with pytest.raises(services.ComplaintTransitionError):
        messaging.message_send(complaint=emailed.complaint, actor=alice, body="   ")
    assert not ComplaintMessage.objects.exists()
    assert not ComplaintEvent.objects.filter(kind=EventKind.MESSAGE_OUT).exists()


def test_it_shows_the_question_on_the_tracking_page_and_takes_the_answer_with_a_photo(
    client, emailed, alice, bob, alice2
):
    messaging.message_send(complaint=emailed.complaint, actor=alice, body=SECRET_QUESTION)
    page = _track(client, emailed).content.decode()
    assert "Canary-Question-5521" in page and 'data-testid="reply-form"' in page
    assert alice.get_full_name() not in page  # the complainant is not told the inspector's name

    response = client.post(REPLY, {"body": SECRET_ANSWER, "attachments": [jpeg_with_gps(), pdf()]})
    assert response.status_code == 302 and response["Location"] == TRACK
    answer = ComplaintMessage.objects.get(direction="from_complainant")
    assert answer.body == SECRET_ANSWER and answer.author is None
    names = sorted(a.name for a in answer.attachments.all())
    assert names == [
        f"{emailed.complaint.reference}-M{answer.pk}-1.jpg",
        f"{emailed.complaint.reference}-M{answer.pk}-2.pdf",
    ]
    assert b"CanaryCam" not in answer.attachments.get(content_type="image/jpeg").file.read()  # EXIF dropped
    assert ComplaintEvent.objects.filter(complaint=emailed.complaint, kind=EventKind.MESSAGE_IN, note="").exists()
    # The assignee and the head are told, without the text; a colleague is not.
    told = Notification.objects.filter(event="complaint.message_received")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["alice", "bob"]
    assert all("Canary" not in str(n.params) for n in told)
    assert not Notification.objects.filter(recipient=alice2).exists()
    # The page after the redirect shows both messages.
    page = client.get(TRACK).content.decode()
    assert "Canary-Question-5521" in page and "Canary-Answer-8812" in page


def test_a_reply_needs_the_code_first(client, emailed):
    response = client.post(REPLY, {"body": "Halo"})
    assert response.status_code == 302 and response["Location"] == TRACK
    assert not ComplaintMessage.objects.exists()


def test_a_wrong_code_forgets_the_complaint_opened_before(client, emailed):
    _track(client, emailed)
    client.post(TRACK, {"reference": emailed.complaint.reference, "code": "0000-0000-00"})
    assert client.post(REPLY, {"body": "Halo"}).status_code == 302
    assert not ComplaintMessage.objects.exists()


def test_an_empty_reply_or_a_bad_file_is_refused_and_changes_nothing(client, emailed):
    _track(client, emailed)
    response = client.post(REPLY, {"body": "  "})
    assert response.status_code == 400 and 'data-testid="reply-error"' in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"MZ not an image", content_type="image/jpeg")
    response = client.post(REPLY, {"body": "Foto terlampir", "attachments": [fake]})
    assert response.status_code == 400
    assert "Foto terlampir" in response.content.decode()  # what was typed is kept
    assert not ComplaintMessage.objects.exists()


def test_complainant_messages_are_rate_limited(client, emailed, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "complaint-message": "2/h"}
    _track(client, emailed)
    assert [client.post(REPLY, {"body": f"Pesan {i}"}).status_code for i in range(3)] == [302, 302, 429]
    assert ComplaintMessage.objects.count() == 2


def test_a_closed_complaints_thread_is_read_only(client, emailed, alice, bob):
    complaint = emailed.complaint
    messaging.message_send(complaint=complaint, actor=alice, body=SECRET_QUESTION)
    services.complaint_start(complaint=complaint, actor=alice)
    services.complaint_resolve(complaint=complaint, actor=alice, outcome="settled")
    services.complaint_close(complaint=complaint, actor=bob, outcome="settled")
    page = _track(client, emailed).content.decode()
    assert "Canary-Question-5521" in page and 'data-testid="thread-closed"' in page
    assert 'data-testid="reply-form"' not in page
    assert client.post(REPLY, {"body": "Masih belum dibayar"}).status_code == 400
    with pytest.raises(services.ComplaintTransitionError):
        messaging.message_send(complaint=complaint, actor=bob, body="Pertanyaan lagi")
    assert ComplaintMessage.objects.count() == 1


def test_the_complaint_page_shows_the_thread_only_to_those_who_may_see_it_and_logs_each_read(
    client_for, emailed, alice, alice2, bob, erin, root
):
    complaint = emailed.complaint
    messaging.message_send(complaint=complaint, actor=alice, body=SECRET_QUESTION)
    messaging.complainant_reply(complaint_id=complaint.pk, body=SECRET_ANSWER)
    url = reverse("complaints:complaint_detail", args=[complaint.pk])
    for reader in (alice, bob, root):
        page = client_for(reader).get(url).content.decode()
        assert "Canary-Question-5521" in page and "Canary-Answer-8812" in page, reader
        assert 'data-testid="action-message"' in page
    for other in (alice2, erin):
        page = client_for(other).get(url).content.decode()
        assert "Canary-Question" not in page and "Canary-Answer" not in page and 'data-testid="thread"' not in page
        assert 'data-testid="action-message"' not in page
    reads = AuditEntry.objects.filter(action="sealed_read", changed_fields=["messages"], object_id=str(complaint.pk))
    assert sorted(reads.values_list("actor_username", flat=True)) == ["alice", "bob", "root"]


def test_message_files_download_only_for_those_who_may_read_the_thread(
    client_for, emailed, alice, alice2, charlie, bob
):
    message = messaging.complainant_reply(complaint_id=emailed.complaint.pk, body="Bukti", files=clean_uploads([pdf()]))
    attachment = message.attachments.get()
    url = reverse("complaints:complaint_message_attachment", args=[emailed.complaint.pk, attachment.pk])
    response = client_for(alice).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    for other in (alice2, charlie):
        assert client_for(other).get(url).status_code == 404
    assert client_for(alice).post(url).status_code == 405


def test_the_staff_form_sends_and_refuses_with_a_clear_message(client_for, emailed, alice, alice2):
    url = reverse("complaints:complaint_message", args=[emailed.complaint.pk])
    response = client_for(alice).post(url, {"body": "Mohon kirim slip gaji."}, follow=True)
    assert "Mohon kirim slip gaji." in response.content.decode()
    assert ComplaintMessage.objects.count() == 1
    response = client_for(alice).post(url, {"body": ""}, follow=True)
    assert response.status_code == 400 and ComplaintMessage.objects.count() == 1
    assert client_for(alice2).post(url, {"body": "x"}).status_code == 403
    assert client_for(alice).get(url).status_code == 405


def test_the_opt_out_link_asks_first_then_stops_the_emails(client, emailed, alice, django_capture_on_commit_callbacks):
    url = reverse("complaints:public_updates_off", args=[messaging.unsubscribe_token(emailed.complaint)])
    assert client.get(url).status_code == 200
    emailed.complaint.refresh_from_db()
    assert not emailed.complaint.complainant_updates_off  # a mail scanner's GET changes nothing
    assert 'data-testid="updates-off-done"' in client.post(url).content.decode()
    emailed.complaint.refresh_from_db()
    assert emailed.complaint.complainant_updates_off
    with django_capture_on_commit_callbacks(execute=True):
        message = messaging.message_send(complaint=emailed.complaint, actor=alice, body="Ada kabar.")
    assert message.email_state == UpdateEmailState.SKIPPED and mail.outbox == []
    assert client.get("/lapor/berhenti/forged:token/").status_code == 404

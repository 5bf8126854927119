"""Notification e-mails sent by a REAL Celery worker to a REAL SMTP server, including an outage.

Needs CELERY_BROKER_URL and PostgreSQL (the celery_worker fixture fails in CI without them).
The SMTP server is aiosmtpd in a thread of this process, on a port of its own.
"""

import socket
import time
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from complaints import services as complaint_services
from notifications.choices import EmailState
from notifications.models import Notification
from tests.factories import StaffFactory
from tests.security.world import complaint_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


class Inbox:
    """What the SMTP server received: one parsed message per DATA command."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]


class SMTPServer:
    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None


@pytest.fixture
def smtp(monkeypatch):
    server = SMTPServer()
    server.start()
    # The worker process reads EMAIL_URL from its environment (django-environ's email_url).
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{server.port}")
    yield server
    if server.controller is not None:
        server.stop()


@pytest.fixture
def mail_worker(smtp, request):
    return request.getfixturevalue("celery_worker")


def test_it_emails_an_assignment_once_and_sends_what_an_smtp_outage_held_back_once(
    smtp, mail_worker, settings, company_a, alice, bob, office_a
):
    alice.email = "alice@example.org"
    alice.save()
    ayu = StaffFactory(username="ayu", first_name="Ayu", office=office_a, email="ayu@example.org")
    complaint = complaint_for(company_a).complaint
    complaint_services.complaint_screen(complaint=complaint, actor=bob)

    complaint_services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)

    assert wait_for(lambda: len(smtp.inbox.to("alice@example.org")) >= 1)
    time.sleep(1)
    assert Notification.objects.filter(recipient=alice).count() == 1
    [message] = smtp.inbox.to("alice@example.org")
    assert complaint.reference in message["Subject"]
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"{settings.SITE_URL}/complaints/{complaint.pk}/"
    assert link in plain and f'href="{link}"' in html
    for part in (plain, html, message["Subject"]):
        assert "Canary" not in part and "canary" not in part
    assert Notification.objects.get(recipient=alice).email_state == EmailState.SENT

    # The SMTP server goes away; the reassignment is recorded all the same and waits.
    smtp.stop()
    complaint_services.complaint_assign(complaint=complaint, actor=bob, assignee=ayu)
    waiting = Notification.objects.filter(key__startswith="complaint-")
    assert wait_for(lambda: waiting.filter(email_state=EmailState.PENDING, email_attempts__gte=1).count() == 2), list(
        waiting.values("event", "email_state", "email_attempts", "email_error")
    )
    assert {(n.recipient.username, n.event) for n in waiting.exclude(email_state=EmailState.SENT)} == {
        ("alice", "complaint.reassigned_away"),
        ("ayu", "complaint.assigned"),
    }

    # The server is back: the minute's sweep hands them over again, each is sent once.
    smtp.start()
    settings.NOTIFICATIONS_REDISPATCH_AFTER = 0
    from notifications.tasks import dispatch_pending_emails

    assert dispatch_pending_emails.apply().get() == 2
    assert wait_for(lambda: waiting.filter(email_state=EmailState.SENT).count() == 3)
    # A second sweep finds nothing left; nothing arrives twice.
    assert dispatch_pending_emails.apply().get() == 0
    time.sleep(2)
    assert len(smtp.inbox.to("ayu@example.org")) == 1
    # alice: the first assignment, then "reassigned away" (the inbox outlived the restart).
    assert len(smtp.inbox.to("alice@example.org")) == 2
    ids = [m["Message-ID"] for m in smtp.inbox.messages]
    assert len(ids) == len(set(ids)) == 3

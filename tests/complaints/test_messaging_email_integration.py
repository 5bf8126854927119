"""The complainant's update e-mail sent by a REAL Celery worker to a REAL SMTP server (aiosmtpd),
with an outage in between: recorded first, sent once when the server is back, never the text."""

import time

import pytest

from complaints import messaging
from complaints.choices import UpdateEmailState
from complaints.models import ComplaintMessage
from complaints.services import complaint_assign, complaint_screen
from tests.notifications.test_email_integration import mail_worker, smtp, wait_for  # noqa: F401 (fixtures)
from tests.security.world import complaint_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ADDRESS = "pekerja-4417@example.org"
QUESTION = "Canary-Tanya-9090 kapan upah terakhir dibayar?"


def test_it_tells_the_complainant_there_is_news_once_even_across_an_smtp_outage(
    smtp,  # noqa: F811
    mail_worker,  # noqa: F811
    settings,
    company_a,
    alice,
    bob,
):
    complaint = complaint_for(company_a, complainant_email=ADDRESS).complaint
    complaint_screen(complaint=complaint, actor=bob)
    complaint_assign(complaint=complaint, actor=bob, assignee=alice)

    messaging.message_send(complaint=complaint, actor=alice, body=QUESTION)
    assert wait_for(lambda: len(smtp.inbox.to(ADDRESS)) >= 1)
    [email] = smtp.inbox.to(ADDRESS)
    plain = email.get_body(("plain",)).get_content()
    html = email.get_body(("html",)).get_content()
    assert complaint.reference in email["Subject"] and complaint.reference in plain
    assert f"{settings.SITE_URL}/lapor/lacak/" in plain and f"{settings.SITE_URL}/lapor/lacak/" in html
    assert "/lapor/berhenti/" in plain and "/lapor/berhenti/" in email["List-Unsubscribe"]
    for part in (plain, html, email["Subject"]):
        assert "Canary-Tanya" not in part and "Canary-Name" not in part and alice.last_name not in part

    # The SMTP server goes away: the next message is recorded, its e-mail waits.
    smtp.stop()
    second = messaging.message_send(complaint=complaint, actor=alice, body="Mohon kirim foto slip gaji.")
    waiting = ComplaintMessage.objects.filter(pk=second.pk)
    assert wait_for(lambda: waiting.filter(email_state=UpdateEmailState.PENDING, email_attempts__gte=1).exists())

    # Back again: the minute's sweep hands it over; it arrives once.
    smtp.start()
    settings.NOTIFICATIONS_REDISPATCH_AFTER = 0
    from complaints.tasks import dispatch_pending_complainant_emails

    assert dispatch_pending_complainant_emails.apply().get() == 1
    assert wait_for(lambda: waiting.filter(email_state=UpdateEmailState.SENT).exists())
    assert dispatch_pending_complainant_emails.apply().get() == 0
    time.sleep(2)
    assert len(smtp.inbox.to(ADDRESS)) == 2
    ids = [m["Message-ID"] for m in smtp.inbox.messages]
    assert len(ids) == len(set(ids)) == 2

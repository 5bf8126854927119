"""notify(): records once per (recipient, key), in the caller's transaction, e-mails on commit."""

import pytest
from django.core import mail
from django.db import transaction

from notifications import events
from notifications.choices import EmailMode, EmailState
from notifications.models import Notification, NotificationPreference
from notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(company_a):
    from tests.complaints.factories import make_complaint

    return make_complaint(company=company_a).complaint


def _assigned(recipients, complaint, key="k1"):
    return notify(
        recipients=recipients,
        event="complaint.assigned",
        key=key,
        target=complaint,
        params={"reference": complaint.reference, "actor": "Bob", "due": "2024-05-10"},
    )


def test_it_records_one_notification_per_recipient_and_key(alice, bob, complaint, django_capture_on_commit_callbacks):
    alice.email = "alice@example.org"
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = _assigned([alice, bob, alice], complaint)
    with django_capture_on_commit_callbacks(execute=True):
        second = _assigned([alice, bob], complaint)
    assert sorted(n.recipient.username for n in first) == ["alice", "bob"]
    assert second == []
    assert Notification.objects.count() == 2
    alice_row = Notification.objects.get(recipient=alice)
    assert alice_row.url == f"/complaints/{complaint.pk}/"
    assert alice_row.email_state == EmailState.SENT
    # bob has no e-mail address: in the app only.
    assert Notification.objects.get(recipient=bob).email_state == EmailState.SKIPPED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert complaint.reference in message.subject
    assert f"http://127.0.0.1:8000/complaints/{complaint.pk}/" in message.body
    html = message.alternatives[0][0]
    assert f'href="http://127.0.0.1:8000/complaints/{complaint.pk}/"' in html
    # The complainant's identity is never carried.
    assert "Canary-Name-7731" not in message.body + html


def test_it_notifies_nobody_when_the_callers_transaction_rolls_back(alice, complaint):
    with pytest.raises(RuntimeError), transaction.atomic():
        _assigned([alice], complaint)
        raise RuntimeError
    assert Notification.objects.count() == 0


def test_it_refuses_an_unknown_event_and_an_empty_key(alice):
    with pytest.raises(ValueError, match="events.py"):
        notify(recipients=[alice], event="nope", key="x")
    with pytest.raises(ValueError):
        notify(recipients=[alice], event="security.password_changed", key="")


def test_it_skips_inactive_recipients_and_honours_email_preferences(alice, bob, office_a, complaint):
    from tests.factories import StaffFactory

    gone = StaffFactory(office=office_a, is_active=False, email="gone@example.org")
    alice.email, bob.email = "alice@example.org", "bob@example.org"
    alice.save(), bob.save()
    NotificationPreference.objects.create(staff=alice, email_mode=EmailMode.DIGEST)
    NotificationPreference.objects.create(staff=bob, email_mode=EmailMode.OFF)
    rows = {n.recipient_id: n for n in _assigned([alice, bob, gone], complaint)}
    assert set(rows) == {alice.pk, bob.pk}
    assert rows[alice.pk].email_state == EmailState.DIGEST
    assert rows[bob.pk].email_state == EmailState.SKIPPED


def test_it_renders_in_the_recipients_language():
    event = events.get("complaint.overdue")
    title_en, _ = event.render({"reference": "ADU-1", "due": "2024-05-10"}, "en")
    title_id, body_id = event.render({"reference": "ADU-1", "due": "2024-05-10"}, "id")
    assert title_en == "Complaint ADU-1 is overdue"
    assert title_id != title_en and "ADU-1" in title_id
    # A missing parameter prints empty instead of failing.
    assert events.get("complaint.overdue").render({}, "en")[0] == "Complaint  is overdue"


def test_every_event_has_both_texts_translated():
    for event in events.EVENTS.values():
        en = event.render({}, "en")
        ind = event.render({}, "id")
        assert all(ind) and all(en)
        assert ind != en, f"{event.code} has no Indonesian text"

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from audit.choices import Action, Outcome
from audit.models import AuditEntry


def _login(client, username, password):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def test_it_records_a_login_and_a_logout(client, alice, password):
    response = _login(client, "alice", password)
    assert response.status_code == 302

    login = AuditEntry.objects.get(action=Action.LOGIN)
    assert login.actor == alice
    assert login.outcome == Outcome.SUCCESS
    assert login.client_address == "127.0.0.1"
    assert login.request_id

    client.post(reverse("account_logout"))
    assert AuditEntry.objects.filter(action=Action.LOGOUT, actor=alice).exists()


def test_it_records_a_failed_login_without_the_password(client, alice):
    _login(client, "alice", "wrong-password-123")

    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert entry.actor == alice
    assert entry.outcome == Outcome.FAILURE
    assert "wrong-password-123" not in str(entry.__dict__)


def test_it_does_not_keep_a_username_that_names_no_account(client, db):
    # People type their password into the username field; it must not land in the trail.
    _login(client, "hunter2-my-password", "whatever-else")

    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert entry.actor is None
    assert entry.actor_username == ""
    assert "hunter2" not in str(entry.__dict__)
    assert entry.extra == {"known_user": False}


def test_it_records_a_staff_change_made_in_the_admin(client_for, root, alice, office_a):
    root.is_superuser = True  # the staff admin needs Django's model permissions
    root.save()
    client = client_for(root)
    response = client.post(
        reverse("admin:inspectorate_staff_change", args=[alice.pk]),
        {
            "username": "alice",
            "first_name": "Alicia",
            "last_name": alice.last_name,
            "email": "",
            "nip": "",
            "role": "office_head",
            "office": office_a.pk,
            "region": "",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    entry = AuditEntry.objects.get(action=Action.STAFF_CHANGE)
    assert entry.actor == root
    assert entry.object_id == str(alice.pk)
    assert entry.changed_fields == ["first_name", "role"]
    assert entry.extra == {"operation": "update", "via": "admin"}


def test_an_anonymous_logout_records_no_actor(client, db):
    client.post(reverse("account_logout"))
    assert not AuditEntry.objects.exclude(actor=None).exists()
    assert AnonymousUser().is_authenticated is False


def test_it_records_a_password_change_made_in_the_admin(client_for, root, alice):
    root.is_superuser = True
    root.save()
    client = client_for(root)
    new = "another-long-passphrase-42"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[alice.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302

    entry = AuditEntry.objects.get(action=Action.STAFF_CHANGE)
    assert entry.object_id == str(alice.pk)
    assert entry.changed_fields == ["password"]
    assert new not in str(entry.__dict__)

from django.test import Client
from django.urls import reverse

from audit.choices import Action, Outcome
from audit.models import AuditEntry

LOGIN = reverse("account_login")
OFFICE_NAT = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def _attempt(client, username, password):
    return client.post(LOGIN, {"login": username, "password": password})


def _is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_locks_one_user_from_one_address_only(alice, bob, password):
    attacker = Client(REMOTE_ADDR=OFFICE_NAT)
    for _ in range(20):
        response = _attempt(attacker, "alice", "not-the-password")
        assert response.status_code == 200

    # Even the right password is now refused, with a message that says why.
    response = _attempt(attacker, "alice", password)
    assert response.status_code == 200
    assert not _is_logged_in(attacker)
    assert "Terlalu banyak percobaan masuk yang gagal" in str(response.context["form"].non_field_errors())

    # A colleague behind the same office address still gets in.
    colleague = Client(REMOTE_ADDR=OFFICE_NAT)
    assert _attempt(colleague, "bob", password).status_code == 302
    assert _is_logged_in(colleague)

    # Alice herself, from another address, still gets in.
    elsewhere = Client(REMOTE_ADDR=ELSEWHERE)
    assert _attempt(elsewhere, "alice", password).status_code == 302
    assert _is_logged_in(elsewhere)


def test_it_writes_one_lockout_row_when_the_lock_engages(alice, password):
    attacker = Client(REMOTE_ADDR=OFFICE_NAT)
    for _ in range(9):
        _attempt(attacker, "alice", "not-the-password")
    assert not AuditEntry.objects.filter(action=Action.LOCKOUT).exists()

    _attempt(attacker, "alice", "not-the-password")
    for _ in range(5):
        _attempt(attacker, "alice", "not-the-password")

    lockout = AuditEntry.objects.get(action=Action.LOCKOUT)
    assert lockout.actor == alice
    assert lockout.outcome == Outcome.DENIED
    assert lockout.client_address == OFFICE_NAT
    # Attempts refused while locked never reach the password check.
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILED).count() == 10


def test_it_does_not_lock_after_fewer_failures(alice, password):
    client = Client(REMOTE_ADDR=OFFICE_NAT)
    for _ in range(9):
        _attempt(client, "alice", "not-the-password")
    assert _attempt(client, "alice", password).status_code == 302


def test_it_ignores_a_forged_forwarded_for_header(alice, password, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(12):
        # Rotating a forged header does not buy more attempts.
        _attempt(Client(REMOTE_ADDR=OFFICE_NAT, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}"), "alice", "not-the-password")
    response = _attempt(Client(REMOTE_ADDR=OFFICE_NAT), "alice", password)
    assert response.status_code == 200

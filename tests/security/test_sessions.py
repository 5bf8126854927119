import contextlib
import datetime as dt
import time

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.urls import reverse

from audit.choices import Action
from audit.models import AuditEntry
from inspectorate.security.sessions import SESSION_LOGIN_AT

HOME = reverse("home")


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_idle_sessions_expire_and_every_request_renews_them():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.SESSION_ABSOLUTE_AGE == 12 * 60 * 60


def test_an_idle_session_is_gone_after_the_cookie_age(client, alice, password):
    client.post(reverse("account_login"), {"login": "alice", "password": password})
    session = client.session
    # What SESSION_COOKIE_AGE does to a session left alone: its expiry passes.
    session.set_expiry(-1)
    session.save()
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_ends_a_session_past_the_absolute_limit(client_for, alice):
    client = client_for(alice)
    assert client.get(HOME).status_code == 200
    session = client.session
    session[SESSION_LOGIN_AT] = int(time.time()) - django_settings.SESSION_ABSOLUTE_AGE - 1
    session.save()

    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not _logged_in(client)
    logout = AuditEntry.objects.get(action=Action.LOGOUT)
    assert logout.actor == alice
    assert logout.extra == {"reason": "session_expired"}


def test_it_keeps_a_session_inside_the_absolute_limit(client_for, alice):
    client = client_for(alice)
    session = client.session
    session[SESSION_LOGIN_AT] = int(time.time()) - django_settings.SESSION_ABSOLUTE_AGE + 60
    session.save()
    assert client.get(HOME).status_code == 200


def test_a_deactivated_user_loses_access_on_the_next_request(client_for, alice):
    client = client_for(alice)
    assert client.get(HOME).status_code == 200
    alice.is_active = False
    alice.save()
    assert client.get(HOME)["Location"].startswith(reverse("account_login"))
    assert not _logged_in(client)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda u, other: setattr(u, "office", other), id="office"),
        pytest.param(lambda u, other: setattr(u, "role", "office_head"), id="role"),
        pytest.param(lambda u, other: setattr(u, "is_investigator", True), id="investigator-flag-kept"),
    ],
)
def test_a_change_of_role_or_office_ends_the_session(client_for, alice, office_b, change, request):
    client = client_for(alice)
    assert client.get(HOME).status_code == 200
    change(alice, office_b)
    alice.save()

    response = client.get(HOME)
    if request.node.callspec.id == "investigator-flag-kept":
        # Not part of the scope: the session goes on.
        assert response.status_code == 200
        return
    assert response.status_code == 302
    assert not _logged_in(client)
    assert AuditEntry.objects.get(action=Action.LOGOUT).extra == {"reason": "access_changed"}


def test_a_change_of_an_officials_region_ends_the_session(client_for, erin, region_b):
    client = client_for(erin)
    assert client.get(HOME).status_code == 200
    erin.region = region_b
    erin.save()
    assert client.get(HOME).status_code == 302
    assert not _logged_in(client)


def test_a_session_from_before_the_policy_is_stamped_not_ended(client_for, alice):
    client = client_for(alice)
    session = client.session
    del session[SESSION_LOGIN_AT]
    session.save()
    assert client.get(HOME).status_code == 200
    assert SESSION_LOGIN_AT in client.session


def test_every_request_moves_the_stored_expiry_on(client_for, alice):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = client_for(alice)
    key = client.session.session_key
    # As if the last request were 29 minutes ago: one minute left.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert client.get(HOME).status_code == 200
    left = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert left.total_seconds() > django_settings.SESSION_COOKIE_AGE - 60


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_transaction", [False, True])
@pytest.mark.parametrize("changed", [True, False])
def test_a_session_ended_elsewhere_is_not_written_back(client_for, alice, in_transaction, changed):
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.models import Session

    from inspectorate.security.session_store import SessionStore

    client = client_for(alice)
    key = client.session.session_key
    store = SessionStore(session_key=key)
    if changed:
        store["seen"] = True
    else:  # read from its row and left as it was: only its expiry would be written
        assert "_auth_user_id" in store
    Session.objects.filter(session_key=key).delete()  # e.g. logged out in another tab meanwhile
    with transaction.atomic() if in_transaction else contextlib.nullcontext():
        with pytest.raises(UpdateError):  # the middleware answers SessionInterrupted, as with Django's store
            store.save()
        # A caller's transaction goes on.
        assert not Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db(transaction=True)
def test_a_session_is_saved_by_one_statement_outside_any_transaction(client_for, alice):
    from django.db import connection

    client = client_for(alice)
    seen = []

    def watch(execute, sql, params, many, context):
        if sql.startswith("UPDATE") and "django_session" in sql:
            seen.append(connection.in_atomic_block)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        assert client.get(HOME).status_code == 200
    # Django's own store wraps this UPDATE in a transaction (BEGIN and COMMIT: two more round trips).
    assert seen == [False]


@pytest.mark.django_db(transaction=True)
def test_an_unchanged_session_is_saved_by_moving_its_expiry_alone(client_for, alice):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.utils import timezone

    client = client_for(alice)
    key = client.session.session_key
    before = Session.objects.get(session_key=key)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    updates = []

    def watch(execute, sql, params, many, context):
        if sql.startswith("UPDATE") and "django_session" in sql:
            updates.append((sql, list(params)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        assert client.get(HOME).status_code == 200
    assert len(updates) == 1
    sql, params = updates[0]
    assert "session_data" not in sql and "expire_date" in sql
    assert key in params
    after = Session.objects.get(session_key=key)
    assert after.session_data == before.session_data  # the data as it was: not encoded again
    assert (after.expire_date - timezone.now()).total_seconds() > django_settings.SESSION_COOKIE_AGE - 60
    assert client.get(HOME).status_code == 200  # and still a valid session


def test_a_changed_session_is_saved_with_its_data(client_for, alice):
    from django.contrib.sessions.models import Session

    from inspectorate.security.session_store import SessionStore

    client = client_for(alice)
    key = client.session.session_key
    store = SessionStore(session_key=key)
    store["seen"] = "yes"
    store.save()
    assert Session.objects.get(session_key=key).get_decoded()["seen"] == "yes"
    store = SessionStore(session_key=key)
    assert store["seen"] == "yes"
    store.save()  # unchanged: the data stays
    assert SessionStore(session_key=key)["seen"] == "yes"

import re
from unittest.mock import patch

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse

from .totp import fresh_totp, totp

LOGIN = reverse("account_login")
HOME = reverse("home")
ACTIVATE = reverse("mfa_activate_totp")
MFA_AUTHENTICATE = reverse("mfa_authenticate")


@pytest.fixture(autouse=True)
def _enforce(settings):
    settings.MFA_ENFORCE = True


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _password_login(client, username, password):
    return client.post(LOGIN, {"login": username, "password": password})


def _activate_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.mark.parametrize("actor", ["bob", "erin", "root"])
def test_it_sends_privileged_roles_without_totp_to_the_setup_page(client, request, password, actor):
    request.getfixturevalue(actor)
    _password_login(client, actor, password)

    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    assert client.get(reverse("inspectorate:company_list"))["Location"] == ACTIVATE
    assert client.get("/api/v1/")["Location"] == ACTIVATE


def test_it_still_allows_setup_logout_and_language_switch(client, bob, password):
    _password_login(client, "bob", password)

    assert client.get(ACTIVATE).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.post(reverse("account_logout")).status_code == 302
    assert not _logged_in(client)


def test_it_lets_inspectors_work_without_totp(client, alice, password):
    _password_login(client, "alice", password)
    assert client.get(HOME).status_code == 200
    assert client.get(ACTIVATE).status_code == 200  # voluntary


def test_it_does_not_enforce_when_switched_off(client, bob, password, settings):
    settings.MFA_ENFORCE = False
    _password_login(client, "bob", password)
    assert client.get(HOME).status_code == 200


def test_it_activates_totp_and_then_asks_for_the_code_at_login(client, bob, password):
    _password_login(client, "bob", password)
    response = client.get(ACTIVATE)
    secret = response.context["form"].secret

    wrong = client.post(ACTIVATE, {"code": "000000" if totp(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=bob).exists()

    response = client.post(ACTIVATE, {"code": fresh_totp(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=bob, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=bob, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(HOME).status_code == 200

    client.post(reverse("account_logout"))
    response = _password_login(client, "bob", password)
    assert response["Location"] == MFA_AUTHENTICATE
    assert not _logged_in(client)
    assert client.get(HOME)["Location"].startswith(LOGIN)

    response = client.post(MFA_AUTHENTICATE, {"code": "123456" if totp(secret) != "123456" else "654321"})
    assert response.status_code == 200
    assert not _logged_in(client)

    cache.clear()  # allauth remembers used codes for one period; the activation code may repeat
    response = client.post(MFA_AUTHENTICATE, {"code": fresh_totp(secret)})
    assert response.status_code == 302
    assert _logged_in(client)
    assert client.get(HOME).status_code == 200


def test_a_password_reset_does_not_bypass_the_second_factor(client, bob, password):
    bob.email = "bob@uptd.example"
    bob.save()
    secret = _activate_totp(bob)

    response = client.post(reverse("account_reset_password"), {"email": "bob@uptd.example"})
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    new_password = "a-brand-new-long-passphrase"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert not _logged_in(client)

    response = _password_login(client, "bob", new_password)
    assert response["Location"] == MFA_AUTHENTICATE
    assert not _logged_in(client)

    response = client.post(MFA_AUTHENTICATE, {"code": fresh_totp(secret)})
    assert response.status_code == 302
    assert _logged_in(client)


def _root_resolutions(client, path) -> int:
    """How many times a request for ``path`` resolves an address from the root of the URL conf."""
    root = get_resolver()
    with patch.object(URLResolver, "resolve", autospec=True, side_effect=URLResolver.resolve) as resolve:
        client.get(path)
    return sum(1 for call in resolve.call_args_list if call.args[0] is root)


def _queries(client, path) -> list[str]:
    """The SQL of a request for ``path`` (read as it ends: the connection's log is a bounded queue)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
        return [query["sql"] for query in queries.captured_queries]


def test_each_page_asks_for_the_authenticator_in_one_query_on_its_own_resolution(client, bob, settings):
    _activate_totp(bob)
    client.force_login(bob)
    path = reverse("notifications:notification_list")
    client.get(path)  # the session and the queries of a first request
    assert _root_resolutions(client, path) == 1  # the address resolved once, by Django
    enforced = _queries(client, path)
    settings.MFA_ENFORCE = False
    not_enforced = _queries(client, path)
    assert len(enforced) == len(not_enforced) + 1
    assert [sql for sql in enforced if '"mfa_authenticator"' in sql] == [enforced[2]]  # after the session and user
    assert not any('"mfa_authenticator"' in sql for sql in not_enforced)


def test_an_authenticator_removed_is_missed_on_the_next_page(client, bob):
    _activate_totp(bob)
    client.force_login(bob)
    assert client.get(HOME).status_code == 200
    Authenticator.objects.filter(user=bob, type=Authenticator.Type.TOTP).delete()
    assert client.get(HOME)["Location"] == ACTIVATE


def test_an_address_of_no_page_is_a_404_before_two_factor_is_asked(client, bob, password):
    _password_login(client, "bob", password)
    assert client.get("/no-such-page/").status_code == 404
    assert client.get(HOME)["Location"] == ACTIVATE


# What Chromium sends with a page's own requests: the bell's fetch(), the service worker's script.
BELL_FETCH = {"HTTP_SEC_FETCH_MODE": "cors", "HTTP_SEC_FETCH_DEST": "empty", "HTTP_ACCEPT": "application/json"}
WORKER_SCRIPT = {"HTTP_SEC_FETCH_MODE": "same-origin", "HTTP_SEC_FETCH_DEST": "serviceworker"}


def test_the_pages_own_requests_leave_the_secret_being_scanned_alone(client, bob, password):
    """The setup page draws a new secret each time it is shown. Its bell and its service worker ask
    for their addresses as it opens; were they sent to the setup page too, the secret of the QR code
    on the screen would be replaced and no code from the person's app would be accepted."""
    _password_login(client, "bob", password)
    response = client.get(ACTIVATE, HTTP_SEC_FETCH_MODE="navigate")
    secret = response.context["form"].secret

    bell = client.get(reverse("notifications:notification_bell"), **BELL_FETCH)
    assert bell.status_code == 403
    assert bell.json() == {
        "detail": "Peran Anda mewajibkan autentikasi dua faktor. Pasang aplikasi autentikator untuk melanjutkan."
    }
    assert client.get(reverse("field:service_worker"), **WORKER_SCRIPT).status_code == 403
    htmx = client.get(reverse("complaints:complaint_list"), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 403 and htmx["Content-Type"] == "text/plain; charset=utf-8"
    assert client.session["mfa.totp.secret"] == secret

    response = client.post(ACTIVATE, {"code": fresh_totp(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=bob, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("notifications:notification_bell"), **BELL_FETCH).status_code == 200


def test_a_navigation_is_still_sent_to_the_setup_page_with_one_message(client, bob, password):
    _password_login(client, "bob", password)
    client.get(reverse("notifications:notification_bell"), **BELL_FETCH)  # adds no message
    response = client.get(HOME, HTTP_SEC_FETCH_MODE="navigate", follow=True)
    assert response.redirect_chain[-1][0] == ACTIVATE
    assert [str(m) for m in response.context["messages"]].count(
        "Peran Anda mewajibkan autentikasi dua faktor. Pasang aplikasi autentikator untuk melanjutkan."
    ) == 1


def test_a_fresh_code_is_of_the_next_period_when_this_one_is_ending(monkeypatch):
    from . import totp as clock

    now = [30 * 56_666_667 + 27.5]  # 2.5 s before a period ends
    monkeypatch.setattr(clock.time, "time", lambda: now[0])
    monkeypatch.setattr(clock.time, "sleep", lambda seconds: now.__setitem__(0, now[0] + seconds))
    secret = generate_totp_secret()
    assert fresh_totp(secret) == totp(secret, at=30 * 56_666_668) != totp(secret, at=30 * 56_666_667)
    now[0] = 30 * 56_666_667 + 10  # 20 s left: no wait
    assert fresh_totp(secret) == totp(secret, at=30 * 56_666_667)


def test_the_setup_page_opens_the_app_on_the_same_phone_and_its_secret_can_be_copied(client, bob, password):
    """A person setting up on the phone that holds the app cannot scan that phone's own screen."""
    _password_login(client, "bob", password)
    response = client.get(ACTIVATE)
    secret = response.context["form"].secret
    html = response.content.decode()
    link = re.search(r'<a class="btn btn-outline-primary" href="([^"]+)" data-testid="totp-open-app">([^<]+)</a>', html)
    assert link.group(2) == "Buka aplikasi autentikator di ponsel ini"
    assert link.group(1).startswith("otpauth://totp/") and f"secret={secret}" in link.group(1)
    field = re.search(r'<input[^>]*id="authenticator_secret"[^>]*>', html).group(0)
    assert f'value="{secret}"' in field and "readonly" in field and "disabled" not in field

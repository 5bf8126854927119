import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from .totp import totp

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

    response = client.post(ACTIVATE, {"code": totp(secret)})
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
    response = client.post(MFA_AUTHENTICATE, {"code": totp(secret)})
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

    response = client.post(MFA_AUTHENTICATE, {"code": totp(secret)})
    assert response.status_code == 302
    assert _logged_in(client)

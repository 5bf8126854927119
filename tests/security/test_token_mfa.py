"""API tokens of roles that require two-factor authentication work only once TOTP is active."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import get_resolver
from rest_framework.authtoken.views import ObtainAuthToken

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _enforce(settings):
    settings.MFA_ENFORCE = True
    settings.LANGUAGE_CODE = "en"


@pytest.mark.parametrize("actor", ["bob", "erin", "root"])
def test_it_refuses_the_token_of_a_privileged_role_without_totp(request, api_for, actor):
    user = request.getfixturevalue(actor)
    response = api_for(user).get("/api/v1/companies/")
    assert response.status_code == 401
    assert "two-factor" in response.json()["detail"]

    TOTP.activate(user, generate_totp_secret())
    assert api_for(user).get("/api/v1/companies/").status_code == 200


def test_it_accepts_an_inspectors_token_without_totp(api_for, alice):
    assert api_for(alice).get("/api/v1/companies/").status_code == 200


def test_it_accepts_tokens_without_totp_when_enforcement_is_off(api_for, bob, settings):
    settings.MFA_ENFORCE = False
    assert api_for(bob).get("/api/v1/companies/").status_code == 200


def test_it_offers_no_url_where_a_token_could_be_obtained():
    """Tokens are issued by admins (drf_create_token, the admin), never through a public endpoint."""

    def views(resolver):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from views(pattern)
            else:
                yield getattr(pattern.callback, "cls", None)

    assert not any(isinstance(cls, type) and issubclass(cls, ObtainAuthToken) for cls in views(get_resolver()))

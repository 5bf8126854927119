"""API tokens (inspectorate/security/authentication.py): DRF's token authentication, its query built once,
the user's office read with it; a wrong key, an inactive user and a missing second factor refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from inspectorate.security.authentication import MFATokenAuthentication

from ..factories import StaffFactory

pytestmark = pytest.mark.django_db


def _api(token: Token) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_it_finds_the_user_drf_finds_with_their_office_in_one_query(alice, bob, root):
    for user in (alice, bob, root):
        token = Token.objects.create(user=user)
        theirs = TokenAuthentication().authenticate_credentials(token.key)
        with CaptureQueriesContext(connection) as queries:
            found, found_token = MFATokenAuthentication().authenticate_credentials(token.key)
            assert found.office == user.office  # read with the token: no query of its own
        assert len(queries) == 1, [q["sql"] for q in queries]
        assert (found, found_token) == theirs and found.pk == user.pk and found_token.key == token.key
        assert found.role == user.role and found.username == user.username


def test_a_second_request_compiles_nothing(alice, company_a, orm_compiles):
    token = Token.objects.create(user=alice)
    assert _api(token).get("/api/v1/companies/").status_code == 200
    orm_compiles.clear()
    assert MFATokenAuthentication().authenticate_credentials(token.key)[0] == alice
    assert orm_compiles == []


@pytest.mark.parametrize("language, message", [("en", "Invalid token."), ("id", "Token tidak valid.")])
def test_a_wrong_key_is_refused_in_the_readers_language(alice, language, message):
    # Indonesian: the project's catalogue (first in LOCALE_PATHS) over DRF's "Token Salah.".
    from django.utils import translation

    Token.objects.create(user=alice)
    for key in ("not-a-key", "0" * 40, "x" * 400, "'; DROP TABLE authtoken_token; --"):
        with translation.override(language), pytest.raises(exceptions.AuthenticationFailed) as refused:
            MFATokenAuthentication().authenticate_credentials(key)
        assert str(refused.value.detail) == message
    assert Token.objects.count() == 1


def test_an_inactive_users_token_is_refused(office_a, company_a):
    from django.utils import translation

    gone = StaffFactory(office=office_a, is_active=False)
    token = Token.objects.create(user=gone)
    with translation.override("en"), pytest.raises(exceptions.AuthenticationFailed, match="User inactive"):
        MFATokenAuthentication().authenticate_credentials(token.key)
    # Indonesian: the project's catalogue over DRF's, which misspells "aktif".
    with translation.override("id"), pytest.raises(exceptions.AuthenticationFailed) as refused:
        MFATokenAuthentication().authenticate_credentials(token.key)
    assert str(refused.value.detail) == "Pengguna tidak aktif atau telah dihapus."
    assert _api(token).get("/api/v1/companies/").status_code in (401, 403)


def test_a_role_that_needs_two_factors_is_refused_without_them(bob, company_a, settings):
    settings.MFA_ENFORCE = True
    token = Token.objects.create(user=bob)  # an office head, no authenticator
    response = _api(token).get("/api/v1/companies/")
    assert response.status_code in (401, 403)
    assert "two-factor" in response.json()["detail"] or "dua faktor" in response.json()["detail"]

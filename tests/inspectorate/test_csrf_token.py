"""A page's CSRF token (inspectorate/security/csrf.py): Django's middleware takes it back, every form of a
response carries the same one, each response a new one, and its mask's characters are equally likely."""

import collections
import re

import pytest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, _unmask_cipher_token
from django.test import Client, RequestFactory
from django.urls import reverse

from inspectorate.security import csrf

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def tokens(response) -> list[str]:
    return TOKEN.findall(response.content.decode())


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("inspectorate:company_list"))  # the first page sets the CSRF cookie
    return client


@pytest.mark.django_db
def test_a_pages_token_is_taken_back_by_djangos_middleware(alice):
    client = signed_in(alice)
    secret = client.cookies["csrftoken"].value
    page = client.get(reverse("inspectorate:company_list"))
    found = tokens(page)
    assert len(found) >= 2  # the header's logout and the footer's language switch
    assert set(found) == {found[0]}
    token = found[0]
    assert len(token) == 2 * CSRF_SECRET_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret
    assert page.cookies["csrftoken"].value == secret  # sent again, its expiry renewed (as get_token does)

    # A changed character is refused; the token itself is taken.
    changed = token[:-1] + ("a" if token[-1] != "a" else "b")
    refused = client.post(reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": changed})
    assert refused.status_code == 403
    taken = client.post(reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert taken.status_code == 302


@pytest.mark.django_db
def test_each_response_has_a_token_of_its_own(alice):
    client = signed_in(alice)
    secret = client.cookies["csrftoken"].value
    seen = [tokens(client.get(reverse("inspectorate:company_list")))[0] for _ in range(5)]
    assert len(set(seen)) == 5
    assert {_unmask_cipher_token(token) for token in seen} == {secret}


@pytest.mark.django_db
def test_without_a_cookie_the_secret_is_djangos_new_one():
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("account_login"))
    secret = page.cookies["csrftoken"].value
    assert len(secret) == CSRF_SECRET_LENGTH
    assert {_unmask_cipher_token(token) for token in tokens(page)} == {secret}


def test_a_new_secret_in_the_request_gets_a_new_token():
    request = RequestFactory().get("/")
    first_secret, second_secret = "a" * CSRF_SECRET_LENGTH, "B" * CSRF_SECRET_LENGTH
    request.META["CSRF_COOKIE"] = first_secret
    token = csrf.page_token(request)
    assert csrf.page_token(request) == token
    assert _unmask_cipher_token(token) == first_secret
    request.META["CSRF_COOKIE"] = second_secret  # as a login rotates it
    assert _unmask_cipher_token(csrf.page_token(request)) == second_secret


def test_the_masks_characters_are_equally_likely():
    draws = 20_000
    counts = collections.Counter("".join(csrf._mask() for _ in range(draws)))
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    expected = draws * CSRF_SECRET_LENGTH / len(CSRF_ALLOWED_CHARS)
    chi_square = sum((counts[char] - expected) ** 2 / expected for char in CSRF_ALLOWED_CHARS)
    # 61 degrees of freedom: above 120 once in about a million runs of a fair draw; taking
    # each byte modulo 62 without leaving out those from 248 up gives several thousand.
    assert chi_square < 120, chi_square


def test_bytes_that_would_favour_some_characters_are_left_out(monkeypatch):
    reads = iter([bytes(range(208, 256)), bytes(range(48))])
    monkeypatch.setattr(csrf.os, "urandom", lambda size: next(reads))
    # 208-247 give 40 characters (208 % 62 = 22 on), 248-255 none; 32 of them make the mask.
    assert csrf._mask() == "".join(CSRF_ALLOWED_CHARS[byte % 62] for byte in range(208, 240))
    reads = iter([bytes([255] * 48), bytes(range(48))])  # nothing taken from the first read
    monkeypatch.setattr(csrf.os, "urandom", lambda size: next(reads))
    assert csrf._mask() == CSRF_ALLOWED_CHARS[:32]

import pytest
from django.test import RequestFactory

from audit.request_info import client_address


@pytest.fixture
def rf():
    return RequestFactory()


def test_it_uses_the_remote_address_and_ignores_forwarded_for_by_default(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_address(request) == "192.0.2.10"


def test_it_takes_the_address_seen_by_the_trusted_proxy(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the real one.
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    assert client_address(request) == "203.0.113.5"


def test_it_counts_proxies_from_the_right(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5, 10.0.0.1")
    assert client_address(request) == "203.0.113.5"


def test_it_falls_back_to_the_remote_address_on_garbage(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")) == "10.0.0.1"
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def test_it_echoes_a_well_formed_request_id(client, db):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="abc-123_DEF.456")
    assert response["X-Request-ID"] == "abc-123_DEF.456"


@pytest.mark.parametrize("sent", ["", "short", "x" * 65, "bad id with spaces", "<script>alert(1)</script>"])
def test_it_replaces_a_malformed_request_id(client, db, sent):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=sent)
    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32

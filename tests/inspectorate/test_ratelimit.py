"""One rate limit for pages and API: the same budget, the configured rate, the trusted address."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.test import APIClient

from complaints.models import Complaint
from inspectorate.ratelimit import parse_rate
from tests.complaints.conftest import _clear_cache  # noqa: F401 (autouse: budgets live in the cache)

pytestmark = pytest.mark.django_db

FORM, TRACK_PAGE = "/lapor/", "/lapor/lacak/"
INTAKE_API, TRACK_API = "/api/v1/public/complaints/", "/api/v1/public/track/"


@pytest.fixture
def rates(settings):
    def set_rates(**scopes):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **{k.replace("_", "-"): v for k, v in scopes.items()}}

    return set_rates


def test_the_complaint_form_and_the_public_intake_api_share_one_budget(client, rates):
    rates(complaint_submit="3/h")
    api = APIClient()
    # Empty submissions still count: the budget is for attempts, not for complaints made.
    assert client.post(FORM, {}).status_code == 400
    assert api.post(INTAKE_API, {}, format="json").status_code == 400
    assert client.post(FORM, {}).status_code == 400
    assert api.post(INTAKE_API, {}, format="json").status_code == 429
    assert client.post(FORM, {}).status_code == 429
    assert Complaint.objects.count() == 0


def test_the_tracking_page_and_the_tracking_api_share_one_budget(client, rates):
    rates(complaint_track="2/10m")
    api = APIClient()
    assert api.post(TRACK_API, {"code": "x" * 24}, format="json").status_code == 404
    assert client.post(TRACK_PAGE, {"code": "y" * 24}).status_code == 200
    assert client.post(TRACK_PAGE, {"code": "z" * 24}).status_code == 429
    assert api.post(TRACK_API, {"code": "w" * 24}, format="json").status_code == 429


@pytest.mark.parametrize("configured, allowed", [("5/10m", 5), ("12/10m", 12)])
def test_the_configured_tracking_rate_is_honoured_by_the_api(rates, configured, allowed):
    rates(complaint_track=configured)
    api = APIClient()
    statuses = [api.post(TRACK_API, {"code": f"{i:024d}"}, format="json").status_code for i in range(allowed + 1)]
    assert statuses == [404] * allowed + [429]


def test_the_configured_submit_rate_is_honoured_by_the_form(client, rates):
    rates(complaint_submit="2/h")
    assert [client.post(FORM, {}).status_code for _ in range(3)] == [400, 400, 429]


def test_the_budget_is_kept_per_trusted_client_address(settings, rates):
    rates(complaint_track="1/10m")
    settings.TRUSTED_PROXY_COUNT = 1
    api = APIClient()
    # Behind one trusted proxy: the right-most X-Forwarded-For entry is the client.
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "10.0.0.1"}
    assert api.post(TRACK_API, {"code": "x" * 24}, format="json", **first).status_code == 404
    assert api.post(TRACK_API, {"code": "x" * 24}, format="json", **first).status_code == 429
    # A made-up entry further left does not make a new client.
    spoofed = {"HTTP_X_FORWARDED_FOR": "198.51.100.9, 203.0.113.7", "REMOTE_ADDR": "10.0.0.1"}
    assert api.post(TRACK_API, {"code": "x" * 24}, format="json", **spoofed).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.8", "REMOTE_ADDR": "10.0.0.1"}
    assert api.post(TRACK_API, {"code": "x" * 24}, format="json", **other).status_code == 404


def test_the_budget_is_kept_per_account(client, client_for, bob, rates):
    rates(company_search="1/m")
    assert client.get("/lapor/perusahaan/", {"q": "maju"}).status_code == 200
    assert client.get("/lapor/perusahaan/", {"q": "maju"}).status_code == 429
    # Someone logged in from the same address has a budget of their own.
    staff = client_for(bob)
    assert staff.get("/lapor/perusahaan/", {"q": "maju"}).status_code == 200
    assert staff.get("/lapor/perusahaan/", {"q": "maju"}).status_code == 429


@pytest.mark.parametrize(
    "rate, parsed",
    [("10/10m", (10, 600)), ("20/h", (20, 3600)), ("60/m", (60, 60)), ("5/30s", (5, 30)), ("100/86400", (100, 86400))],
)
def test_it_reads_rates(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["10", "10/", "ten/m", "10/0m", "10/week"])
def test_it_refuses_a_rate_it_cannot_read(rate):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(rate)

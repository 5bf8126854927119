"""The dashboard's accidents panel: the deaths tile is red only when someone died in the month."""

import re

import pytest
from django.utils import timezone

from .helpers import make_accident, person

pytestmark = pytest.mark.django_db


def _fatal_tile(client) -> str:
    page = client.get("/reports/dashboard/").content.decode()
    tile = re.search(r'<div class="([^"]*)" data-testid="acc-fatal">(\d+)</div>', page)
    assert tile, "the accidents panel has no deaths tile"
    return tile.group(1) + " " + tile.group(2)


def test_the_deaths_tile_is_red_only_when_someone_died(client, alice, bob, company_a):
    client.force_login(bob)
    assert _fatal_tile(client) == "fs-4 fw-semibold 0"
    occurred = timezone.now()
    make_accident(alice, company_a, occurred_at=occurred, received_at=occurred, injured=[person(fatal=True)])
    assert _fatal_tile(client) == "fs-4 fw-semibold text-danger 1"

"""Resolving an offline conflict over the API: the page's service, scope (404), role (403), bad input (400)."""

import pytest

from field.choices import ConflictStatus
from inspections.models import Finding

from .test_views import conflict_on

pytestmark = pytest.mark.django_db


def test_the_inspector_resolves_an_offline_conflict_over_the_api(
    api_for, client_for, alice, alice2, bob, charlie, dave, visit_a
):
    conflict, finding = conflict_on(visit_a, alice, bob, client_for)
    url = f"/api/v1/field/conflicts/{conflict.pk}/resolve/"
    assert api_for(charlie).post(url, {"resolution": "mine"}, format="json").status_code == 404  # office B
    assert api_for(dave).post(url, {"resolution": "mine"}, format="json").status_code == 404  # office B's head
    assert api_for(alice2).post(url, {"resolution": "mine"}, format="json").status_code == 403  # not hers
    assert api_for(alice).post(url, {"resolution": "addendum"}, format="json").status_code == 400  # not offered
    assert api_for(alice).post(url, {"resolution": "nonsense"}, format="json").status_code == 400
    stale = api_for(alice).post(url, {"resolution": "mine", "seen_version": 1}, format="json")
    assert stale.status_code == 400  # compared against an old version: decide again
    conflict.refresh_from_db()
    finding.refresh_from_db()
    assert conflict.status == ConflictStatus.OPEN and finding.description == "Versi kepala"  # nothing changed
    response = api_for(alice).post(url, {"resolution": "mine", "seen_version": 2}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == ConflictStatus.RESOLVED and response.json()["resolved_by"] == alice.pk
    assert Finding.objects.get(pk=finding.pk).description == "Versi lapangan"
    again = api_for(alice).post(url, {"resolution": "server"}, format="json")
    assert again.status_code == 400

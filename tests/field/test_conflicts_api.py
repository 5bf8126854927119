"""Resolving an offline conflict over the API: the page's service, scope (404), role (403), bad input (400)."""

import uuid

import pytest

from field.choices import ConflictStatus
from field.models import SyncConflict
from inspections import services
from inspections.models import Finding
from tests.inspections.helpers import add_finding, started

pytestmark = pytest.mark.django_db


def _conflict(client_for, alice, bob, visit):
    started(visit, alice)
    finding = add_finding(visit, alice, description="Awal")
    services.finding_update(finding=finding, actor=bob, description="Kepala")
    client_for(alice).post(
        "/api/v1/field/sync/",
        {"key": str(uuid.uuid4()), "kind": "finding_edit", "inspection": visit.pk, "finding": finding.pk,
         "base_version": 1, "description": "Inspektur"},
        content_type="application/json",
    )  # fmt: skip
    return SyncConflict.objects.get(inspection=visit), finding


def test_the_inspector_resolves_an_offline_conflict_over_the_api(
    api_for, client_for, alice, alice2, bob, charlie, dave, visit_a
):
    conflict, finding = _conflict(client_for, alice, bob, visit_a)
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
    assert conflict.status == ConflictStatus.OPEN and finding.description == "Kepala"  # nothing changed
    response = api_for(alice).post(url, {"resolution": "mine", "seen_version": 2}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == ConflictStatus.RESOLVED and response.json()["resolved_by"] == alice.pk
    assert Finding.objects.get(pk=finding.pk).description == "Inspektur"
    again = api_for(alice).post(url, {"resolution": "server"}, format="json")
    assert again.status_code == 400

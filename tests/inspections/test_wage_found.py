"""The monthly wage per worker found on a visit: recorded on the visit page and through the API, in its history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import ChangeRecord

from .helpers import started

pytestmark = pytest.mark.django_db


def _record(visit, **values) -> dict:
    visited = timezone.localtime(visit.visited_at, visit.office.zone).strftime("%Y-%m-%dT%H:%M")
    return {"visited_at": visited, "workers_present": "12", "summary": "Ringkasan", **values}


def test_it_records_the_wage_found_on_the_visit_page_and_in_its_history(settings, client_for, alice, visit_a):
    settings.LANGUAGE_CODE = "id"
    started(visit_a, alice)
    visit_a.refresh_from_db()
    client = client_for(alice)
    url = reverse("inspections:inspection_update", args=[visit_a.pk])
    assert client.post(url, _record(visit_a, wage_found="5200000")).status_code == 302
    visit_a.refresh_from_db()
    assert visit_a.wage_found == 5200000
    changes = ChangeRecord.objects.filter(object_id=visit_a.pk, action="updated").latest("id").changes
    assert {"field": "wage_found", "old": "", "new": "5200000"} in changes
    page = client.get(reverse("inspections:inspection_detail", args=[visit_a.pk])).content.decode()
    assert 'name="wage_found"' in page and 'value="5200000"' in page
    assert "Upah bulanan per pekerja yang ditemukan (Rp)" in page  # the form's label, in Indonesian
    assert "Upah bulanan yang ditemukan (Rp)" in page  # the history names the field


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "1000000000000"])
def test_it_refuses_a_wage_that_is_not_a_positive_amount_and_changes_nothing(client_for, alice, visit_a, bad):
    started(visit_a, alice)
    visit_a.refresh_from_db()
    client = client_for(alice)
    url = reverse("inspections:inspection_update", args=[visit_a.pk])
    response = client.post(url, _record(visit_a, wage_found=bad, summary="Tidak disimpan"))
    assert response.status_code == 400
    assert 'name="wage_found"' in response.content.decode() and "Tidak disimpan" in response.content.decode()
    visit_a.refresh_from_db()
    assert (visit_a.wage_found, visit_a.summary) == (None, "")


def test_it_records_the_wage_found_through_the_api(api_for, alice, charlie, visit_a):
    started(visit_a, alice)
    api = api_for(alice)
    url = f"/api/v1/inspections/{visit_a.pk}/"
    response = api.patch(url, {"wage_found": 3400000}, format="json")
    assert response.status_code == 200 and response.json()["wage_found"] == 3400000
    assert api.get(url).json()["wage_found"] == 3400000
    refused = api.patch(url, {"wage_found": 0, "summary": "Tidak disimpan"}, format="json")
    assert refused.status_code == 400 and "wage_found" in refused.json()
    visit_a.refresh_from_db()
    assert (visit_a.wage_found, visit_a.summary) == (3400000, "")
    assert api_for(charlie).patch(url, {"wage_found": 1}, format="json").status_code == 404
    visit_a.refresh_from_db()
    assert visit_a.wage_found == 3400000

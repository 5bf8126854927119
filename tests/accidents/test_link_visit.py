"""Linking a visit already made as an accident's investigation, from the accident's page: only the
company's visits the user may change are offered, a refused choice changes nothing, and the link is
audited; the page offers no form when there is nothing to link or the user may not write."""

import datetime as dt

import pytest

from accidents.models import Accident
from audit.models import AuditEntry
from inspections.choices import Kind

from ..factories import CompanyFactory
from ..inspections.factories import InspectionFactory
from .helpers import make_accident

pytestmark = pytest.mark.django_db


@pytest.fixture
def accident(alice, company_a):
    return make_accident(alice, company_a)


@pytest.fixture
def visits(alice, company_a, company_b, charlie, district_a):
    """Two visits to the accident's company, one to another company of the same office, and one to
    another office's company."""
    neighbour = CompanyFactory(name="PT Tetangga Sebelah", district=district_a)
    return {
        "older": InspectionFactory(company=company_a, lead_inspector=alice, planned_date=dt.date(2026, 2, 20)),
        "newer": InspectionFactory(company=company_a, lead_inspector=alice, planned_date=dt.date(2026, 3, 3)),
        "next door": InspectionFactory(company=neighbour, lead_inspector=alice),
        "elsewhere": InspectionFactory(company=company_b, lead_inspector=charlie, kind=Kind.ACCIDENT),
    }


def _page(client, accident) -> str:
    return client.get(f"/accidents/{accident.pk}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()


def test_the_head_links_one_of_the_companys_visits(client_for, bob, accident, visits):
    client = client_for(bob)
    html = _page(client, accident)
    assert "Tautkan pemeriksaan yang sudah ada" in html
    newer, older = html.index(visits["newer"].reference), html.index(visits["older"].reference)
    assert newer < older  # the latest planned first
    assert visits["elsewhere"].reference not in html and visits["next door"].reference not in html
    assert "03/03/2026" in html or "03-03-2026" in html
    response = client.post(
        f"/accidents/{accident.pk}/link-visit/", {"inspection": visits["older"].pk}, HTTP_ACCEPT_LANGUAGE="id"
    )
    assert response.status_code == 302
    accident.refresh_from_db()
    assert accident.inspection_id == visits["older"].pk
    entry = AuditEntry.objects.filter(action="update", object_id=str(accident.pk)).latest("chain_seq")
    assert entry.changed_fields == ["inspection"] and entry.actor_id == bob.pk
    after = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert f"Pemeriksaan {visits['older'].reference} ditautkan sebagai pemeriksaan kecelakaan ini." in after
    assert "Tautkan pemeriksaan yang sudah ada" not in after  # linked: no form any more
    assert "Rencanakan pemeriksaan kecelakaan" not in after


@pytest.mark.parametrize("choice", ["elsewhere", "next door", "nothing", "not-a-number"])
def test_a_refused_choice_changes_nothing(client_for, bob, accident, visits, choice):
    value = {"nothing": "", "not-a-number": "x"}[choice] if choice in ("nothing", "not-a-number") else visits[choice].pk
    response = client_for(bob).post(f"/accidents/{accident.pk}/link-visit/", {"inspection": value})
    assert response.status_code == 302
    assert Accident.objects.get(pk=accident.pk).inspection_id is None
    after = _page(client_for(bob), accident)
    assert "Pilih salah satu pemeriksaan perusahaan ini." in after


def test_an_already_linked_accident_keeps_its_visit(client_for, bob, accident, visits):
    client = client_for(bob)
    client.post(f"/accidents/{accident.pk}/link-visit/", {"inspection": visits["newer"].pk})
    client.post(f"/accidents/{accident.pk}/link-visit/", {"inspection": visits["older"].pk})
    assert Accident.objects.get(pk=accident.pk).inspection_id == visits["newer"].pk


def test_who_may_not_write_gets_no_form_and_cannot_post(client_for, accident, visits, erin, charlie, dave):
    for user, status in ((erin, 404), (charlie, 404), (dave, 404)):
        client = client_for(user)
        page = client.get(f"/accidents/{accident.pk}/")
        assert page.status_code in (200, 404)
        assert "link-visit" not in page.content.decode()
        response = client.post(f"/accidents/{accident.pk}/link-visit/", {"inspection": visits["older"].pk})
        assert response.status_code == status, user.username
    assert Accident.objects.get(pk=accident.pk).inspection_id is None


def test_no_form_when_the_company_has_no_visit(client_for, bob, accident):
    assert "link-visit" not in _page(client_for(bob), accident)

"""An injured person's outcome brought up to date after the accident is recorded (days lost, a
permanent incapacity, a death), on the page and over the API: the figures read it, a death tells the
office head once, every change is audited by field name and never names the person, and bad input
or another accident's person changes nothing."""

import re

import pytest

from accidents.models import InjuredPerson
from audit.models import AuditEntry
from notifications import events
from notifications.models import Notification
from reporting.figures.accidents import accident_counts

from .helpers import make_accident, person

pytestmark = pytest.mark.django_db

NAME = "Sutrisno Canary-Outcome"


@pytest.fixture
def accident(alice, company_a):
    return make_accident(alice, company_a, injured=[person(NAME, days_lost=0), person("Kedua Canary")])


def _first(accident) -> InjuredPerson:
    return accident.injured.order_by("pk").first()


def _url(accident, who) -> str:
    return f"/accidents/{accident.pk}/injured/{who.pk}/outcome/"


def test_the_head_records_days_lost_then_a_death(client_for, bob, accident, company_a):
    client = client_for(bob)
    page = client.get(f"/accidents/{accident.pk}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Perbarui keadaan korban" in page and "Korban 1" in page and "Korban 2" in page
    # Bootstrap's checkbox, spaced from its label (a bare box sat against "Meninggal").
    assert re.search(r'<input type="checkbox" name="fatal" class="form-check-input"', page)
    first = _first(accident)
    before = accident_counts([company_a.pk])[company_a.pk]
    response = client.post(_url(accident, first), {"days_lost": "14"}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.days_lost, first.permanent_incapacity, first.fatal) == (14, False, False)
    assert accident_counts([company_a.pk])[company_a.pk]["days_lost"] == before["days_lost"] + 14
    after = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Keadaan korban sudah diperbarui." in after
    assert not Notification.objects.filter(event="accident.death").exists()

    client.post(_url(accident, first), {"days_lost": "14", "fatal": "on"})
    client.post(_url(accident, first), {"days_lost": "14", "fatal": "on"})  # the same again: nothing new
    first.refresh_from_db()
    assert first.fatal
    assert accident_counts([company_a.pk])[company_a.pk]["fatal"] == before["fatal"] + 1
    deaths = Notification.objects.filter(event="accident.death")
    assert deaths.count() == 1 and deaths.get().recipient == bob
    entries = AuditEntry.objects.filter(action="update", object_id=str(accident.pk)).order_by("chain_seq")
    assert [e.changed_fields for e in entries] == [["injured.days_lost"], ["injured.fatal"]]
    note = deaths.get()
    assert note.params["fatal"] == 1 and note.params["reference"] == accident.reference
    rendered = "".join(events.get("accident.death").render(note.params, "id"))
    assert accident.reference in rendered and "telah meninggal" in rendered
    for text in [str(e.extra) for e in entries] + [str(note.params), rendered]:
        assert NAME not in text and "Canary" not in text


@pytest.mark.parametrize("data", [{}, {"days_lost": "-1"}, {"days_lost": "dua"}, {"days_lost": "1.5"}])
def test_bad_input_changes_nothing(client_for, bob, accident, data):
    first = _first(accident)
    client = client_for(bob)
    assert client.post(_url(accident, first), data).status_code == 302
    first.refresh_from_db()
    assert (first.days_lost, first.fatal) == (0, False)
    page = client.get(f"/accidents/{accident.pk}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Isi hari kerja hilang dengan bilangan bulat, 0 atau lebih." in page
    assert not AuditEntry.objects.filter(action="update", object_id=str(accident.pk)).exists()


def test_another_accidents_person_is_refused(client_for, bob, alice, accident, company_a):
    other = make_accident(alice, company_a)
    stranger = _first(other)
    response = client_for(bob).post(_url(accident, stranger), {"days_lost": "30", "fatal": "on"})
    assert response.status_code == 302
    stranger.refresh_from_db()
    assert (stranger.days_lost, stranger.fatal) == (0, False)


def test_who_may_not_write_gets_no_form_and_a_404(client_for, accident, erin, charlie, dave):
    first = _first(accident)
    for user in (erin, charlie, dave):
        client = client_for(user)
        page = client.get(f"/accidents/{accident.pk}/")
        assert "outcome-forms" not in page.content.decode()
        assert client.post(_url(accident, first), {"days_lost": "9", "fatal": "on"}).status_code == 404
    first.refresh_from_db()
    assert (first.days_lost, first.fatal) == (0, False)


def test_the_api_updates_the_outcome_and_refuses_bad_input(api_for, alice, accident, company_a):
    first = _first(accident)
    url = f"/api/v1/accidents/{accident.pk}/injured-outcome/"
    api = api_for(alice)
    assert api.post(url, {"person": first.pk, "days_lost": -3}, format="json").status_code == 400
    assert api.post(url, {"days_lost": 3}, format="json").status_code == 400
    response = api.post(url, {"person": first.pk, "days_lost": 21, "permanent_incapacity": True}, format="json")
    assert response.status_code == 200 and response.json()["reference"] == accident.reference
    first.refresh_from_db()
    assert (first.days_lost, first.permanent_incapacity, first.fatal) == (21, True, False)
    stranger = _first(make_accident(alice, company_a))
    assert api.post(url, {"person": stranger.pk, "days_lost": 1}, format="json").status_code == 400
    assert api.post(url, {"person": 999999, "days_lost": 1}, format="json").status_code == 400
    stranger.refresh_from_db()
    assert stranger.days_lost == 0

"""Reporting a visit asks for a confirmation that works without JavaScript, then says what happens next."""

import pytest
from django.urls import reverse

from inspections.choices import InspectionStatus
from inspections.models import Inspection

from .helpers import add_finding, started

pytestmark = pytest.mark.django_db


def _ready(visit, alice, findings=True):
    started(visit, alice)
    if findings:
        add_finding(visit, alice)
    Inspection.objects.filter(pk=visit.pk).update(summary="Pemeriksaan selesai")


def _url(visit):
    return reverse("inspections:inspection_report", args=[visit.pk])


def test_it_refuses_to_report_without_the_confirmation(client_for, visit_a, alice):
    _ready(visit_a, alice)
    response = client_for(alice).post(_url(visit_a), follow=True)
    visit_a.refresh_from_db()
    assert visit_a.status == InspectionStatus.IN_PROGRESS
    assert "Tick the box to confirm" in response.content.decode()


def test_it_reports_when_confirmed_and_names_the_head_who_issues_the_nota(client_for, visit_a, alice, bob):
    _ready(visit_a, alice)
    response = client_for(alice).post(_url(visit_a), {"confirm": "on"}, follow=True)
    visit_a.refresh_from_db()
    assert visit_a.status == InspectionStatus.REPORTED
    text = response.content.decode()
    assert f"the office head ({bob}) reviews the findings and issues the Nota Pemeriksaan" in text


def test_it_says_the_head_closes_a_visit_without_open_findings(client_for, visit_a, alice, bob):
    _ready(visit_a, alice, findings=False)
    text = client_for(alice).post(_url(visit_a), {"confirm": "on"}, follow=True).content.decode()
    assert f"next, the office head ({bob}) closes the visit" in text


def test_it_shows_the_confirmation_box_and_the_next_step_before_reporting(client_for, visit_a, alice):
    _ready(visit_a, alice)
    html = client_for(alice).get(reverse("inspections:inspection_detail", args=[visit_a.pk])).content.decode()
    assert 'name="confirm"' in html and 'data-testid="report-next-step"' in html


def test_it_answers_404_to_another_office_and_405_to_get(client_for, visit_a, alice, charlie, dave):
    _ready(visit_a, alice)
    for outsider in (charlie, dave):
        assert client_for(outsider).post(_url(visit_a), {"confirm": "on"}).status_code == 404
    assert client_for(alice).get(_url(visit_a)).status_code == 405
    visit_a.refresh_from_db()
    assert visit_a.status == InspectionStatus.IN_PROGRESS

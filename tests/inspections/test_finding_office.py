"""A finding's stored office is always its visit's: set when it is recorded, moved with the visit.

The office work queue counts the findings past their deadline by that column; the office heads see
the same figure as when it was counted through the visits.
"""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from inspections import services
from inspections.choices import Kind
from inspections.models import Finding, Inspection
from inspections.selectors import finding_overdue_list

from .factories import FindingFactory
from .helpers import add_finding

pytestmark = pytest.mark.django_db

DASHBOARD = "/reports/dashboard/"


def _past_due_visit(*, bob, alice, company):
    """A visit of ten days ago with one finding due two days ago and one due next week."""
    visit = services.inspection_plan(
        actor=bob, company=company, kind=Kind.ROUTINE, lead=alice, planned_date=timezone.localdate()
    )
    services.inspection_start(inspection=visit, actor=alice, visited_at=timezone.now() - dt.timedelta(days=10))
    today = timezone.localdate()
    late = add_finding(visit, alice, deadline=today - dt.timedelta(days=2))
    on_time = add_finding(visit, alice, deadline=today + dt.timedelta(days=7))
    return visit, late, on_time


def _past_deadline(client_for, head) -> int:
    """The office head's dashboard: the work queue's count of findings past their deadline."""
    response = client_for(head).get(DASHBOARD)
    assert response.status_code == 200
    return response.context["queue"].findings_past_deadline


def test_it_records_a_finding_in_its_visits_office(bob, alice, company_a, office_a):
    visit, late, on_time = _past_due_visit(bob=bob, alice=alice, company=company_a)
    assert {f.office_id for f in Finding.objects.filter(inspection=visit)} == {office_a.pk}
    assert late.office == on_time.office == visit.office == office_a


def test_it_moves_the_findings_with_their_visit_and_the_office_heads_see_it(
    client_for, bob, dave, alice, company_a, office_a, office_b
):
    visit, late, _on_time = _past_due_visit(bob=bob, alice=alice, company=company_a)
    assert (_past_deadline(client_for, bob), _past_deadline(client_for, dave)) == (1, 0)

    # No page moves a visit to another office; whatever does (an administrator's UPDATE, a later
    # transfer), the database carries the findings along.
    Inspection.objects.filter(pk=visit.pk).update(office=office_b)

    assert set(Finding.objects.filter(inspection=visit).values_list("office_id", flat=True)) == {office_b.pk}
    assert (_past_deadline(client_for, bob), _past_deadline(client_for, dave)) == (0, 1)
    assert [f.pk for f in finding_overdue_list(user=dave)] == [late.pk]
    assert list(finding_overdue_list(user=bob)) == []


def test_it_refuses_a_finding_in_another_office_than_its_visit(bob, alice, company_a, office_b):
    visit, late, _on_time = _past_due_visit(bob=bob, alice=alice, company=company_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        FindingFactory(inspection=visit, office=office_b)
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=late.pk).update(office=office_b)
    late.refresh_from_db()
    assert late.office_id == visit.office_id

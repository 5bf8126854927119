"""A finding's stored office is always its visit's: set when it is recorded, moved with the visit.

The office work queue counts the findings past their deadline by that column; the office heads see
the same figure as when it was counted through the visits.
"""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from inspections import services
from inspections.choices import Kind
from inspections.models import Finding, Inspection
from inspections.selectors import finding_overdue_list
from tests.conftest import require_service

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


def _database_keeps_it():
    """The triggers that keep a finding's office its visit's are PostgreSQL's (migration 0011)."""
    if connection.vendor != "postgresql":
        require_service("PostgreSQL: the finding's office is kept by its triggers (inspections migration 0011)")


def test_it_moves_the_findings_with_their_visit_and_the_office_heads_see_it(
    client_for, bob, dave, alice, company_a, office_a, office_b
):
    _database_keeps_it()
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
    _database_keeps_it()
    visit, late, _on_time = _past_due_visit(bob=bob, alice=alice, company=company_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        FindingFactory(inspection=visit, office=office_b)
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=late.pk).update(office=office_b)
    late.refresh_from_db()
    assert late.office_id == visit.office_id


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "dave", "erin", "grace", "root"])
def test_the_overdue_list_as_it_opens_is_the_selectors_and_compiles_nothing_after_its_first_request(
    request, client_for, bob, alice, charlie, company_a, company_b, who, orm_compiles
):
    """For an office's staff counted and paged by prepared queries (selectors.finding_overdue_rows),
    today in their office's zone; for the others the usual way: the same findings, in the same order,
    as ``finding_overdue_list`` gives."""
    _visit, late, _on_time = _past_due_visit(bob=bob, alice=alice, company=company_a)
    other = services.inspection_plan(
        actor=request.getfixturevalue("dave"), company=company_b, kind=Kind.ROUTINE, lead=charlie,
        planned_date=timezone.localdate(),
    )  # fmt: skip
    services.inspection_start(inspection=other, actor=charlie, visited_at=timezone.now() - dt.timedelta(days=10))
    add_finding(other, charlie, deadline=timezone.localdate() - dt.timedelta(days=1))
    user = request.getfixturevalue(who)
    client = client_for(user)
    assert client.get("/inspections/findings/overdue/").status_code == 200
    expected = [f.pk for f in finding_overdue_list(user=user)]
    orm_compiles.clear()
    page = client.get("/inspections/findings/overdue/").context["page"]
    if who in ("alice", "bob", "charlie", "dave"):
        assert orm_compiles == []
        assert len(expected) == 1
    assert page.paginator.count == len(expected)
    assert [f.pk for f in page.object_list] == expected
    if who == "bob":
        assert expected == [late.pk] and page.object_list[0].inspection.company.name == company_a.name

"""Each figure has one source: every place that shows "overdue" or a quota agrees with reporting/figures/."""

import datetime as dt

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from complaints import selectors, services
from complaints.choices import OPEN_STATUSES, Outcome, Status
from complaints.filters import ComplaintFilter
from complaints.models import Category, Complaint
from inspections.choices import InspectionStatus
from inspectorate.choices import NormCategory, Role
from reporting import dashboards, figures
from tests.complaints.factories import make_complaint
from tests.factories import StaffFactory
from tests.inspections.factories import InspectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories(db):
    """The categories of migration 0002 again: transactional tests before this one may have flushed them."""
    for position, code in enumerate(NormCategory.values):
        Category.objects.update_or_create(code=code, defaults={"position": position})


@pytest.fixture
def alice2(office_a):
    return StaffFactory(username="alice2", first_name="Ayu", role=Role.INSPECTOR, office=office_a)


@pytest.fixture
def complaints(categories, company_a, company_b, bob, alice, dave):
    """Past due and open, due today, past due but resolved, past due but rejected; in two time zones."""

    def due(complaint, days_from_today):
        day = timezone.localdate(timezone=complaint.office.zone) + dt.timedelta(days=days_from_today)
        Complaint.objects.filter(pk=complaint.pk).update(due_date=day)
        return complaint

    late_a = due(make_complaint(company=company_a, received_days_ago=40).complaint, -1)
    late_b = due(make_complaint(company=company_b, received_days_ago=40).complaint, -3)
    due(make_complaint(company=company_a, received_days_ago=10).complaint, 0)  # due today: not yet overdue
    resolved = make_complaint(company=company_a, received_days_ago=40).complaint
    services.complaint_screen(complaint=resolved, actor=bob)
    services.complaint_close(complaint=resolved, actor=bob, outcome=Outcome.SETTLED)
    due(resolved, -5)
    rejected = make_complaint(company=company_b, received_days_ago=40).complaint
    services.complaint_reject(complaint=rejected, actor=dave, note="Di luar kewenangan")
    due(rejected, -5)
    assert Complaint.objects.get(pk=resolved.pk).status == Status.CLOSED
    return {late_a.pk, late_b.pk}


def test_it_agrees_on_overdue_everywhere(complaints, office_a, office_b, root, client_for):
    everything = Complaint.objects.select_related("office")
    annotated = {c.pk for c in selectors.with_overdue(everything) if c.overdue}
    on_the_model = {c.pk for c in everything if c.is_overdue}
    filtered = {
        c.pk for c in ComplaintFilter(QueryDict("overdue=true"), queryset=selectors.complaint_list(user=root)).qs
    }
    queues = sum(dashboards.office_work_queue(office=o).overdue for o in (office_a, office_b))
    today = timezone.localdate()
    report = figures.backlog(offices=[office_a, office_b], end=figures.add_months(figures.month_start(today), 1))
    assert annotated == on_the_model == filtered == complaints
    assert queues == report.overdue == len(complaints)
    # And the work queue page marks exactly those rows.
    html = client_for(root).get(reverse("complaints:complaint_list")).content.decode()
    assert html.count('<tr data-testid="complaint-row" class="table-danger">') == len(complaints)


def test_the_work_queue_counts_only_open_complaints(complaints, office_a, office_b):
    """New, unassigned and overdue are open complaints: the closed and the rejected ones (past due,
    unassigned) are in none of them, whatever index the counts are read through."""
    for office in (office_a, office_b):
        queue = dashboards.office_work_queue(office=office)
        mine = list(Complaint.objects.filter(office=office))
        today = timezone.localdate(timezone=office.zone)
        assert queue.new == sum(c.status == Status.RECEIVED for c in mine)
        assert queue.unassigned == sum(c.status in OPEN_STATUSES and c.assigned_to_id is None for c in mine)
        assert queue.overdue == sum(c.status in OPEN_STATUSES and c.due_date < today for c in mine)
    # The fixture has a past-due rejected complaint nobody was assigned: it must have been left out.
    assert Complaint.objects.filter(status=Status.REJECTED, assigned_to__isnull=True, due_date__lt=today).exists()


def test_it_shows_the_inspector_the_quota_of_the_figures(client_for, alice, alice2, company_a):
    now = timezone.now()
    InspectionFactory(company=company_a, lead_inspector=alice, status=InspectionStatus.REPORTED, visited_at=now)
    InspectionFactory(
        company=company_a, lead_inspector=alice2, team=[alice], status=InspectionStatus.CLOSED, visited_at=now
    )
    InspectionFactory(company=company_a, lead_inspector=alice, status=InspectionStatus.PLANNED)
    mine = figures.inspector_quota(inspector=alice, month=figures.month_start(timezone.localdate()))
    html = client_for(alice).get(reverse("home")).content.decode()
    assert mine.counted == 2
    assert f'data-testid="quota-count">{mine.counted} / {mine.quota}<' in html

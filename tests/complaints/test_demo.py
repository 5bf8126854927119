"""The demo complaints: every state, consistent histories, KS-I's ten complaints, idempotent."""

import io
import random
from datetime import UTC, datetime, timedelta

import pytest

from complaints import demo
from complaints.choices import RESOLVED_STATUSES, Status
from complaints.models import Complaint
from complaints.steps import ALLOWED_TRANSITIONS
from inspectorate.choices import Role
from tests.factories import CompanyFactory, DistrictFactory, OfficeFactory, RegionFactory, StaffFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


@pytest.fixture
def demo_org():
    west, south = RegionFactory(code="32", name="Jawa Barat"), RegionFactory(code="63", name="Kalimantan Selatan")
    offices = {
        "JB-II": OfficeFactory(code="JB-II", region=west, time_zone="Asia/Jakarta"),
        "JB-I": OfficeFactory(code="JB-I", region=west, time_zone="Asia/Jakarta"),
        "KS-I": OfficeFactory(code="KS-I", region=south, time_zone="Asia/Makassar"),
    }
    for code, office in offices.items():
        prefix = code.lower().replace("-", "")
        StaffFactory(username=f"{prefix}.kepala", role=Role.OFFICE_HEAD, office=office)
        for i in range(3):
            StaffFactory(username=f"{prefix}.pengawas{i:02d}", role=Role.INSPECTOR, office=office)
        for _district in range(2):
            district = DistrictFactory(office=office, region=office.region)
            for _ in range(4):
                CompanyFactory(district=district)
    return offices


def test_it_seeds_a_year_of_complaints_in_every_state_with_consistent_histories(demo_org):
    out = io.StringIO()
    demo.seed(rng=random.Random(7), now=NOW, stdout=out)
    complaints = list(Complaint.objects.prefetch_related("events", "categories"))
    assert len(complaints) == 110
    assert {c.status for c in complaints} == set(Status.values)
    assert Complaint.objects.filter(outcome="duplicate", duplicate_of__isnull=False).exists()
    for c in complaints:
        assert c.received_at <= NOW and c.received_at >= NOW - timedelta(days=366)
        assert c.categories.all(), c.reference
        events = list(c.events.all())
        assert events[0].to_status == Status.RECEIVED and events[0].from_status == ""
        status = Status.RECEIVED
        for event in events[1:]:
            assert event.from_status == status and event.to_status in ALLOWED_TRANSITIONS[status], c.reference
            assert event.at <= NOW and event.actor_id
            status = event.to_status
        assert status == c.status and c.status_changed_at == events[-1].at
        assert (c.outcome != "") == (c.status in RESOLVED_STATUSES and c.outcome != "")
        if c.status not in (Status.RECEIVED, Status.SCREENED, Status.REJECTED, Status.REFERRED) or c.assigned_to_id:
            assert c.assigned_to is None or c.assigned_to.office_id == c.office_id
    assert "110 demo complaints" in out.getvalue()


def test_it_gives_ks1_exactly_ten_complaints_this_year_six_resolved(demo_org):
    demo.seed(rng=random.Random(11), now=NOW, stdout=io.StringIO())
    office = demo_org["KS-I"]
    year = Complaint.objects.filter(office=office, received_at__gt=NOW - timedelta(days=365), received_at__lte=NOW)
    assert year.count() == Complaint.objects.filter(office=office).count() == 10
    assert all(c.received_at.astimezone(office.zone).year == 2026 for c in year)
    assert year.filter(status__in=RESOLVED_STATUSES).count() == 6
    assert not year.filter(status__in=[Status.REJECTED, Status.REFERRED]).exists()


def test_it_does_nothing_the_second_time(demo_org):
    demo.seed(rng=random.Random(1), now=NOW, stdout=io.StringIO())
    count = Complaint.objects.count()
    out = io.StringIO()
    demo.seed(rng=random.Random(2), now=NOW, stdout=out)
    assert Complaint.objects.count() == count and "already" in out.getvalue()

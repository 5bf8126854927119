import pytest
from django.core.cache import cache

from complaints import services
from inspectorate.choices import Role
from tests.factories import StaffFactory

from .factories import make_complaint


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice2(office_a):
    """A second inspector of office A, never assigned in these tests."""
    return StaffFactory(username="alice2", first_name="Alicia", role=Role.INSPECTOR, office=office_a)


@pytest.fixture
def intake(company_a):
    return make_complaint(company=company_a)


@pytest.fixture
def complaint(intake):
    return intake.complaint


@pytest.fixture
def assigned(complaint, bob, alice):
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    complaint.refresh_from_db()
    return complaint

import pytest

from inspectorate.choices import Role
from tests.factories import StaffFactory

from .factories import InspectionFactory
from .provisions import ensure_provisions


@pytest.fixture(autouse=True)
def _english(settings):
    # Assertions read English messages; pages fall back to LANGUAGE_CODE without Accept-Language.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _provisions(db):
    # Browser and worker tests (transactional) flush the tables the data migration filled.
    ensure_provisions()


@pytest.fixture
def alice2(office_a):
    """A second inspector of office A (team member)."""
    return StaffFactory(username="alice2", first_name="Ayu", role=Role.INSPECTOR, office=office_a)


@pytest.fixture
def ppns_a(office_a):
    return StaffFactory(
        username="ppns_a", first_name="Putu", role=Role.INSPECTOR, office=office_a, is_investigator=True
    )


@pytest.fixture
def visit_a(company_a, alice):
    return InspectionFactory(company=company_a, lead_inspector=alice)


@pytest.fixture
def visit_b(company_b, charlie):
    return InspectionFactory(company=company_b, lead_inspector=charlie)

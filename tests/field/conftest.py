import pytest

from tests.inspections.conftest import alice2  # noqa: F401 (a team member of office A)
from tests.inspections.factories import InspectionFactory
from tests.inspections.provisions import ensure_provisions


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _provisions(db):
    ensure_provisions()


@pytest.fixture
def visit_a(company_a, alice):
    return InspectionFactory(company=company_a, lead_inspector=alice)

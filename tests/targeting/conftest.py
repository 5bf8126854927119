import pytest

from targeting.defaults import ensure_defaults
from tests.inspections.provisions import ensure_provisions


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _provisions(db):
    # Browser and worker tests (transactional) flush the tables the data migrations filled.
    ensure_provisions()
    ensure_defaults()

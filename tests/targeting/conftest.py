import pytest

from tests.inspections.provisions import ensure_provisions


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _provisions(db):
    ensure_provisions()

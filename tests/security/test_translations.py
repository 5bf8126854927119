"""Indonesian is the default language: every message of every catalogue in the project is translated."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOGUES = sorted(
    str(p.relative_to(ROOT)) for p in ROOT.glob("**/locale/id/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_there_are_catalogues():
    assert "locale/id/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES)
def test_every_message_has_an_indonesian_translation(po):
    catalogue = polib.pofile(str(ROOT / po))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []

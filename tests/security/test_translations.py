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


@pytest.mark.parametrize("po", CATALOGUES)
def test_every_plural_message_has_the_forms_its_header_declares(po):
    # msgfmt --check refuses a catalogue whose entries have fewer forms than Plural-Forms says (.ci/run runs it).
    catalogue = polib.pofile(str(ROOT / po))
    header = catalogue.metadata["Plural-Forms"]
    forms = int(header.split("nplurals=")[1].split(";")[0])
    assert [e.msgid for e in catalogue if e.msgid_plural and len(e.msgstr_plural) != forms] == []


def test_indonesian_has_one_plural_form_at_runtime():
    from django.utils import translation

    with translation.override("id"):
        one = translation.ngettext("%(counter)s complaint", "%(counter)s complaints", 1) % {"counter": 1}
        many = translation.ngettext("%(counter)s complaint", "%(counter)s complaints", 5) % {"counter": 5}
    assert (one, many) == ("1 pengaduan", "5 pengaduan")


def test_the_sign_in_librarys_messages_write_anda_as_the_product_does(client, alice):
    """allauth's own Indonesian catalogue writes "anda"; ours (first in LOCALE_PATHS) writes "Anda"."""
    response = client.post(
        "/accounts/login/", {"login": "alice", "password": "not-her-password"}, HTTP_ACCEPT_LANGUAGE="id"
    )
    html = response.content.decode()
    assert "Nama pengguna dan/atau kata sandi yang Anda masukkan tidak benar." in html
    assert " anda " not in html

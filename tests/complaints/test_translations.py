"""Every message of the complaints app has its Indonesian translation; the public pages switch to English."""

import re
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parent.parent.parent / "complaints/locale/id/LC_MESSAGES/django.po"


def test_it_translates_every_message_of_the_app():
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    untranslated = []
    for block in text.split("\n\n")[1:]:
        msgid = "".join(re.findall(r'"(.*)"', (re.search(r"^msgid ((?:\".*\"\n)+)", block, re.M) or [""])[0] or ""))
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and not (msgstr and "".join(re.findall(r'"(.*)"', msgstr.group(1)))):
            untranslated.append(msgid)
    assert untranslated == []


@pytest.mark.django_db
def test_it_shows_the_public_form_in_english_after_the_footer_switch(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/lapor/"})
    assert response.status_code == 302
    assert "Report a labour problem" in client.get("/lapor/").content.decode()

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("po", ["audit/locale/id/LC_MESSAGES/django.po", "locale/id/LC_MESSAGES/django.po"])
def test_every_message_has_an_indonesian_translation(po):
    text = (ROOT / po).read_text(encoding="utf-8")
    untranslated = []
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', block, re.M)
        assert match, block
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        msgstr = "".join(re.findall(r'"(.*)"', match.group(2)))
        if msgid and not msgstr:
            untranslated.append(msgid)
    assert untranslated == []
    assert "#, fuzzy" not in text

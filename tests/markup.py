"""Comparing markup written in Python with the template loop it replaced."""

import difflib
import re


def squeeze(html: str) -> str:
    """Whitespace as a browser reads it: runs of it one space, none between two tags (table cells)."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


def same_markup(got: str, want: str) -> None:
    """Assert that ``got`` and ``want`` are the same markup, showing the differing tags if not."""
    got, want = squeeze(got), squeeze(want)
    assert got == want, "\n".join(difflib.ndiff(got.split("><"), want.split("><")))


def get_in(client, url: str, language: str):
    """``url`` as the client's user reads it in ``language`` (the cookie the site's language switch sets)."""
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response

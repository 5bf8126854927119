"""No text of the other language on a page: the main pages rendered in Indonesian and in English.

A visible text node (script and style skipped) that equals a message of two words or more whose
Indonesian translation differs from it is a leak: an English msgid on an Indonesian page, or an
Indonesian msgstr on an English one. Whole text nodes are compared, so words both languages share
(names, "Nota Pemeriksaan", "BPJS") never count.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from .world import World

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.django_db


def _catalogue_pairs() -> list[tuple[str, str]]:
    catalogue = polib.pofile(str(ROOT / "locale/id/LC_MESSAGES/django.po"))
    pairs = []
    for entry in catalogue.translated_entries():
        english, indonesian = _norm(entry.msgid), _norm(entry.msgstr)
        if "%(" in english or "{" in english or english.lower() == indonesian.lower():
            continue
        pairs.append((english, indonesian))
    return pairs


def _norm(text: str) -> str:
    return " ".join(text.split())


def _multiword(text: str) -> bool:
    return len(re.findall(r"[A-Za-z]{2,}", text)) >= 2


PAIRS = _catalogue_pairs()
# The language switch names each language in itself, on purpose.
NATIVE_NAMES = {"Bahasa Indonesia", "English"}
ENGLISH = {e for e, i in PAIRS if _multiword(e)} - {i for e, i in PAIRS}
INDONESIAN = {i for e, i in PAIRS if _multiword(i)} - {e for e, i in PAIRS} - NATIVE_NAMES


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.skip = 0
        self.nodes: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.nodes.append(_norm(data))


def visible_text_nodes(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.nodes


def pages(w: World) -> list[str]:
    return [
        "/",
        "/complaints/",
        f"/complaints/{w.complaint.pk}/",
        "/inspections/",
        f"/inspections/{w.visit.pk}/",
        f"/inspections/notices/{w.notice.pk}/",
        "/inspections/notices/",
        "/companies/",
        "/reports/",
        "/reports/dashboard/",
        "/accidents/",
        "/accidents/new/",
        f"/accidents/{w.accident.pk}/",
        "/accidents/diseases/",
        f"/accidents/diseases/{w.disease.pk}/",
        "/accidents/hours/",
        "/accidents/rates/",
    ]


@pytest.mark.parametrize("language", ["id", "en"])
def test_staff_pages_show_no_text_of_the_other_language(client, world, bob, root, language, settings):
    settings.LANGUAGE_CODE = "id"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(bob)
    foreign = ENGLISH if language == "id" else INDONESIAN
    leaks = {}
    # django-allauth's two-factor pages too: its own catalogue leaves them untranslated (ours has them).
    for url in [*pages(world), "/accounts/2fa/", "/accounts/2fa/totp/activate/", "/audit/"]:
        if url == "/audit/":
            client.force_login(root)  # the audit trail is for administrators
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        found = sorted({node for node in visible_text_nodes(response.content.decode()) if node in foreign})
        if found:
            leaks[url] = found
    assert leaks == {}


@pytest.mark.parametrize("language", ["id", "en"])
def test_public_pages_show_no_text_of_the_other_language(client, world, language, settings):
    settings.LANGUAGE_CODE = "id"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    foreign = ENGLISH if language == "id" else INDONESIAN
    leaks = {}
    for url in (
        "/lapor/",
        "/lapor/lacak/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
    ):
        html = client.get(url).content.decode()
        found = sorted({node for node in visible_text_nodes(html) if node in foreign})
        if found:
            leaks[url] = found
    html = client.post(
        "/lapor/lacak/",
        {"reference": world.complaint.reference, "code": world.tracking_code},
    ).content.decode()
    found = sorted({node for node in visible_text_nodes(html) if node in foreign})
    if found:
        leaks["track result"] = found
    assert leaks == {}
    if language == "id":  # django-allauth's own catalogue leaves this page's sentence untranslated
        assert "Masukkan alamat surel Anda" in client.get("/accounts/password/reset/").content.decode()


def test_the_two_factor_page_speaks_indonesian(client, bob, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    client.force_login(bob)
    assert "Aplikasi autentikator belum aktif." in client.get("/accounts/2fa/").content.decode()


def test_the_check_sees_a_leak():
    assert "Track a complaint" in ENGLISH and "Lacak pengaduan" in INDONESIAN
    assert visible_text_nodes("<p>Lacak <b>x</b></p><script>var a='Track a complaint'</script>") == ["Lacak", "x"]


# --- single words the scan above cannot tell from names: each one pinned -----------------------


def test_a_complaint_entered_from_a_letter_reads_as_such_in_indonesian(client, company_a, bob):
    from django.utils import translation

    from tests.complaints.factories import make_complaint

    with translation.override("en"):  # the seed and the API run in English; the page must not
        intake = make_complaint(company=company_a, channel="letter")
    client.force_login(bob)
    content = client.get(f"/complaints/{intake.complaint.pk}/").content.decode()
    nodes = visible_text_nodes(content)
    assert "Surat" in nodes and "Letter" not in nodes
    assert "pengadu (daring)" not in content  # a letter was not sent online by the complainant


def test_the_audit_trail_names_roles_in_the_readers_language(client, root, company_a):
    client.force_login(root)
    client.get("/audit/")  # reading the trail is itself recorded, with root's role
    nodes = visible_text_nodes(client.get("/audit/").content.decode())
    assert "admin" not in nodes and any(node.startswith("Admin") for node in nodes)


def test_the_dashboard_names_the_chosen_category(client, bob):
    client.force_login(bob)
    html = client.get("/reports/dashboard/", {"category": "wages"}).content.decode()
    scope = re.search(r'data-testid="dashboard-scope">(.*?)</p>', html, re.S).group(1)
    assert "Upah" in scope and "wages" not in scope


def test_the_complaint_export_speaks_the_readers_language(client, company_a, bob):
    import csv
    import io

    from tests.complaints.factories import make_complaint

    make_complaint(company=company_a)
    client.force_login(bob)
    rows = list(csv.reader(io.StringIO(client.get("/complaints/export.csv").content.decode())))
    header, row = rows[0], rows[1]
    assert "reference" not in header and "status" not in header and "overdue" not in header
    assert row[2] == "Diterima" and row[3] == "Daring" and row[6] == "Upah" and row[11] == "tidak"


def test_sort_choices_and_the_bpjs_filter_follow_the_language(client, bob, settings):
    client.force_login(bob)
    indonesian = client.get("/complaints/").content.decode()
    assert "(descending)" not in indonesian and "Diterima (menurun)" in indonesian
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = visible_text_nodes(client.get("/companies/").content.decode())
    assert "Registered with BPJS Ketenagakerjaan" in english and "Any" in english
    assert not {"Terdaftar di BPJS Ketenagakerjaan", "Semua", "Ya", "Tidak"} & set(english)

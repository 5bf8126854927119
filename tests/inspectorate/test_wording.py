"""Indonesian on the screen where English words were found: screen-reader labels, a message of the
sign-in library, a code list's keys."""

from pathlib import Path

import pytest
from django.utils import translation

from ..accidents.helpers import ensure_codes
from ..markup import get_in

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_breadcrumbs_are_named_in_the_reader_s_language(client_for, bob, company_a):
    from ..complaints.factories import make_complaint

    untranslated = [p.name for p in TEMPLATES.rglob("*.html") if 'aria-label="breadcrumb"' in p.read_text()]
    assert untranslated == []
    complaint = make_complaint(company=company_a).complaint
    html = get_in(client_for(bob), f"/complaints/{complaint.pk}/", "id").content.decode()
    assert '<nav aria-label="Jejak navigasi">' in html


def test_the_password_reset_page_tells_a_signed_in_user_in_indonesian(client_for, bob):
    html = get_in(client_for(bob), "/accounts/password/reset/", "id").content.decode()
    assert "Anda sudah masuk sebagai" in html and "already logged in" not in html


def test_a_code_list_shows_its_numbers_and_not_its_keys():
    from accidents.choices import CodeList
    from accidents.forms import CodeChoiceField

    ensure_codes()
    with translation.override("id"):
        employment = [label for _value, label in CodeChoiceField(CodeList.EMPLOYMENT).choices][1:]
        assert "Pekerja alih daya" in employment and not [label for label in employment if " — " in label]
        numbered = [label for _value, label in CodeChoiceField(CodeList.BODY_PART).choices][1:]
        assert numbered and all(label.split(" — ")[0].isdigit() for label in numbered)


def test_the_password_pages_speak_one_indonesian(client, client_for, bob):
    """The sign-in library's and Django's password pages in the product's words: "kata sandi",
    "Anda", "atur ulang", "tautan"; not their catalogues' "Sandi", "anda", "Reset" and "Link"."""
    pages = {
        "login": get_in(client, "/accounts/login/", "id"),
        "reset": get_in(client, "/accounts/password/reset/", "id"),
        "bad link": get_in(client, "/accounts/password/reset/key/1-set-password/", "id"),
        "change": get_in(client_for(bob), "/accounts/password/change/", "id"),
    }
    expected = {
        "login": ["Kata sandi"],
        "reset": ["Atur Ulang Kata Sandi", "Atur Ulang Kata Sandi Saya"],
        "bad link": ["Tautan Tidak Berlaku", "tautan baru"],
        "change": ["Kata sandi Anda tidak boleh terlalu mirip", "Kata sandi Anda tidak boleh hanya berisi angka."],
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        for words in expected[name]:
            assert words in html, (name, words)
        for words in ("Reset", "Link ", "Sandi anda", ">Sandi", "Token Salah"):
            assert words not in html, (name, words)

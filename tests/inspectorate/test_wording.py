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

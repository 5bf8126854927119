"""The public pages switch to English (every message's Indonesian translation: tests/security/test_translations.py)."""

import pytest


@pytest.mark.django_db
def test_it_shows_the_public_form_in_english_after_the_footer_switch(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/lapor/"})
    assert response.status_code == 302
    assert "Report a labour problem" in client.get("/lapor/").content.decode()

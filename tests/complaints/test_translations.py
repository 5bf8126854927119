"""The public pages switch to English (every message's Indonesian translation: tests/security/test_translations.py)."""

import pytest
from django.utils import translation


@pytest.mark.django_db
def test_it_shows_the_public_form_in_english_after_the_footer_switch(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/lapor/"})
    assert response.status_code == 302
    assert "Report a labour problem" in client.get("/lapor/").content.decode()


def test_it_shows_choice_labels_in_the_language_of_the_request():
    from complaints.choices import Status
    from complaints.models import Category, Complaint
    from inspectorate.choices import NormCategory

    complaint = Complaint(status=Status.IN_PROGRESS)
    category = Category(code=NormCategory.WAGES)
    with translation.override("en"):
        assert complaint.get_status_display() == "In progress"
        assert str(category) == "Wages"
    with translation.override("id"):
        assert complaint.get_status_display() == "Sedang ditangani"
        assert str(category) == "Upah"
    with translation.override("en"):
        assert complaint.get_status_display() == "In progress"
    assert Complaint(status="no-such-status").get_status_display() == "no-such-status"

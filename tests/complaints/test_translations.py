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


def test_choice_labels_of_every_model_using_them_are_djangos_own_in_both_languages():
    """ChoiceLabels reads a label from a dict built once per field and language; every model that
    uses it must print what Django's own get_FOO_display prints, in either language."""
    from django.apps import apps
    from django.db import models

    from inspectorate.choices import ChoiceLabels

    users = [m for m in apps.get_models() if issubclass(m, ChoiceLabels)]
    names = {m.__name__ for m in users}
    assert {"Complaint", "Category", "Staff", "Inspection", "Finding", "Notice", "Report"} <= names
    compared = 0
    for model in users:
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            for value, _label in field.flatchoices:
                obj = model(**{field.attname: value})
                for language in ("en", "id"):
                    with translation.override(language):
                        ours = getattr(obj, f"get_{field.name}_display")()
                        assert ours == models.Model._get_FIELD_display(obj, field), (model, field.name, value)
                        compared += 1
    assert compared > 100

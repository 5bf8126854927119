"""The complaint page's action forms, written in Python (complaints/action_html.py), carry the page's
CSRF token (inspectorate/security/csrf.py): one token for every form of the response."""

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.urls import reverse

from tests.inspectorate.test_csrf_token import signed_in, tokens


@pytest.mark.django_db
def test_the_complaint_pages_forms_written_in_python_carry_the_pages_token(assigned, alice):
    client = signed_in(alice)
    page = client.get(reverse("complaints:complaint_detail", args=[assigned.pk]))
    assert page.status_code == 200
    found = tokens(page)
    assert len(found) > 2  # the action forms (complaints/action_html.py) and the template's
    assert set(found) == {found[0]}
    assert _unmask_cipher_token(found[0]) == client.cookies["csrftoken"].value

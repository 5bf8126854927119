"""The authentication backend (inspectorate/security/backends.py): Django's, the user read with their office."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspectorate.security.backends import StaffBackend

pytestmark = pytest.mark.django_db


def test_it_reads_the_user_with_their_office_in_one_query(alice, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = StaffBackend().get_user(alice.pk)
        assert user == alice and user.office.name == alice.office.name


def test_it_refuses_an_inactive_or_unknown_user(alice):
    alice.is_active = False
    alice.save()
    assert StaffBackend().get_user(alice.pk) is None
    assert StaffBackend().get_user(10**9) is None


def test_a_login_through_the_form_keeps_the_office_out_of_every_later_query(client, alice, password):
    response = client.post(reverse("account_login"), {"login": "alice", "password": password})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == settings.AUTHENTICATION_BACKENDS[0]
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("home")).content.decode()
    # The account menu names the office; the office was read with the user, not on its own.
    assert alice.office.name in html
    office_reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "inspectorate_office"."id"')]
    assert office_reads == []


@pytest.mark.parametrize("who", ["alice", "root"])
def test_it_builds_the_user_and_office_the_orm_builds(request, who):
    from inspectorate.models import Staff
    from inspectorate.security.backends import staff_with_office

    person = request.getfixturevalue(who)
    person.nip = "198001012005011001" if who == "alice" else ""
    person.save()
    expected = Staff.objects.select_related("office").get(pk=person.pk)
    for key in (person.pk, str(person.pk)):  # the session keeps the key as text
        user = staff_with_office(key)
        assert {f.attname: getattr(user, f.attname) for f in Staff._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in Staff._meta.concrete_fields
        }
        assert user._state.adding is False and user._state.db == expected._state.db
        if expected.office is None:
            assert user.office is None
        else:
            office = user.office
            assert {f.attname: getattr(office, f.attname) for f in office._meta.concrete_fields} == {
                f.attname: getattr(expected.office, f.attname) for f in office._meta.concrete_fields
            }
        assert user.get_session_auth_hash() == expected.get_session_auth_hash()
    assert staff_with_office(10**9) is None

"""The request's user is read at once (inspectorate.middleware.AuthenticationMiddleware), with the
same queries as Django's lazy user; the districts a person may see are narrowed once per scope
(access.restricted_of) and follow a change of that scope."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from inspectorate import access, selectors
from inspectorate.models import District

from ..factories import DistrictFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users_seen(monkeypatch):
    """The request's user as the views get it."""
    from inspectorate import views

    seen = []
    original = views.selectors.company_list

    def company_list(*, user):
        seen.append(user)
        return original(user=user)

    monkeypatch.setattr(views.selectors, "company_list", company_list)
    return seen


def test_a_signed_in_persons_user_is_their_own_object_not_a_wrapper(client_for, bob, users_seen, company_a):
    from django.contrib.auth import get_user_model

    response = client_for(bob).get(reverse("inspectorate:company_list"), {"kbli": "1"})
    assert response.status_code == 200
    assert type(users_seen[0]) is get_user_model() and users_seen[0].pk == bob.pk
    assert type(response.wsgi_request.user) is get_user_model()
    assert users_seen[0].office == bob.office  # read with the user (one join)


def test_a_visitor_is_anonymous_and_sent_to_log_in(client):
    response = client.get(reverse("inspectorate:company_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert type(response.wsgi_request.user) is AnonymousUser


def test_a_deactivated_persons_session_ends(client_for, bob):
    client = client_for(bob)
    assert client.get(reverse("inspectorate:company_list")).status_code == 200
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    response = client.get(reverse("inspectorate:company_list"))
    assert response.status_code == 302 and type(response.wsgi_request.user) is AnonymousUser
    assert "_auth_user_id" not in client.session


def test_the_districts_follow_each_persons_scope_and_its_changes(bob, dave, erin, frank, root, district_a, district_b):
    names = lambda user: sorted(d.name for d in selectors.district_list(user=user))  # noqa: E731
    for _ in range(2):  # narrowed, then kept
        assert names(bob) == names(erin) == ["Kota Bekasi"]
        assert names(dave) == names(frank) == ["Kota Banjarmasin"]
        assert names(root) == ["Kota Banjarmasin", "Kota Bekasi"]
    other = RegionFactory(code="64", name="Kalimantan Timur")
    DistrictFactory(code="6472", name="Kota Samarinda", office=district_b.office, region=other)
    assert names(dave) == ["Kota Banjarmasin"]  # a new district of another region
    office = bob.office
    office.region = other
    office.save(update_fields=["region"])
    bob.refresh_from_db()
    assert names(bob) == ["Kota Samarinda"]  # the office moved: its region's districts
    assert selectors.district_list(user=root)._result_cache is None
    assert all(qs._result_cache is None for qs in access._RESTRICTED.values())  # never read itself
    assert District.objects.count() == 3


def _sql(queryset) -> str:
    from django.core.exceptions import EmptyResultSet

    try:
        return str(queryset.query)
    except EmptyResultSet:  # narrowed to nothing
        return "nothing"


@pytest.mark.parametrize("action", ["view", "change"])
def test_a_queryset_narrowed_once_per_scope_is_the_one_narrowed_each_time(
    action, alice, bob, charlie, dave, erin, frank, grace, root, district_a, district_b
):
    from complaints import selectors as complaint_selectors

    functions = [complaint_selectors.assignable_inspectors_all, selectors.offices_by_code, selectors.all_districts]
    people = [alice, bob, charlie, dave, erin, frank, grace, root]
    for _ in range(2):
        for function in functions:
            for person in people:
                kept = access.restricted_of(function, person, action)
                built = access.restrict(function(), person, action)
                assert _sql(kept) == _sql(built), (function, person)
                assert list(kept) == list(built), (function, person)

"""DESIGN.md §5 scope: who sees which offices, companies and staff, by page and by API.

Every actor tries objects of office A; out of scope must be a 404, like a missing object.
"""

import re

import pytest
from django.urls import reverse

from inspectorate import access
from inspectorate.models import Company, District, Office, Region, Staff

pytestmark = pytest.mark.django_db

# actor -> may view office A's objects
VIEWERS_OF_A = {
    "alice": True,
    "bob": True,
    "charlie": False,
    "dave": False,
    "erin": True,
    "frank": False,
    "grace": True,
    "root": True,
}
# actor -> may change office A's companies
WRITERS_OF_A = {
    "alice": True,
    "bob": True,
    "charlie": False,
    "dave": False,
    "erin": False,
    "frank": False,
    "grace": False,
    "root": True,
}


@pytest.fixture
def actor(request):
    return request.getfixturevalue(request.param)


def test_it_restricts_companies_per_role(alice, bob, charlie, dave, erin, frank, grace, root, company_a, company_b):
    actors = dict(alice=alice, bob=bob, charlie=charlie, dave=dave, erin=erin, frank=frank, grace=grace, root=root)
    for name, user in actors.items():
        visible = set(access.restrict(Company.objects.all(), user))
        assert (company_a in visible) is VIEWERS_OF_A[name], name
        changeable = set(access.restrict(Company.objects.all(), user, "change"))
        assert (company_a in changeable) is WRITERS_OF_A[name], name


def test_it_gives_nothing_to_anonymous_and_inactive(company_a, alice):
    from django.contrib.auth.models import AnonymousUser

    assert not access.restrict(Company.objects.all(), AnonymousUser()).exists()
    alice.is_active = False
    assert not access.restrict(Company.objects.all(), alice).exists()
    assert not access.restrict(Office.objects.all(), alice).exists()


def test_it_scopes_reference_data(alice, erin, grace, root, office_a, office_b, district_a, district_b):
    assert set(access.restrict(Office.objects.all(), alice)) == {office_a}
    assert set(access.restrict(Region.objects.all(), alice)) == {office_a.region}
    assert set(access.restrict(District.objects.all(), alice)) == {district_a}
    assert set(access.restrict(Office.objects.all(), erin)) == {office_a}
    assert set(access.restrict(Office.objects.all(), grace)) == {office_a, office_b}
    assert set(access.restrict(District.objects.all(), root)) == {district_a, district_b}
    assert not access.restrict(Office.objects.all(), grace, "change").exists()


def test_it_lets_only_admins_change_staff(alice, bob, grace, root, charlie):
    assert not access.restrict(Staff.objects.all(), bob, "change").exists()
    assert not access.restrict(Staff.objects.all(), grace, "change").exists()
    assert set(access.restrict(Staff.objects.all(), bob)) == {alice, bob}
    assert charlie in access.restrict(Staff.objects.all(), root, "change")


@pytest.mark.parametrize("actor", list(VIEWERS_OF_A), indirect=True)
def test_it_answers_the_company_page_by_scope(actor, client_for, company_a, request):
    name = next(k for k in VIEWERS_OF_A if request.getfixturevalue(k) == actor)
    response = client_for(actor).get(reverse("inspectorate:company_detail", args=[company_a.pk]))
    assert response.status_code == (200 if VIEWERS_OF_A[name] else 404)


@pytest.mark.parametrize("actor", list(VIEWERS_OF_A), indirect=True)
def test_it_answers_the_company_api_by_scope(actor, api_for, company_a, request):
    name = next(k for k in VIEWERS_OF_A if request.getfixturevalue(k) == actor)
    response = api_for(actor).get(f"/api/v1/companies/{company_a.pk}/")
    assert response.status_code == (200 if VIEWERS_OF_A[name] else 404)
    listing = api_for(actor).get("/api/v1/companies/").json()
    assert (company_a.pk in [c["id"] for c in listing["results"]]) is VIEWERS_OF_A[name]


@pytest.mark.parametrize("actor", list(WRITERS_OF_A), indirect=True)
def test_it_allows_company_updates_by_scope(actor, api_for, company_a, request):
    name = next(k for k in WRITERS_OF_A if request.getfixturevalue(k) == actor)
    response = api_for(actor).patch(f"/api/v1/companies/{company_a.pk}/", {"workers_total": 300}, format="json")
    company_a.refresh_from_db()
    if WRITERS_OF_A[name]:
        assert response.status_code == 200
        assert company_a.workers_total == 300
    else:
        # Officials read but never write; other offices do not even see it.
        assert response.status_code in (403, 404)
        if not VIEWERS_OF_A[name]:
            assert response.status_code == 404
        assert company_a.workers_total == 120


@pytest.mark.parametrize("path", ["regions", "districts", "offices", "staff"])
def test_it_hides_other_offices_reference_data_in_the_api(path, api_for, charlie, alice, office_a, district_a):
    target = {"regions": office_a.region_id, "districts": district_a.pk, "offices": office_a.pk, "staff": alice.pk}[
        path
    ]
    assert api_for(charlie).get(f"/api/v1/{path}/{target}/").status_code == 404
    assert api_for(alice).get(f"/api/v1/{path}/{target}/").status_code == 200


def test_it_answers_404_for_out_of_scope_like_for_missing(client_for, charlie, company_a):
    client = client_for(charlie)
    out_of_scope = client.get(reverse("inspectorate:company_detail", args=[company_a.pk]))
    missing = client.get(reverse("inspectorate:company_detail", args=[999999]))
    assert out_of_scope.status_code == missing.status_code == 404

    # Identical but for what differs on every response: the request's path and id, the CSRF token.
    def normalised(response, path):
        content = response.content.replace(response["X-Request-ID"].encode(), b"").replace(path.encode(), b"")
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)

    assert normalised(out_of_scope, f"/companies/{company_a.pk}/") == normalised(missing, "/companies/999999/")


def test_a_prepared_fetch_answers_as_get_for_user_does(alice, bob, charlie, dave, erin, frank, grace, root, office_a):
    """``get_prepared_for_user``, the complaint page's fetch (its query built once per shape): every
    role, twice (built, then run prepared), the object or a 404 exactly as ``get_for_user`` answers;
    a deactivated user and a key that is not a number, a 404."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from complaints.models import Complaint
    from complaints.selectors import complaint_detail_queryset

    from ..reporting.factories import ComplaintFactory

    mine, other = ComplaintFactory(office=office_a), ComplaintFactory()

    def answer(fetch, user, pk):
        try:
            return fetch(user, pk).pk
        except Http404:
            return 404

    prepared = lambda user, pk: access.get_prepared_for_user(Complaint, complaint_detail_queryset, user, pk)  # noqa: E731
    plain = lambda user, pk: access.get_for_user(complaint_detail_queryset(), user, pk=pk)  # noqa: E731
    actors = dict(alice=alice, bob=bob, charlie=charlie, dave=dave, erin=erin, frank=frank, grace=grace, root=root)
    for _ in range(2):
        for name, user in actors.items():
            assert answer(prepared, user, mine.pk) == (mine.pk if VIEWERS_OF_A[name] else 404), name
            for pk in (mine.pk, other.pk, 10**9):
                assert answer(prepared, user, pk) == answer(plain, user, pk), (name, pk)
    found = access.get_prepared_for_user(Complaint, complaint_detail_queryset, root, mine.pk)
    assert found.office == office_a and found.office.region == office_a.region
    assert answer(prepared, AnonymousUser(), mine.pk) == 404
    assert answer(prepared, root, "x") == 404
    alice.is_active = False
    assert answer(prepared, alice, mine.pk) == 404

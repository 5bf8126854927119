"""The organisation API: authentication, schema, staff management by admins, company writes."""

import pytest

from inspectorate.models import Company, Staff

pytestmark = pytest.mark.django_db


def test_it_requires_authentication(api_for, company_a):
    assert api_for().get("/api/v1/companies/").status_code in (401, 403)


def test_it_accepts_a_token_made_by_the_management_command(alice, company_a):
    import io

    from django.core.management import call_command
    from rest_framework.test import APIClient

    out = io.StringIO()
    call_command("drf_create_token", "alice", stdout=out)
    key = out.getvalue().split()[2]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/companies/").json()["count"] == 1


def test_it_serves_the_openapi_schema_and_docs(client, alice):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/companies/" in schema.content
    client.force_login(alice)
    assert client.get("/api/docs/").status_code == 200


def test_it_lets_admins_create_and_update_staff(api_for, root, office_a):
    response = api_for(root).post(
        "/api/v1/staff/",
        {"username": "new.pengawas", "role": "inspector", "office": office_a.pk, "password": "a-long-password-1"},
        format="json",
    )
    assert response.status_code == 201, response.content
    staff = Staff.objects.get(username="new.pengawas")
    assert staff.check_password("a-long-password-1")
    assert "password" not in response.json()
    response = api_for(root).patch(f"/api/v1/staff/{staff.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.is_active is False


def test_it_refuses_an_inspector_without_office(api_for, root):
    response = api_for(root).post("/api/v1/staff/", {"username": "x", "role": "inspector"}, format="json")
    assert response.status_code == 400
    assert "office" in response.json()
    assert not Staff.objects.filter(username="x").exists()


@pytest.mark.parametrize("actor", ["bob", "alice", "grace"])
def test_it_refuses_staff_changes_by_non_admins(api_for, request, actor, alice, office_a):
    user = request.getfixturevalue(actor)
    response = api_for(user).post("/api/v1/staff/", {"username": "y", "role": "admin"}, format="json")
    assert response.status_code == 403
    response = api_for(user).patch(f"/api/v1/staff/{alice.pk}/", {"role": "admin"}, format="json")
    assert response.status_code in (403, 404)
    alice.refresh_from_db()
    assert alice.role == "inspector"
    assert not Staff.objects.filter(username="y").exists()


def test_it_creates_a_company_in_scope_only(api_for, alice, district_a, district_b):
    data = {"name": "PT Baru", "nib": "9999999999999", "district": district_a.pk, "workers_total": 10}
    response = api_for(alice).post("/api/v1/companies/", data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["office"] == district_a.office_id
    data = {"name": "PT Jauh", "district": district_b.pk, "workers_total": 10}
    response = api_for(alice).post("/api/v1/companies/", data, format="json")
    assert response.status_code == 400
    assert not Company.objects.filter(name="PT Jauh").exists()


def test_it_refuses_company_writes_by_officials(api_for, erin, district_a):
    response = api_for(erin).post("/api/v1/companies/", {"name": "PT X", "district": district_a.pk}, format="json")
    assert response.status_code == 403
    assert not Company.objects.exists()


def test_it_rejects_a_duplicate_nib(api_for, alice, company_a, district_a):
    data = {"name": "PT Kembar", "nib": company_a.nib, "district": district_a.pk}
    response = api_for(alice).post("/api/v1/companies/", data, format="json")
    assert response.status_code == 400
    assert Company.objects.filter(nib=company_a.nib).count() == 1


def test_it_keeps_the_company_api_query_count_flat(api_for, alice, district_a, django_assert_max_num_queries):
    from ..factories import CompanyFactory

    api = api_for(alice)
    CompanyFactory.create_batch(2, district=district_a)
    with django_assert_max_num_queries(8) as few:
        api.get("/api/v1/companies/")
    CompanyFactory.create_batch(30, district=district_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        api.get("/api/v1/companies/")

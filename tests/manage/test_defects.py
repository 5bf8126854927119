"""Issue 13/11 defects of administration: each test failed before its fix."""

import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from audit.choices import Action
from audit.models import AuditEntry
from inspectorate import demo
from inspectorate.choices import Role
from inspectorate.models import Office, Region, Staff

pytestmark = pytest.mark.django_db


def test_it_creates_a_superuser_without_input(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-superuser-passphrase")
    call_command(
        "createsuperuser", "--noinput", "--username", "root2", "--email", "root2@example.org", stdout=io.StringIO()
    )

    root2 = Staff.objects.get(username="root2")
    assert root2.is_superuser and root2.is_staff
    assert root2.role == Role.ADMIN
    assert root2.office is None


def test_it_lets_a_role_admin_manage_regions_and_offices_in_django_admin(client_for, root, office_a):
    client = client_for(root)
    assert not root.is_superuser

    assert client.get("/admin/inspectorate/region/").status_code == 200
    assert client.get(f"/admin/inspectorate/office/{office_a.pk}/change/").status_code == 200
    response = client.post("/admin/inspectorate/region/add/", {"code": "61", "name": "Kalimantan Barat"})
    assert response.status_code == 302, response.content[:2000]
    assert Region.objects.filter(code="61").exists()
    assert AuditEntry.objects.filter(action=Action.CREATE, object_type="inspectorate.region").count() == 1


def test_it_keeps_django_admin_closed_to_non_admins(client_for, bob):
    assert client_for(bob).get("/admin/inspectorate/region/").status_code == 302


def test_it_seeds_demo_staff_whose_nips_are_valid(db):
    demo.seed(rng=random.Random(7), companies_per_office=3)

    with_nip = Staff.objects.exclude(nip="")
    assert with_nip.count() >= 27
    for staff in with_nip:
        staff.full_clean(exclude=["password"])  # "A NIP has 18 digits." before the fix


def test_it_lets_an_admin_edit_a_demo_inspector(db):
    demo.seed(rng=random.Random(7), companies_per_office=3)
    from inspectorate import services

    admin = Staff.objects.get(username="admin")
    inspector = Staff.objects.get(username="ks1.pengawas03")
    services.staff_update(actor=admin, staff=inspector, first_name="Rahmat")
    inspector.refresh_from_db()
    assert inspector.first_name == "Rahmat"


@pytest.mark.parametrize(
    "nip",
    [
        "1980010120050110",  # 16 digits: the old demo format
        "198013012005011001",  # birth month 13
        "198001012005131001",  # appointment month 13
        "198001012005013001",  # sex digit 3
        "198001012005011000",  # sequence 000
    ],
)
def test_it_refuses_a_malformed_nip(office_a, nip):
    staff = Staff(username="x", role=Role.INSPECTOR, office=office_a, nip=nip)
    with pytest.raises(ValidationError) as exc:
        staff.full_clean(exclude=["password"])
    assert "nip" in exc.value.message_dict


def test_it_accepts_a_well_formed_nip(office_a):
    Staff(username="x", role=Role.INSPECTOR, office=office_a, nip="198001012005011001").full_clean(exclude=["password"])


def test_it_refuses_a_weak_password_through_the_api(api_for, root, alice):
    before = alice.password
    response = api_for(root).patch(f"/api/v1/staff/{alice.pk}/", {"password": "1234567890"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()
    assert "numeric" in str(response.json()["password"]).lower() or "angka" in str(response.json()["password"])
    alice.refresh_from_db()
    assert alice.password == before
    assert not AuditEntry.objects.filter(action=Action.STAFF_CHANGE).exists()


def test_it_sets_a_valid_password_through_the_api_with_one_audit_entry(api_for, root, alice):
    response = api_for(root).patch(f"/api/v1/staff/{alice.pk}/", {"password": "plum-orchard-ladder-42"}, format="json")

    assert response.status_code == 200, response.content
    alice.refresh_from_db()
    assert alice.check_password("plum-orchard-ladder-42")
    entries = AuditEntry.objects.filter(action=Action.STAFF_CHANGE, object_id=str(alice.pk))
    assert entries.count() == 1
    assert entries.get().changed_fields == ["password"]


def test_it_refuses_a_weak_password_when_staff_is_created_through_the_api(api_for, root, office_a):
    response = api_for(root).post(
        "/api/v1/staff/",
        {"username": "weak", "role": "inspector", "office": office_a.pk, "password": "weak"},
        format="json",
    )
    assert response.status_code == 400
    assert not Staff.objects.filter(username="weak").exists()


def test_it_audits_office_changes_made_in_django_admin(client_for, root, office_a):
    data = {
        "code": office_a.code,
        "name": "UPTD Baru",
        "region": office_a.region_id,
        "time_zone": "Asia/Jakarta",
        "monthly_quota": 6,
        "complaint_due_days": 30,
        "address": "",
        "districts-TOTAL_FORMS": "0",
        "districts-INITIAL_FORMS": "0",
        "districts-MIN_NUM_FORMS": "0",
        "districts-MAX_NUM_FORMS": "1000",
    }
    response = client_for(root).post(f"/admin/inspectorate/office/{office_a.pk}/change/", data)
    assert response.status_code == 302, response.content[:3000]
    assert Office.objects.get(pk=office_a.pk).monthly_quota == 6
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_type="inspectorate.office")
    assert set(entry.changed_fields) == {"name", "monthly_quota"}


def test_it_creates_staff_in_django_admin_through_the_service(client_for, root, office_a):
    response = client_for(root).post(
        "/admin/inspectorate/staff/add/",
        {
            "username": "jb1.pengawas20",
            "password1": "plum-orchard-ladder-42",
            "password2": "plum-orchard-ladder-42",
            "usable_password": "true",
            "first_name": "Nur",
            "last_name": "Hakim",
            "role": Role.INSPECTOR,
            "office": office_a.pk,
            "nip": "199001012015011001",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    staff = Staff.objects.get(username="jb1.pengawas20")
    assert staff.check_password("plum-orchard-ladder-42") and staff.office == office_a
    entry = AuditEntry.objects.get(action=Action.STAFF_CHANGE, object_id=str(staff.pk))
    assert entry.extra == {"operation": "create", "via": "admin"}


def test_it_refuses_a_weak_password_in_django_admin(client_for, root, alice):
    before = alice.password
    url = f"/admin/inspectorate/staff/{alice.pk}/password/"
    response = client_for(root).post(url, {"password1": "1234567890", "password2": "1234567890"})
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.password == before

    response = client_for(root).post(
        url, {"password1": "plum-orchard-ladder-42", "password2": "plum-orchard-ladder-42"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("plum-orchard-ladder-42")
    assert AuditEntry.objects.filter(action=Action.STAFF_CHANGE, object_id=str(alice.pk)).count() == 1

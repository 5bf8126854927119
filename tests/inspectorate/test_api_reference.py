"""Reference data through the API: admins create and update regions, districts, offices (with the
districts they serve and their time zone), legal provisions and complaint categories through the
same services as /manage/; everyone who files or records reads the ids they need; id filters work.
"""

import pytest

from audit.models import AuditEntry
from complaints.models import Category
from inspections.models import LegalProvision
from inspectorate.models import District, Office, Region
from tests.factories import CompanyFactory, DistrictFactory
from tests.inspections.factories import InspectionFactory

pytestmark = pytest.mark.django_db


def test_it_lets_an_admin_build_a_region_a_district_and_an_office(api_for, root):
    api = api_for(root)
    region = api.post("/api/v1/regions/", {"code": "73", "name": "Sulawesi Selatan"}, format="json")
    assert region.status_code == 201, region.json()
    region_id = region.json()["id"]
    districts = [
        api.post("/api/v1/districts/", {"code": code, "name": name, "region": region_id}, format="json")
        for code, name in [("7371", "Kota Makassar"), ("7372", "Kota Parepare")]
    ]
    assert [d.status_code for d in districts] == [201, 201]
    ids = [d.json()["id"] for d in districts]
    office = api.post(
        "/api/v1/offices/",
        {
            "code": "SS-1",
            "name": "UPTD Pengawasan Wilayah I Sulsel",
            "region": region_id,
            "time_zone": "Asia/Makassar",
            "monthly_quota": 5,
            "complaint_due_days": 30,
            "districts": ids,
        },
        format="json",
    )
    assert office.status_code == 201, office.json()
    assert sorted(office.json()["districts"]) == sorted(ids) and office.json()["time_zone"] == "Asia/Makassar"
    made = Office.objects.get(code="SS-1")
    assert set(District.objects.filter(office=made).values_list("pk", flat=True)) == set(ids)

    # Serving one district only: the other is released, both changes audited.
    changed = api.patch(f"/api/v1/offices/{made.pk}/", {"districts": ids[:1], "monthly_quota": 6}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["districts"] == ids[:1] and changed.json()["monthly_quota"] == 6
    assert District.objects.get(pk=ids[1]).office_id is None
    assert AuditEntry.objects.filter(actor=root, extra__via="api").count() >= 6

    renamed = api.patch(f"/api/v1/regions/{region_id}/", {"name": "Prov. Sulawesi Selatan"}, format="json")
    assert renamed.status_code == 200 and Region.objects.get(pk=region_id).name == "Prov. Sulawesi Selatan"


def test_it_refuses_bad_reference_data_and_changes_nothing(api_for, root, region_a, region_b, office_a):
    api = api_for(root)
    other_region = DistrictFactory(region=region_b, office=None)
    before = (Region.objects.count(), District.objects.count(), Office.objects.count())
    assert api.post("/api/v1/regions/", {"code": region_a.code, "name": "Dua kali"}, format="json").status_code == 400
    zone = api.post(
        "/api/v1/offices/",
        {"code": "X-1", "name": "Kantor", "region": region_a.pk, "time_zone": "Asia/Makasar"},
        format="json",
    )
    assert zone.status_code == 400 and "time_zone" in zone.json()
    wrong = api.post(
        "/api/v1/offices/",
        {"code": "X-2", "name": "Kantor", "region": region_a.pk, "districts": [other_region.pk]},
        format="json",
    )
    assert wrong.status_code == 400 and "districts" in wrong.json()
    mismatch = api.post(
        "/api/v1/districts/",
        {"code": "9999", "name": "Kab. Salah", "region": region_b.pk, "office": office_a.pk},
        format="json",
    )
    assert mismatch.status_code == 400 and "office" in mismatch.json()
    assert (Region.objects.count(), District.objects.count(), Office.objects.count()) == before


@pytest.mark.parametrize("actor", ["alice", "bob", "erin", "grace"])
def test_it_refuses_reference_writes_by_non_admins(api_for, request, actor, region_a, office_a, district_a):
    api = api_for(request.getfixturevalue(actor))
    provision = LegalProvision.objects.first()
    category = Category.objects.first()
    assert api.post("/api/v1/regions/", {"code": "99", "name": "X"}, format="json").status_code == 403
    assert api.post("/api/v1/offices/", {"code": "Z", "name": "Z", "region": region_a.pk}).status_code == 403
    assert api.post("/api/v1/provisions/", {"act": "UU 1/1970", "article": "ps. 99"}).status_code == 403
    assert api.post("/api/v1/categories/", {"code": "other"}).status_code == 403
    # Changing is an admin's: 403 where the office is in the actor's scope (its own staff) or the data is
    # shared, 404 where it is not in their write scope at all (officials only read).
    own_office = 403 if actor in ("alice", "bob") else 404
    assert api.patch(f"/api/v1/offices/{office_a.pk}/", {"name": "Z"}, format="json").status_code == own_office
    assert api.patch(f"/api/v1/districts/{district_a.pk}/", {"name": "Z"}, format="json").status_code == 404
    assert api.patch(f"/api/v1/provisions/{provision.pk}/", {"is_active": False}, format="json").status_code == 403
    assert api.patch(f"/api/v1/categories/{category.pk}/", {"position": 9}, format="json").status_code == 403
    office_a.refresh_from_db()
    provision.refresh_from_db()
    assert office_a.name != "Z" and provision.is_active


def test_everyone_reads_the_provisions_and_categories_they_need(api_for, alice, erin, root):
    for user in (alice, erin):
        provisions = api_for(user).get("/api/v1/provisions/?is_active=true").json()
        assert provisions["count"] >= 1 and {"id", "act", "article", "category"} <= set(provisions["results"][0])
        categories = api_for(user).get("/api/v1/categories/").json()
        assert {c["code"] for c in categories["results"]} >= {"wages"}


def test_it_lets_an_admin_add_and_withdraw_a_provision_and_a_category(api_for, root):
    api = api_for(root)
    made = api.post(
        "/api/v1/provisions/",
        {"act": "UU 6/2023", "article": "ps. 81 angka 99", "title": "Upah minimum", "category": "wages"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    withdrawn = api.patch(f"/api/v1/provisions/{made.json()['id']}/", {"is_active": False}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["is_active"] is False
    Category.objects.filter(code="other").delete()
    category = api.post("/api/v1/categories/", {"code": "other", "position": 99}, format="json")
    assert category.status_code == 201, category.json()
    assert api.post("/api/v1/categories/", {"code": "other"}, format="json").status_code == 400


def test_the_id_filters_work_in_scope_and_refuse_out_of_scope_ids(
    api_for, alice, bob, charlie, district_a, district_b, company_a, company_b
):
    other = CompanyFactory(name="PT Lain", district=DistrictFactory(region=district_a.region, office=district_a.office))
    listed = api_for(alice).get(f"/api/v1/companies/?district={district_a.pk}")
    assert listed.status_code == 200 and [c["id"] for c in listed.json()["results"]] == [company_a.pk]
    assert other.pk not in [c["id"] for c in listed.json()["results"]]
    # Another office's district answers like a district that does not exist.
    outside = api_for(alice).get(f"/api/v1/companies/?district={district_b.pk}")
    missing = api_for(alice).get("/api/v1/companies/?district=987654")
    assert outside.status_code == missing.status_code == 400 and outside.json() == missing.json()

    mine = InspectionFactory(company=company_a, lead_inspector=alice)
    InspectionFactory(company=company_b, lead_inspector=charlie)
    visits = api_for(bob).get(f"/api/v1/inspections/?inspector={alice.pk}")
    assert visits.status_code == 200 and [v["id"] for v in visits.json()["results"]] == [mine.pk]
    assert api_for(bob).get(f"/api/v1/inspections/?inspector={charlie.pk}").status_code == 400


def test_admins_deactivate_unlock_and_reset_staff_passwords(
    api_for, root, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    api = api_for(root)
    alice.email = "alice@example.org"
    alice.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        reset = api.post(f"/api/v1/staff/{alice.pk}/password-reset/")
    assert reset.status_code == 200, reset.json()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["alice@example.org"]
    assert api.post(f"/api/v1/staff/{alice.pk}/unlock/").status_code == 200
    assert api.post(f"/api/v1/staff/{root.pk}/deactivate/").status_code == 400  # not oneself
    assert api.post(f"/api/v1/staff/{alice.pk}/deactivate/").status_code == 200
    alice.refresh_from_db()
    assert not alice.is_active
    assert api.patch(f"/api/v1/staff/{alice.pk}/", {"is_active": True}, format="json").json()["is_active"] is True
    # Nobody else manages accounts: staff they can read answer 404 to these actions.
    for path in ("password-reset", "unlock", "deactivate"):
        assert api_for(bob).post(f"/api/v1/staff/{alice.pk}/{path}/").status_code == 404

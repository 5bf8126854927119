"""The management area: administrators only (404 for anyone else), POST for changes, each
change through its service with one audit entry."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.urls import reverse

from audit.choices import Action, Outcome
from audit.models import AuditEntry
from complaints.models import Category
from inspections.models import LegalProvision
from inspectorate.choices import ImportStatus, Role
from inspectorate.models import Company, CompanyImport, District, Office, Region, Staff
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def mark() -> int:
    return AuditEntry.objects.aggregate(m=Max("pk"))["m"] or 0


def entries_since(before: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(pk__gt=before).order_by("pk"))


@pytest.fixture
def pages(alice, office_a):
    return [
        reverse("manage:index"),
        reverse("manage:staff_list"),
        reverse("manage:staff_create"),
        reverse("manage:staff_update", args=[alice.pk]),
        reverse("manage:reference_list", args=["regions"]),
        reverse("manage:reference_list", args=["districts"]),
        reverse("manage:reference_list", args=["offices"]),
        reverse("manage:reference_list", args=["provisions"]),
        reverse("manage:reference_list", args=["categories"]),
        reverse("manage:reference_create", args=["offices"]),
        reverse("manage:reference_update", args=["offices", office_a.pk]),
        reverse("manage:company_import_create"),
    ]


@pytest.fixture
def actions(alice):
    return [
        reverse(name, args=[alice.pk])
        for name in (
            "manage:staff_deactivate",
            "manage:staff_activate",
            "manage:staff_password_reset",
            "manage:staff_unlock",
        )
    ]


def test_it_sends_anonymous_visitors_to_the_login(client, pages, actions):
    for url in pages + actions:
        response = client.post(url) if url in actions else client.get(url)
        assert response.status_code == 302, url
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("actor", ["alice", "bob", "grace", "erin"])
def test_it_answers_404_to_everyone_but_administrators(client_for, request, actor, pages, actions, alice):
    client = client_for(request.getfixturevalue(actor))
    for url in pages:
        assert client.get(url).status_code == 404, url
    for url in actions:
        assert client.post(url).status_code == 404, url
    alice.refresh_from_db()
    assert alice.is_active


def test_it_shows_every_page_to_an_administrator(client_for, root, pages):
    client = client_for(root)
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_it_refuses_the_wrong_method(client_for, root, actions, pages):
    client = client_for(root)
    for url in actions:
        assert client.get(url).status_code == 405, url
    assert client.delete(pages[2]).status_code == 405
    assert client.post(reverse("manage:staff_list")).status_code == 405
    assert client.post(reverse("manage:reference_list", args=["regions"])).status_code == 405


def test_it_answers_404_for_an_unknown_kind(client_for, root):
    assert client_for(root).get("/manage/planets/").status_code == 404


def test_it_creates_an_inspector_and_mails_a_password_link(
    client_for, root, office_a, django_capture_on_commit_callbacks
):
    client = client_for(root)
    before = mark()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("manage:staff_create"),
            {
                "username": "ks1.pengawas10",
                "first_name": "Sari",
                "last_name": "Noor",
                "email": "sari@example.org",
                "nip": "199003152015062001",
                "role": Role.INSPECTOR,
                "office": office_a.pk,
                "send_password_link": "on",
            },
        )
    staff = Staff.objects.get(username="ks1.pengawas10")
    assert response.status_code == 302
    assert response["Location"] == reverse("manage:staff_update", args=[staff.pk])
    assert staff.office == office_a and staff.role == Role.INSPECTOR and not staff.has_usable_password()
    entry, sent = entries_since(before)
    assert entry.action == Action.STAFF_CHANGE and entry.object_id == str(staff.pk)
    assert "nip" in entry.changed_fields and entry.extra["operation"] == "create"
    assert sent.extra["operation"] == "password_reset_sent"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sari@example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_it_refuses_an_inspector_without_office_and_changes_nothing(client_for, root):
    client = client_for(root)
    before = mark()
    response = client.post(reverse("manage:staff_create"), {"username": "nobody", "role": Role.INSPECTOR, "nip": ""})
    assert response.status_code == 400
    assert "Pengawas dan kepala UPTD harus terdaftar pada satu kantor." in response.content.decode()
    assert not Staff.objects.filter(username="nobody").exists()
    assert entries_since(before) == []


def test_it_refuses_a_malformed_nip_with_a_clear_message(client_for, root, office_a, settings):
    settings.LANGUAGE_CODE = "en"
    response = client_for(root).post(
        reverse("manage:staff_create"),
        {"username": "x1", "role": Role.INSPECTOR, "office": office_a.pk, "nip": "1980010120050110"},
    )
    assert response.status_code == 400
    assert "A NIP has 18 digits." in response.content.decode()


def test_it_moves_an_inspector_to_another_office_and_role(client_for, root, alice, office_b):
    client = client_for(root)
    before = mark()
    response = client.post(
        reverse("manage:staff_update", args=[alice.pk]),
        {"username": "alice", "first_name": "Alice", "last_name": alice.last_name, "email": "", "nip": "",
         "role": Role.OFFICE_HEAD, "office": office_b.pk},
    )  # fmt: skip
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.office == office_b and alice.role == Role.OFFICE_HEAD
    [entry] = entries_since(before)
    assert entry.changed_fields == ["office", "role"]


def test_it_deactivates_an_account(client_for, root, alice):
    client = client_for(root)
    before = mark()
    response = client.post(reverse("manage:staff_deactivate", args=[alice.pk]))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    [entry] = entries_since(before)
    assert entry.changed_fields == ["is_active"] and entry.object_id == str(alice.pk)


def test_it_does_not_let_an_admin_deactivate_themself(client_for, root):
    client_for(root).post(reverse("manage:staff_deactivate", args=[root.pk]))
    root.refresh_from_db()
    assert root.is_active


def test_it_sends_a_password_reset_link(client_for, root, alice, django_capture_on_commit_callbacks):
    alice.email = "alice@example.org"
    alice.save()
    client = client_for(root)
    before = mark()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("manage:staff_password_reset", args=[alice.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    [entry] = entries_since(before)
    assert entry.extra["operation"] == "password_reset_sent"


def test_it_lifts_a_login_lock(client, client_for, root, alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/15m/key", "login": "120/m/ip"}
    login = reverse("account_login")
    for _ in range(3):
        client.post(login, {"login": "alice", "password": "wrong-password"})
    assert AuditEntry.objects.filter(action=Action.LOCKOUT, outcome=Outcome.DENIED).exists()
    locked = client.post(login, {"login": "alice", "password": "correct-horse-battery-staple"})
    assert locked.status_code != 302 or "_auth_user_id" not in client.session

    from django.test import Client

    admin_client = Client()
    admin_client.force_login(root)
    before = mark()
    assert admin_client.post(reverse("manage:staff_unlock", args=[alice.pk])).status_code == 302
    [entry] = entries_since(before)
    assert entry.extra["operation"] == "unlock"

    response = client.post(login, {"login": "alice", "password": "correct-horse-battery-staple"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


@pytest.mark.parametrize(
    ("kind", "data", "model", "lookup"),
    [
        ("regions", {"code": "61", "name": "Kalimantan Barat"}, Region, {"code": "61"}),
        ("provisions", {"act": "UU 1/1970", "article": "ps. 99", "title": "Wajib APAR", "category": "osh",
                        "is_active": "on"}, LegalProvision, {"act": "UU 1/1970", "article": "ps. 99"}),
        ("categories", {"code": "child_labour", "position": "4"}, Category, {"code": "child_labour"}),
    ],
)  # fmt: skip
def test_it_creates_reference_data(client_for, root, kind, data, model, lookup):
    Category.objects.filter(code="child_labour").delete()  # shipped by a migration
    client = client_for(root)
    before = mark()
    response = client.post(reverse("manage:reference_create", args=[kind]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    obj = model.objects.get(**lookup)
    [entry] = entries_since(before)
    assert entry.action == Action.CREATE and entry.object_id == str(obj.pk)


def test_it_creates_an_office_and_a_district_it_serves(client_for, root, region_a):
    client = client_for(root)
    response = client.post(
        reverse("manage:reference_create", args=["offices"]),
        {"code": "JB-III", "name": "UPTD Wilayah III", "region": region_a.pk, "time_zone": "Asia/Jakarta",
         "monthly_quota": 5, "complaint_due_days": 30, "address": ""},
    )  # fmt: skip
    assert response.status_code == 302
    office = Office.objects.get(code="JB-III")
    response = client.post(
        reverse("manage:reference_create", args=["districts"]),
        {"code": "3201", "name": "Kabupaten Bogor", "region": region_a.pk, "office": office.pk},
    )
    assert response.status_code == 302
    assert District.objects.get(code="3201").office == office


def test_it_refuses_a_district_served_by_an_office_of_another_region(client_for, root, region_a, office_b):
    response = client_for(root).post(
        reverse("manage:reference_create", args=["districts"]),
        {"code": "3201", "name": "Kabupaten Bogor", "region": region_a.pk, "office": office_b.pk},
    )
    assert response.status_code == 400
    assert not District.objects.filter(code="3201").exists()


def test_it_changes_an_office_quota(client_for, root, office_a):
    client = client_for(root)
    before = mark()
    response = client.post(
        reverse("manage:reference_update", args=["offices", office_a.pk]),
        {"code": office_a.code, "name": office_a.name, "region": office_a.region_id, "time_zone": "Asia/Jakarta",
         "monthly_quota": 7, "complaint_due_days": 30, "address": ""},
    )  # fmt: skip
    assert response.status_code == 302
    office_a.refresh_from_db()
    assert office_a.monthly_quota == 7
    [entry] = entries_since(before)
    assert entry.action == Action.UPDATE and entry.changed_fields == ["monthly_quota"]


def test_it_refuses_an_invalid_quota_and_changes_nothing(client_for, root, office_a):
    response = client_for(root).post(
        reverse("manage:reference_update", args=["offices", office_a.pk]),
        {"code": office_a.code, "name": office_a.name, "region": office_a.region_id, "time_zone": "Asia/Jakarta",
         "monthly_quota": 0, "complaint_due_days": 30},
    )  # fmt: skip
    assert response.status_code == 400
    office_a.refresh_from_db()
    assert office_a.monthly_quota == 5


CSV = (
    "nib,name,kbli,address,district_code,workers_total,workers_female,workers_foreign,bpjs_registered,bpjs_participants\n"
    "1234567890123,PT Baru Satu,10750,Jl. A,3275,50,10,0,ya,40\n"
    "1234567890124,PT Baru Dua,10750,Jl. B,9999,50,10,0,ya,40\n"
    "123,PT Salah NIB,10750,Jl. C,3275,50,10,0,ya,40\n"
)


def test_it_imports_a_company_csv_and_keeps_the_report(
    client_for, root, district_a, django_capture_on_commit_callbacks
):
    client = client_for(root)
    before = mark()
    upload = SimpleUploadedFile("perusahaan.csv", CSV.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("manage:company_import_create"), {"file": upload})

    job = CompanyImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("manage:company_import_detail", args=[job.pk])
    assert job.status == ImportStatus.DONE
    assert (job.created, job.updated, job.unchanged) == (1, 0, 0)
    assert [line for line, _ in job.errors] == [3, 4]
    assert Company.objects.filter(name="PT Baru Satu", district=district_a).exists()
    actions = [(e.action, e.object_type) for e in entries_since(before)]
    assert actions == [(Action.CREATE, "inspectorate.companyimport"), (Action.UPDATE, "inspectorate.companyimport")]

    page = client_for(root).get(response["Location"])
    content = page.content.decode()
    assert "unknown district code “9999”" in content or "9999" in content
    assert "PT Baru Dua" not in content  # the report names lines and reasons, not the rows


def test_it_refuses_a_file_that_is_not_csv(client_for, root):
    upload = SimpleUploadedFile("perusahaan.xlsx", b"PK\x03\x04", content_type="application/octet-stream")
    response = client_for(root).post(reverse("manage:company_import_create"), {"file": upload})
    assert response.status_code == 400
    assert not CompanyImport.objects.exists()


def test_it_keeps_an_import_recorded_when_the_queue_is_down(
    client_for, root, district_a, monkeypatch, django_capture_on_commit_callbacks
):
    from inspectorate import tasks

    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.run_company_import, "delay", down)
    upload = SimpleUploadedFile("perusahaan.csv", CSV.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(root).post(reverse("manage:company_import_create"), {"file": upload})
    job = CompanyImport.objects.get()
    assert response.status_code == 302
    assert job.status == ImportStatus.QUEUED

    # The queue is back: the beat task hands the waiting import over once it has waited a while.
    monkeypatch.undo()
    from inspectorate.services import company_import_run, company_imports_dispatch_waiting

    assert company_imports_dispatch_waiting() == 0  # not waiting long enough yet
    assert company_imports_dispatch_waiting(older_than_seconds=0) == 1  # runs in-process here
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created == 1
    assert company_import_run(import_id=job.pk) is None  # claimed once only


def test_it_answers_the_progress_as_json(client_for, root, district_a):
    job = CompanyImport.objects.create(original_name="x.csv", uploaded_by=root, rows_read=500, rows_total=1000,
                                       status=ImportStatus.RUNNING)  # fmt: skip
    response = client_for(root).get(
        reverse("manage:company_import_detail", args=[job.pk]), headers={"Accept": "application/json"}
    )
    assert response.json() == {"status": "running", "status_label": response.json()["status_label"], "percent": 50,
                               "rows_read": 500, "rows_total": 1000, "running": True}  # fmt: skip
    page = client_for(root).get(reverse("manage:company_import_detail", args=[job.pk]))
    assert b'http-equiv="refresh"' in page.content


@pytest.mark.parametrize("rows", [3, 30])
def test_the_staff_list_costs_the_same_queries_whatever_its_length(client_for, root, office_a, rows,
                                                                   django_assert_num_queries):  # fmt: skip
    StaffFactory.create_batch(rows, office=office_a)
    client = client_for(root)
    client.get(reverse("manage:staff_list"))
    with django_assert_num_queries(6):
        assert client.get(reverse("manage:staff_list")).status_code == 200


@pytest.mark.parametrize("kind", ["regions", "districts", "offices", "provisions", "categories"])
def test_the_reference_lists_cost_a_fixed_number_of_queries(client_for, root, district_a, district_b, kind,
                                                            django_assert_num_queries):  # fmt: skip
    client = client_for(root)
    client.get(reverse("manage:reference_list", args=[kind]))
    with django_assert_num_queries(5):
        assert client.get(reverse("manage:reference_list", args=[kind])).status_code == 200


def test_it_records_an_inspectors_sex_and_end_of_service(client_for, root, alice):
    """The annual report's staff table (ILO C81 art. 21 (b)) counts inspectors by sex and who left in the year."""
    before = mark()
    response = client_for(root).post(
        reverse("manage:staff_update", args=[alice.pk]),
        {"username": "alice", "first_name": "Alice", "last_name": alice.last_name, "email": "", "nip": "",
         "role": Role.INSPECTOR, "office": alice.office_id, "sex": "F", "service_ended_on": "2025-06-30"},
    )  # fmt: skip
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.sex, str(alice.service_ended_on)) == ("F", "2025-06-30")
    changes = [e.changed_fields for e in entries_since(before) if e.action == Action.STAFF_CHANGE]
    assert changes == [["service_ended_on", "sex"]]

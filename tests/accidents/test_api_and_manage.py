"""Recording over the API (the same service, times without an offset read in the office's zone) and the code
lists under /manage/."""

import datetime as dt

import pytest

from accidents.choices import CodeList
from accidents.models import Accident, Code, HoursWorked
from audit.models import AuditEntry
from notifications.models import Notification

from .helpers import code, person

pytestmark = pytest.mark.django_db


def _body(company) -> dict:
    p = person("Kenarikorban API", fatal=True)
    injured = {k: (v.pk if isinstance(v, Code) else v) for k, v in p.items()}
    return {
        "company": company.pk,
        "occurred_at": "2026-03-10T23:30",
        "place": "Dermaga",
        "description": "Jatuh dari kapal saat bongkar muat.",
        "deviation": code(CodeList.DEVIATION, "50").pk,
        "contact": code(CodeList.CONTACT, "30").pk,
        "agent": code(CodeList.AGENT, "13").pk,
        "source": "bpjs",
        "received_at": "2026-03-11T08:00",
        "injured": [injured],
    }


def test_it_records_an_accident_over_the_api_in_the_offices_zone(api_for, alice, bob, office_a, company_a):
    office_a.time_zone = "Asia/Jayapura"
    office_a.save()
    response = api_for(alice).post("/api/v1/accidents/", _body(company_a), format="json")
    assert response.status_code == 201, response.json()
    accident = Accident.objects.get()
    # 23:30 WIT is 14:30 UTC; the employer's report is due 48 hours later, across two midnights
    assert accident.occurred_at == dt.datetime(2026, 3, 10, 14, 30, tzinfo=dt.UTC)
    assert accident.report_due_at == dt.datetime(2026, 3, 12, 14, 30, tzinfo=dt.UTC)
    assert response.json()["late"] is True  # no employer's report, and the 48 hours are long past
    assert Notification.objects.filter(recipient=bob, event="accident.serious").exists()


def test_it_refuses_another_offices_company_and_an_official(api_for, alice, erin, company_b, company_a):
    assert api_for(alice).post("/api/v1/accidents/", _body(company_b), format="json").status_code == 400
    assert api_for(erin).post("/api/v1/accidents/", _body(company_a), format="json").status_code in (400, 403)
    assert not Accident.objects.exists()


def test_it_enters_hours_worked_over_the_api_and_corrects_them(api_for, alice, company_a):
    api = api_for(alice)
    body = {"company": company_a.pk, "year": 2025, "hours": 240_000, "workers": 120}
    assert api.post("/api/v1/hours-worked/", body, format="json").status_code == 201
    assert api.post("/api/v1/hours-worked/", {**body, "hours": 250_000}, format="json").status_code == 201
    assert HoursWorked.objects.get().hours == 250_000


def test_admins_keep_the_code_lists_under_manage(client_for, root, alice):
    item = code(CodeList.AGENT, "99")
    client = client_for(root)
    listing = client.get("/manage/accident-codes/?q=agen")
    assert listing.status_code == 200 and "Agen material lain" in listing.content.decode()
    response = client.post(
        f"/manage/accident-codes/{item.pk}/",
        {"variable": "agent", "code": "99", "name_id": "Agen material lainnya", "name_en": "Other material agents",
         "position": 30, "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name_id == "Agen material lainnya"
    assert AuditEntry.objects.filter(action="update", object_type="accidents.code", object_id=str(item.pk)).exists()
    assert client_for(alice).get("/manage/accident-codes/").status_code == 404

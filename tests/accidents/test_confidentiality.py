"""Injured persons' names: recorded through the page, shown only to the recorder, the visit's lead, the head
and admins (each read audited), and never in Notas, their PDFs, exports, reports, notifications, the audit
trail or the logs."""

import datetime as dt
import json
import logging

import pytest
from django.test import Client
from django.utils import timezone

from accidents.models import Accident
from audit.models import AuditEntry
from inspections import services as inspection_services
from inspections.models import LegalProvision
from notifications.models import Notification
from tests.factories import StaffFactory
from tests.inspections.provisions import ensure_provisions
from tests.reporting.pdfutil import pdf_text

from .helpers import code, make_accident, person

pytestmark = pytest.mark.django_db
NAMES = ("Kenarikorban Satu", "Kenarikorban Dua")


def _form(company, codes) -> dict:
    data = {
        "company": company.pk,
        "occurred_at": "2026-03-02T22:40",
        "place": "Gudang",
        "description": "Rak roboh menimpa dua pekerja.",
        "deviation": codes["deviation"].pk,
        "contact": codes["contact"].pk,
        "agent": codes["agent"].pk,
        "source": "hospital",
        "received_at": "2026-03-03T08:00",
        "injured-TOTAL_FORMS": "2",
        "injured-INITIAL_FORMS": "0",
        "injured-MIN_NUM_FORMS": "1",
        "injured-MAX_NUM_FORMS": "20",
    }
    for i, (name, fatal) in enumerate(zip(NAMES, (False, True), strict=True)):
        p = person(name)
        data.update(
            {
                f"injured-{i}-name": name,
                f"injured-{i}-sex": "male",
                f"injured-{i}-age": "30",
                f"injured-{i}-occupation": p["occupation"].pk,
                f"injured-{i}-employment_status": p["employment_status"].pk,
                f"injured-{i}-nationality": "indonesian",
                f"injured-{i}-injury": p["injury"].pk,
                f"injured-{i}-body_part": p["body_part"].pk,
                f"injured-{i}-days_lost": "7",
            }
        )
        if fatal:
            data[f"injured-{i}-fatal"] = "on"
    return data


@pytest.fixture
def alice2(office_a):
    return StaffFactory(username="alice2", office=office_a)


def test_names_are_sealed_everywhere(caplog, settings, alice, alice2, bob, dave, grace, office_a, company_a, api_for):
    settings.LANGUAGE_CODE = "en"
    caplog.set_level(logging.DEBUG)
    office_a.time_zone = "Asia/Makassar"
    office_a.save()
    codes = {v: code(v) for v in ("deviation", "contact", "agent")}
    clients = {}
    for user in (alice, alice2, bob, dave, grace):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    response = clients["alice"].post("/accidents/new/", _form(company_a, codes))
    assert response.status_code == 302, response.content.decode()[:3000]
    accident = Accident.objects.get()
    # 22:40 WITA on 2 March is 14:40 UTC; shown back in WITA
    assert accident.occurred_at == dt.datetime(2026, 3, 2, 14, 40, tzinfo=dt.UTC)
    detail = f"/accidents/{accident.pk}/"
    page = clients["alice"].get(detail).content.decode()
    assert all(n in page for n in NAMES) and "22:40" in page and "WITA" in page
    head_page = clients["bob"].get(detail).content.decode()
    assert all(n in head_page for n in NAMES)
    for other in ("alice2", "grace"):
        body = clients[other].get(detail).content.decode()
        assert "confidential" in body and not any(n in body for n in NAMES), other
    assert clients["dave"].get(detail).status_code == 404
    reads = AuditEntry.objects.filter(action="sealed_read", object_id=str(accident.pk))
    assert reads.count() == 2 and all(r.changed_fields == ["injured.name"] for r in reads)
    # the head was told at once, without the names
    note = Notification.objects.get(recipient=bob, event="accident.serious")
    assert note.params["fatal"] == 1 and note.params["injured"] == 2

    # API: the recorder sees them on the detail (audited); lists and others never
    api = api_for(alice)
    shown = api.get(f"/api/v1/accidents/{accident.pk}/").json()
    assert sorted(p["name"] for p in shown["injured"]) == sorted(NAMES)
    listed = json.dumps(api.get("/api/v1/accidents/").json())
    assert accident.reference in listed and not any(n in listed for n in NAMES)
    hidden = api_for(grace).get(f"/api/v1/accidents/{accident.pk}/").json()
    assert [p["name"] for p in hidden["injured"]] == [None, None]
    assert api_for(dave).get(f"/api/v1/accidents/{accident.pk}/").status_code == 404
    assert reads.all().count() == 3  # and nobody else's read was recorded

    # the investigation: a visit, a finding, a Nota and its PDF
    assert clients["alice"].post(f"{detail}visit/", {"planned_date": "2026-03-04"}).status_code == 302
    accident.refresh_from_db()
    visit = accident.inspection
    inspection_services.inspection_start(inspection=visit, actor=alice)
    ensure_provisions()
    finding = inspection_services.finding_add(
        inspection=visit, actor=alice, category="osh",
        provision=LegalProvision.objects.get(act="UU 1/1970", article="ps. 3"),
        description="Rak penyimpanan tidak diangkur", severity="high",
    )  # fmt: skip
    inspection_services.inspection_update(inspection=visit, actor=alice, summary="Pemeriksaan kecelakaan")
    inspection_services.inspection_report(inspection=visit, actor=alice)
    notice = inspection_services.notice_issue_first(
        inspection=visit, actor=bob, findings=[finding],
        compliance_deadline=timezone.localdate() + dt.timedelta(days=14),
    )  # fmt: skip
    document = clients["bob"].get(f"/inspections/notices/{notice.pk}/document/")
    pdf = clients["bob"].get(f"/inspections/notices/{notice.pk}/pdf/")
    assert document.status_code == 200 and pdf.status_code == 200
    texts = {"nota": document.content.decode(), "nota pdf": pdf_text(pdf.content)}
    for table in ("offices", "trend"):
        texts[f"export {table}"] = clients["bob"].get(f"/reports/dashboard/export/{table}.csv").content.decode()
    texts["complaint export"] = clients["bob"].get("/complaints/export.csv").content.decode()
    texts["dashboard"] = clients["bob"].get("/reports/dashboard/").content.decode()
    texts["rates"] = clients["bob"].get("/accidents/rates/").content.decode()
    texts["trail"] = json.dumps(list(AuditEntry.objects.values()), default=str)
    texts["notifications"] = json.dumps(list(Notification.objects.values()), default=str)
    texts["logs"] = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
    assert "accidents-panel" in texts["dashboard"]
    for where, text in texts.items():
        assert not any(n in text for n in NAMES), where


def test_the_pages_take_a_fixed_number_of_queries(alice, company_a, client_for, django_assert_max_num_queries):
    client = client_for(alice)
    make_accident(alice, company_a, injured=[person(), person(fatal=True)])
    first = make_accident(alice, company_a)
    counts = {}
    for url in ("/accidents/", f"/accidents/{first.pk}/", "/accidents/rates/", "/accidents/diseases/"):
        with django_assert_max_num_queries(40) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few.captured_queries)
    for _ in range(6):
        make_accident(alice, company_a, injured=[person(), person(), person()])
    for url, n in counts.items():
        with django_assert_max_num_queries(n):
            assert client.get(url).status_code == 200

"""An office from nothing, through the API and the documented commands only.

An administrator (with a token from ``manage.py drf_create_token``) creates a region, its
districts and an office in Asia/Makassar serving them, the office's staff and their tokens;
the office registers companies; the head brings the year's earlier complaints in through the
history import (the paper register, dated in the office's zone); new complaints arrive through
the public intake; the head triages
them; a visit is planned from one, carried out and reported with findings; the Nota ladder runs
(Nota I, its deadline passes, Nota II, not complied) to an investigation that a PPNS
investigator records and closes. Weeks pass on the clock, not in the data: every record is made
by the API at the moment it claims.

No ORM write happens in the test after the administrator's account exists; the ORM is only
read to check what the API did. Another office's head watches throughout and sees none of it.
"""

import datetime as dt
import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEntry
from complaints.models import Complaint
from inspections.models import ChangeRecord, Inspection, Investigation, Notice
from inspectorate.models import Office
from tests.security.world import ensure_categories

pytestmark = pytest.mark.django_db


def _client(username: str) -> APIClient:
    out = io.StringIO()
    call_command("drf_create_token", username, stdout=out)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().split()[2]}", HTTP_ACCEPT_LANGUAGE="en")
    return api


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:600])
    return response.json()


class Clock:
    """Moves Django's clock forward (timezone.now and everything built on it)."""

    def __init__(self):
        self.offset = dt.timedelta(0)
        self._real = timezone.now
        self._patch = mock.patch("django.utils.timezone.now", lambda: self._real() + self.offset)

    def __enter__(self):
        self._patch.start()
        return self

    def __exit__(self, *exc):
        self._patch.stop()

    def advance(self, days: int) -> None:
        self.offset += dt.timedelta(days=days)

    def today(self) -> dt.date:
        return timezone.localdate(timezone=Office.objects.get(code="SS-1").zone)


def test_an_office_from_nothing_through_the_api_only(root, dave):
    ensure_categories()  # the categories' data migration (a transactional test may have flushed them)
    admin = _client(root.username)
    outsider = _client(dave.username)  # head of another office, watching

    # --- the organisation
    region = _ok(admin.post("/api/v1/regions/", {"code": "73", "name": "Sulawesi Selatan"}, format="json"), 201)
    districts = [
        _ok(admin.post("/api/v1/districts/", {"code": c, "name": n, "region": region["id"]}, format="json"), 201)
        for c, n in [("7371", "Kota Makassar"), ("7306", "Kab. Gowa")]
    ]
    office = _ok(
        admin.post(
            "/api/v1/offices/",
            {
                "code": "SS-1",
                "name": "UPTD Pengawasan Ketenagakerjaan Wilayah I Sulawesi Selatan",
                "region": region["id"],
                "time_zone": "Asia/Makassar",
                "monthly_quota": 5,
                "complaint_due_days": 30,
                "districts": [d["id"] for d in districts],
            },
            format="json",
        ),
        201,
    )
    assert sorted(office["districts"]) == sorted(d["id"] for d in districts)

    def staff(username, role, **extra):
        body = {"username": username, "first_name": username.title(), "role": role, "office": office["id"]}
        return _ok(admin.post("/api/v1/staff/", {**body, **extra, "password": "Sulsel-kuat-2026!"}, format="json"), 201)

    head = staff("andi", "office_head")
    assert head["role"] == "office_head" and head["office"] == office["id"]
    inspector = staff("wulan", "inspector", nip="199001012015032001")
    partner = staff("yusuf", "inspector")
    ppns = staff("rahmat", "inspector", is_investigator=True)
    andi, wulan, rahmat = _client("andi"), _client("wulan"), _client("rahmat")

    # --- companies, by the office itself
    company = _ok(
        wulan.post(
            "/api/v1/companies/",
            {
                "name": "PT Makassar Jaya Abadi",
                "nib": "9120009876543",
                "district": districts[0]["id"],
                "workers_total": 120,
            },
            format="json",
        ),
        201,
    )
    assert company["office"] == office["id"]
    listed = _ok(andi.get(f"/api/v1/companies/?district={districts[0]['id']}"))
    assert [c["id"] for c in listed["results"]] == [company["id"]]

    # --- the year's earlier complaints, from the office's paper register, through the history import
    register = (
        b"external_reference,received_at,channel,company_nib,categories,description,status,outcome,resolved_at,"
        b"inspector_nip\n"
        b"REG-2026-014,2026-03-02 10:00,letter,9120009876543,wages,Upah Februari belum dibayar,resolved,settled,"
        b"2026-03-20 15:30,199001012015032001\n"
        b"REG-2026-031,2026-06-15 09:15,walk_in,9120009876543,working_time,Lembur tanpa surat perintah,closed,"
        b"not_substantiated,2026-07-01 11:00,199001012015032001\n"
    )

    def register_file():
        return SimpleUploadedFile("register.csv", register, content_type="text/csv")

    checked = andi.post(
        "/api/v1/history-imports/",
        {"office": office["id"], "file": register_file(), "check_only": True},
        format="multipart",
    )
    assert checked.status_code == 200 and checked.json()["errors"] == [], checked.content
    assert not Complaint.objects.filter(office__code="SS-1").exists()
    imported = _ok(andi.post("/api/v1/history-imports/", {"office": office["id"], "file": register_file()}), 201)
    assert imported["complaints_created"] == 2 and imported["errors"] == []
    again = _ok(andi.post("/api/v1/history-imports/", {"office": office["id"], "file": register_file()}), 201)
    assert again["complaints_created"] == 0  # the same register twice changes nothing
    earlier = _ok(andi.get("/api/v1/complaints/?status=resolved"))["results"]
    # 10:00 as written in the register is Makassar time: 02:00 UTC, whatever offset the API prints it with.
    received = [dt.datetime.fromisoformat(c["received_at"]) for c in earlier]
    assert received == [dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)]
    imported_ids = {c["id"] for c in _ok(andi.get("/api/v1/complaints/"))["results"]}
    assert len(imported_ids) == 2

    with Clock() as clock:
        # --- complaints arrive through the public intake
        public = APIClient()
        receipts = [
            _ok(
                public.post(
                    "/api/v1/public/complaints/",
                    {
                        "company": company["id"],
                        "district": districts[0]["id"],
                        "categories": ["wages"],
                        "description": f"Upah lembur bulan lalu belum dibayar untuk pekerja gudang ({n}).",
                        "workers_affected": 12,
                        "is_anonymous": True,
                    },
                    format="json",
                ),
                201,
            )
            for n in (1, 2)
        ]
        complaints = _ok(andi.get("/api/v1/complaints/?status=received"))["results"]
        assert {c["reference"] for c in complaints} == {r["reference"] for r in receipts}
        ids = sorted(c["id"] for c in complaints)
        triaged = _ok(
            andi.post("/api/v1/complaints/triage/", {"complaints": ids, "assignee": inspector["id"]}, format="json")
        )
        assert len(triaged["assigned"]) == 2
        for pk in ids:
            _ok(wulan.post(f"/api/v1/complaints/{pk}/transition/", {"to": "in_progress"}, format="json"))
        # The second complaint settles without a visit.
        _ok(
            wulan.post(
                f"/api/v1/complaints/{ids[1]}/transition/",
                {"to": "resolved", "outcome": "settled", "note": "Upah lembur dibayar.", "amount_recovered": "4500000"},
                format="json",
            )
        )

        # --- a visit from the first complaint
        visit = _ok(
            andi.post(
                "/api/v1/inspections/",
                {
                    "complaint": ids[0],
                    "lead_inspector": inspector["id"],
                    "team": [partner["id"]],
                    "planned_date": clock.today().isoformat(),
                },
                format="json",
            ),
            201,
        )
        assert visit["kind"] == "complaint" and visit["company"] == company["id"]
        _ok(wulan.post(f"/api/v1/inspections/{visit['id']}/start/"))
        _ok(wulan.post(f"/api/v1/inspections/{visit['id']}/notes/", {"text": "Diterima HRD."}, format="json"), 201)
        provisions = _ok(wulan.get("/api/v1/provisions/?category=wages&is_active=true"))["results"]
        finding = _ok(
            wulan.post(
                "/api/v1/findings/",
                {
                    "inspection": visit["id"],
                    "category": "wages",
                    "provision": provisions[0]["id"],
                    "description": "Upah lembur 12 pekerja gudang tidak dibayar.",
                    "severity": "high",
                },
                format="json",
            ),
            201,
        )
        _ok(wulan.patch(f"/api/v1/inspections/{visit['id']}/", {"summary": "Lembur tidak dibayar."}, format="json"))
        assert _ok(wulan.post(f"/api/v1/inspections/{visit['id']}/report/"))["status"] == "reported"

        # --- the Nota ladder
        deadline = (clock.today() + dt.timedelta(days=14)).isoformat()
        nota_one = _ok(
            andi.post(
                "/api/v1/notices/",
                {"inspection": visit["id"], "findings": [finding["id"]], "compliance_deadline": deadline},
                format="json",
            ),
            201,
        )
        too_early = andi.post(f"/api/v1/notices/{nota_one['id']}/second/", {"compliance_deadline": deadline})
        assert too_early.status_code == 400
        pdf = andi.get(f"/api/v1/notices/{nota_one['id']}/pdf/")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

        clock.advance(20)
        second_deadline = (clock.today() + dt.timedelta(days=14)).isoformat()
        nota_two = _ok(
            andi.post(
                f"/api/v1/notices/{nota_one['id']}/second/", {"compliance_deadline": second_deadline}, format="json"
            ),
            201,
        )
        assert nota_two["level"] == "II" and nota_two["previous"] == nota_one["id"]
        _ok(andi.post(f"/api/v1/notices/{nota_two['id']}/addenda/", {"text": "Alamat diperbaiki."}, format="json"), 201)

        clock.advance(20)
        _ok(andi.post(f"/api/v1/notices/{nota_two['id']}/mark/", {"status": "not_complied"}, format="json"))
        investigation = _ok(
            andi.post(f"/api/v1/notices/{nota_two['id']}/escalate/", {"investigator": ppns["id"]}, format="json"), 201
        )
        _ok(
            rahmat.post(
                f"/api/v1/investigations/{investigation['id']}/steps/",
                {"on": clock.today().isoformat(), "description": "Pemanggilan pengusaha."},
                format="json",
            ),
            201,
        )
        closed = _ok(
            rahmat.post(
                f"/api/v1/investigations/{investigation['id']}/close/", {"outcome": "case_file_complete"}, format="json"
            )
        )
        assert closed["status"] == "closed" and len(closed["steps"]) == 1

    # --- what the API built is what the pages would have built
    made = Office.objects.get(code="SS-1")
    assert str(made.zone) == "Asia/Makassar" and set(made.districts.values_list("code", flat=True)) == {"7371", "7306"}
    assert Complaint.objects.filter(office=made).count() == 4  # two imported, two through the intake
    assert set(Complaint.objects.filter(office=made, pk__in=imported_ids).values_list("status", flat=True)) == {
        "resolved",
        "closed",
    }
    assert Complaint.objects.get(pk=ids[1]).status == "resolved"
    inspection = Inspection.objects.get(pk=visit["id"])
    assert inspection.origin_complaint_id == ids[0] and inspection.office == made
    assert list(Notice.objects.filter(inspection=inspection).order_by("level").values_list("level", "status")) == [
        ("I", "not_complied"),
        ("II", "not_complied"),
    ]
    assert Investigation.objects.get(pk=investigation["id"]).status == "closed"
    assert ChangeRecord.objects.filter(inspection=inspection).count() >= 8  # each step in the visit's history
    # The region, two districts, the office and its two served districts; then the four accounts.
    assert AuditEntry.objects.filter(actor__username="root", extra__via="api").count() == 6
    assert AuditEntry.objects.filter(actor__username="root", object_type="inspectorate.staff").count() == 4

    # --- another office's head saw none of it
    for path in (
        "/api/v1/complaints/",
        "/api/v1/inspections/",
        "/api/v1/notices/",
        "/api/v1/investigations/",
        "/api/v1/companies/",
    ):
        assert _ok(outsider.get(path))["count"] == 0, path
    assert outsider.get(f"/api/v1/offices/{office['id']}/").status_code == 404
    assert outsider.get(f"/api/v1/investigations/{investigation['id']}/").status_code == 404

"""Staff intake dated in the past: read in the office's zone, bounded, recorded as such (page and API)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from complaints.choices import Channel
from complaints.models import Category, Complaint

pytestmark = pytest.mark.django_db
MAKASSAR = ZoneInfo("Asia/Makassar")


def last_week_at_ten() -> dt.datetime:
    day = timezone.localdate(timezone=MAKASSAR) - dt.timedelta(days=7)
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=MAKASSAR)


def page_data(district, received: str, **overrides):
    data = {
        "channel": Channel.LETTER,
        "received_at": received,
        "district": str(district.pk),
        "company_name": "CV Tanpa Nama",
        "categories": [str(Category.objects.get(code="wages").pk)],
        "description": "Pekerja melapor lewat surat bahwa upah lembur tidak dibayar.",
        "workers_affected": "3",
        "complainant_name": "Canary-Name-7731",
        "complainant_phone": "0812-0000-1111",
    }
    data.update(overrides)
    return data


def test_it_reads_the_staff_forms_time_in_the_offices_zone(client_for, dave, district_b):
    letter = last_week_at_ten()
    response = client_for(dave).post(
        reverse("complaints:complaint_create"), page_data(district_b, letter.strftime("%Y-%m-%dT%H:%M"))
    )

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    # 10:00 in Makassar, not 10:00 in Jakarta (which is 11:00 in Makassar).
    assert complaint.received_at == letter
    assert complaint.received_at.astimezone(MAKASSAR).hour == 10
    event = complaint.events.get()
    assert f"{letter:%Y-%m-%d} 10:00 WITA" in event.note and event.at > complaint.received_at
    entry = AuditEntry.objects.get(object_type="complaints.complaint", action="create")
    assert entry.extra == {"backdated": True}
    page = client_for(dave).get(reverse("complaints:complaint_detail", args=[complaint.pk]))
    assert "10:00 WITA" in page.content.decode()


def test_it_refuses_a_date_further_back_than_allowed_and_keeps_what_was_typed(client_for, dave, district_b, settings):
    settings.COMPLAINT_BACKDATE_MAX_DAYS = 5
    response = client_for(dave).post(
        reverse("complaints:complaint_create"),
        page_data(district_b, last_week_at_ten().strftime("%Y-%m-%dT%H:%M")),
    )

    assert response.status_code == 400
    assert "paling lama 5 hari ke belakang" in " ".join(response.context["form"].errors["received_at"])
    assert "Pekerja melapor lewat surat" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_an_intake_dated_now_is_not_marked_as_backdated(client_for, dave, district_b):
    response = client_for(dave).post(reverse("complaints:complaint_create"), page_data(district_b, ""))
    assert response.status_code == 302
    assert AuditEntry.objects.get(object_type="complaints.complaint", action="create").extra == {}
    assert Complaint.objects.get().events.get().note == str(Channel.LETTER.label)


def api_body(district, **overrides):
    body = {
        "channel": "letter",
        "district": district.pk,
        "company_name": "CV Tanpa Nama",
        "categories": ["wages"],
        "description": "Pekerja melapor lewat surat bahwa upah lembur tidak dibayar.",
        "workers_affected": 3,
        "complainant_name": "Canary-Name-7731",
        "complainant_phone": "0812-0000-1111",
    }
    body.update(overrides)
    return body


def test_the_api_records_a_staff_intake_with_a_past_local_time(api_for, dave, district_b, office_b):
    letter = last_week_at_ten()
    response = api_for(dave).post(
        "/api/v1/complaints/", api_body(district_b, received_at=letter.strftime("%Y-%m-%dT%H:%M")), format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tracking_code"] and body["reference"].startswith("ADU-63-")
    complaint = Complaint.objects.get(pk=body["id"])
    assert complaint.received_at == letter and complaint.office == office_b and complaint.created_by == dave
    assert AuditEntry.objects.get(object_type="complaints.complaint", action="create").extra == {"backdated": True}
    # An explicit offset is that instant.
    utc = (letter - dt.timedelta(days=1)).astimezone(dt.UTC)
    again = api_for(dave).post("/api/v1/complaints/", api_body(district_b, received_at=utc.isoformat()), format="json")
    assert again.status_code == 201 and Complaint.objects.get(pk=again.json()["id"]).received_at == utc


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"received_at": "2000-01-01T10:00"}, "received_at"),
        ({"received_at": "2999-01-01T10:00"}, "received_at"),
        ({"channel": "online"}, "channel"),
        ({"categories": []}, "categories"),
        ({"company_name": ""}, "company_name"),
        ({"amount_claimed": 100, "categories": ["working_time"]}, "amount_claimed"),
    ],
)
def test_the_api_refuses_bad_intake_with_a_clear_message_and_records_nothing(api_for, dave, district_b, change, field):
    response = api_for(dave).post("/api/v1/complaints/", api_body(district_b, **change), format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Complaint.objects.count() == 0


def test_the_api_intake_is_scoped_like_the_form(api_for, charlie, erin, district_a, company_a, district_b):
    # An inspector cannot route to another office, nor name another office's company.
    other = api_for(charlie).post("/api/v1/complaints/", api_body(district_a), format="json")
    assert other.status_code == 400 and "district" in other.json()
    company = api_for(charlie).post(
        "/api/v1/complaints/", api_body(district_b, company=company_a.pk, company_name=""), format="json"
    )
    assert company.status_code == 400 and "company" in company.json()
    # Officials only read; anonymous callers are asked to log in.
    assert api_for(erin).post("/api/v1/complaints/", api_body(district_a), format="json").status_code == 403
    assert api_for().post("/api/v1/complaints/", api_body(district_a), format="json").status_code in (401, 403)
    assert Complaint.objects.count() == 0

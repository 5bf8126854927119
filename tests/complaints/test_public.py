"""The public pages: intake without login, the receipt, double submission, bad input, tracking."""

import io
import re
from pathlib import Path

import pytest
from django.utils import translation
from PIL import Image

from complaints import services
from complaints.choices import PUBLIC_STATUS_TEXT, Status
from complaints.models import Complaint, ComplaintAttachment, ComplaintEvent
from inspectorate.models import District

from . import files
from .factories import make_complaint

pytestmark = pytest.mark.django_db

URL = "/lapor/"
TRACK = "/lapor/lacak/"


def valid_data(district, **overrides):
    data = {
        "submission_token": "tok-" + "a" * 30,
        "district": str(district.pk),
        "company": "",
        "company_name": "CV Sumber Rejeki",
        "company_address": "Jl. Industri 5",
        "categories": ["1"],
        "description": "Upah dua bulan belum dibayar, lembur juga tidak dihitung sama sekali.",
        "workers_affected": "12",
        "amount_claimed": "7500000",
        "complainant_name": "Canary-Name-7731",
        "complainant_phone": "0812-0000-7731",
        "complainant_id_number": "3275010101010001",
    }
    data.update(overrides)
    return data


@pytest.fixture
def wages_pk():
    from complaints.models import Category

    return str(Category.objects.get(code="wages").pk)


def counts():
    return (Complaint.objects.count(), ComplaintEvent.objects.count(), ComplaintAttachment.objects.count())


def test_it_shows_the_form_without_login_with_a_one_time_token(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert re.search(rb'name="submission_token" value="[A-Za-z0-9_-]{20,}"', response.content)
    assert response.content.count(b'name="company"') == 1  # the search fills this one hidden field


def test_it_files_a_complaint_and_shows_reference_and_code_once(client, district_a, wages_pk, office_a):
    posted = client.post(URL, valid_data(district_a, categories=[wages_pk]))
    assert posted.status_code == 302  # to the receipt, which a reload shows again
    response = client.get(posted["Location"])
    complaint = Complaint.objects.get()
    code = response.context["tracking_code"]
    assert len(code) == 12
    assert complaint.reference.encode() in response.content and code.encode() in response.content
    assert complaint.tracking_code_hash == services.hash_tracking_code(code)
    assert complaint.office == office_a and complaint.channel == "online"
    assert complaint.reported_company_name == "CV Sumber Rejeki" and complaint.amount_claimed == 7500000
    assert complaint.submission_token == "tok-" + "a" * 30
    assert b"no-print" in response.content and b"data-print" in response.content  # printable receipt


def test_it_files_against_a_registered_company_and_routes_to_its_office(client, company_b, district_b, wages_pk):
    client.post(
        URL, valid_data(district_b, company=str(company_b.pk), company_name=company_b.name, categories=[wages_pk])
    )
    complaint = Complaint.objects.get()
    assert complaint.company == company_b and complaint.office == company_b.district.office


def test_it_creates_one_complaint_when_the_same_form_is_sent_twice(client, district_a, wages_pk):
    data = valid_data(district_a, categories=[wages_pk])
    first = client.post(URL, data, follow=True)
    second = client.post(URL, data, follow=True)
    assert Complaint.objects.count() == 1 and ComplaintEvent.objects.count() == 1
    assert second.status_code == 200
    reference = Complaint.objects.get().reference
    assert reference.encode() in second.content
    # The same browser within a few hours sees its code again ...
    assert second.context["tracking_code"] == first.context["tracking_code"]
    # ... another client replaying the form never does.
    client.cookies.clear()
    third = client.post(URL, data)
    assert Complaint.objects.count() == 1
    assert third.context["tracking_code"] is None
    assert reference.encode() in third.content
    assert first.context["tracking_code"].encode() not in third.content
    assert b'data-testid="code-shown-before"' in third.content


def test_it_stores_no_identity_when_anonymous(client, district_a, wages_pk):
    client.post(URL, valid_data(district_a, categories=[wages_pk], is_anonymous="on"))
    c = Complaint.objects.get()
    assert c.is_anonymous and (c.complainant_name, c.complainant_contact, c.complainant_id_number) == ("", "", "")


def test_it_keeps_evidence_and_strips_image_metadata(client, district_a, wages_pk, settings):
    jpeg = files.jpeg_with_gps()
    assert b"CanaryCam" in jpeg.read()
    jpeg.seek(0)
    data = valid_data(district_a, categories=[wages_pk])
    data["attachments"] = [files.pdf(), jpeg, files.png()]
    response = client.post(URL, data)
    assert response.status_code == 302, response.context["form"].errors
    attachments = list(Complaint.objects.get().attachments.order_by("id"))
    assert [a.content_type for a in attachments] == ["application/pdf", "image/jpeg", "image/png"]
    stored = attachments[1].file.read()
    assert b"CanaryCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
    assert "bukti" not in attachments[0].file.name and "foto" not in attachments[1].name


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"attachments": "oversized"}, "attachments"),
        ({"attachments": "exe"}, "attachments"),
        ({"attachments": "html"}, "attachments"),
        ({"attachments": "truncated"}, "attachments"),
        ({"attachments": "six"}, "attachments"),
        ({"categories": ["99999"]}, "categories"),
        ({"categories": ["wages"]}, "categories"),
        ({"categories": []}, "categories"),
        ({"description": ""}, "description"),
        ({"description": "   "}, "description"),
        ({"workers_affected": "-3"}, "workers_affected"),
        ({"workers_affected": "0"}, "workers_affected"),
        ({"workers_affected": "dua belas"}, "workers_affected"),
        ({"amount_claimed": "tujuh juta"}, "amount_claimed"),
        ({"amount_claimed": "-5"}, "amount_claimed"),
        ({"district": "999999"}, "district"),
        ({"district": "<script>"}, "district"),
        ({"company": "abc"}, "company"),
        ({"company": "999999"}, "company"),
        ({"company_name": ""}, "company_name"),
        ({"complainant_name": ""}, "complainant_name"),
        ({"complainant_id_number": "12ab"}, "complainant_id_number"),
    ],
)
def test_it_refuses_bad_input_with_a_message_and_creates_nothing(
    client, settings, district_a, wages_pk, overrides, field
):
    data = valid_data(district_a, categories=[wages_pk])
    special = overrides.get("attachments")
    if special:
        data["attachments"] = {
            "oversized": [files.oversized_pdf()],
            "exe": [files.exe_as_pdf()],
            "html": [files.html_as_png()],
            "truncated": [files.truncated_png()],
            "six": [files.pdf(f"f{i}.pdf") for i in range(6)],
        }[special]
    else:
        data.update(overrides)
    before = counts()
    response = client.post(URL, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert form.errors[field][0].encode() in response.content or form.errors[field][0] in response.content.decode()
    assert counts() == before
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]  # no file left on disk


def test_it_refuses_a_company_of_another_province_than_the_district(client, district_a, company_b, wages_pk):
    before = counts()
    response = client.post(URL, valid_data(district_a, company=str(company_b.pk), categories=[wages_pk]))
    assert response.status_code == 400 and "company" in response.context["form"].errors
    assert counts() == before


def test_it_says_clearly_when_no_office_serves_the_district(client, region_a, wages_pk):
    orphan = District.objects.create(code="3299", name="Kab. Tanpa Kantor", region=region_a, office=None)
    before = counts()
    response = client.post(URL, valid_data(orphan, categories=[wages_pk]))
    assert response.status_code == 400
    assert "district" in response.context["form"].errors
    assert counts() == before


def test_it_refuses_garbage_in_every_field(client, wages_pk):
    garbage = {
        name: "\x00<script>alert(1)</script>" * 3
        for name in (
            "submission_token",
            "district",
            "company",
            "company_name",
            "company_address",
            "categories",
            "description",
            "workers_affected",
            "amount_claimed",
            "is_anonymous",
            "complainant_name",
            "complainant_phone",
            "complainant_email",
            "complainant_id_number",
        )
    }
    response = client.post(URL, garbage)
    assert response.status_code == 400
    assert b"<script>alert(1)" not in response.content
    assert counts() == (0, 0, 0)


def test_it_answers_405_to_other_methods(client):
    assert client.put(URL).status_code == 405
    assert client.delete(TRACK).status_code == 405
    assert client.post("/lapor/perusahaan/").status_code == 405


def test_it_searches_companies_returning_only_id_name_and_district(client, company_a, company_b):
    response = client.get("/lapor/perusahaan/", {"q": "maju"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "id": company_a.pk,
                "name": "PT Maju Bersama",
                "district_id": company_a.district_id,
                "district": "Kota Bekasi",
            }
        ]
    }
    assert client.get("/lapor/perusahaan/", {"q": "ma"}).json() == {"results": []}
    assert client.get("/lapor/perusahaan/", {"q": "maj\x00u", "district": "x"}).status_code == 200


def test_it_rate_limits_the_company_search(client, company_a):
    statuses = [client.get("/lapor/perusahaan/", {"q": "maju"}).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429


def test_it_tracks_a_complaint_with_status_words_and_no_names(client, company_a, bob):
    intake = make_complaint(company=company_a)
    services.complaint_screen(complaint=intake.complaint, actor=bob)
    response = client.post(TRACK, {"reference": intake.complaint.reference, "code": intake.tracking_code})
    assert response.status_code == 200
    content = response.content.decode()
    with translation.override("id"):
        assert str(PUBLIC_STATUS_TEXT[Status.SCREENED]) in content
    # The reference and office are shown since issue 13 (the worker typed the reference); never names.
    assert "Canary-Name-7731" not in content
    assert company_a.name not in content and "Bob" not in content


def test_it_answers_the_same_to_wrong_and_unknown_codes(client, company_a):
    intake = make_complaint(company=company_a)
    ref = intake.complaint.reference
    wrong = client.post(
        TRACK, {"reference": ref, "code": intake.tracking_code[:-1] + ("A" if intake.tracking_code[-1] != "A" else "B")}
    )
    unknown = client.post(TRACK, {"reference": ref, "code": "x" * 24})
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["error"] == unknown.context["error"]
    assert "result" not in wrong.context and "result" not in unknown.context


def test_it_does_not_take_the_code_from_the_url(client, company_a):
    intake = make_complaint(company=company_a)
    response = client.get(TRACK, {"code": intake.tracking_code})
    assert "result" not in response.context


def test_it_rate_limits_tracking_attempts_per_client_address(client, company_a):
    intake = make_complaint(company=company_a)
    for _ in range(10):
        assert (
            client.post(TRACK, {"reference": intake.complaint.reference, "code": "guess-" + "z" * 20}).status_code
            == 200
        )
    blocked = client.post(
        TRACK, {"reference": intake.complaint.reference, "code": intake.tracking_code}, REMOTE_ADDR="127.0.0.1"
    )
    assert blocked.status_code == 429
    assert "result" not in blocked.context
    # Another address is not affected.
    other = client.post(
        TRACK, {"reference": intake.complaint.reference, "code": intake.tracking_code}, REMOTE_ADDR="10.1.2.3"
    )
    assert other.status_code == 200 and other.context["result"]["text"]


def test_it_tells_the_status_in_indonesian_by_default(client, company_a, bob, alice):
    # `make test` compiles the translations first, as for every page test in Indonesian.
    intake = make_complaint(company=company_a)
    c = intake.complaint
    services.complaint_screen(complaint=c, actor=bob)
    services.complaint_assign(complaint=c, actor=bob, assignee=alice)
    services.complaint_start(complaint=c, actor=alice)
    services.complaint_resolve(complaint=c, actor=alice, outcome="settled")
    response = client.post(TRACK, {"reference": intake.complaint.reference, "code": intake.tracking_code})
    assert "Pengaduan Anda telah diselesaikan." in response.content.decode()
    assert Complaint.objects.get().status == Status.RESOLVED

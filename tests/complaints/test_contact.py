"""The complainant's phone (normalised to +62…) and e-mail (validated): pages, API and service agree."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from complaints import services
from complaints.contact import normalise_email, normalise_phone
from complaints.models import Category, Complaint

from .test_public import URL, valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def wages_pk():
    return str(Category.objects.get(code="wages").pk)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("812 3456 7890", "+6281234567890"),
        ("(0511) 335-1234", "+625113351234"),
        ("+44 20 7946 0958", "+442079460958"),
        ("", ""),
    ],
)
def test_it_normalises_phone_numbers(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["0812", "08123456789012345", "call me", "+62 0", "+0 812 3456 7890"])
def test_it_refuses_what_is_not_a_phone_number(typed):
    with pytest.raises(ValidationError, match="0812-3456-7890"):
        normalise_phone(typed)


@pytest.mark.parametrize("typed", ["wulan@@gmail..com", "wulan@gmail..com", "wulan", "wulan@", "@gmail.com"])
def test_it_refuses_what_is_not_an_e_mail_address(typed):
    with pytest.raises(ValidationError):
        normalise_email(typed)


def test_the_public_form_stores_both_and_refuses_a_bad_e_mail_with_a_clear_message(client, district_a, wages_pk):
    refused = client.post(URL, valid_data(district_a, categories=[wages_pk], complainant_email="wulan@@gmail..com"))
    assert refused.status_code == 400
    assert "Masukkan alamat surel yang benar" in " ".join(refused.context["form"].errors["complainant_email"])
    assert "Canary-Name-7731" in refused.content.decode()  # what was typed is kept
    assert Complaint.objects.count() == 0

    ok = client.post(URL, valid_data(district_a, categories=[wages_pk], complainant_email="Wulan@Gmail.com"))
    assert ok.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.complainant_phone, complaint.complainant_email) == ("+6281200007731", "Wulan@gmail.com")


def test_the_public_form_needs_a_phone_or_an_e_mail_unless_anonymous(client, district_a, wages_pk):
    response = client.post(URL, valid_data(district_a, categories=[wages_pk], complainant_phone=""))
    assert response.status_code == 400 and "complainant_phone" in response.context["form"].errors
    email_only = valid_data(district_a, categories=[wages_pk], complainant_phone="", complainant_email="w@contoh.id")
    assert client.post(URL, email_only).status_code == 302


def test_the_staff_form_refuses_a_bad_phone(client_for, alice, district_a):
    data = {
        "channel": "phone",
        "district": str(district_a.pk),
        "company_name": "CV Tanpa Nama",
        "categories": [str(Category.objects.get(code="wages").pk)],
        "description": "Pekerja menelepon bahwa upah lembur tidak dibayar.",
        "workers_affected": "1",
        "complainant_name": "Wulan",
        "complainant_phone": "nomor saya",
    }
    response = client_for(alice).post(reverse("complaints:complaint_create"), data)
    assert response.status_code == 400 and "complainant_phone" in response.context["form"].errors
    assert Complaint.objects.count() == 0


def api_body(district, **overrides):
    body = {
        "district": district.pk,
        "company_name": "CV Sumber Rejeki",
        "categories": ["wages"],
        "description": "Upah dua bulan belum dibayar, lembur juga tidak dihitung sama sekali.",
        "complainant_name": "Wulan",
        "complainant_phone": "0812-3456-7890",
    }
    body.update(overrides)
    return body


def test_the_api_refuses_a_bad_e_mail_and_normalises_the_phone(api_for, district_a, alice):
    refused = api_for().post(
        "/api/v1/public/complaints/", api_body(district_a, complainant_email="wulan@@gmail..com"), format="json"
    )
    assert refused.status_code == 400
    assert "Masukkan alamat surel yang benar" in str(refused.json()["complainant_email"])
    staff = api_for(alice).post(
        "/api/v1/complaints/",
        api_body(district_a, channel="phone", complainant_phone="+62 812 0000 1111", complainant_email="x@@y"),
        format="json",
    )
    assert staff.status_code == 400 and "complainant_email" in staff.json()
    assert Complaint.objects.count() == 0

    ok = api_for().post("/api/v1/public/complaints/", api_body(district_a), format="json")
    assert ok.status_code == 201
    assert Complaint.objects.get().complainant_phone == "+6281234567890"


def test_the_api_shows_phone_and_e_mail_only_to_who_may_see_the_identity(api_for, district_a, alice, bob, erin):
    intake = services.complaint_create(
        channel="phone",
        description="Upah belum dibayar sejak dua bulan lalu.",
        categories=list(Category.objects.filter(code="wages")),
        district=district_a,
        reported_company_name="CV Sumber Rejeki",
        complainant_name="Wulan",
        complainant_phone="0812 3456 7890",
        complainant_email="wulan@contoh.id",
    )
    url = f"/api/v1/complaints/{intake.complaint.pk}/"
    head = api_for(bob).get(url).json()
    assert (head["complainant_phone"], head["complainant_email"]) == ("+6281234567890", "wulan@contoh.id")
    for reader in (alice, erin):  # not assigned; an official
        body = api_for(reader).get(url).json()
        assert "+6281234567890" not in str(body) and "wulan@contoh.id" not in str(body)


def test_the_service_refuses_bad_contact_and_anonymous_keeps_none(district_a):
    kwargs = {
        "channel": "phone",
        "description": "Upah belum dibayar sejak dua bulan lalu.",
        "categories": list(Category.objects.filter(code="wages")),
        "district": district_a,
        "reported_company_name": "CV Sumber Rejeki",
    }
    with pytest.raises(ValidationError) as refused:
        services.complaint_create(**kwargs, complainant_phone="12", complainant_email="wulan@@gmail..com")
    assert set(refused.value.message_dict) == {"complainant_phone", "complainant_email"}
    anonymous = services.complaint_create(**kwargs, is_anonymous=True, complainant_phone="0812 3456 7890").complaint
    assert (anonymous.complainant_phone, anonymous.complainant_email) == ("", "")

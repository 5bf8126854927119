"""What a worker meets first: the way in, the district-bound company search, the code, receipt and tracking."""

import hashlib
import re
from datetime import UTC, datetime
from io import BytesIO

import pytest
from django.utils import translation
from pypdf import PdfReader

from complaints import services, tracking
from complaints.models import Category, Complaint
from tests.factories import CompanyFactory

from .factories import make_complaint
from .test_public import valid_data

pytestmark = pytest.mark.django_db

URL, RECEIPT, RECEIPT_PDF, TRACK = "/lapor/", "/lapor/tanda-terima/", "/lapor/tanda-terima/pdf/", "/lapor/lacak/"
CODE_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$")


@pytest.fixture
def wages_pk(db):
    return str(Category.objects.get(code="wages").pk)


# --- the way in ---------------------------------------------------------------------------


def test_it_shows_anonymous_visitors_of_the_home_page_a_way_to_report(client):
    response = client.get("/", follow=True)
    content = response.content.decode()
    assert 'href="/lapor/"' in content and "Laporkan masalah" in content
    # The worker's way in comes before the staff sign-in form.
    assert content.index('href="/lapor/"') < content.index('name="password"')


def test_it_answers_head_on_the_public_pages_for_uptime_monitors(client):
    assert client.head(URL).status_code == 200
    assert client.head(TRACK).status_code == 200


# --- the company search is bound to the chosen district -------------------------------------


@pytest.fixture
def bandung_bank(district_a):
    """A company of West Java whose name starts like the Banjarmasin one."""
    return CompanyFactory(name="PT Bandung Baja", district=district_a)


@pytest.fixture
def banjar_bank(district_b):
    return CompanyFactory(name="PT Banjar Sejahtera", district=district_b)


def test_it_searches_companies_only_in_the_chosen_district(client, district_b, bandung_bank, banjar_bank):
    names = [
        r["name"] for r in client.get("/lapor/perusahaan/", {"q": "Ban", "district": district_b.pk}).json()["results"]
    ]
    assert names == ["PT Banjar Sejahtera"]


def test_it_sends_the_district_with_every_company_search_and_never_changes_it():
    script = open("static/js/complaints.js").read()
    assert '"&district=" + encodeURIComponent(where)' in script
    assert "district.value =" not in script  # choosing a company leaves the district alone


def test_it_refuses_a_company_of_another_district_and_records_nothing(client, district_b, bandung_bank, wages_pk):
    data = valid_data(district_b, company=str(bandung_bank.pk), company_name=bandung_bank.name, categories=[wages_pk])
    response = client.post(URL, data)
    assert response.status_code == 400
    assert Complaint.objects.count() == 0
    message = response.context["form"].errors["company"][0]
    assert "PT Bandung Baja" in message and "Kota Bekasi" in message and "Kota Banjarmasin" in message


def test_the_intake_service_refuses_a_company_of_another_district(district_b, bandung_bank):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        make_complaint(company=bandung_bank, district=district_b)
    assert "company" in exc.value.message_dict and Complaint.objects.count() == 0


def test_it_routes_a_company_of_the_chosen_district_to_its_office(client, district_b, banjar_bank, wages_pk):
    data = valid_data(district_b, company=str(banjar_bank.pk), company_name=banjar_bank.name, categories=[wages_pk])
    client.post(URL, data)
    assert Complaint.objects.get().office == district_b.office


# --- the tracking code ------------------------------------------------------------------------


def test_it_issues_short_codes_without_look_alike_characters():
    codes = {tracking.new_code() for _ in range(200)}
    assert len(codes) == 200 and all(CODE_RE.match(code) for code in codes)


def test_it_reads_a_typed_code_tolerantly():
    assert tracking.canonical("7k3m 9qxa 2f") == "7K3M9QXA2F"
    assert tracking.canonical("0I1L-9QXA-2F") == "0111" + "9QXA2F"
    assert tracking.canonical("o1i1-9qxa-2f") == "0111" + "9QXA2F"
    assert tracking.canonical("7K3M-9QXA-2") is None and tracking.canonical("7K3M-9QXA-2U") is None


def _receipt_code(client):
    page = client.get(RECEIPT)
    return page.context["tracking_code"], page


def test_it_shows_the_receipt_after_filing_and_again_on_reload(client, district_b, wages_pk):
    response = client.post(URL, valid_data(district_b, categories=[wages_pk]))
    assert response.status_code == 302 and response["Location"] == RECEIPT
    complaint = Complaint.objects.get()
    code, first = _receipt_code(client)
    assert CODE_RE.match(code)
    assert complaint.tracking_code_hash == services.hash_tracking_code(code)
    again = client.get(RECEIPT)  # the reload
    assert again.status_code == 200 and code in again.content.decode()
    content = again.content.decode()
    assert complaint.reference in content and district_b.office.name in content
    assert f'data-copy="{code}"' in content
    assert code not in response["Location"]


def test_another_browser_never_sees_the_receipt(client, district_b, wages_pk):
    from django.test import Client

    client.post(URL, valid_data(district_b, categories=[wages_pk]))
    stranger = Client()
    response = stranger.get(RECEIPT)
    assert response.status_code == 302 and response["Location"] == TRACK
    assert stranger.get(RECEIPT_PDF).status_code == 302


def test_it_gives_the_receipt_as_a_pdf_with_code_office_and_local_date(client, district_b, wages_pk):
    client.post(URL, valid_data(district_b, categories=[wages_pk]))
    Complaint.objects.update(received_at=datetime(2026, 11, 30, 1, 30, tzinfo=UTC))
    code, _ = _receipt_code(client)
    response = client.get(RECEIPT_PDF)
    assert response["Content-Type"] == "application/pdf"
    complaint = Complaint.objects.get()
    assert complaint.reference in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert complaint.reference in text and code in text and district_b.office.name in text
    assert "30 Nov 2026 09:30 WITA" in text  # Asia/Makassar office
    assert "Apa yang terjadi selanjutnya" in text and "/lapor/lacak/" in text


def test_it_tracks_by_reference_and_code_with_plain_steps_and_no_names(client, company_b, dave, charlie):
    intake = make_complaint(company=company_b)
    c = intake.complaint
    services.complaint_screen(complaint=c, actor=dave, note="Internal-note-4411")
    services.complaint_assign(complaint=c, actor=dave, assignee=charlie)
    typed = intake.tracking_code.lower().replace("-", " ")
    response = client.post(TRACK, {"reference": c.reference.lower(), "code": typed})
    content = response.content.decode()
    assert response.context["result"]["complaint"] == c
    assert c.reference in content and c.office.name in content
    steps = response.context["result"]["steps"]
    with translation.override("id"):
        assert [str(s["text"]) for s in steps] == [
            "Pengaduan Anda sudah diterima dan menunggu ditelaah.",
            "Pengaduan Anda sudah ditelaah dan menunggu penunjukan pengawas.",
            "Pengaduan Anda sudah diserahkan kepada pengawas.",
        ]
    assert "Charlie" not in content and "Dave" not in content and "Internal-note-4411" not in content
    assert "Canary-Name-7731" not in content


def test_it_refuses_a_right_code_with_another_reference(client, company_b):
    intake = make_complaint(company=company_b)
    other = make_complaint(company=company_b)
    response = client.post(TRACK, {"reference": other.complaint.reference, "code": intake.tracking_code})
    assert "result" not in response.context and response.context["error"]


def test_codes_issued_in_the_old_format_still_open_their_complaint(client, company_b):
    intake = make_complaint(company=company_b)
    old = "Ab3_kZ9-Qw8eRt5yUi2oPl7x"
    Complaint.objects.filter(pk=intake.complaint.pk).update(tracking_code_hash=hashlib.sha256(old.encode()).hexdigest())
    response = client.post(TRACK, {"reference": intake.complaint.reference, "code": f" {old} "})
    assert response.context["result"]["complaint"] == intake.complaint


def test_the_receipt_pages_answer_405_to_other_methods(client):
    assert client.post(RECEIPT).status_code == 405
    assert client.post(RECEIPT_PDF).status_code == 405
    assert client.delete(TRACK).status_code == 405


def test_the_track_result_page_takes_a_fixed_number_of_queries(client, company_b, dave, django_assert_max_num_queries):
    intake = make_complaint(company=company_b)
    for _ in range(3):
        services.complaint_add_note(complaint=intake.complaint, actor=dave, note="n")
    with django_assert_max_num_queries(8):
        client.post(TRACK, {"reference": intake.complaint.reference, "code": intake.tracking_code})

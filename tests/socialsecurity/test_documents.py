"""Each step of the sanction ladder is a dated letter: the printable page, its PDF (page and API), audited."""

import datetime as dt
import re
import subprocess
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from audit.models import AuditEntry
from socialsecurity import services
from socialsecurity.models import Sanction
from tests.accidents.helpers import make_accident, person
from tests.factories import CompanyFactory
from tests.inspections.factories import make_complaint

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")
COMPLAINANT, COMPLAINT_REF, INJURED = "Siti Canary Rahayu", "ADU-CANARY-2026-00099", "Budi Canary Santoso"


def pdftotext(data: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def warning(settings, bob, alice, office_a, district_a) -> Sanction:
    """Written warning I to a company with a complaint and an accident on file (their people named).

    Issued at 00:30 on Saturday 15 August 2026 in Jakarta (still the 14th in UTC); the 10th working day of
    the statutory calendar, 17 and 25 August being national holidays, is Tuesday 1 September 2026.
    """
    settings.LANGUAGE_CODE = "id"  # the site's language: the flags' sentences, the warning's grounds
    company = CompanyFactory(name="PT Kenari Abadi", district=district_a, workers_total=12, workers_female=0,
                             bpjs_registered=False, bpjs_participants=0)  # fmt: skip
    make_complaint(office=office_a, company=company, name=COMPLAINANT, reference=COMPLAINT_REF)
    make_accident(alice, company, injured=[person(INJURED)])
    services.flags_for_companies([company.pk])
    with mock.patch("django.utils.timezone.now", return_value=dt.datetime(2026, 8, 15, 0, 30, tzinfo=JAKARTA)):
        return services.sanction_start(actor=bob, company=company)


def test_it_downloads_the_warning_as_a_dated_pdf_in_indonesian_without_names(client_for, bob, warning):
    client = client_for(bob)
    page = client.get(f"/bpjs/sanctions/{warning.pk}/").content.decode()
    assert f'href="/bpjs/sanctions/{warning.pk}/pdf/"' in page and "Unduh PDF" in page
    response = client.get(f"/bpjs/sanctions/{warning.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{warning.number}.pdf"'
    text = pdftotext(response.content)
    assert "SURAT TEGURAN TERTULIS I" in text and f"Nomor: {warning.number}" in text
    assert "Kepada Yth. Pimpinan PT Kenari Abadi" in text
    assert "Peraturan Pemerintah Nomor 86 Tahun 2013" in text
    assert "Mempekerjakan 12 pekerja" in text  # the grounds: the company's flag, in Indonesian
    assert "paling lambat tanggal 1 September 2026" in text  # the period's end
    assert "Diterbitkan tanggal 15 Agustus 2026" in text  # the office's day, not UTC's 14th
    for secret in (COMPLAINANT, COMPLAINT_REF, INJURED, "Canary", "pengaduan", "kecelakaan"):
        assert secret not in text
    entry = AuditEntry.objects.get(action="export", object_type="socialsecurity.sanction")
    assert (entry.object_id, entry.actor, entry.extra) == (str(warning.pk), bob, {"format": "pdf", "via": "page"})


def test_the_api_answers_the_same_pdf_and_audits_it(api_for, bob, charlie, alice, warning):
    response = api_for(bob).get(f"/api/v1/bpjs-sanctions/{warning.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdftotext(response.content)
    assert warning.number in text and "1 September 2026" in text and "PT Kenari Abadi" in text
    entry = AuditEntry.objects.get(action="export", object_type="socialsecurity.sanction")
    assert (entry.actor, entry.extra["via"]) == (bob, "api")
    # An inspector of the office reads it too; another office's sanction is a missing one.
    assert api_for(alice).get(f"/api/v1/bpjs-sanctions/{warning.pk}/pdf/").status_code == 200
    refused = api_for(charlie).get(f"/api/v1/bpjs-sanctions/{warning.pk}/pdf/")
    assert refused.status_code == 404 and refused["Content-Type"].startswith("application/json")
    assert api_for().get(f"/api/v1/bpjs-sanctions/{warning.pk}/pdf/").status_code == 401
    assert AuditEntry.objects.filter(action="export", object_type="socialsecurity.sanction").count() == 2


def test_a_draft_has_no_document_and_strangers_get_a_404(client_for, api_for, bob, charlie, office_a, warning):
    after = dt.datetime(2026, 9, 2, 0, 1, tzinfo=JAKARTA)
    assert services.office_scan(office_id=office_a.pk, now=after)["expired"] == 1
    draft = Sanction.objects.get(previous=warning)
    bob_client = client_for(bob)
    for url in (f"/bpjs/sanctions/{draft.pk}/pdf/", f"/bpjs/sanctions/{draft.pk}/document/"):
        assert bob_client.get(url).status_code == 404
    assert api_for(bob).get(f"/api/v1/bpjs-sanctions/{draft.pk}/pdf/").status_code == 404
    assert bob_client.post(f"/bpjs/sanctions/{warning.pk}/pdf/").status_code == 405
    assert client_for(charlie).get(f"/bpjs/sanctions/{warning.pk}/pdf/").status_code == 404
    assert not AuditEntry.objects.filter(action="export", object_type="socialsecurity.sanction").exists()

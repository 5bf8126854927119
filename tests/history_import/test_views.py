"""The /manage/history/ pages: upload, report, check only, templates, rollback; scope and methods."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from complaints.models import Complaint
from history_import.models import BatchStatus, HistoryImport
from history_import.reading import COMPLAINT_COLUMNS, VISIT_COLUMNS
from inspections.models import Inspection
from tests.inspections.provisions import ensure_provisions

from .conftest import csv_bytes
from .test_services import complaint_row, resolved_row, visit_row

pytestmark = pytest.mark.django_db
LIST = reverse("history_import:import_list")


def upload(rows, columns=COMPLAINT_COLUMNS, name="history.csv"):
    return SimpleUploadedFile(name, csv_bytes(columns, rows), content_type="text/csv")


def test_it_imports_an_upload_and_shows_the_report_with_each_bad_line(client_for, dave, world):
    rows = [resolved_row(1), complaint_row(2, channel="pigeon"), complaint_row(3)]
    response = client_for(dave).post(LIST, {"office": world.pk, "file": upload(rows)})

    batch = HistoryImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/manage/history/{batch.pk}/"
    assert Complaint.objects.count() == 2
    page = client_for(dave).get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "pigeon" in text and ">3<" in text  # line 3 and its reason
    assert "OLD-001" in text and Complaint.objects.filter(office=world).first().reference in text
    listing = client_for(dave).get(LIST).content.decode()
    assert "history.csv" in listing


def test_a_check_only_upload_imports_nothing_and_lists_the_bad_lines(client_for, dave, world):
    rows = [complaint_row(1), complaint_row(2, status="lost")]
    response = client_for(dave).post(LIST, {"office": world.pk, "file": upload(rows), "check_only": "on"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "lost" in text and "history-errors" in text
    assert Complaint.objects.count() == 0 and HistoryImport.objects.count() == 0


def test_an_xlsx_workbook_brings_complaints_and_visits_in(client_for, dave, world, charlie, hana):
    ensure_provisions()
    book = Workbook()
    book.remove(book.active)
    for title, columns, row in (
        ("complaints", COMPLAINT_COLUMNS, resolved_row(1)),
        ("visits", VISIT_COLUMNS, visit_row(1)),
    ):
        sheet = book.create_sheet(title)
        sheet.append(columns)
        sheet.append([row.get(c, "") for c in columns])
    data = io.BytesIO()
    book.save(data)
    file = SimpleUploadedFile("history.xlsx", data.getvalue())

    response = client_for(dave).post(LIST, {"office": world.pk, "file": file})

    assert response.status_code == 302
    batch = HistoryImport.objects.get()
    assert (batch.complaints_created, batch.visits_created, batch.errors) == (1, 1, [])
    assert Inspection.objects.get().team.get() == hana


def test_a_bad_file_is_a_form_error_and_records_nothing(client_for, dave, world):
    bad = SimpleUploadedFile("notes.txt", b"hello")
    response = client_for(dave).post(LIST, {"office": world.pk, "file": bad})
    assert response.status_code == 400 and "file" in response.context["form"].errors
    empty_header = SimpleUploadedFile("x.csv", b"foo,bar\n1,2\n")
    response = client_for(dave).post(LIST, {"office": world.pk, "file": empty_header})
    assert response.status_code == 400 and "tidak menyebut pengaduan" in response.content.decode()
    assert HistoryImport.objects.count() == 0


def test_an_office_head_imports_only_into_their_own_office(client_for, bob, world, office_a):
    # Bob heads office A: office B is not among his choices.
    response = client_for(bob).post(LIST, {"office": world.pk, "file": upload([complaint_row(1)])})
    assert response.status_code == 400 and "office" in response.context["form"].errors
    assert HistoryImport.objects.count() == 0


def test_it_rolls_an_import_back_and_refuses_a_second_time(client_for, dave, world):
    client_for(dave).post(LIST, {"office": world.pk, "file": upload([complaint_row(1)])})
    batch = HistoryImport.objects.get()
    url = reverse("history_import:import_rollback", args=[batch.pk])

    response = client_for(dave).post(url)
    assert response.status_code == 302 and Complaint.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ROLLED_BACK
    again = client_for(dave).post(url, follow=True)
    assert "Impor ini sudah dibatalkan" in again.content.decode()
    assert client_for(dave).get(url).status_code == 405


def test_the_templates_download_as_csv_and_xlsx(client_for, dave, world):
    csv_response = client_for(dave).get(reverse("history_import:import_template", args=["complaints", "csv"]))
    assert csv_response.status_code == 200
    assert csv_response.content.decode().splitlines()[0] == ",".join(COMPLAINT_COLUMNS)
    visits = client_for(dave).get(reverse("history_import:import_template", args=["visits", "csv"]))
    assert visits.content.decode().splitlines()[0] == ",".join(VISIT_COLUMNS)
    xlsx = client_for(dave).get(reverse("history_import:import_template", args=["history", "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["complaints", "visits"]
    assert [c.value for c in book["visits"][1]] == VISIT_COLUMNS
    assert client_for(dave).get("/manage/history/template/other.csv").status_code == 404


def test_the_template_example_lines_import_as_they_are(dave, world, charlie, hana):
    """The example lines are real: with office B's people (CHARLIE_NIP, HANA_NIP) and company they import."""
    from history_import import reading, services

    ensure_provisions()
    data = reading.template_xlsx()
    report = services.history_import_run(actor=dave, office=world, data=data, name="t.xlsx")
    assert report.errors == [] and report.created_total == 2


def test_others_get_a_404_and_anonymous_visitors_the_login(client, client_for, world, charlie, erin, alice):
    for user in (charlie, erin, alice):
        assert client_for(user).get(LIST).status_code == 404
    client.logout()
    assert client.get(LIST).status_code == 302


def test_another_offices_head_gets_a_404_for_an_import(client_for, dave, bob, world):
    client_for(dave).post(LIST, {"office": world.pk, "file": upload([complaint_row(1)])})
    batch = HistoryImport.objects.get()
    assert client_for(bob).get(reverse("history_import:import_detail", args=[batch.pk])).status_code == 404
    assert client_for(bob).post(reverse("history_import:import_rollback", args=[batch.pk])).status_code == 404
    assert Complaint.objects.count() == 1


def test_the_list_is_empty_with_a_clear_message_and_a_fixed_number_of_queries(
    client_for, dave, world, django_assert_max_num_queries
):
    client = client_for(dave)
    assert "history-empty" in client.get(LIST).content.decode()
    for n in range(3):
        client.post(LIST, {"office": world.pk, "file": upload([complaint_row(n + 1)])})
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    pinned = len(few.captured_queries)  # read now: each request clears the connection's query log
    for n in range(3, 9):
        client.post(LIST, {"office": world.pk, "file": upload([complaint_row(n + 1)])})
    with django_assert_max_num_queries(pinned):
        assert client.get(LIST).content.decode().count("/manage/history/") >= 9

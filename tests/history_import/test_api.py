"""/api/v1/history-imports/: upload, check only, report, rollback; scope like the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Complaint
from history_import.models import HistoryImport
from history_import.reading import COMPLAINT_COLUMNS

from .conftest import csv_bytes
from .test_services import complaint_row, resolved_row

pytestmark = pytest.mark.django_db
URL = "/api/v1/history-imports/"


def file(rows):
    return SimpleUploadedFile("history.csv", csv_bytes(COMPLAINT_COLUMNS, rows), content_type="text/csv")


def test_it_imports_a_file_and_reports_each_bad_line(api_for, dave, world):
    rows = [resolved_row(1), complaint_row(2, channel="pigeon")]
    response = api_for(dave).post(URL, {"office": world.pk, "file": file(rows)}, format="multipart")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["complaints_created"] == 1 and body["status"] == "done"
    assert body["errors"][0][:2] == ["CSV", 3] and "pigeon" in body["errors"][0][2]
    assert api_for(dave).get(f"{URL}{body['id']}/").json()["complaints_created"] == 1
    assert [b["id"] for b in api_for(dave).get(URL).json()["results"]] == [body["id"]]


def test_a_check_only_call_imports_nothing(api_for, dave, world):
    response = api_for(dave).post(
        URL, {"office": world.pk, "file": file([complaint_row(1)]), "check_only": True}, format="multipart"
    )
    assert response.status_code == 200 and response.json()["complaints_created"] == 1
    assert Complaint.objects.count() == 0 and HistoryImport.objects.count() == 0


def test_it_rolls_an_import_back(api_for, dave, world):
    created = api_for(dave).post(URL, {"office": world.pk, "file": file([complaint_row(1)])}, format="multipart")
    batch = created.json()["id"]

    response = api_for(dave).post(f"{URL}{batch}/rollback/")
    assert response.status_code == 200 and response.json()["status"] == "rolled_back"
    assert Complaint.objects.count() == 0
    again = api_for(dave).post(f"{URL}{batch}/rollback/")
    assert again.status_code == 400 and "Impor ini sudah dibatalkan" in str(again.json())


def test_out_of_scope_is_like_missing_and_inspectors_import_nothing(api_for, dave, bob, charlie, world):
    created = api_for(dave).post(URL, {"office": world.pk, "file": file([complaint_row(1)])}, format="multipart")
    batch = created.json()["id"]

    assert api_for(bob).get(f"{URL}{batch}/").status_code == 404
    assert api_for(bob).post(f"{URL}{batch}/rollback/").status_code == 404
    assert api_for(bob).get(URL).json()["results"] == []
    # Office B is not among the offices Bob (office A) or an inspector may import into.
    for user in (bob, charlie):
        refused = api_for(user).post(URL, {"office": world.pk, "file": file([complaint_row(2)])}, format="multipart")
        assert refused.status_code == 400 and "office" in refused.json()
    assert api_for().get(URL).status_code == 401
    assert Complaint.objects.count() == 1

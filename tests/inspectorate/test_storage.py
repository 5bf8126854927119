"""Files through Django's storage API: the object store, private downloads, the store down.

The object-store tests run against the S3-compatible server of STORAGE_URL (in CI and here:
OpenStack Swift with s3api, started by scripts/objectstore.sh); without it they fail in CI and
skip visibly elsewhere. "The store is down" is a real S3 client pointed at a closed port.
"""

import re
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from complaints.models import Complaint, ComplaintAttachment, ComplaintEvent
from inspectorate import storage
from inspectorate.settings.storage import StorageConfigError, default_storage, from_url, is_shared
from reporting import services as report_services
from reporting.choices import ReportStatus

from ..complaints import files
from ..complaints.test_public import URL as INTAKE_URL
from ..complaints.test_public import valid_data
from ..reporting.factories import ReportFactory

# -- configuration from the environment (no service needed) --------------------------------------


def test_storage_url_describes_a_private_path_style_bucket():
    entry = from_url("s3://test%3Atester:testing@127.0.0.1:18780/inspectorate-ci/prod?region=us-east-1")
    assert entry["BACKEND"] == "inspectorate.storage.PrivateS3Storage"
    assert entry["OPTIONS"] == {
        "bucket_name": "inspectorate-ci",
        "location": "prod",
        "access_key": "test:tester",
        "secret_key": "testing",
        "region_name": "us-east-1",
        "addressing_style": "path",
        "endpoint_url": "http://127.0.0.1:18780",
    }
    assert is_shared(entry)


def test_s3_https_and_virtual_addressing():
    entry = from_url("s3+https://AK:S%2Fk@s3.example.id/bucket?addressing=virtual")
    assert entry["OPTIONS"]["endpoint_url"] == "https://s3.example.id"
    assert entry["OPTIONS"]["secret_key"] == "S/k"
    assert entry["OPTIONS"]["addressing_style"] == "virtual"


def test_file_url_and_nothing_mean_this_hosts_directory():
    assert from_url("file:///srv/media") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/media"},
    }
    assert default_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert not is_shared(default_storage({}))


@pytest.mark.parametrize(
    "url", ["ftp://host/bucket", "s3://key:secret@host:9000/", "s3://h/b?addressing=sideways", "file://relative"]
)
def test_a_storage_url_that_cannot_be_understood_is_refused(url):
    with pytest.raises(StorageConfigError):
        from_url(url)


def test_the_aws_variables_of_django_storages_work_too():
    entry = default_storage(
        {
            "AWS_STORAGE_BUCKET_NAME": "insp",
            "AWS_S3_ENDPOINT_URL": "https://minio.internal:9000",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_S3_REGION_NAME": "ap-southeast-3",
            "AWS_ACCESS_KEY_ID": "AK",
            "AWS_SECRET_ACCESS_KEY": "SK",
        }
    )
    assert entry["OPTIONS"]["bucket_name"] == "insp"
    assert entry["OPTIONS"]["endpoint_url"] == "https://minio.internal:9000"
    assert entry["OPTIONS"]["region_name"] == "ap-southeast-3"
    # STORAGE_URL wins over the AWS variables.
    assert default_storage({"STORAGE_URL": "file:///x", "AWS_STORAGE_BUCKET_NAME": "insp"})["BACKEND"].endswith(
        "FileSystemStorage"
    )


# -- the object store -------------------------------------------------------------------------


def _local_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _keys(store) -> list[str]:
    return sorted(obj.key for obj in store.bucket.objects.filter(Prefix=store.location + "/"))


def _anonymous_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own test server
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.django_db
def test_evidence_filed_online_lands_in_the_bucket_not_on_this_disk(
    object_storage, settings, client, client_for, bob, district_a, wages_pk
):
    data = valid_data(district_a, categories=[wages_pk])
    data["attachments"] = [files.pdf(), files.png()]
    assert client.post(INTAKE_URL, data).status_code == 302
    attachments = list(Complaint.objects.get().attachments.order_by("pk"))
    assert len(attachments) == 2
    assert _keys(object_storage) == sorted(f"{object_storage.location}/{a.file.name}" for a in attachments)
    assert _local_files(settings) == []

    # The office head downloads it through the app (streamed after the scope check): the same bytes.
    complaint = attachments[0].complaint
    response = client_for(bob).get(reverse("complaints:complaint_attachment", args=[complaint.pk, attachments[0].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Length"] == str(len(files.PDF))
    assert response["Cache-Control"] == "private, no-store"


@pytest.fixture
def wages_pk():
    from complaints.models import Category

    return str(Category.objects.get_or_create(code="wages")[0].pk)  # a transactional test may have emptied it


@pytest.mark.django_db
def test_objects_are_private_and_a_presigned_url_is_short_lived(object_storage):
    name = object_storage.save("private/evidence.pdf", ContentFile(b"%PDF-1.4 private"))
    endpoint = object_storage.endpoint_url.rstrip("/")
    raw = f"{endpoint}/{object_storage.bucket_name}/{object_storage.location}/{name}"
    assert _anonymous_get(raw) in {400, 401, 403}  # no public object, no public URL (Swift: 400)

    class Field:  # what a model's FieldFile offers storage.presigned_url
        storage = object_storage

    Field.name = name
    url = storage.presigned_url(Field, filename="bukti.pdf", content_type="application/pdf", expire=30)
    assert "X-Amz-Expires=30" in url and "X-Amz-Signature=" in url
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        assert response.read() == b"%PDF-1.4 private"
        assert "bukti.pdf" in response.headers["Content-Disposition"]
    tampered = url.replace("X-Amz-Expires=30", "X-Amz-Expires=3000")
    assert _anonymous_get(tampered) == 403


@pytest.mark.django_db
def test_download_redirects_to_a_presigned_url_when_configured(
    object_storage, settings, client, client_for, bob, alice, charlie, district_a, wages_pk
):
    settings.STORAGE_DOWNLOADS = "redirect"
    data = valid_data(district_a, categories=[wages_pk])
    data["attachments"] = [files.pdf()]
    client.post(INTAKE_URL, data)
    attachment = ComplaintAttachment.objects.get()
    url = reverse("complaints:complaint_attachment", args=[attachment.complaint_id, attachment.pk])
    response = client_for(bob).get(url)
    assert response.status_code == 302 and "X-Amz-Signature=" in response["Location"]
    with urllib.request.urlopen(response["Location"], timeout=10) as fetched:  # noqa: S310
        assert fetched.read() == files.PDF
    # The scope check comes first: another office gets no URL at all.
    client.logout()
    assert client_for(charlie).get(url).status_code == 404


@pytest.mark.django_db
def test_bulk_delete_works_on_swift(object_storage):
    names = [object_storage.save(f"bulk/{i}.txt", ContentFile(b"x")) for i in range(3)]
    object_storage.delete_many(names)
    assert _keys(object_storage) == []


# -- the store down ---------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _down_entry() -> dict:
    return {
        "BACKEND": "inspectorate.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": "down",
            "endpoint_url": f"http://127.0.0.1:{_closed_port()}",
            "access_key": "k",
            "secret_key": "s",
            "region_name": "us-east-1",
            "connect_timeout": 1,
            "max_attempts": 1,
        },
    }


@pytest.fixture
def store_down(settings):
    """A real S3 client whose object store does not answer (connection refused)."""
    settings.STORAGES = {**settings.STORAGES, "default": _down_entry()}
    return storages["default"]


def _counts():
    return (Complaint.objects.count(), ComplaintEvent.objects.count(), ComplaintAttachment.objects.count())


@pytest.mark.django_db
def test_an_upload_while_the_store_is_down_says_so_and_stores_nothing(
    store_down, settings, client, district_a, wages_pk
):
    data = valid_data(district_a, categories=[wages_pk])
    data["attachments"] = [files.pdf()]
    before = _counts()
    response = client.post(INTAKE_URL, data, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Penyimpanan berkas tidak dapat dihubungi" in response.content.decode()
    assert _counts() == before
    assert _local_files(settings) == []


@pytest.mark.django_db
def test_staff_attaching_while_the_store_is_down_get_the_same_clear_page(
    store_down, settings, client_for, bob, district_a, wages_pk
):
    from ..complaints.factories import make_complaint

    complaint = make_complaint(district=district_a, name="PT Canary Storage").complaint
    response = client_for(bob).post(
        reverse("complaints:complaint_attach", args=[complaint.pk]), {"attachments": [files.pdf()]}
    )
    assert response.status_code == 503
    assert complaint.attachments.count() == 0
    assert _local_files(settings) == []


@pytest.mark.django_db
def test_a_second_file_failing_removes_the_first_from_the_store(
    object_storage, monkeypatch, settings, client, district_a, wages_pk
):
    from botocore.exceptions import EndpointConnectionError

    saved = []
    real_save = type(object_storage)._save

    def flaky(self, name, content):
        if saved:
            raise EndpointConnectionError(endpoint_url=self.endpoint_url)
        saved.append(real_save(self, name, content))
        return saved[-1]

    monkeypatch.setattr(type(object_storage), "_save", flaky)
    data = valid_data(district_a, categories=[wages_pk])
    data["attachments"] = [files.pdf(), files.png()]
    before = _counts()
    response = client.post(INTAKE_URL, data)
    assert response.status_code == 503
    assert len(saved) == 1  # the first file reached the store ...
    assert _counts() == before
    assert _keys(object_storage) == []  # ... and was removed when the transaction rolled back


@pytest.mark.django_db
def test_a_report_build_with_the_store_down_is_given_back_and_built_once_it_is_up(
    office_a, bob, settings, store_down, object_store_entry
):
    report = ReportFactory(office=office_a, requested_by=bob, status=ReportStatus.QUEUED)
    with pytest.raises(storage.StorageUnavailable):
        report_services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.file.name, report.started_at) == (ReportStatus.QUEUED, 0, "", None)

    from reporting.tasks import build_report

    assert storage.StorageUnavailable in build_report.autoretry_for  # the task retries with backoff

    settings.STORAGES = {**settings.STORAGES, "default": {**object_store_entry}}
    store = storages["default"]
    report_services.report_build(report_id=report.pk)
    report.refresh_from_db()
    try:
        assert report.status == ReportStatus.DONE and report.attempts == 1
        with store.open(report.file.name, "rb") as handle:
            assert handle.read(5) == b"%PDF-"
    finally:
        store.delete(report.file.name)


# -- company import files ---------------------------------------------------------------------

CSV = (
    b"nib,name,kbli,address,district_code,workers_total,workers_female,workers_foreign,"
    b"bpjs_registered,bpjs_participants\n"
    b"9120001234567,PT Canary Storage,13112,Jl. Industri 1,3275,100,40,0,ya,90\n"
)


@pytest.mark.django_db
def test_a_company_import_file_goes_to_the_store_and_is_read_back_from_it(
    object_storage, settings, root, district_a, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inspectorate import services
    from inspectorate.choices import ImportStatus

    with django_capture_on_commit_callbacks(execute=False):
        job = services.company_import_request(
            actor=root, upload=SimpleUploadedFile("daftar.csv", CSV, content_type="text/csv")
        )
    assert _keys(object_storage) == [f"{object_storage.location}/{job.file.name}"]
    assert _local_files(settings) == []
    services.company_import_run(import_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.created, job.errors) == (ImportStatus.DONE, 1, [])


@pytest.mark.django_db
def test_a_company_import_waits_while_the_store_is_down(object_store_entry, settings, root, district_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inspectorate import services
    from inspectorate.choices import ImportStatus
    from inspectorate.models import CompanyImport

    settings.STORAGES = {**settings.STORAGES, "default": object_store_entry}
    job = CompanyImport(original_name="daftar.csv", uploaded_by=root)
    storage.save_file(job.file, "upload.csv", SimpleUploadedFile("daftar.csv", CSV))
    job.save()
    try:
        settings.STORAGES = {**settings.STORAGES, "default": _down_entry()}
        with pytest.raises(storage.StorageUnavailable):
            services.company_import_run(import_id=job.pk)
        job.refresh_from_db()
        assert job.status == ImportStatus.QUEUED  # the dispatcher hands it out again
        settings.STORAGES = {**settings.STORAGES, "default": object_store_entry}
        services.company_import_run(import_id=job.pk)
        job.refresh_from_db()
        assert (job.status, job.created) == (ImportStatus.DONE, 1)
    finally:
        storages["default"].delete(job.file.name)


# -- readiness and the script -----------------------------------------------------------------


def test_reachable_says_whether_the_store_answers(object_storage, settings):
    assert storage.reachable(object_storage)
    settings.STORAGES = {**settings.STORAGES, "default": _down_entry()}
    assert not storage.reachable()


def test_the_objectstore_script_prints_a_storage_url_the_settings_understand():
    import subprocess

    out = subprocess.run(
        ["bash", str(Path(__file__).resolve().parents[2] / "scripts" / "objectstore.sh"), "env"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "OBJECTSTORE_PORT": "19999", "OBJECTSTORE_BUCKET": "b-1"},
    ).stdout
    url = re.search(r'export STORAGE_URL="([^"]+)"', out).group(1)
    options = from_url(url)["OPTIONS"]
    assert (options["endpoint_url"], options["bucket_name"], options["access_key"], options["secret_key"]) == (
        "http://127.0.0.1:19999",
        "b-1",
        "test:tester",
        "testing",
    )
    assert options["addressing_style"] == "path"


@pytest.mark.django_db
def test_the_build_task_retries_while_the_store_is_down_and_builds_once_it_answers(
    office_a, bob, object_storage, monkeypatch
):
    from reporting.tasks import build_report

    report = ReportFactory(office=office_a, requested_by=bob, status=ReportStatus.QUEUED)
    real_save = storage.save_content
    calls = []

    def down_twice(store, name, content):
        calls.append(name)
        if len(calls) <= 2:
            raise storage.StorageUnavailable("connection refused")
        return real_save(store, name, content)

    monkeypatch.setattr(storage, "save_content", down_twice)
    result = build_report.apply(args=[report.pk])
    assert result.get() == ReportStatus.DONE
    assert len(calls) == 3  # two refused stores, then the retry that stored it
    report.refresh_from_db()
    assert (report.status, report.builds, report.attempts) == (ReportStatus.DONE, 1, 1)
    with object_storage.open(report.file.name, "rb") as handle:
        assert handle.read(5) == b"%PDF-"

"""Several machines, one product: two web servers and a worker share only PostgreSQL, Redis and
the object store, and nothing is lost between them.

Each is its own process (gunicorn, gunicorn, Celery) with its own working directory and its own
empty MEDIA_ROOT; what one host stores, another serves. Like a load balancer would, the test
sends one browser's requests (one cookie jar) to either web server.

- a complaint with evidence filed on web 1 is downloaded on web 2 (same bytes);
- a report requested on web 2 is built by the worker and downloaded from web 1;
- a session started on web 1 holds on web 2, and ends on both (logout, access change);
- the public tracking rate limit counts the attempts made on both servers together;
- no host wrote a file to its own disk; the objects are in the bucket.
"""

import os
import re
import socket
import subprocess
import sys
import time

import pytest
from django.db import connection

from complaints.models import Category, Complaint
from inspectorate import workers
from inspectorate.choices import Role
from reporting.choices import ReportStatus
from reporting.models import Report

from ..complaints import files
from ..complaints.test_public import valid_data
from ..conftest import BASE_DIR, _database_url, require_service
from ..factories import DEMO_PASSWORD, DistrictFactory, OfficeFactory, RegionFactory, StaffFactory

requests = pytest.importorskip("requests")

pytestmark = pytest.mark.django_db(transaction=True)

SETTINGS = "tests.multihost.settings"
TRACK_LIMIT = 3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{url}: the server exited with {proc.returncode}")
        try:
            requests.get(url, timeout=15)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout:.0f} s")


@pytest.fixture
def cluster(transactional_db, tmp_path, object_store_entry):
    """Two gunicorn web servers and one Celery worker, each with its own directory."""
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        require_service("CELERY_BROKER_URL is not set (the worker's queue)")
    if connection.vendor != "postgresql":
        require_service("the hosts need the PostgreSQL test database")
    from inspectorate.celery import app

    cache = os.environ.get("MULTIHOST_REDIS_CACHE_URL") or broker.rsplit("/", 1)[0] + "/14"
    redis = pytest.importorskip("redis")
    redis.Redis.from_url(cache).flushdb()
    prefix = f"multihost/{os.getpid()}-{int(time.time())}"
    options = object_store_entry["OPTIONS"]
    storage_url = os.environ["STORAGE_URL"]
    # The hosts' files under a prefix of this run: STORAGE_URL's bucket path gains it.
    base, _, query = storage_url.partition("?")
    storage_url = f"{base.rstrip('/')}/{prefix}" + (f"?{query}" if query else "")
    if options.get("location"):
        pytest.fail("give the multi-host test a STORAGE_URL without a prefix")

    def host_env(name: str) -> dict:
        home = tmp_path / name
        (home / "media").mkdir(parents=True)
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DJANGO_"))},
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": _database_url(),
            "REDIS_CACHE_URL": cache,
            "CELERY_BROKER_URL": broker,
            "STORAGE_URL": storage_url,
            "DJANGO_MEDIA_ROOT": str(home / "media"),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "RATE_LIMIT_COMPLAINT_TRACK": f"{TRACK_LIMIT}/10m",
            "PYTHONPATH": str(BASE_DIR),
        }

    procs = []
    webs = {}
    try:
        for name in ("web1", "web2"):
            port = _free_port()
            proc = subprocess.Popen(  # noqa: S603 - fixed argument list
                [
                    sys.executable, "-m", "gunicorn", "inspectorate.wsgi:application",
                    "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60", "--log-level", "warning",
                ],
                cwd=tmp_path / name,
                env=host_env(name),
            )  # fmt: skip
            procs.append(proc)
            webs[name] = f"http://127.0.0.1:{port}"
        for name, proc in zip(("web1", "web2"), procs, strict=True):
            _wait_http(webs[name] + "/lapor/", proc)
        saved = app.conf.CELERY_TASK_ALWAYS_EAGER
        app.conf.CELERY_TASK_ALWAYS_EAGER = False
        worker = workers.start_worker(concurrency=1, name="multihost", env=host_env("worker"))
        try:
            yield {**webs, "homes": [tmp_path / n / "media" for n in ("web1", "web2", "worker")], "prefix": prefix}
        finally:
            workers.stop_worker(worker, timeout=20)
            app.conf.CELERY_TASK_ALWAYS_EAGER = saved
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        _empty_prefix(object_store_entry, prefix)


def _empty_prefix(entry: dict, prefix: str) -> None:
    from inspectorate.storage import PrivateS3Storage

    store = PrivateS3Storage(**{**entry["OPTIONS"], "location": prefix})
    names = [o.key for o in store.bucket.objects.filter(Prefix=prefix + "/")]
    if names:
        store.client.delete_objects(
            Bucket=store.bucket_name, Delete={"Objects": [{"Key": n} for n in names], "Quiet": True}
        )


def _keys(entry: dict, prefix: str) -> list[str]:
    from inspectorate.storage import PrivateS3Storage

    store = PrivateS3Storage(**{**entry["OPTIONS"], "location": prefix})
    return sorted(o.key[len(prefix) + 1 :] for o in store.bucket.objects.filter(Prefix=prefix + "/"))


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no {name} in the page"
    return match.group(1)


def _csrf(session) -> str:
    return session.cookies.get("csrftoken")


def _login(browser, base: str, username: str) -> None:
    page = browser.get(f"{base}/accounts/login/", timeout=30)
    assert page.status_code == 200
    response = browser.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": _hidden(page.text, "csrfmiddlewaretoken"), "login": username,
              "password": DEMO_PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )  # fmt: skip
    assert response.status_code == 302, response.text[:2000]


def _signed_in(browser, base: str) -> bool:
    response = browser.get(f"{base}/complaints/", allow_redirects=False, timeout=30)
    return response.status_code == 200


def test_two_web_servers_and_a_worker_share_files_sessions_and_limits(cluster, object_store_entry):
    region = RegionFactory(code="32", name="Jawa Barat")
    office = OfficeFactory(code="JB-1", name="UPTD Wilayah I Jawa Barat", region=region, time_zone="Asia/Jakarta")
    district = DistrictFactory(code="3275", name="Kota Bekasi", office=office, region=region)
    StaffFactory(username="bob", first_name="Bob", role=Role.OFFICE_HEAD, office=office)
    wages, _ = Category.objects.get_or_create(code="wages")
    web1, web2 = cluster["web1"], cluster["web2"]

    # 1. A worker files a complaint with evidence on web 1.
    public = requests.Session()
    form = public.get(f"{web1}/lapor/", timeout=30)
    assert form.status_code == 200
    filed = public.post(
        f"{web1}/lapor/",
        data=valid_data(
            district,
            categories=[str(wages.pk)],
            csrfmiddlewaretoken=_hidden(form.text, "csrfmiddlewaretoken"),
            submission_token=_hidden(form.text, "submission_token"),
        ),
        files={"attachments": ("bukti.pdf", files.PDF, "application/pdf")},
        headers={"Referer": f"{web1}/lapor/"},
        allow_redirects=False,
        timeout=60,
    )
    assert filed.status_code == 302, filed.text[:3000]
    complaint = Complaint.objects.get()
    attachment = complaint.attachments.get()

    # 2. The office head signs in on web 1; the session holds on web 2, where the evidence downloads.
    browser = requests.Session()
    _login(browser, web1, "bob")
    assert _signed_in(browser, web2)
    download = browser.get(f"{web2}/complaints/{complaint.pk}/attachments/{attachment.pk}/", timeout=30)
    assert download.status_code == 200
    assert download.content == files.PDF

    # 3. A report requested on web 2 is built by the worker and downloads from web 1.
    page = browser.get(f"{web2}/reports/", timeout=30)
    assert page.status_code == 200, page.status_code
    requested = browser.post(
        f"{web2}/reports/request/",
        data={"csrfmiddlewaretoken": _csrf(browser), "kind": "quota", "month": "2024-05",
              "scope": f"office:{office.pk}", "language": "id"},
        headers={"Referer": f"{web2}/reports/"},
        allow_redirects=False,
        timeout=60,
    )  # fmt: skip
    assert requested.status_code == 302, requested.text[:3000]
    report = Report.objects.get()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in {ReportStatus.DONE, ReportStatus.FAILED}:
            break
        time.sleep(0.5)
    assert report.status == ReportStatus.DONE, (report.status, report.error)
    pdf = browser.get(f"{web1}/reports/{report.pk}/download/", timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")

    # 4. Nothing on any host's disk; the evidence and the report are in the bucket.
    for home in cluster["homes"]:
        assert [p for p in home.rglob("*") if p.is_file()] == [], home
    assert _keys(object_store_entry, cluster["prefix"]) == sorted([attachment.file.name, report.file.name])

    # 5. Sessions end on both: signing out on web 2 signs out on web 1 ...
    logout = browser.post(
        f"{web2}/accounts/logout/",
        data={"csrfmiddlewaretoken": _csrf(browser)},
        headers={"Referer": f"{web2}/"},
        allow_redirects=False,
        timeout=30,
    )
    assert logout.status_code == 302
    assert not _signed_in(browser, web1)
    # ... and a change of access made anywhere ends the session on both.
    _login(browser, web2, "bob")
    assert _signed_in(browser, web1)
    from inspectorate.models import Staff

    Staff.objects.filter(username="bob").update(role=Role.INSPECTOR)
    assert not _signed_in(browser, web1)
    assert not _signed_in(browser, web2)

    # 6. The public tracking limit counts both servers' attempts together.
    statuses = []
    tracker = requests.Session()
    for attempt in range(TRACK_LIMIT + 1):
        base = (web1, web2)[attempt % 2]
        page = tracker.get(f"{base}/lapor/lacak/", timeout=30)
        response = tracker.post(
            f"{base}/lapor/lacak/",
            data={"csrfmiddlewaretoken": _hidden(page.text, "csrfmiddlewaretoken"), "reference": complaint.reference,
                  "code": "WRONG-CODE-1"},
            headers={"Referer": f"{base}/lapor/lacak/"},
            timeout=30,
        )  # fmt: skip
        statuses.append(response.status_code)
    assert statuses == [200] * TRACK_LIMIT + [429]

"""Actors and fixtures shared by every test.

The actors, all against objects of office A (West Java) unless said otherwise:
- alice: inspector of office A          - bob: office head of office A
- charlie: inspector of office B        - dave: office head of office B (another region)
- erin: official of region A            - frank: official of region B
- grace: national official              - root: administrator
"""

import http.server
import os
import threading
from pathlib import Path

import pytest
from django.db import connection

from inspectorate import workers
from inspectorate.choices import Role

from .factories import DEMO_PASSWORD, CompanyFactory, DistrictFactory, OfficeFactory, RegionFactory, StaffFactory

BASE_DIR = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"} or os.environ.get("REQUIRE_SERVICES") == "1"


def require_service(reason: str) -> None:
    """Where services are required (CI), a missing one fails the test; elsewhere it is a visible skip."""
    if IN_CI:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(f"service not configured here: {reason}")


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile` (`make test`): files in runs, each process in pytest-django's order (tests/scheduling.py)."""
    if config.getvalue("dist") == "loadfile":
        from .scheduling import RunsInOrder

        return RunsInOrder(config, log)
    return None


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    broker = os.environ.get("CELERY_BROKER_URL") or "none (tasks in-process)"
    return [f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''}", f"celery broker: {broker}"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the audit table's TRUNCATE guard off.

    Tests on ``transactional_db`` are cleaned up with TRUNCATE, which the append-only audit
    table refuses on PostgreSQL. UPDATE and DELETE stay refused (tests/audit/test_append_only.py).
    """
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_truncate")
    yield
    # A connection some test's thread or process left open would keep pytest-django from dropping the
    # database afterwards ("is being accessed by other users"): at the end of the run, none is needed.
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def password():
    return DEMO_PASSWORD


@pytest.fixture
def categories(db):
    """The categories of migration 0002 again: transactional tests before this one may have flushed them."""
    from complaints.models import Category
    from inspectorate.choices import NormCategory

    for position, code in enumerate(NormCategory.values):
        Category.objects.update_or_create(code=code, defaults={"position": position})
    return Category.objects.all()


@pytest.fixture
def region_a(db):
    return RegionFactory(code="32", name="Jawa Barat")


@pytest.fixture
def region_b(db):
    return RegionFactory(code="63", name="Kalimantan Selatan")


@pytest.fixture
def office_a(region_a):
    return OfficeFactory(code="JB-1", name="UPTD Wilayah I Jawa Barat", region=region_a, time_zone="Asia/Jakarta")


@pytest.fixture
def office_b(region_b):
    return OfficeFactory(
        code="KS-1", name="UPTD Wilayah I Kalimantan Selatan", region=region_b, time_zone="Asia/Makassar"
    )


@pytest.fixture
def district_a(office_a):
    return DistrictFactory(code="3275", name="Kota Bekasi", office=office_a, region=office_a.region)


@pytest.fixture
def district_b(office_b):
    return DistrictFactory(code="6371", name="Kota Banjarmasin", office=office_b, region=office_b.region)


@pytest.fixture
def company_a(district_a):
    return CompanyFactory(name="PT Maju Bersama", district=district_a)


@pytest.fixture
def company_b(district_b):
    return CompanyFactory(name="PT Borneo Lestari", district=district_b)


@pytest.fixture
def alice(office_a):
    return StaffFactory(username="alice", first_name="Alice", role=Role.INSPECTOR, office=office_a)


@pytest.fixture
def bob(office_a):
    return StaffFactory(username="bob", first_name="Bob", role=Role.OFFICE_HEAD, office=office_a)


@pytest.fixture
def charlie(office_b):
    return StaffFactory(username="charlie", first_name="Charlie", role=Role.INSPECTOR, office=office_b)


@pytest.fixture
def dave(office_b):
    return StaffFactory(username="dave", first_name="Dave", role=Role.OFFICE_HEAD, office=office_b)


@pytest.fixture
def erin(region_a):
    return StaffFactory(username="erin", first_name="Erin", role=Role.OFFICIAL, office=None, region=region_a)


@pytest.fixture
def frank(region_b):
    return StaffFactory(username="frank", first_name="Frank", role=Role.OFFICIAL, office=None, region=region_b)


@pytest.fixture
def grace(db):
    return StaffFactory(username="grace", first_name="Grace", role=Role.OFFICIAL, office=None, region=None)


@pytest.fixture
def root(db):
    return StaffFactory(username="root", first_name="Root", role=Role.ADMIN, office=None)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as ``user``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_for():
    """``api_for(user)``: a DRF client authenticated with the user's token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(user=None):
        api = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return make


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker process on the configured Redis broker, sharing the test database.

    Tests using it see tasks cross a process boundary, as in production. Needs PostgreSQL
    (the worker must reach the same test database) and CELERY_BROKER_URL.
    """
    from inspectorate.celery import app

    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        require_service("CELERY_BROKER_URL is not set")
    if connection.vendor != "postgresql":
        require_service("a worker process needs the PostgreSQL test database")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "inspectorate.settings.test",
        "DATABASE_URL": _database_url(),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    if connection.in_atomic_block:
        pytest.fail("tests using celery_worker must be transactional: @pytest.mark.django_db(transaction=True)")
    # The app reads Django settings under the CELERY_ namespace: this key, not task_always_eager,
    # decides whether .delay() publishes to the broker or runs the task in this process.
    saved = app.conf.CELERY_TASK_ALWAYS_EAGER
    app.conf.CELERY_TASK_ALWAYS_EAGER = False
    assert app.conf.task_always_eager is False
    try:
        proc = workers.start_worker(concurrency=2, name="test", env=env)
    except workers.WorkerError as exc:
        app.conf.CELERY_TASK_ALWAYS_EAGER = saved
        pytest.fail(str(exc))
    try:
        yield proc
    finally:
        app.conf.CELERY_TASK_ALWAYS_EAGER = saved
        workers.stop_worker(proc, timeout=20)


# -- the object store (scripts/objectstore.sh start; CI exports STORAGE_URL) ---------------------


def _object_store_entry() -> dict:
    from inspectorate.settings.storage import default_storage, is_shared

    entry = default_storage(os.environ)
    if not is_shared(entry):
        require_service('an S3-compatible object store: eval "$(scripts/objectstore.sh start)" exports STORAGE_URL')
    return entry


@pytest.fixture(scope="session")
def object_store_entry():
    """The STORAGES entry of the object store given by STORAGE_URL / AWS_*; its bucket exists."""
    from inspectorate.storage import PrivateS3Storage, is_unavailable

    entry = _object_store_entry()
    try:
        PrivateS3Storage(**{**entry["OPTIONS"], "max_attempts": 1}).ensure_bucket()
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        require_service(f"the object store of STORAGE_URL does not answer ({exc})")
    return entry


@pytest.fixture
def object_storage(object_store_entry, settings, request):
    """Files of this test on the object store, under a prefix of their own, removed afterwards.

    Returns the storage; ``settings.MEDIA_ROOT`` stays an empty local directory, so a test can
    prove nothing was written to this machine's disk.
    """
    import uuid

    from django.core.files.storage import storages

    prefix = f"{object_store_entry['OPTIONS'].get('location') or 'tests'}/{uuid.uuid4().hex[:12]}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**object_store_entry, "OPTIONS": {**object_store_entry["OPTIONS"], "location": prefix}},
    }
    storage = storages["default"]
    yield storage
    bucket = storage.bucket
    names = [obj.key for obj in bucket.objects.filter(Prefix=prefix + "/")]
    if names:
        # Through S3 DeleteObjects, which needs the Content-MD5 fix on Swift.
        storage.client.delete_objects(
            Bucket=storage.bucket_name, Delete={"Objects": [{"Key": n} for n in names], "Quiet": True}
        )


@pytest.fixture
def orm_compiles(monkeypatch, settings):
    """The queries the ORM compiled (``SQLCompiler.as_sql``, entered), as their compilers' models.
    A page whose queries are all prepared (``inspectorate.prepared``) compiles none after its first
    request, as in production: the tests' check that builds each prepared query again to compare
    it (``PREPARED_QUERIES_CHECK``) is off meanwhile."""
    from django.db.models.sql.compiler import SQLCompiler

    if connection.vendor != "postgresql":  # elsewhere (the demo's SQLite) a prepared query is built each time
        require_service("PostgreSQL: prepared queries are kept on PostgreSQL only (inspectorate/prepared.py)")
    settings.PREPARED_QUERIES_CHECK = False

    compiled = []
    original = SQLCompiler.as_sql

    def as_sql(self, *args, **kwargs):
        compiled.append(self.query.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", as_sql)
    return compiled


def compiling_nothing(client, address: str, orm_compiles: list):
    """The page at ``address`` requested twice; the second response, having checked that it
    answered 200 and that the ORM compiled nothing for it (``orm_compiles``)."""
    assert client.get(address).status_code == 200
    orm_compiles.clear()
    response = client.get(address)
    assert response.status_code == 200
    assert orm_compiles == []
    return response


@pytest.fixture
def prepared_pages(monkeypatch):
    """The slices read through PreparedRows during a request."""
    from inspectorate.pagination import PreparedRows

    read = []
    original = PreparedRows.__getitem__

    def getitem(self, bounds):
        read.append((bounds.start, bounds.stop))
        return original(self, bounds)

    monkeypatch.setattr(PreparedRows, "__getitem__", getitem)
    return read


@pytest.fixture
def http_server():
    """A local HTTP server that records every request it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()

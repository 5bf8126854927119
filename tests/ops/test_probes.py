"""/healthz, /readyz and /metrics against the real services, the JSON log line with the request
id, and the 503 page when the database is unavailable."""

import io
import json
import logging
import uuid
from importlib import import_module

import pytest
from django.db import OperationalError, connection
from django.test import Client

from ops import health
from ops.jsonlog import JsonFormatter, RequestIdFilter
from reporting.choices import ReportStatus
from tests.conftest import require_service

REDIS = "redis://127.0.0.1:6379/6"
NOWHERE = "redis://127.0.0.1:6390/0"
TOKEN = "metrics-" + "x" * 32


@pytest.fixture
def redis_db6():
    import redis

    client = redis.Redis.from_url(REDIS, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError:
        require_service("Redis at 127.0.0.1:6379")
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def production_like(settings):
    """Host checks and the HTTPS redirect on, as in production."""
    settings.ALLOWED_HOSTS = ["inspectorate.example"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]


@pytest.fixture(autouse=True)
def _fresh_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_healthz_answers_a_load_balancer_by_address_over_http(db, production_like):
    response = Client().get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_a_post(db):
    assert Client().post("/healthz").status_code == 405


def test_readyz_is_ready_with_every_service_up(db, settings, redis_db6, production_like):
    settings.CELERY_BROKER_URL = REDIS
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}}
    response = Client().get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "cache": "ok",
            "broker": "ok",
            "object_store": "skipped",
        },
    }


def test_readyz_is_unavailable_when_the_broker_is_down(db, settings):
    settings.CELERY_BROKER_URL = NOWHERE
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "ConnectionError"
    assert response.json()["checks"]["database"] == "ok"


def test_readyz_is_unavailable_when_the_cache_is_down(db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NOWHERE}}
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "ConnectionError"


def test_readyz_is_unavailable_while_a_migration_is_not_applied(db):
    if connection.vendor != "postgresql":
        require_service("PostgreSQL")
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("DELETE FROM django_migrations WHERE app = 'audit' AND name = '0004_entry_hash_chain'")
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 migration(s) not applied"


def test_readyz_is_unavailable_when_the_object_store_is_down(db, settings):
    from tests.inspectorate.test_storage import _down_entry

    settings.STORAGES = {**settings.STORAGES, "default": _down_entry()}  # an S3 endpoint nobody answers
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["object_store"] == "object store unreachable"


def test_readyz_checks_the_object_store_when_files_live_there(db, object_storage):
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["object_store"] == "ok"


def test_metrics_are_a_404_without_the_token(db, settings):
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics").status_code == 404
    settings.METRICS_TOKEN = TOKEN
    assert Client().get("/metrics").status_code == 404
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404


def test_metrics_count_requests_reports_queue_and_pending_mail(db, settings, redis_db6, office_a, bob):
    from notifications.models import Notification
    from tests.reporting.factories import ReportFactory

    settings.METRICS_TOKEN = TOKEN
    settings.CELERY_BROKER_URL = REDIS
    ReportFactory(office=office_a, status=ReportStatus.QUEUED)
    ReportFactory(
        office=office_a, status=ReportStatus.DONE, file="reports/x.pdf", builds=2, attempts=3, kind="resolution"
    )
    Notification.objects.create(recipient=bob, event="x", key="k1", email_state="pending")
    Notification.objects.create(recipient=bob, event="x", key="k2", email_state="sent")
    redis_db6.rpush("celery", "task-1", "task-2", "task-3")
    Client().get("/lapor/")

    text = scrape()
    assert 'inspectorate_http_requests_total{method="GET",route="lapor/",status="200"}' in text
    assert 'inspectorate_http_request_duration_seconds_count{method="GET",route="lapor/"}' in text
    assert 'inspectorate_task_queue_depth{queue="celery"} 3.0' in text
    assert 'inspectorate_reports{status="queued"} 1.0' in text
    assert 'inspectorate_reports{status="done"} 1.0' in text
    assert "inspectorate_report_builds 2.0" in text
    assert "inspectorate_report_build_attempts 3.0" in text
    assert "inspectorate_notifications_email_pending 1.0" in text


def test_metrics_still_answer_when_the_broker_is_down(db, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.CELERY_BROKER_URL = NOWHERE
    text = scrape()
    assert "inspectorate_task_queue_depth" in text
    assert 'inspectorate_task_queue_depth{queue="celery"}' not in text


def scrape(token=TOKEN) -> str:
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def test_it_logs_one_json_line_per_request_with_its_request_id(db):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("inspectorate.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    request_id = uuid.uuid4().hex
    try:
        response = Client().get("/lapor/", HTTP_X_REQUEST_ID=request_id)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    assert response["X-Request-ID"] == request_id
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["request_id"] == request_id
    assert (line["method"], line["route"], line["status"], line["level"]) == ("GET", "lapor/", 200, "INFO")
    assert line["time"].endswith("+00:00") and line["duration_ms"] >= 0


@pytest.mark.parametrize(
    "raised",
    [
        lambda: OperationalError,  # Django's, wrapping the driver's
        # Django does not wrap every driver error: closing a server-side cursor on a connection the
        # server dropped raises the driver's own class (seen as a 500 while PostgreSQL restarted).
        lambda: connection.Database.OperationalError,
        lambda: connection.Database.InterfaceError,
    ],
    ids=["django", "driver", "driver-interface"],
)
def test_a_database_outage_is_a_503_page_and_not_a_500(db, monkeypatch, settings, raised):
    settings.DEBUG = False
    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # the store every request loads
    error = raised()

    def down(self):
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", down)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.UNAVAILABLE_RETRY_AFTER)
    assert "Layanan tidak tersedia" in response.content.decode()


def test_any_other_error_is_still_a_500(db, monkeypatch, settings):
    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore

    def broken(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(SessionStore, "load", broken)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    assert client.get("/").status_code == 500


class UntouchableUser:
    """Stands for a user nobody has loaded yet: reading it fails the test."""

    def __getattr__(self, name):
        pytest.fail(f"request.user.{name} was read")


def test_the_access_log_costs_no_query(db, django_assert_num_queries):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from ops.middleware import RequestMetricsMiddleware

    request = RequestFactory().get("/lapor/")
    request.user = UntouchableUser()
    with django_assert_num_queries(0):
        response = RequestMetricsMiddleware(lambda r: HttpResponse("ok"))(request)
    assert response.status_code == 200

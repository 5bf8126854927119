import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template import loader
from django.test import Client, RequestFactory
from django.views import defaults

LEAKS = ["Traceback", "Django Version", "Python Version", "DEBUG = True", "Request Method", "Exception Value"]


@pytest.fixture(autouse=True)
def _no_debug(settings):
    settings.DEBUG = False


def _assert_clean(html: str) -> None:
    for leak in LEAKS:
        assert leak not in html


def test_it_renders_the_404_page(client, db):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-404-abcdef")
    assert response.status_code == 404
    assert [t.name for t in response.templates][0] == "404.html"
    html = response.content.decode()
    # Indonesian is the default language (our catalog, or Django's own before messages are compiled).
    assert "Halaman tidak ditemukan" in html or "Laman tidak ditemukan" in html
    assert "req-404-abcdef" in html
    _assert_clean(html)


def test_it_renders_the_403_page(db):
    request = RequestFactory().get("/")
    response = defaults.permission_denied(request, PermissionDenied("secret internal reason"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "secret internal reason" not in html
    assert "<nav" in html  # the site's layout
    _assert_clean(html)


def test_it_renders_the_400_page_for_a_foreign_host(client, db):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert [t.name for t in response.templates][0] == "400.html"
    _assert_clean(response.content.decode())


def test_it_renders_the_400_page(db):
    response = defaults.bad_request(RequestFactory().get("/"), SuspiciousOperation("internal detail"))
    assert response.status_code == 400
    assert "internal detail" not in response.content.decode()


def test_it_renders_the_500_page_without_a_request_context():
    html = loader.get_template("500.html").render()
    assert "<html" in html
    _assert_clean(html)


def test_it_renders_the_500_page_for_an_exception(db):
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "bootstrap" in response.content.decode()
    _assert_clean(response.content.decode())


def test_it_renders_the_csrf_failure_page(alice, password):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "alice", "password": password})
    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403_csrf.html"
    _assert_clean(response.content.decode())

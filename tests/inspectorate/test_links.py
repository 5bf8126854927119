"""``{% link %}`` and inspectorate.links.url: ``reverse()`` once per URLconf and script prefix."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from inspectorate.context_processors import NAVIGATION
from inspectorate.links import by_pk, url


def test_it_gives_what_reverse_gives_for_every_navigation_entry():
    for name, *_rest in NAVIGATION:
        assert url(name) == reverse(name) == url(name)


def test_the_tag_writes_what_the_url_tag_writes():
    both = Template('{% link "complaints:complaint_list" %}|{% url "complaints:complaint_list" %}').render(Context())
    mine, django = both.split("|")
    assert mine == django == "/complaints/"


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/inspektorat/")
        assert url("complaints:complaint_list") == "/inspektorat/complaints/"
    finally:
        set_script_prefix("/")
    assert url("complaints:complaint_list") == "/complaints/"


def test_an_address_by_pk_is_reverse_s_and_follows_the_script_prefix():
    for pk in (7, 987_654_321, "12"):
        assert by_pk("complaints:complaint_detail")(pk) == reverse("complaints:complaint_detail", args=[pk])
    try:
        set_script_prefix("/inspektorat/")
        assert by_pk("complaints:complaint_detail")(7) == "/inspektorat/complaints/7/"
    finally:
        set_script_prefix("/")
    assert by_pk("complaints:complaint_detail")(7) == "/complaints/7/"


def test_a_name_that_does_not_reverse_raises_each_time():
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            url("no-such-view")


def _wsgi_get(path: str, cookies, script_name: str) -> str:
    """The page as Django's WSGI handler serves it (it sets the script prefix; the test client does not)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    environ = RequestFactory()._base_environ(
        PATH_INFO=path, SCRIPT_NAME=script_name, HTTP_COOKIE=cookies.output(header="", sep=";")
    )
    request_started.disconnect(close_old_connections)  # the test's transaction stays open, as with the test client
    try:
        response = WSGIHandler()(environ, lambda status, headers: None)
        return b"".join(response).decode()
    finally:
        request_started.connect(close_old_connections)
        set_script_prefix("/")


def test_a_page_served_under_a_prefix_links_under_it(client_for, bob):
    """A site mounted below its domain's root (SCRIPT_NAME): the same page's links follow it, and
    the addresses kept for the root are not given to it, nor its to the root."""
    client = client_for(bob)
    plain = _wsgi_get("/complaints/", client.cookies, "")
    assert 'href="/complaints/new/"' in plain and 'action="/search/"' in plain
    prefixed = _wsgi_get("/complaints/", client.cookies, "/inspektorat")
    assert 'href="/inspektorat/complaints/new/"' in prefixed and 'action="/inspektorat/search/"' in prefixed
    assert 'href="/inspektorat/complaints/"' in prefixed and 'href="/complaints/"' not in prefixed
    assert 'href="/complaints/new/"' in _wsgi_get("/complaints/", client.cookies, "")

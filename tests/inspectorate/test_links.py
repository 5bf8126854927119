"""``{% link %}`` and inspectorate.links.url: ``reverse()`` once per URLconf and script prefix."""

import pytest
from django.template import Context, Engine, Template, engines
from django.template.defaulttags import URLNode
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, re_path, reverse, set_script_prefix

from complaints.urls import urlpatterns as complaints_patterns
from inspectorate import links as links_module
from inspectorate.context_processors import NAVIGATION
from inspectorate.links import by_pk, id_form, url
from inspectorate.templatetags import links as links_tags


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


# {% url %}: a link to one object by a whole number written from a form reversed once
# (inspectorate/templatetags/links.KeptURLNode), against Django's own tag.


def _year(request, year):  # a view of the URLconf below
    raise AssertionError("never called")


urlpatterns = [
    re_path(r"^year/(?P<year>[0-9]{4})/$", _year, name="year"),  # takes four digits only: no form
    path("by-slug/<slug:slug>/", _year, name="by_slug"),
    path("a&b/<int:pk>/", _year, name="amp"),
    path("", include((complaints_patterns, "complaints"))),
]


def _both(source: str, context: dict) -> tuple[str, str]:
    """``source`` rendered by the site's engine and by Django's own tags (no builtins of ours)."""
    ours = engines["django"].from_string(source).render(context)
    django_s = Engine(libraries={"i18n": "django.templatetags.i18n"}).from_string(source).render(Context(context))
    return ours, django_s


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("value", [0, 7, 12_345_678_901, "12", "a-b"])
@pytest.mark.parametrize("name", ["complaints:complaint_detail", "year", "by_slug", "amp"])
def test_the_url_tag_writes_what_django_s_writes(name, value, settings):
    settings.KEPT_LINKS_CHECK = False  # as in production: the tag's own answer, not the check's
    source = "{% url '" + name + "' value %}|{% autoescape off %}{% url '" + name + "' value %}{% endautoescape %}"
    try:
        ours, django_s = _both(source, {"value": value})
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            engines["django"].from_string(source).render({"value": value})
        return
    assert ours == django_s
    if name == "amp" and value == 7:
        assert ours == "/a&amp;b/7/|/a&b/7/"


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("value", [-1, None, True, 2024])
def test_what_has_no_form_is_django_s_own(value, settings):
    """A negative number, nothing, a truth value (an int to Python) and a view whose address takes
    only four digits: Django's answer, address or NoReverseMatch, each time."""
    settings.KEPT_LINKS_CHECK = False  # as in production: the tag's own answer, not the check's
    for name in ("complaints:complaint_detail", "year"):
        template = engines["django"].from_string("{% url '" + name + "' value %}")
        try:
            expected = reverse(name, args=[value])
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                template.render({"value": value})
        else:
            assert template.render({"value": value}) == expected == template.render({"value": value})
    assert id_form("year", None) is None


def test_only_one_id_by_a_literal_name_is_written_from_a_form():
    for source, kept in (
        ("{% url 'complaints:complaint_detail' c.pk %}", True),
        ("{% url name c.pk %}", False),
        ("{% url 'complaints:complaint_detail' pk=c.pk %}", False),
        ("{% url 'complaints:complaint_detail' c.pk as there %}", False),
        ("{% url 'complaints:complaint_list' %}", False),
    ):
        node = engines["django"].from_string(source).template.nodelist[0]
        assert (type(node) is links_tags.KeptURLNode) is kept, source
        assert isinstance(node, URLNode)


def test_the_form_follows_the_script_prefix_and_the_check_catches_a_wrong_one(monkeypatch, settings):
    template = engines["django"].from_string("{% url 'complaints:complaint_detail' pk %}")
    try:
        set_script_prefix("/inspektorat/")
        assert template.render({"pk": 5}) == "/inspektorat/complaints/5/"
    finally:
        set_script_prefix("/")
    assert template.render({"pk": 5}) == "/complaints/5/"
    key = ("complaints:complaint_detail", settings.ROOT_URLCONF, "/", None)
    assert key in links_module._FORMS
    monkeypatch.setitem(links_module._FORMS, key, ("/complaint/", "/"))
    with pytest.raises(AssertionError, match="from a form"):
        template.render({"pk": 5})

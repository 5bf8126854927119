"""``{% kept %}`` (markup written once per language, URLconf, script prefix and autoescaping;
inspectorate/templatetags/chrome.py) and ``{% extends %}`` with its root template's blocks found
once (kept_extends.py): every page is what Django's own rendering of the same templates writes."""

import re

import pytest
from django.contrib import messages
from django.shortcuts import render
from django.template import Context, Engine, Template, TemplateSyntaxError, engines
from django.template.loader_tags import ExtendsNode
from django.test import override_settings
from django.urls import path, set_script_prefix
from django.utils import translation

from inspectorate.templatetags import chrome, kept_extends, kept_i18n
from inspectorate.urls import urlpatterns as site_patterns

from ..factories import CompanyFactory


def _masked(html: bytes) -> bytes:
    """The page with its CSRF tokens (masked afresh on every request) and an error page's request
    id (new for every request) replaced by one word each."""
    html = re.sub(rb'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"', b"CSRF", html)
    return re.sub(rb"<code>[0-9a-f]{32}</code>", b"REQUEST-ID", html)


@pytest.fixture
def unkept(monkeypatch):
    """``unkept()``: from then on both tags render as Django's would, every node every time."""

    def switch():
        monkeypatch.setattr(chrome.KeptNode, "render", lambda node, context: node.nodelist.render(context))
        monkeypatch.setattr(kept_extends.KeptExtendsNode, "render", ExtendsNode.render)

    return switch


PAGES = [
    "/",
    "/companies/",
    "/companies/?q=Logam",
    "/complaints/",
    "/search/?q=%3Cb%3E%22x%22",
    "/reports/",
    "/nowhere/",
]


def _pages(client, users, languages) -> dict:
    written = {}
    for user in users:
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        for language in languages:
            client.cookies["django_language"] = language
            for url in PAGES:
                response = client.get(url)
                key = (getattr(user, "username", None), language, url)
                written[key] = (response.status_code, _masked(response.content))
    return written


def test_every_page_is_what_django_s_rendering_writes(client, alice, bob, erin, grace, root, unkept):
    """Five people of every role and a visitor, eight pages, the languages taken in turn (so a
    markup kept for one is never given to the other): the kept tags and Django's own write the same
    pages, byte for byte, but for the CSRF tokens."""
    CompanyFactory(name="PT Logam Jaya", district__office=alice.office)
    users = [alice, bob, erin, grace, root, None]
    kept = _pages(client, users, ["id", "en", "id"])
    unkept()
    assert _pages(client, users, ["en", "id"]) == kept
    statuses = {status for status, _ in kept.values()}
    assert statuses <= {200, 302, 404} and 200 in statuses
    home = kept[("bob", "id", "/")][1].decode()
    assert '<html lang="id">' in home and "Langsung ke isi" in home and 'href="/notifications/"' in home
    assert 'data-testid="user-menu" title="Bob' in home  # the person's own name, outside the kept markup
    english = kept[("bob", "en", "/")][1].decode()
    assert '<html lang="en">' in english and "Skip to content" in english and "Langsung ke isi" not in english
    searched = kept[("bob", "id", "/search/?q=%3Cb%3E%22x%22")][1].decode()
    assert 'id="nav-search" value="&lt;b&gt;&quot;x&quot;"' in searched  # the search, escaped, in its box


def _under(prefix: str, client, url: str) -> str:
    """``url`` as served under ``prefix`` (what the WSGI handler sets from ``SCRIPT_NAME``; the test
    client does not)."""
    set_script_prefix(prefix)
    try:
        return client.get(url).content.decode()
    finally:
        set_script_prefix("/")


def test_the_kept_links_follow_the_script_prefix(client, bob, unkept):
    """Served under a prefix, the kept markup's links carry it; the same server without it, in the
    same process, links without it."""
    client.force_login(bob)
    client.cookies["django_language"] = "id"
    plain = client.get("/").content.decode()
    prefixed = _under("/pengawasan/", client, "/")
    assert 'href="/notifications/"' in plain and 'href="/pengawasan/notifications/"' not in plain
    assert 'href="/pengawasan/notifications/"' in prefixed and 'action="/pengawasan/i18n/setlang/"' in prefixed
    assert 'href="/notifications/"' not in prefixed
    assert _masked(client.get("/").content) == _masked(plain.encode())
    unkept()
    assert _masked(_under("/pengawasan/", client, "/").encode()) == _masked(prefixed.encode())


def _flash(request):
    messages.warning(request, "Hati-hati <b>")
    return render(request, "404.html")


urlpatterns = [path("flash/", _flash), path("a&b/", _flash, name="and"), *site_patterns]


@override_settings(ROOT_URLCONF=__name__)
def test_another_urlconf_and_a_message_on_a_page(client, bob, unkept):
    """Under another URLconf (a message shown by one of its views) the page is what Django writes."""
    client.force_login(bob)
    client.cookies["django_language"] = "id"
    kept = client.get("/flash/").content
    assert b"Hati-hati &lt;b&gt;" in kept
    unkept()
    assert _masked(client.get("/flash/").content) == _masked(kept)


def test_the_kept_static_addresses_follow_the_settings(client, bob):
    client.force_login(bob)
    assert b'href="/static/css/app.css"' in client.get("/").content
    with override_settings(STATIC_URL="/aset/"):
        page = client.get("/").content
        assert b'href="/aset/css/app.css"' in page and b'href="/static/css/app.css"' not in page
    assert b'href="/static/css/app.css"' in client.get("/").content


@pytest.mark.parametrize(
    "inside",
    [
        "{{ user }}",
        "{% translate word %}",
        "{% translate 'Filter' as kept %}",
        "{% translate 'Filter'|upper %}",
        "{% static path %}",
        "{% static 'css/app.css' as css %}",
        "{% link name %}",
        "{% link 'home' as home %}",
        "{% if x %}x{% endif %}",
        "{% csrf_token %}",
        "{% get_current_language as LANGUAGE_CODE %}",
        "{% now 'Y' %}",
    ],
)
def test_only_what_every_request_shares_may_be_kept(inside):
    with pytest.raises(TemplateSyntaxError, match="kept"):
        engines["django"].from_string("{% load i18n static %}{% kept %}<p>" + inside + "</p>{% endkept %}")


def test_what_may_be_kept_is_written_once_per_language_and_escaping():
    source = (
        "{% load i18n static %}{% kept %}<a href=\"{% link 'home' %}\">{% translate 'Filter' %}</a>"
        "<img src=\"{% static 'favicon.svg' %}\">{% language_buttons %}{% endkept %}"
    )
    template = engines["django"].from_string(source)
    node = template.template.nodelist.get_nodes_by_type(chrome.KeptNode)[0]
    for language, word in (("id", "Saring"), ("en", "Filter"), ("id", "Saring")):
        with translation.override(language):
            written = template.render({})
            assert word in written and written == node.nodelist.render(Context())
    assert sum(1 for key in node.kept if key != chrome._INPUTS) == 2


@override_settings(ROOT_URLCONF=__name__)
def test_markup_kept_escaped_is_not_given_unescaped():
    template = engines["django"].engine.from_string("{% kept %}{% link 'and' %}{% endkept %}")
    assert template.render(Context()) == "/a&amp;b/"
    assert template.render(Context(autoescape=False)) == "/a&b/"
    assert template.render(Context()) == "/a&amp;b/"


def _engine(**templates) -> Engine:
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", templates)],
        builtins=["inspectorate.templatetags.kept_extends"],
    )


def _django_s(**templates) -> Engine:
    return Engine(loaders=[("django.template.loaders.locmem.Loader", templates)])


CHAIN = {
    "root.html": (
        "<t>{% block title %}root{% endblock %}</t>"
        "{% block body %}<b>{% block inner %}i{% endblock %}</b>{% endblock %}"
    ),
    "middle.html": "{% extends 'root.html' %}{% block title %}middle+{{ block.super }}{% endblock %}",
    "leaf.html": "{% extends 'middle.html' %}{% block inner %}leaf {{ x }}{{ block.super }}{% endblock %}",
    "other.html": "{% extends 'root.html' %}{% block body %}other{% endblock %}",
    "by_variable.html": "{% extends parent %}{% block title %}v{% endblock %}",
}


@pytest.mark.parametrize("name", ["middle.html", "leaf.html", "other.html"])
def test_extends_writes_what_django_s_writes(name):
    ours, django_s = _engine(**CHAIN), _django_s(**CHAIN)
    for x in ("1", "<2>", "3"):
        assert ours.get_template(name).render(Context({"x": x})) == django_s.get_template(name).render(
            Context({"x": x})
        )
    root = ours.get_template("root.html")
    assert set(kept_extends.root_blocks(root)) == {"title", "body", "inner"}
    assert kept_extends.root_blocks(ours.get_template("middle.html")) is None  # it extends another


def test_extends_a_template_given_as_a_variable():
    ours, django_s = _engine(**CHAIN), _django_s(**CHAIN)
    for engine in (ours, django_s):
        parent = engine.get_template("other.html")
        assert engine.get_template("by_variable.html").render(Context({"parent": parent})) == "<t>v</t>other"


def test_a_changed_root_template_gives_its_own_blocks():
    """Without the cached loader a template is compiled again on each load: its blocks are its own."""
    templates = dict(CHAIN)
    engine = _engine(**templates)
    assert engine.get_template("leaf.html").render(Context({"x": "1"})) == "<t>middle+root</t><b>leaf 1i</b>"
    templates["root.html"] = "{% block title %}new{% endblock %}|{% block inner %}n{% endblock %}"
    engine = _engine(**templates)
    assert engine.get_template("leaf.html").render(Context({"x": "1"})) == "middle+new|leaf 1n"


def test_the_site_s_templates_use_the_kept_extends():
    page = engines["django"].get_template("inspectorate/company_list.html").template
    assert type(page.nodelist.get_nodes_by_type(ExtendsNode)[0]) is kept_extends.KeptExtendsNode


def test_a_page_reads_its_language_and_addresses_once_per_template_render(client, bob, monkeypatch):
    """The kept stretches and translations of a page (some twenty) read the language, URLconf and
    script prefix from their render (``kept_i18n.rendering_in``), not each for itself."""
    reads, renders = [], []
    read, render = kept_i18n._read, Template.render
    monkeypatch.setattr(kept_i18n, "_read", lambda: reads.append(1) or read())
    monkeypatch.setattr(Template, "render", lambda self, context: renders.append(1) or render(self, context))
    client.force_login(bob)
    for url in ("/companies/?q=Logam", "/complaints/"):
        reads.clear()
        renders.clear()
        page = client.get(url).content.decode()
        assert 'lang="id"' in page and "Perusahaan" in page
        assert 1 <= len(reads) <= len(renders), url

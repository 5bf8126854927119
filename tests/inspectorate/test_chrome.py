"""The page chrome written in Python: the navigation bar (context_processors.bar_html) and the
footer's language buttons ({% language_buttons %}), against the template loops they replace."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from inspectorate import context_processors
from inspectorate.context_processors import navigation

from ..markup import squeeze

# What base.html wrote before, to the character.
OLD_BAR = Template(
    """{% load i18n %}
        {% for item in nav_primary %}
        <li class="nav-item{% if item.brand %} d-xl-none{% endif %}"><a class="nav-link{% if item.active %} active{% endif %}" href="{{ item.url }}"{% if item.active %} aria-current="page"{% endif %}>{{ item.label }}</a></li>
        {% endfor %}
        {% if nav_more %}
        <li class="nav-item nav-more">
          <details class="nav-more-menu" data-nav-more>
            <summary class="nav-link{% if nav_more_active %} active{% endif %}" data-testid="nav-more">{% translate "More" %}</summary>
            <ul class="nav-more-list list-unstyled" data-testid="nav-more-list">
              {% for item in nav_more %}
              <li><a class="nav-more-link{% if item.active %} active{% endif %}" href="{{ item.url }}"{% if item.active %} aria-current="page"{% endif %}>{{ item.label }}</a></li>
              {% endfor %}
            </ul>
          </details>
        </li>
        {% endif %}
"""  # noqa: E501
)
OLD_LANGUAGES = Template(
    """{% load i18n %}{% get_current_language as LANGUAGE_CODE %}
      {% get_available_languages as LANGUAGES %}{% get_language_info_list for LANGUAGES as languages %}
      {% for language in languages %}
      <button type="submit" name="language" value="{{ language.code }}" lang="{{ language.code }}"
              class="btn btn-sm {% if language.code == LANGUAGE_CODE %}btn-secondary{% else %}btn-outline-secondary{% endif %}"
              {% if language.code == LANGUAGE_CODE %}aria-pressed="true"{% endif %}>{{ language.name_local|capfirst }}</button>
      {% endfor %}"""  # noqa: E501
)


# What home.html's loop wrote before, to the character.
OLD_CARDS = Template(
    """{% for item in nav_items %}{% if not forloop.first %}
  <div class="col-12 col-sm-6 col-lg-4">
    <a class="card h-100 text-decoration-none" href="{{ item.url }}"><div class="card-body"><span class="h5">{{ item.label }}</span></div></a>
  </div>
  {% endif %}{% endfor %}"""  # noqa: E501
)


def _markup(html: str) -> str:
    """The markup as a browser reads it (tests.markup.squeeze), a space before a tag's end as none."""
    return squeeze(html).replace(" >", ">")


def _old_bar(context: dict) -> str:
    items = context["nav_items"]
    primary = [item for item in items if item["in_bar"]]
    more = [item for item in items if not item["in_bar"]]
    nav = {"nav_primary": primary, "nav_more": more, "nav_more_active": any(item["active"] for item in more)}
    return OLD_BAR.render(Context(nav))


def _context(user, path: str) -> dict:
    request = RequestFactory().get(path)
    request.user = user
    return navigation(request)


PAGES = [
    "/",
    "/complaints/",
    "/complaints/12/",
    "/bpjs/",
    "/bpjs/coverage/",
    "/reports/",
    "/manage/history/",
    "/nowhere/",
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("who", ["alice", "bob", "erin", "grace", "root"])
def test_the_bar_is_what_the_template_loops_wrote(request, who, language):
    user = request.getfixturevalue(who)
    with translation.override(language):
        for path in PAGES:
            context = _context(user, path)
            assert _markup(str(context["nav_bar"])) == _markup(_old_bar(context)), (who, path)


def test_the_current_page_is_the_most_specific_entry_in_the_bar_or_its_menu(bob, grace):
    bar = str(_context(bob, "/complaints/12/")["nav_bar"])
    assert bar.count('aria-current="page"') == 1
    assert '<a class="nav-link active" href="/complaints/" aria-current="page">' in bar
    assert '<summary class="nav-link" data-testid="nav-more">' in bar
    bar = str(_context(bob, "/reports/")["nav_bar"])  # in the "More" menu; /reports/dashboard/ is not it
    assert '<a class="nav-more-link active" href="/reports/" aria-current="page">' in bar
    assert '<summary class="nav-link active" data-testid="nav-more">' in bar
    bar = str(_context(grace, "/bpjs/coverage/")["nav_bar"])
    assert bar.count('aria-current="page"') == 1 and 'href="/bpjs/coverage/" aria-current="page"' in bar
    assert 'aria-current="page"' not in str(_context(bob, "/")["nav_bar"])  # home is the brand, never "current"


def test_each_role_gets_its_own_bar_and_each_language_its_words(alice, bob, root):
    with translation.override("id"):
        inspector, head, admin = (str(_context(user, "/companies/")["nav_bar"]) for user in (alice, bob, root))
        assert "Laporan" in head and "Laporan" not in inspector  # reports: heads, not inspectors
        assert "Administrasi" in admin and "Administrasi" not in head
    with translation.override("en"):
        assert "Reports" in str(_context(bob, "/companies/")["nav_bar"])
        assert "Laporan" not in str(_context(bob, "/companies/")["nav_bar"])


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("who", ["alice", "bob", "erin", "grace", "root"])
def test_the_home_cards_are_what_the_template_loop_wrote(request, who, language):
    user = request.getfixturevalue(who)
    with translation.override(language):
        cards = context_processors.home_cards(user)
        assert cards == OLD_CARDS.render(Context(_context(user, "/")))  # to the character
        assert cards.count('class="card h-100') == len(_context(user, "/")["nav_items"]) - 1 > 3


def test_the_home_cards_are_each_roles_and_languages_own(alice, root):
    with translation.override("id"):
        inspector, admin = context_processors.home_cards(alice), context_processors.home_cards(root)
        assert "Administrasi" in admin and "Administrasi" not in inspector
        assert 'href="/"' not in admin  # the way home is the brand, not a card
    with translation.override("en"):
        assert "Administration" in context_processors.home_cards(root)


def test_labels_and_addresses_are_escaped(bob, monkeypatch):
    monkeypatch.setattr(
        context_processors,
        "NAVIGATION",
        [("home", "Home & <away>", None, True), ("reporting:report_list", '"More" <reports>', None, False)],
    )
    monkeypatch.setattr(context_processors, "_ENTRIES", {})
    monkeypatch.setattr(context_processors, "_BARS", {})
    monkeypatch.setattr(context_processors, "_CARDS", {})
    context = _context(bob, "/reports/")
    bar = str(context["nav_bar"])
    assert "Home &amp; &lt;away&gt;" in bar and "&quot;More&quot; &lt;reports&gt;" in bar and "<away>" not in bar
    assert _markup(bar) == _markup(_old_bar(context))
    cards = context_processors.home_cards(bob)
    assert "&quot;More&quot; &lt;reports&gt;" in cards and cards == OLD_CARDS.render(Context(context))


def test_no_bar_for_someone_signed_out():
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert navigation(request) == {"nav_items": [], "nav_bar": ""}


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_language_buttons_are_what_the_template_loop_wrote(language):
    with translation.override(language):
        mine = Template("{% language_buttons %}").render(Context())
        assert _markup(mine) == _markup(OLD_LANGUAGES.render(Context()))
        assert (
            mine.count('aria-pressed="true"') == 1
            and f'value="{language}" lang="{language}" class="btn btn-sm btn-secondary"' in mine
        )


def test_a_page_shows_the_bar_and_the_buttons(client_for, bob):
    html = client_for(bob).get("/complaints/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert '<a class="nav-link active" href="/complaints/" aria-current="page">Pengaduan</a>' in html
    assert 'data-testid="nav-more-list"' in html
    assert (
        'name="language" value="id" lang="id" class="btn btn-sm btn-secondary" aria-pressed="true">Bahasa Indonesia<'
        in html
    )
    assert 'value="en" lang="en" class="btn btn-sm btn-outline-secondary">English<' in html


# templates/partials/_pagination.html as it was before {% pagination %} wrote its markup in Python.
OLD_PAGINATION = """{% load i18n %}{% if page.paginator.num_pages > 1 %}
<nav aria-label="{% translate 'Pages' %}">
  <ul class="pagination pagination-sm flex-wrap">
    {% if page.has_previous %}<li class="page-item"><a class="page-link" href="?{% if query %}{{ query }}&amp;{% endif %}page={{ page.previous_page_number }}">&laquo; {% translate "Previous" %}</a></li>{% endif %}
    <li class="page-item disabled"><span class="page-link">{% blocktranslate with number=page.number total=page.paginator.num_pages %}Page {{ number }} of {{ total }}{% endblocktranslate %}</span></li>
    {% if page.has_next %}<li class="page-item"><a class="page-link" href="?{% if query %}{{ query }}&amp;{% endif %}page={{ page.next_page_number }}">{% translate "Next" %} &raquo;</a></li>{% endif %}
  </ul>
</nav>
{% endif %}
"""  # noqa: E501


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_page_links_are_what_the_partial_wrote(language):
    """``{% pagination %}``: one page, the first, a middle and the last of many (past a thousand
    pages, its number written as the language writes numbers), with and without other parameters
    (escaped), in both languages: the partial's markup to the character."""
    from django.core.paginator import Paginator
    from django.template import Context, Engine, engines

    old = Engine(libraries={"i18n": "django.templatetags.i18n"}).from_string(OLD_PAGINATION)
    new = engines["django"].from_string("{% pagination %}")
    with translation.override(language):
        for count, number in ((3, 1), (60, 1), (60, 2), (60, 3), (30_000, 1_100), (30_000, 1_200)):
            page = Paginator(range(count), 25).get_page(number)
            for query in ("", "status=in_progress&o=-due&company=A%26B+<x>"):
                context = {"page": page, "query": query}
                assert new.render(context) == old.render(Context(context)), (count, number, query)
                named = engines["django"].from_string("{% pagination page=errors %}")
                assert named.render({"errors": page, "query": query}) == new.render(context)
        written = new.render({"page": Paginator(range(30_000), 25).get_page(1_100), "query": "a=1"})
    assert 'href="?a=1&amp;page=1099"' in written and ">1100 <" not in written and " 1100 " in written


# templates/partials/_filter_form.html as it was before {% filter_form %} wrote its markup in Python.
OLD_FILTER_FORM = """{% load i18n %}
<button class="btn btn-outline-primary w-100 mb-2 d-sm-none filters-toggle" type="button" data-bs-toggle="collapse"
        data-bs-target="#filters" aria-expanded="{% if filter.chosen %}true{% else %}false{% endif %}" aria-controls="filters">{% translate "Filters" %}</button>
<div id="filters" class="collapse d-sm-block{% if filter.chosen %} show{% endif %}">
<form method="get" class="row g-2 align-items-end mb-3" role="search">
  {{ filter.fields_html }}
  <div class="col-12 col-lg-auto d-flex gap-2">
    <button type="submit" class="btn btn-primary">{% translate "Filter" %}</button>
    <a href="{{ request.path }}" class="btn btn-outline-secondary d-inline-flex align-items-center">{% translate "Reset" %}</a>
  </div>
</form>
</div>
"""  # noqa: E501


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_filter_form_is_what_the_partial_wrote(language, rf, bob):
    """``{% filter_form %}``: a list's filter form opened by a filter given or not (a page alone
    does not), with a refused value and an address to escape, in both languages: the partial's
    markup to the character."""
    from django.template import Context, Engine, engines

    from complaints.views.staff import _queue_filter
    from inspectorate.filters import CompanyFilter

    old = Engine(libraries={"i18n": "django.templatetags.i18n"}).from_string(OLD_FILTER_FORM)
    new = engines["django"].from_string("{% filter_form %}")
    with translation.override(language):
        for path, query in (
            ("/companies/", {}),
            ("/companies/", {"page": "2"}),
            ("/companies/", {"q": "Logam <b>"}),
            ('/a"b<c>/', {"district": "nowhere"}),
        ):
            request = rf.get(path, query)
            request.user = bob
            filterset = CompanyFilter(request.GET, queryset_of=lambda: None)
            context = {"filter": filterset, "request": request}
            assert new.render(context) == old.render(Context(context)), (path, query)
        request = rf.get("/complaints/", {"status": "in_progress", "overdue": "true"})
        request.user = bob
        filterset = _queue_filter(request, "all")
        written = new.render({"filter": filterset, "request": request})
        assert written == old.render(Context({"filter": filterset, "request": request}))
    assert 'aria-expanded="true"' in written and "d-sm-block show" in written

"""``{% load i18n %}`` and ``{% load static %}`` are Django's libraries with a literal's translation
and a path's address kept (inspectorate/templatetags/kept_i18n.py, kept_static.py): every page
writes what Django's own tags write, in each language, rendered again and again."""

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.utils import translation

from inspectorate.templatetags.kept_i18n import _RENDERING, KeptTranslateNode, rendering_in

SOURCE = """{% load i18n static %}
{% translate "Filter" %}|{% trans "Reset" %}|{% translate "Skip to content" %}
{% translate "Filter" as kept %}{{ kept }}|{% translate "Filter"|upper %}|{% translate "May" context "month name" %}
{% translate "Filter" noop %}|{% translate word %}|{% translate "100%% done <b>" %}
{% static "css/app.css" %}|{% static path %}|{% static "css/app.css" as css %}{{ css }}|{% get_static_prefix %}
{% get_current_language as LANGUAGE_CODE %}{{ LANGUAGE_CODE }}
{% blocktranslate count counter=n %}{{ counter }} report{% plural %}{{ counter }} reports{% endblocktranslate %}
"""


def _django_engine() -> Engine:
    """Django's own libraries."""
    return Engine(libraries={"i18n": "django.templatetags.i18n", "static": "django.templatetags.static"})


@pytest.mark.parametrize("round_", [1, 2])
def test_the_kept_tags_write_what_django_s_write(round_):
    ours = engines["django"].engine.from_string(SOURCE)
    django_s = _django_engine().from_string(SOURCE)
    kept = [node for node in ours.nodelist.get_nodes_by_type(KeptTranslateNode)]
    assert len(kept) == 4  # the plain literals only; the others are Django's own nodes
    for language, expected in (("id", "Saring"), ("en", "Filter"), ("id", "Saring")):
        with translation.override(language):
            for word, path, n in (("Reset", "js/app.js", 1), ("Filter", "css/app.css", 3)):
                context = {"word": word, "path": path, "n": n}
                written = ours.render(Context(context))
                assert written == django_s.render(Context(context)), language
                assert written.splitlines()[1].startswith(expected + "|")


def test_the_kept_address_follows_the_settings(settings):
    template = engines["django"].from_string('{% load static %}{% static "css/app.css" %}')
    assert template.render({}) == "/static/css/app.css"
    with override_settings(STATIC_URL="/assets/"):
        assert template.render({}) == "/assets/css/app.css"
    assert template.render({}) == "/static/css/app.css"


def test_a_tag_library_name_used_twice_is_still_warned_of(settings):
    """Django's warning of one library name for two tag modules is silenced for the two loaded in
    place of Django's on purpose; the project's own check still warns of any other."""
    import copy

    from inspectorate.checks import tag_libraries_named_once

    assert tag_libraries_named_once(None) == []
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["libraries"]["links"] = "inspectorate.templatetags.chrome"
    with override_settings(TEMPLATES=templates):
        warnings = tag_libraries_named_once(None)
    assert [w.id for w in warnings] == ["inspectorate.W003"] and "'links'" in warnings[0].msg


LANGUAGES_SOURCE = (
    '{% load i18n %}{% translate "Filter" %}|{% language "en" %}{% translate "Filter" %}|'
    '{% language "id" %}{% translate "Filter" %}{% endlanguage %}|{% translate "Reset" %}{% endlanguage %}|'
    '{% translate "Reset" %}|{% language word %}{% translate "Filter" %}{% endlanguage %}'
)


@pytest.mark.parametrize("outside", ["id", "en"])
def test_a_language_block_translates_in_its_language_and_the_rest_in_the_page_s(outside):
    """The language is read once per render (``rendering_in``): ``{% language %}`` sets it for its
    own nodes only, nested or not, and the nodes after it are in the page's language again; the same
    as Django's tags write, rendered again and again in both languages."""
    ours = engines["django"].engine.from_string(LANGUAGES_SOURCE)
    django_s = _django_engine().from_string(LANGUAGES_SOURCE)
    expected = {
        "id": "Saring|Filter|Saring|Reset|Atur ulang|",
        "en": "Filter|Filter|Saring|Reset|Reset|",
    }[outside]
    for word, last in (("id", "Saring"), ("en", "Filter"), ("id", "Saring")):
        with translation.override(outside):
            written = ours.render(Context({"word": word}))
            assert written == expected + last
            assert written == django_s.render(Context({"word": word}))


def test_kept_markup_inside_a_language_block_is_in_its_language():
    """``{% kept %}`` is keyed on the language its render reads: inside ``{% language %}`` the
    block's, after it the page's, and in a later render the page's again."""
    template = engines["django"].engine.from_string(
        "{% load i18n %}{% kept %}{% translate 'Reset' %}{% endkept %}|"
        "{% language 'en' %}{% kept %}{% translate 'Reset' %}<a href=\"{% link 'home' %}\">{% endkept %}"
        "{% endlanguage %}|{% kept %}{% translate 'Reset' %}{% endkept %}"
    )
    for outside, word in (("id", "Atur ulang"), ("en", "Reset"), ("id", "Atur ulang")):
        with translation.override(outside):
            assert template.render(Context()) == f'{word}|Reset<a href="/">|{word}'


def test_a_language_block_that_fails_leaves_the_page_s_language():
    """A node inside ``{% language %}`` that raises: what renders next in the same render reads
    the page's language again."""
    template = engines["django"].engine.from_string(
        "{% load i18n %}{% language 'en' %}{% translate 'Reset' %}{{ boom.x }}{% endlanguage %}"
    )

    class Boom:
        @property
        def x(self):
            raise ZeroDivisionError

    with translation.override("id"):
        for read_before in (False, True):
            context = Context({"boom": Boom()})
            with context.render_context.push_state(template), context.bind_template(template):
                if read_before:
                    assert rendering_in(context)[0] == "id"
                with pytest.raises(ZeroDivisionError):
                    template.nodelist.render(context)
                assert (_RENDERING in context.render_context) is read_before
                assert rendering_in(context)[0] == "id"

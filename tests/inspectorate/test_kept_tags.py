"""``{% load i18n %}`` and ``{% load static %}`` are Django's libraries with a literal's translation
and a path's address kept (inspectorate/templatetags/kept_i18n.py, kept_static.py): every page
writes what Django's own tags write, in each language, rendered again and again."""

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.utils import translation

from inspectorate.templatetags.kept_i18n import KeptTranslateNode

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

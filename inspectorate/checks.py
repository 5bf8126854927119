"""System checks of the project's own."""

from collections import defaultdict

from django.core.checks import Tags, Warning, register
from django.template import engines
from django.template.backends.django import DjangoTemplates, get_template_tag_modules

# The tag libraries loaded in place of Django's under the same name (settings: TEMPLATES' libraries).
IN_PLACE_OF_DJANGO_S = {
    "i18n": {"django.templatetags.i18n", "inspectorate.templatetags.kept_i18n"},
    "static": {"django.templatetags.static", "inspectorate.templatetags.kept_static"},
}


@register(Tags.templates)
def tag_libraries_named_once(app_configs, **kwargs):
    """Django's templates.W003 (silenced in the settings for these two): a name used by two tag
    modules, but for the libraries loaded in place of Django's on purpose."""
    warnings = []
    for engine in engines.all():
        if not isinstance(engine, DjangoTemplates):
            continue
        libraries = defaultdict(set)
        for name, path in get_template_tag_modules():
            libraries[name].add(path)
        for name, path in engine.engine.libraries.items():
            libraries[name].add(path)
        for name, paths in libraries.items():
            if len(paths) > 1 and paths != IN_PLACE_OF_DJANGO_S.get(name):
                listed = ", ".join(repr(path) for path in sorted(paths))
                warnings.append(
                    Warning(
                        f"{name!r} is used for multiple template tag modules: {listed}",
                        obj=engine,
                        id="inspectorate.W003",
                    )
                )
    return warnings

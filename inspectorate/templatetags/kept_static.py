"""Django's ``static`` template library, each ``{% static "path" %}``'s address found once.

Loaded as ``{% load static %}`` (settings: TEMPLATES' ``libraries``). Django asks the static
files storage for the address on every render, 10-12 µs a tag, and every page carries seven or
more (the base template's styles, scripts and icons). A path's address does not change while the
process runs (the manifest is read once); it is kept per path, and forgotten when the settings
that make it change (tests).
"""

import functools

from django import template
from django.core.signals import setting_changed
from django.templatetags import static

register = template.Library()
register.tags.update(static.register.tags)
register.filters.update(static.register.filters)


class KeptStaticNode(static.StaticNode):
    @classmethod
    def handle_simple(cls, path):
        return _address(path)


@functools.lru_cache(maxsize=1024)
def _address(path: str) -> str:
    return static.StaticNode.handle_simple(path)


@register.tag("static")
def do_static(parser, token):
    return KeptStaticNode.handle_token(parser, token)


def _forget(*, setting, **kwargs):
    if setting in ("STATIC_URL", "STATIC_ROOT", "STORAGES", "INSTALLED_APPS"):
        _address.cache_clear()


setting_changed.connect(_forget)

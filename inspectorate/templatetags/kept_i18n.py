"""Django's ``i18n`` template library, its ``{% translate "literal" %}`` written once per language.

Loaded as ``{% load i18n %}`` (settings: TEMPLATES' ``libraries``). Django's tag makes a lazy
translation, forces it and escapes it on every render: 5-6 µs each, and a page carries 25-35 of
them (the base template's menu, buttons and footer). A tag that translates a plain literal (no
filter, no ``context``, no ``noop``, no ``as``) gives the same text for a language every time:
it is kept per node and language. Every other tag is Django's own.
"""

from django import template
from django.core.signals import setting_changed
from django.templatetags import i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

_NODES: list["KeptTranslateNode"] = []  # every node that keeps its text, emptied when translations change


class KeptTranslateNode(i18n.TranslateNode):
    def render(self, context):
        kept = self.__dict__.get("kept")
        if kept is None:
            kept = self.kept = {}
            _NODES.append(self)
        language = get_language()
        value = kept.get(language)
        if value is None:
            value = kept[language] = super().render(context)
        return value


def _keeps(node: i18n.TranslateNode) -> bool:
    expression = node.filter_expression
    return (
        type(node) is i18n.TranslateNode
        and not node.noop
        and node.asvar is None
        and node.message_context is None
        and not expression.filters
        and isinstance(expression.var, template.Variable)
        and expression.var.literal is not None
        and isinstance(expression.var.literal, str)
    )


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = i18n.do_translate(parser, token)
    if _keeps(node):
        node.__class__ = KeptTranslateNode
    return node


def _forget(*, setting, **kwargs):
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        for node in _NODES:
            node.__dict__.pop("kept", None)
        _NODES.clear()


setting_changed.connect(_forget)

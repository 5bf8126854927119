"""Django's ``i18n`` template library, its ``{% translate "literal" %}`` written once per language.

Loaded as ``{% load i18n %}`` (settings: TEMPLATES' ``libraries``). Django's tag makes a lazy
translation, forces it and escapes it on every render: 5-6 µs each, and a page carries 25-35 of
them (the base template's menu, buttons and footer). A tag that translates a plain literal (no
filter, no ``context``, no ``noop``, no ``as``) gives the same text for a language every time:
it is kept per node and language, the language read once per render (``rendering_in``), which
``{% language %}`` sets for its own nodes (``KeptLanguageNode``, Django's tag otherwise). Every other
tag is Django's own.
"""

from django import template
from django.core.signals import setting_changed
from django.templatetags import i18n
from django.utils import translation
from django.utils.translation import get_language

from inspectorate.links import addresses

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

_NODES: list["KeptTranslateNode"] = []  # every node that keeps its text, emptied when translations change


def rendering_in(context) -> tuple[str, str, str]:
    """The language, URLconf and script prefix a template renders in, read once per render.

    Each is a context-local variable (``asgiref.local.Local``: a lock and a context lookup, 1-3 µs a
    read), and a page's kept stretches and translations asked for them some fifty times. The
    handler sets the URLconf and script prefix before the view runs; the language changes inside a
    render only under ``{% language %}``, whose node (``KeptLanguageNode``) sets what its own nodes
    read. A template rendered from another (``{% include %}``, a tag) reads them afresh: Django gives
    each template render its own ``render_context``.
    """
    render_context = context.render_context
    found = render_context.get(_RENDERING)
    if found is None:
        found = render_context[_RENDERING] = _read()
    return found


def _read() -> tuple[str, str, str]:
    return get_language(), *addresses()


_RENDERING = object()  # the render context's entry holding them


class KeptLanguageNode(i18n.LanguageNode):
    """Django's ``{% language %}``: its nodes render in its language, and read it so."""

    def render(self, context):
        render_context = context.render_context
        before = render_context.get(_RENDERING)
        with translation.override(self.language.resolve(context)):
            render_context[_RENDERING] = _read()
            try:
                return self.nodelist.render(context)
            finally:
                if before is None:
                    del render_context[_RENDERING]
                else:
                    render_context[_RENDERING] = before


class KeptTranslateNode(i18n.TranslateNode):
    def render(self, context):
        kept = self.__dict__.get("kept")
        if kept is None:
            kept = self.kept = {}
            _NODES.append(self)
        language = rendering_in(context)[0]
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


@register.tag("language")
def do_language(parser, token):
    node = i18n.language(parser, token)
    node.__class__ = KeptLanguageNode
    return node


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

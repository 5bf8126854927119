"""The page chrome's tags: ``{% language_buttons %}`` (the footer's language switch, base.html) and
``{% pagination %}`` (a list's page links), written in Python; ``{% kept %}``, markup the same for
every request in a language written once."""

from html import escape as html_escape

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.base import TextNode
from django.template.library import SimpleNode
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext

from .kept_i18n import KeptTranslateNode, rendering_in
from .kept_static import KeptStaticNode
from .links import link

register = template.Library()

# current language -> the buttons with it pressed (settings.LANGUAGES is fixed for the process)
_BUTTONS: dict[str, SafeString] = {}


@register.simple_tag
def language_buttons() -> SafeString:
    """One button per language, the current one pressed: what base.html's loop over
    ``get_language_info_list`` wrote (tests/inspectorate/test_chrome.py compares them)."""
    current = get_language()
    buttons = _BUTTONS.get(current)
    if buttons is None:
        html = "".join(_button(code, code == current) for code, _name in settings.LANGUAGES)
        buttons = _BUTTONS[current] = mark_safe(html)  # noqa: S308  # nosec B308 B703 - escaped in _button
    return buttons


def _button(code: str, pressed: bool) -> str:
    style, aria = ("btn-secondary", ' aria-pressed="true"') if pressed else ("btn-outline-secondary", "")
    code, name = html_escape(code), html_escape(capfirst(get_language_info(code)["name_local"]))
    return f'<button type="submit" name="language" value="{code}" lang="{code}" class="btn btn-sm {style}"{aria}>{name}</button>'  # noqa: E501


@register.simple_tag(takes_context=True)
def pagination(context, page=None) -> SafeString:
    """A list's page links (``page``, else the context's, and the context's ``query``: the address
    without its page): what ``partials/_pagination.html`` wrote (tests/inspectorate/test_chrome.py
    compares them), written in Python; nothing for a list of one page."""
    page = context.get("page") if page is None else page
    pages = page.paginator.num_pages
    if pages <= 1:
        return "\n"
    query = context.get("query")
    base = f"?{html_escape(str(query))}&amp;page=" if query else "?page="
    parts = [
        f'\n<nav aria-label="{html_escape(gettext("Pages"))}">\n  <ul class="pagination pagination-sm flex-wrap">\n    '
    ]
    if page.has_previous():
        parts.append(
            f'<li class="page-item"><a class="page-link" href="{base}{page.previous_page_number()}">'
            f"&laquo; {html_escape(gettext('Previous'))}</a></li>"
        )
    numbers = {"number": html_escape(localize(page.number)), "total": html_escape(localize(pages))}
    position = gettext("Page %(number)s of %(total)s") % numbers
    parts.append(f'\n    <li class="page-item disabled"><span class="page-link">{position}</span></li>\n    ')
    if page.has_next():
        parts.append(
            f'<li class="page-item"><a class="page-link" href="{base}{page.next_page_number()}">'
            f"{html_escape(gettext('Next'))} &raquo;</a></li>"
        )
    parts.append("\n  </ul>\n</nav>\n\n")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - every value escaped above


class KeptNode(template.Node):
    """``{% kept %}…{% endkept %}``: markup that is the same for every request in a language.

    The base template's head, menu, forms' frames and footer are some forty nodes on every page
    (translated literals, static files' and views' addresses, text), each rendered on every
    request for the same result. Inside ``{% kept %}`` they are rendered once per language, URLconf,
    script prefix and autoescaping, and the markup kept. Only what cannot differ between two such
    requests may stand inside (``_fixed``, checked when the template is compiled): text, a literal
    ``{% translate %}``, a literal ``{% static %}``, a ``{% link %}`` to a literal view name and
    ``{% language_buttons %}``; anything else is a template syntax error.
    """

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.kept: dict[tuple, str] = {}

    def render(self, context):
        key = (rendering_in(context), context.autoescape)
        if self.kept.get(_INPUTS) is not _inputs:  # the settings it was written under changed: forget it
            self.kept = {_INPUTS: _inputs}
        markup = self.kept.get(key)
        if markup is None:
            markup = self.kept[key] = self.nodelist.render(context)
        return markup


_INPUTS = "inputs"  # a kept node's entry naming the settings its markup was written under
_inputs = object()  # those settings, replaced when one of them changes (tests)


def _literal(expression) -> bool:
    return isinstance(expression.var, str) and not expression.filters


def _fixed(node: template.Node) -> bool:
    """Whether ``node`` renders the same for every request in a language (``KeptNode``'s key)."""
    if isinstance(node, TextNode | KeptTranslateNode):  # a translate kept only for a plain literal
        return True
    if isinstance(node, KeptStaticNode):
        return node.varname is None and _literal(node.path)
    if isinstance(node, SimpleNode) and node.target_var is None and not node.kwargs:
        if node.func is link:
            return len(node.args) == 1 and _literal(node.args[0])
        return node.func is language_buttons and not node.args
    return False


@register.tag("kept")
def do_kept(parser, token):
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    for node in nodelist:
        if not _fixed(node):
            raise template.TemplateSyntaxError(
                f"{{% kept %}} holds only text, literal translations, static files and links; "
                f"not {{% {node.token.contents} %}} (line {node.token.lineno})"
            )
    return KeptNode(nodelist)


def _forget(*, setting, **kwargs):
    if setting in (
        "LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "STATIC_URL", "STATIC_ROOT", "STORAGES",
        "INSTALLED_APPS", "ROOT_URLCONF", "FORCE_SCRIPT_NAME",
    ):  # fmt: skip
        global _inputs
        _inputs = object()
        _BUTTONS.clear()


setting_changed.connect(_forget)


@register.simple_tag(takes_context=True)
def filter_form(context) -> SafeString:
    """A list's filter form (the context's ``filter``): the panel a phone opens by its button, the
    fields (``fields_html``) and the "Filter" and "Reset" buttons. What ``partials/_filter_form.html``
    wrote (tests/inspectorate/test_chrome.py compares them), written in Python: included, it cost
    each list page about 0.1 ms."""
    filterset, request = context["filter"], context["request"]
    chosen = filterset.chosen
    return mark_safe(  # noqa: S308  # nosec B308 B703 - the texts escaped here, the fields by fields_html
        '\n<button class="btn btn-outline-primary w-100 mb-2 d-sm-none filters-toggle" type="button" '
        'data-bs-toggle="collapse"\n        data-bs-target="#filters" '
        f'aria-expanded="{"true" if chosen else "false"}" aria-controls="filters">'
        f"{html_escape(gettext('Filters'))}</button>\n"
        f'<div id="filters" class="collapse d-sm-block{" show" if chosen else ""}">\n'
        '<form method="get" class="row g-2 align-items-end mb-3" role="search">\n'
        f"  {conditional_escape(filterset.fields_html())}\n"
        '  <div class="col-12 col-lg-auto d-flex gap-2">\n'
        f'    <button type="submit" class="btn btn-primary">{html_escape(gettext("Filter"))}</button>\n'
        f'    <a href="{html_escape(request.path)}" class="btn btn-outline-secondary d-inline-flex '
        f'align-items-center">{html_escape(gettext("Reset"))}</a>\n'
        "  </div>\n</form>\n</div>\n"
    )

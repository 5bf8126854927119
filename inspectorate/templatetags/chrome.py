"""``{% language_buttons %}`` (the footer's language switch, base.html) and ``{% pagination %}`` (a
list's page links), written in Python."""

from html import escape as html_escape

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext

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

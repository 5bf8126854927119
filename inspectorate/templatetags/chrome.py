"""``{% language_buttons %}``: the footer's language switch buttons (base.html), written in Python."""

from html import escape as html_escape

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

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

"""Small formatting filters of the reports and dashboards."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.6 → "60%"; no value (nothing to divide by) → "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.0f}%"


@register.filter
def rupiah(value) -> str:
    return f"Rp {intcomma(int(value or 0))}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if mapping else 0

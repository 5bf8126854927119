"""Small formatting filters of the reports and dashboards."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def rates_rows(rows):
    """The accident rates' table rows, written in Python (reporting.dashboard_html.rates_rows_html)."""
    from reporting.dashboard_html import rates_rows_html

    return rates_rows_html(rows)


@register.filter(is_safe=True)
def unbroken(value) -> str:
    """The text's spaces as no-break spaces: kept on one line as ``white-space: nowrap`` keeps it, without
    an inline box of its own (WeasyPrint lays each one out: with each visit's time in a
    ``<span class="nowrap">``, an office's quota report of 304 visits took about a tenth longer)."""
    return str(value).replace(" ", "\u00a0")


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


@register.filter
def cell(value) -> str:
    """A table cell of the annual report, printed as in reporting/annual.py (the spreadsheet holds the same)."""
    from reporting.annual import cell_text

    return cell_text(value)

"""``{{ value|local:office }}``: a time in the office's zone (or UTC), with the zone named."""

from django import template

from inspectorate.localtime import format_local, zone_label

register = template.Library()


@register.filter
def local(value, where=None) -> str:
    """Date and time for text: ``30 Nov 2026 09:30 WITA``."""
    return format_local(value, where)


@register.filter
def local_short(value, where=None) -> str:
    """Date and time for tables: ``30/11/2026 09:30 WITA``."""
    return format_local(value, where, "SHORT_DATETIME_FORMAT")


@register.filter
def local_date(value, where=None) -> str:
    """The local calendar day of a time (or a date): ``30 Nov 2026``."""
    return format_local(value, where, "DATE_FORMAT")


@register.filter
def local_short_date(value, where=None) -> str:
    """The local calendar day for tables: ``30/11/2026``."""
    return format_local(value, where, "SHORT_DATE_FORMAT")


@register.filter
def zone_name(where) -> str:
    return zone_label(where)

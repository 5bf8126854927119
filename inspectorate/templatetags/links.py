"""``{% link "app:name" %}``: ``{% url "app:name" %}`` for a view without arguments, reversed once."""

from django import template

from inspectorate.links import url

register = template.Library()


@register.simple_tag
def link(viewname: str) -> str:
    """The view's address, as ``{% url %}`` writes it (escaped the same way by the template)."""
    return url(viewname)

"""``{% link "app:name" %}``: ``{% url "app:name" %}`` for a view without arguments, reversed once;
and Django's ``{% url %}``, a link to one object by its id written from a form reversed once."""

from django import template
from django.conf import settings
from django.template import defaulttags
from django.urls import reverse
from django.utils.html import conditional_escape

from inspectorate.links import id_form, url

register = template.Library()


@register.simple_tag
def link(viewname: str) -> str:
    """The view's address, as ``{% url %}`` writes it (escaped the same way by the template)."""
    return url(viewname)


class KeptURLNode(defaulttags.URLNode):
    """``{% url "app:name" object.pk %}``: Django's, the address of an object by a whole number
    written from a form reversed once per view, URLconf, script prefix and current application.

    A list's rows and a page's panels link each object so: ``reverse()`` is 15-25 µs of Python a
    link, the same work for every id. The form is ``reverse()`` of a stand-in id, split around it
    (``inspectorate.links.id_form``, as ``by_pk``'s); a view whose address cannot take it
    (``NoReverseMatch``) has no form and is reversed as Django does. Any other value (text, a
    negative number, ``None``), and any other shape of the tag (keywords, more arguments, ``as``,
    a view name from a variable), is Django's own render. Under the test settings
    (``KEPT_LINKS_CHECK``) every address written from a form is compared with Django's.
    """

    def render(self, context):
        value = self.args[0].resolve(context)
        if type(value) is not int or value < 0:
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        form = id_form(self.view_name.var, current_app)
        if form is None:
            return super().render(context)
        address = f"{form[0]}{value}{form[1]}"
        if getattr(settings, "KEPT_LINKS_CHECK", False):
            expected = reverse(self.view_name.var, args=[value], current_app=current_app)
            if address != expected:
                raise AssertionError(f"{{% url %}} wrote {address!r} from a form, Django {expected!r}")
        return conditional_escape(address) if context.autoescape else address


@register.tag("url")
def kept_url(parser, token):
    node = defaulttags.url(parser, token)
    view_name = node.view_name
    if (
        len(node.args) == 1
        and not node.kwargs
        and node.asvar is None
        and isinstance(view_name.var, str)
        and not view_name.filters
    ):
        node.__class__ = KeptURLNode
    return node

"""The API's defaults that keep every choice inside the user's scope (decided in access.py).

- :class:`ScopedPrimaryKeyRelatedField` / :class:`ScopedSlugRelatedField`: a related field
  whose accepted values are narrowed for the serializer's request, so an id outside the
  user's scope is refused exactly like an id that does not exist.
- :class:`ScopedModelSerializer`: a model serializer whose generated related fields are scoped.
- :class:`ScopedFilterBackend`: django-filter's backend whose filter sets are scoped filter
  sets (``inspectorate.filters.ScopedFilterSet``), generated ones included, so an
  out-of-scope filter value is refused like a missing one.
- :class:`FormlessBrowsableAPIRenderer`: the browsable API without forms (no raw-data, HTML or
  filter form), so its pages show nothing but the JSON the user may read.
"""

import copy

from django.db.models import Manager, QuerySet
from django.utils.translation import get_language
from django_filters import rest_framework as drf_filters
from rest_framework import fields, relations, renderers, serializers

from inspectorate import access
from inspectorate.filters import ScopedFilterSet
from inspectorate.forms import attributes_copy
from inspectorate.kept import Kept


class ScopedRelatedFieldMixin:
    """Accepts only objects the request's user may see; without a request, none."""

    scope_action: access.Action = "view"

    def get_queryset(self):
        queryset = self.queryset
        request = self.context.get("request")
        if getattr(queryset, "scoped", False):  # access.restricted(...)
            return queryset(request)
        if isinstance(queryset, Manager):
            queryset = queryset.all()
        if isinstance(queryset, QuerySet) and access.is_scoped(queryset.model):
            user = getattr(request, "user", None)
            return queryset.none() if user is None else access.restrict(queryset, user, self.scope_action)
        return queryset


class ScopedPrimaryKeyRelatedField(ScopedRelatedFieldMixin, serializers.PrimaryKeyRelatedField):
    pass


class ScopedSlugRelatedField(ScopedRelatedFieldMixin, serializers.SlugRelatedField):
    pass


# Every API model serializer derives from this: its generated related fields are scoped. (A
# comment, not a docstring: the schema would show an inherited docstring as each model's text.)
class ScopedModelSerializer(serializers.ModelSerializer):
    serializer_related_field = ScopedPrimaryKeyRelatedField

    # ModelSerializer maps the model's fields to serializer fields for every serializer made:
    # about 0.65 ms for a company's twelve, on every API request. They depend only on the class
    # and the language (a label is set where the model's name for the field, in that language,
    # is not the field's own): mapped once per both and copied for each serializer (_field_copy)
    # (tests/inspectorate/test_api_fields_kept.py).
    def get_fields(self):
        key = (type(self), get_language())
        return {name: _field_copy(field) for name, field in _FIELDS.written(key, super().get_fields).items()}


_FIELDS = Kept(limit=512)  # ScopedModelSerializer.get_fields's fields, by class and language

# Fields whose state is their arguments' values, none of them another field: what DRF's deep copy
# makes again from those arguments (``Field.__deepcopy__``: the field built anew) is a copy of
# their attributes, each list or dict copied too, a queryset cloned. A field holding another field (a list of
# related objects, a nested serializer) is bound to it, and the bound one is copied the DRF way.
_PLAIN_FIELDS = frozenset(
    {
        fields.BooleanField,
        fields.CharField,
        fields.ChoiceField,
        fields.DateField,
        fields.DateTimeField,
        fields.DecimalField,
        fields.IntegerField,
        fields.RegexField,
        fields.SerializerMethodField,
        relations.StringRelatedField,
        ScopedPrimaryKeyRelatedField,
    }
)


def _field_copy(field: fields.Field) -> fields.Field:
    """An unbound field's copy for one serializer: DRF's deep copy (the field built again from its
    arguments, 15-25 µs a field) but for a plain field, whose attributes are copied."""
    if type(field) not in _PLAIN_FIELDS:
        return copy.deepcopy(field)
    copied = attributes_copy(field)
    copied.__dict__.update({name: value.copy() for name, value in vars(field).items() if type(value) in (list, dict)})
    if isinstance(copied.__dict__.get("queryset"), QuerySet):  # its own, never read (as DRF's copy makes it)
        copied.queryset = copied.queryset.all()
    return copied


class ScopedApiFilterSet(ScopedFilterSet, drf_filters.FilterSet):
    """The base of the filter sets the backend generates from ``filterset_fields``."""


class ScopedFilterBackend(drf_filters.DjangoFilterBackend):
    """django-filter's backend, refusing filter sets that are not scoped."""

    filterset_base = ScopedApiFilterSet

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is not None and not issubclass(filterset_class, ScopedFilterSet):
            raise TypeError(f"{filterset_class.__name__} must derive from inspectorate.filters.ScopedFilterSet")
        return filterset_class


class FormlessBrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """The browsable API without any form: forms list choices, and choices are data."""

    def show_form_for_method(self, view, method, request, obj):
        return False

    def get_rendered_html_form(self, data, view, method, request):
        return None

    def get_raw_data_form(self, data, view, method, request):
        return None

    def get_filter_form(self, data, view, request):
        return None

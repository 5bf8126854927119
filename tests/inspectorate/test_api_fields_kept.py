"""Every API model serializer's fields, mapped once per class and language and copied for each
serializer (inspectorate.api.scoping.ScopedModelSerializer), are the fields ModelSerializer maps
for it: same names, kinds, labels, choices and validators, in both languages; and each serializer's
own, never shared with another's."""

import importlib

import pytest
from django.db.models import QuerySet
from django.urls import get_resolver
from django.utils import translation
from rest_framework import serializers

from inspectorate.api.scoping import ScopedModelSerializer


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _serializers():
    get_resolver().url_patterns  # noqa: B018  # every API module imported
    importlib.import_module("inspectorate.api.urls")
    found = sorted({c for c in _all_subclasses(ScopedModelSerializer) if hasattr(c, "Meta")}, key=repr)
    assert len(found) >= 30
    return found


def _validator(validator) -> tuple:
    def value(v):
        if isinstance(v, QuerySet):
            return ("rows of", v.model, str(v.query))
        return str(v) if " at 0x" in repr(v) else repr(v)  # a message: its text

    attributes = sorted((name, value(v)) for name, v in vars(validator).items() if name != "_constructor_args")
    return (type(validator).__name__, attributes)


def _described(fields) -> list[tuple]:
    described = []
    for name, field in fields.items():
        choices = getattr(field, "choices", None)
        described.append(
            (
                name,
                repr(field),
                str(field.label) if field.label else None,
                [str(label) for label in choices.values()] if choices else None,
                [_validator(validator) for validator in field.validators],
            )
        )
    return described


@pytest.mark.parametrize("language", ["id", "en"])
def test_each_serializers_fields_are_modelserializers(language, db):
    with translation.override(language):
        for serializer_class in _serializers():
            kept = [serializer_class().fields for _ in range(2)]  # mapped, then copied
            parent = serializer_class()
            mapped = serializers.ModelSerializer.get_fields(parent)
            for name, field in mapped.items():
                field.bind(field_name=name, parent=parent)  # as Serializer.fields binds them
            assert _described(kept[0]) == _described(kept[1]) == _described(mapped), serializer_class
            assert all(kept[0][name] is not kept[1][name] for name in kept[0]), serializer_class
            for name in kept[0]:  # nor a list, a dict or a queryset of one field's (its style, its choices…)
                first, second = vars(kept[0][name]), vars(kept[1][name])
                shared = [  # the empty list DRF itself gives every field of a class (its "initial") aside
                    a
                    for a, v in first.items()
                    if ((isinstance(v, (list, dict)) and v) or isinstance(v, QuerySet)) and v is second.get(a)
                ]
                assert not shared, (serializer_class, name, shared)


def test_a_label_is_in_the_language_of_the_request(db):
    from inspectorate.api.serializers import CompanySerializer

    with translation.override("en"):
        english = {name: str(field.label) for name, field in CompanySerializer().fields.items()}
    with translation.override("id"):
        indonesian = {name: str(field.label) for name, field in CompanySerializer().fields.items()}
    assert english["workers_total"] != indonesian["workers_total"]


def test_a_related_field_s_queryset_is_each_copy_s_own(db):
    """A related field declared with a queryset (not a manager): each copy its own clone, never
    read, as DRF's copy makes it; its result cache is never another request's."""
    from inspectorate.api.scoping import ScopedPrimaryKeyRelatedField, _field_copy
    from inspectorate.models import Company

    declared = ScopedPrimaryKeyRelatedField(queryset=Company.objects.filter(workers_total__gt=10))
    first, second = _field_copy(declared), _field_copy(declared)
    assert first.queryset is not declared.queryset and second.queryset is not first.queryset
    assert str(first.queryset.query) == str(declared.queryset.query)
    assert first.queryset._result_cache is None

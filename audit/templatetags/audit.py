"""The audit trail's objects and fields by the names people read ("Pegawai #34", "peran"), not their codes."""

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


def _model(object_type: str):
    try:
        return apps.get_model(object_type) if object_type.count(".") == 1 else None
    except (LookupError, ValueError):
        return None


@register.filter
def object_label(object_type: str) -> str:
    """``inspectorate.staff`` → "Pegawai" (the model's name in the reader's language); other types as recorded."""
    model = _model(object_type or "")
    if model is None:
        return object_type
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]  # "Konsep Nota II", not capitalize()'s "Konsep nota ii"


@register.filter
def field_labels(entry) -> str:
    """The changed fields by their names in the reader's language ("UPTD, peran"); unknown ones as recorded."""
    model = _model(entry.object_type or "")
    labels = []
    for name in entry.changed_fields or []:
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if field is None:
            labels.append(name)
        elif field.auto_created and not field.concrete:
            # A reverse relation (a visit plan's entries, an accident's injured): the related rows' name.
            labels.append(str(field.related_model._meta.verbose_name_plural))
        else:
            labels.append(str(field.verbose_name))
    return ", ".join(labels)

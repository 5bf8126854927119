"""Forms of the management area; each lists its fields and feeds one service. The forms' shared
pieces: Bootstrap's classes (``StyledMixin``), a form's fields copied lightly (``LightCopiesMixin``)."""

import copy

from django import forms
from django.forms.widgets import ChoiceWidget
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .models import District, Office, Region, Staff


class StyledMixin:
    """Bootstrap classes on every widget, big enough for a thumb."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
                continue
            widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class LightCopiesMixin:
    """A form whose fields are copied for it as Django copies them (``Field.__deepcopy__``: the
    field and its widget copied, their attributes, error messages, validators and choices their
    own), without going through ``copy.deepcopy`` and ``copy.copy`` for each: a complaint page
    makes nine forms, and copying their fields so took it about a quarter of a millisecond.

    A field or widget of a class with its own way of being copied (a model choice's queryset, a
    field of fields, a widget of widgets, any other ``__deepcopy__`` or copy protocol) is copied
    by Django's own (tests/inspectorate/test_light_copies.py compares the two)."""

    def __init__(self, *args, **kwargs):
        self.base_fields = OwnCopies(type(self).base_fields, light_copy)
        super().__init__(*args, **kwargs)
        del self.base_fields  # the class's again


class OwnCopies(dict):
    """A dict whose deep copy (``copy.deepcopy``, as django-filter and Django take theirs) is a new
    dict of ``copy_one(value)``: each value copied one level, the objects inside shared."""

    def __init__(self, values, copy_one):
        super().__init__(values)
        self.copy_one = copy_one

    def __deepcopy__(self, memo):
        return {name: self.copy_one(value) for name, value in self.items()}


_FIELD_COPY, _CHOICE_FIELD_COPY = forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__
_WIDGET_COPY, _CHOICE_WIDGET_COPY = forms.Widget.__deepcopy__, ChoiceWidget.__deepcopy__
_PLAIN: dict[type, bool] = {}  # class -> whether copy.copy() of its instances is a new one with their attributes


def _copies_plainly(cls: type) -> bool:
    plain = _PLAIN.get(cls)
    if plain is None:
        plain = _PLAIN[cls] = (
            cls.__new__ is object.__new__
            and cls.__reduce_ex__ is object.__reduce_ex__
            and cls.__reduce__ is object.__reduce__
            and cls.__getstate__ is object.__getstate__
            and not hasattr(cls, "__copy__")
            and not hasattr(cls, "__setstate__")
            and not hasattr(cls, "__slots__")
        )
    return plain


def attributes_copy(obj):
    """``copy.copy(obj)`` for an object ``_copies_plainly``: a new one with the same attributes."""
    copied = object.__new__(type(obj))
    copied.__dict__.update(obj.__dict__)
    return copied


def light_copy(field: forms.Field, memo: dict | None = None) -> forms.Field:
    """``copy.deepcopy(field, memo)``, as ``Field.__deepcopy__`` / ``ChoiceField.__deepcopy__`` and
    ``Widget.__deepcopy__`` / ``ChoiceWidget.__deepcopy__`` make it, for a field and widget of
    classes that copy so; any other by ``copy.deepcopy``."""
    memo = {} if memo is None else memo
    widget = field.widget
    field_copy, widget_copy = type(field).__deepcopy__, type(widget).__deepcopy__
    if (
        field_copy not in (_FIELD_COPY, _CHOICE_FIELD_COPY)
        or widget_copy not in (_WIDGET_COPY, _CHOICE_WIDGET_COPY)
        or not _copies_plainly(type(field))
        or not _copies_plainly(type(widget))
    ):
        return copy.deepcopy(field, memo)
    result = attributes_copy(field)
    memo[id(field)] = result
    copied_widget = attributes_copy(widget)
    copied_widget.attrs = widget.attrs.copy()
    if widget_copy is _CHOICE_WIDGET_COPY:
        copied_widget.choices = copy.copy(widget.choices)
    memo[id(widget)] = copied_widget
    result.widget = copied_widget
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    if field_copy is _CHOICE_FIELD_COPY:
        result._choices = copy.deepcopy(field._choices, memo)
    return result


class RegionForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "name"]


class DistrictForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = District
        fields = ["code", "name", "region", "office"]


class OfficeForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Office
        fields = ["code", "name", "region", "time_zone", "monthly_quota", "complaint_due_days", "address"]


class StaffForm(StyledMixin, forms.ModelForm):
    send_password_link = forms.BooleanField(label=_("E-mail a link to choose a password"), required=False, initial=True)

    class Meta:
        model = Staff
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "nip",
            "sex",
            "role",
            "office",
            "region",
            "is_investigator",
            "service_ended_on",
        ]
        widgets = {"service_ended_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"username": _("Letters, digits and . _ - only; used to log in.")}

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.order_by("code")
        self.fields["region"].queryset = Region.objects.order_by("code")
        self.fields["role"].initial = Role.INSPECTOR
        if not creating:
            del self.fields["send_password_link"]

    def clean(self):
        data = super().clean()
        if data.get("send_password_link") and not data.get("email"):
            self.add_error("email", _("An e-mail address is needed to send the link."))
        return data

    def _post_clean(self):
        # The model's full_clean runs in the service, with the role rules; here only the fields.
        pass


class CompanyImportForm(StyledMixin, forms.Form):
    file = forms.FileField(
        label=_("Company list (CSV, UTF-8)"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"})
    )

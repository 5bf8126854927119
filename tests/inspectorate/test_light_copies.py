"""A form's fields copied lightly (inspectorate.forms.LightCopiesMixin): what Django's deep copy of
them makes, and nothing shared with the class's fields or another form's."""

import copy

import pytest
from django import forms

from complaints import forms as complaint_forms
from inspectorate.forms import LightCopiesMixin, light_copy
from reporting.forms import ReportRequestForm


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _forms() -> list[type]:
    found = sorted({c for c in _all_subclasses(LightCopiesMixin) if issubclass(c, forms.BaseForm)}, key=repr)
    assert complaint_forms.NoteForm in found and complaint_forms.AssignForm in found and ReportRequestForm in found
    return found


MUTABLE = ("attrs", "error_messages", "validators", "_choices", "choices", "widget")


def _value(value) -> str:
    """A value as text; an object printed with its address, by its kind (each copy has its own)."""
    return type(value).__name__ if " at 0x" in repr(value) else repr(value)


def _choices(holder) -> list:
    choices = getattr(holder, "_choices", getattr(holder, "choices", None))
    return list(choices) if isinstance(choices, list) else [_value(choices)]


def _described(field) -> tuple:
    widget = field.widget
    return (
        type(field),
        sorted((k, _value(v)) for k, v in vars(field).items() if k != "widget"),
        _choices(field),
        type(widget),
        sorted((k, _value(v)) for k, v in vars(widget).items()),
        _choices(widget),
    )


def _own_parts(field) -> list:
    parts = [field, field.widget, field.widget.attrs, field.error_messages, field.validators]
    parts += [getattr(field, "_choices", None), getattr(field.widget, "choices", None)]
    return [part for part in parts if isinstance(part, (forms.Field, forms.Widget, dict, list))]


@pytest.mark.parametrize("form_class", _forms(), ids=lambda c: c.__name__)
def test_each_field_is_what_django_s_copy_makes_and_its_own(form_class):
    base = form_class.base_fields
    for name, field in base.items():
        light, django_s = light_copy(field, {}), copy.deepcopy(field, {})
        assert _described(light) == _described(django_s), (form_class, name)
        other = light_copy(field, {})
        for mine, theirs, original in zip(_own_parts(light), _own_parts(other), _own_parts(field), strict=True):
            assert mine is not theirs and mine is not original, (form_class, name, type(mine))


def test_a_field_that_copies_its_own_way_is_copied_by_django():
    from inspectorate.models import Staff

    chosen = forms.ModelChoiceField(queryset=Staff.objects.all())
    copied = light_copy(chosen, {})
    assert copied.queryset is not chosen.queryset and str(copied.queryset.query) == str(chosen.queryset.query)
    pair = forms.SplitDateTimeField()
    copied = light_copy(pair, {})
    assert all(mine is not theirs for mine, theirs in zip(copied.fields, pair.fields, strict=True))
    assert copied.widget.widgets[0] is not pair.widget.widgets[0]


def test_what_one_form_changes_stays_its_own(alice, bob, grace):
    """The report form sets each person's scopes and the language's initial on its fields; the
    class's fields and another person's form keep theirs."""
    before = _described(ReportRequestForm.base_fields["scope"])
    head, national = ReportRequestForm(user=bob), ReportRequestForm(user=grace)
    assert [v for v, _ in head.fields["scope"].choices] != [v for v, _ in national.fields["scope"].choices]
    head.fields["kind"].widget.attrs["data-x"] = "1"
    assert "data-x" not in national.fields["kind"].widget.attrs
    assert "data-x" not in ReportRequestForm.base_fields["kind"].widget.attrs
    assert _described(ReportRequestForm.base_fields["scope"]) == before
    assert "base_fields" not in vars(head)  # the class's again after __init__


def test_the_forms_copy_their_fields_lightly(monkeypatch, bob):
    import inspectorate.forms

    copied = []
    monkeypatch.setattr(inspectorate.forms, "light_copy", lambda field, memo=None: copied.append(field) or field)
    ReportRequestForm(user=bob)
    complaint_forms.NoteForm()
    assert set(copied) == {*ReportRequestForm.base_fields.values(), *complaint_forms.NoteForm.base_fields.values()}

"""Light form widgets for the filter forms of the list pages.

Django renders every widget through the template engine, one sub-template per ``<option>``
and one per attribute list. A work-queue filter form of 14 widgets and a hundred options took
more time to render than the page's SQL. These widgets write the same HTML in Python:
``<select>`` and ``<input>`` markup equal to Django's default templates, with the options of a
fixed choice list (statuses, channels, yes/no) built once per language and process and reused.
Options read from the database (inspectors, offices, districts) are read on each render: they
change with the data. They are read as one result, and only the columns their label reads; each
option is written once per row and language (``_model_options``). django-filter's sort-order
select (a CSV widget) and yes/no select are written the same way, after the value mapping
django-filter does; the work queue's triage form uses the light select for its inspectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape as html_escape

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.widgets import ChoiceWidget
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language
from django_filters.fields import ModelChoiceIterator as FilterModelChoiceIterator
from django_filters.widgets import BaseCSVWidget, BooleanWidget

from .kept import Kept
from .prepared import bare_instance, plain_model

# (widget class, option values and labels, language) -> (value, escaped value, escaped label) of each
# option; bounded (a visit plan's select of the companies found by a search has options of its own on
# every search).
_FIXED_OPTIONS = Kept(limit=2_000)


def _escape(text) -> str:
    """Django's ``escape`` as a plain ``str``, for markup these widgets join themselves: the same
    characters, without its lazy-string wrapper and ``SafeString`` (a fifth of a select's time
    for a hundred options)."""
    return html_escape(str(text))


def _option(value: str, label) -> tuple[str, str, str]:
    return value, _escape(value), _escape(label)


def _options_of(choices) -> list[tuple[str, str, str]] | None:
    pairs = _flat(choices)
    return None if pairs is None else [_option(v, label) for v, label in pairs]


def _flat(choices) -> list[tuple[str, object]] | None:
    """``(value, label)`` pairs, or None when the choices have groups (then Django renders them)."""
    pairs = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            return None
        pairs.append(("" if value is None else str(value), label))
    return pairs


def reads_label_fields(label_from_instance):
    """Mark a choice label function as reading only its model's ``LABEL_FIELDS`` (and annotations)."""
    label_from_instance.reads_label_fields = True
    return label_from_instance


def _model_options(field: forms.ModelChoiceField) -> list[tuple[str, str, str]]:
    """A model choice field's options (value, escaped value, escaped label), read in one query.

    Django reads them through ``QuerySet.iterator()``, which on PostgreSQL is a server-side
    cursor (a declare, fetches and a close: round trips the query log does not show) and builds
    every column of every row and of its ``select_related`` rows. A list of choices is short:
    it is read as one result. When the label reads only the model's ``LABEL_FIELDS`` (``str()``
    or a label function marked by :func:`reads_label_fields`), only those columns are read, as
    rows (:class:`LabelRows`), and each option is a function of its row and the language alone:
    it is written once per process and row (:data:`_ROW_OPTIONS`), and the rows are read afresh
    on every render, so a renamed inspector shows the new name at once. ``field.shown``: the
    options already read (objects, or ``LabelRows``).
    """
    queryset = field.queryset
    label = field.label_from_instance
    options = [_option("", field.empty_label)] if field.empty_label is not None else []
    if getattr(field, "null_label", None) is not None:  # django-filter's "none of them" choice
        options.append(_option(str(field.null_value), field.null_label))
    objects = getattr(field, "shown", None)
    if objects is None:
        columns = label_columns(field)
        if columns is not None:
            columns = (*columns, *queryset.query.annotation_select)
            objects = LabelRows(columns, list(queryset.select_related(None).values_list(*columns)))
        elif (names := _label_names(field)) is not None:  # a model building its instances its own way
            objects = queryset.select_related(None).only(*names)
        else:
            objects = queryset
    if isinstance(objects, LabelRows):
        return options + _row_options(field, queryset.model, objects)
    return options + [_option(str(field.prepare_value(obj)), label(obj)) for obj in objects]


def _label_names(field) -> tuple[str, ...] | None:
    """The fields the options' labels and values read (``LABEL_FIELDS``, the key if another), or None
    when the label may read more."""
    label_fields = getattr(field.queryset.model, "LABEL_FIELDS", None)
    label = field.label_from_instance
    plain = getattr(label, "__func__", None) is forms.ModelChoiceField.label_from_instance
    if not label_fields or not (plain or getattr(label, "reads_label_fields", False)):
        return None
    return (*label_fields, *((field.to_field_name,) if field.to_field_name else ()))


def _attnames(model, names) -> tuple[str, ...]:
    return tuple(model._meta.get_field(name).attname for name in dict.fromkeys(names))


def label_columns(field: forms.ModelChoiceField) -> tuple[str, ...] | None:
    """The columns a model select's options can be read as (:class:`LabelRows`), or None when its
    label reads more than its model's ``LABEL_FIELDS`` or its model builds instances its own way."""
    names = _label_names(field)
    model = field.queryset.model
    return None if names is None or not plain_model(model) else _attnames(model, names)


class PairChoices(BaseChoiceIterator):
    """Choices that are already ``(value, label)`` pairs of strings, which a field and its widget take
    as they are: Django normalises a list of choices on every assignment, twice for a field (its own,
    then its widget's), about 0.3 ms for the reports form's 160 scopes a request."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


@dataclass(frozen=True)
class LabelRows:
    """A model select's options as rows: ``columns`` (the label's fields' attribute names, then any
    annotation it reads) and a tuple of their values per option; a label reads each row as a bare
    instance (``prepared.bare_instance``: ``str()``, ``pk``; any other column is read on access)."""

    columns: tuple[str, ...]
    rows: list[tuple]


# (field class, label function, to_field_name, model, columns, language, row) -> the option the row
# gives; emptied when it holds more than _ROW_OPTIONS_MAX (a few thousand staff, offices, districts).
_ROW_OPTIONS: dict[tuple, tuple[str, str, str]] = {}
_ROW_OPTIONS_MAX = 50_000


def _row_options(field, model, read: LabelRows) -> list[tuple[str, str, str]]:
    label = field.label_from_instance
    columns = read.columns
    shape = (type(field), getattr(label, "__func__", label), field.to_field_name, model, columns, get_language())
    if len(_ROW_OPTIONS) > _ROW_OPTIONS_MAX:
        _ROW_OPTIONS.clear()
    options = []
    for row in read.rows:
        key = (shape, row)
        option = _ROW_OPTIONS.get(key)
        if option is None:
            obj = bare_instance(model, field.queryset.db, columns, row)
            option = _ROW_OPTIONS[key] = _option(str(field.prepare_value(obj)), label(obj))
        options.append(option)
    return options


# Django's and django-filter's (which adds its null choice): the options _model_options writes the same way.
_MODEL_ITERATORS = (ModelChoiceIterator, FilterModelChoiceIterator)


class LightSelectMixin:
    """Renders a single-choice ``<select>`` without the template engine (same markup as Django's)."""

    def _options(self) -> list[tuple[str, str, str]] | None:
        choices = self.choices
        if type(choices) in _MODEL_ITERATORS:  # from the database: written each time
            return _model_options(choices.field)
        if isinstance(choices, ModelChoiceIterator):  # a field's own iterator (groups, say): as it gives them
            pairs = _flat(choices)
            return None if pairs is None else [_option(v, label) for v, label in pairs]
        choices = list(choices)
        # Two selects may share their values ("", "yes") and not their labels: the key holds both.
        key = (type(self), tuple((str(value), str(label)) for value, label in choices), get_language())
        return _FIXED_OPTIONS.written(key, lambda: _options_of(choices))

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        options = self._options()
        if options is None:
            return super().render(name, value, attrs, renderer)
        formatted = self.format_value(value)
        selected = {formatted} if isinstance(formatted, str) else {str(v) for v in formatted}
        final_attrs = self.build_attrs(self.attrs, attrs)
        parts = [f'<select name="{_escape(name)}"{_attrs(final_attrs)}>']
        chosen = False
        for option_value, escaped_value, escaped_label in options:
            mark = ""
            if not chosen and option_value in selected:
                mark, chosen = " selected", True  # like Django: only the first match of a single select
            parts.append(f'<option value="{escaped_value}"{mark}>{escaped_label}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - every value and label is escaped above


class LightCSVSelectMixin(LightSelectMixin):
    """django-filter's CSV select (a list's sort order): one value as a light select, several as django-filter does."""

    def render(self, name, value, attrs=None, renderer=None):
        values = value if self._isiterable(value) else [value]
        if len(values) > 1:
            return super(LightSelectMixin, self).render(name, value, attrs, renderer)
        return super().render(name, values[0] if values else "", attrs, renderer)


class LightBooleanSelectMixin(LightSelectMixin):
    """django-filter's yes/no select: its values mapped as it maps them, then a light select."""

    def render(self, name, value, attrs=None, renderer=None):
        try:
            value = {True: "true", False: "false", "1": "true", "0": "false"}[value]
        except (KeyError, TypeError):
            value = ""
        return super().render(name, value, attrs, renderer)


class LightInputMixin:
    """Renders an ``<input>`` without the template engine (same markup as Django's)."""

    def render(self, name, value, attrs=None, renderer=None):
        formatted = self.format_value(value)
        final_attrs = self.build_attrs(self.attrs, attrs)
        html = f'<input type="{_escape(self.input_type)}" name="{_escape(name)}"'
        if formatted is not None:
            html += f' value="{_escape(formatted)}"'
        return mark_safe(html + _attrs(final_attrs) + ">")  # noqa: S308  # nosec B308 B703 - escaped above


class LightCheckboxMixin(LightInputMixin):
    """A checkbox as a light input, "checked" added as Django's ``CheckboxInput.get_context`` adds it."""

    def render(self, name, value, attrs=None, renderer=None):
        if self.check_test(value):
            attrs = {**(attrs or {}), "checked": True}
        return super().render(name, value, attrs, renderer)


class LightTextareaMixin:
    """Renders a ``<textarea>`` without the template engine (same markup as Django's textarea.html)."""

    def render(self, name, value, attrs=None, renderer=None):
        formatted = self.format_value(value)
        final_attrs = self.build_attrs(self.attrs, attrs)
        text = _escape(formatted) if formatted else ""
        html = f'<textarea name="{_escape(name)}"{_attrs(final_attrs)}>\n{text}</textarea>'
        return mark_safe(html)  # noqa: S308  # nosec B308 B703 - the name, attributes and text are escaped


def select_markup(widget: dict) -> SafeString:
    """What Django's ``select.html`` and ``select_option.html`` write for a select's context (its
    ``get_context(...)["widget"]``: groups, each option's own attributes), written in Python, the same
    markup to the character. For a select whose options carry attributes of their own, which
    ``lighten`` leaves to Django (a visit's provision select: 1.4 ms through the template engine)."""
    parts = [f'<select name="{_as_template(widget["name"])}"{_template_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_as_template(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{_as_template(str(option["value"]))}"{_template_attrs(option["attrs"])}>'
                f"{_as_template(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")  # the form renderer strips the template's last newline
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - every value escaped as the templates escape it


def _as_template(value) -> str:
    """``{{ value }}`` in a template: escaped unless marked safe."""
    return str(value) if isinstance(value, SafeData) else html_escape(str(value))


def _template_attrs(attrs: dict) -> str:
    """Django's ``attrs.html``: ``False`` left out, ``True`` a bare name, any other value as ``%s`` gives it."""
    return "".join(
        f" {_as_template(key)}" if value is True else f' {_as_template(key)}="{_as_template(value)}"'
        for key, value in attrs.items()
        if value is not False
    )


def _attrs(attrs: dict) -> str:
    """Django's attrs.html: ``True`` as a bare name, ``False``/``None`` left out, others escaped."""
    out = []
    for key, value in attrs.items():
        if value is True:
            out.append(f" {key}")
        elif value is not False and value is not None:
            out.append(f' {key}="{_escape(value)}"')
    return "".join(out)


_LIGHT_CLASSES: dict[type, type] = {}


def lighten(widget: forms.Widget) -> forms.Widget:
    """Make ``widget`` render in Python when it is a single select, a plain input or a text area; others untouched."""
    cls = type(widget)
    if cls in _LIGHT_CLASSES.values():
        return widget
    light = _LIGHT_CLASSES.get(cls)
    if light is None:
        if isinstance(widget, BaseCSVWidget) and isinstance(widget, forms.Select):
            mixin = LightCSVSelectMixin
        elif isinstance(widget, BooleanWidget):
            mixin = LightBooleanSelectMixin
        elif cls.render is not forms.Widget.render:
            return widget  # a widget with its own render, which these mixins would bypass
        elif isinstance(widget, ChoiceWidget) and any(
            getattr(cls, name) is not getattr(ChoiceWidget, name) for name in ("create_option", "optgroups", "options")
        ):
            return widget  # options of its own (a provision's data-category, say), which these mixins would not write
        elif isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
            mixin = LightSelectMixin
        elif isinstance(widget, forms.Textarea):
            mixin = LightTextareaMixin
        elif type(widget).get_context is forms.CheckboxInput.get_context:
            mixin = LightCheckboxMixin  # a checkbox whose "checked" is Django's own
        elif isinstance(widget, forms.widgets.Input) and not isinstance(
            widget, (forms.FileInput, forms.CheckboxInput, forms.MultipleHiddenInput)
        ):
            # (a multiple hidden input writes one input per value)
            mixin = LightInputMixin
        else:
            return widget
        light = _LIGHT_CLASSES[cls] = type(f"Light{cls.__name__}", (mixin, cls), {"__module__": __name__})
    widget.__class__ = light
    return widget


def described_by(field, part: str) -> str:
    """`` id="<field id>_<part>"``: what the widget's ``aria-describedby`` names (Django's), or nothing."""
    return format_html(' id="{}_{}"', field.auto_id, part) if field.auto_id else ""


def errors_html(field, each: str) -> SafeString:
    """The field's errors, each as ``each``, inside the element its widget's ``aria-describedby``
    names (``<id>_error``); nothing when it has none."""
    if not field.errors:
        return ""
    inner = format_html_join("", each, ((error,) for error in field.errors))
    return format_html("<div{}>{}</div>", described_by(field, "error"), inner)

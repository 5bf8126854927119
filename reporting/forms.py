"""The report request form: kind, month and one scope the user may read."""

from datetime import date

from django import forms
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from inspectorate.forms import LightCopiesMixin
from inspectorate.kept import Kept
from inspectorate.widgets import PairChoices, errors_html, lighten

from . import selectors
from .choices import ReportKind


def parse_month(value: str) -> date:
    """'2024-05' → date(2024, 5, 1); ValueError otherwise."""
    year, month = value.strip().split("-")
    if len(year) != 4 or len(month) != 2:
        raise ValueError(value)
    return date(int(year), int(month), 1)


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."), code="invalid") from None


def scope_choices(user) -> list[tuple[str, str]]:
    """The scopes the user may request, as ``office:<id>``, ``region:<id>``, ``national``."""
    # Labels as str() gives them (the names), read without building a model per option, by
    # queries built once (about 150 offices for a national official).
    offices = selectors.requestable_office_names(user=user)
    choices = [(f"office:{pk}", name) for pk, name in offices]
    regions = selectors.requestable_region_names(user=user)
    region = gettext("Region: %(name)s")  # translated once, not once per region
    choices += [(f"region:{pk}", region % {"name": name}) for pk, name in regions]
    if selectors.may_request_national(user):
        choices.append(("national", gettext("National")))
    return choices


# What the reports page wrote for each field of the request form but the rebuild box.
_FIELD_HTML = (
    '\n      <div class="col-12 col-sm-6 col-lg">\n        <label class="form-label small mb-0" for="{}">{}</label>\n'
    "        {}\n        {}\n      </div>"
)
_ERROR_HTML = '<div class="invalid-feedback d-block">{}</div>'

# ReportRequestForm.fields_html of forms not bound, by key.
_UNBOUND = Kept(limit=256)


class ReportRequestForm(LightCopiesMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    month = MonthField(label=_("Month"))
    scope = forms.ChoiceField(label=_("Scope"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    rebuild = forms.BooleanField(label=_("Rebuild if it already exists"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["scope"].choices = PairChoices(scope_choices(user))  # taken as they are
        self.fields["language"].initial = (get_language() or settings.LANGUAGE_CODE)[:2]
        for name, field in self.fields.items():
            if name == "rebuild":
                css = "form-check-input"
            else:
                css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            # Written in Python, not one sub-template per option: the country's scopes are about
            # 150 options, which made the reports page's rendering ten times its SQL.
            lighten(field.widget).attrs.setdefault("class", css)

    def fields_html(self) -> SafeString:
        """Every field but the rebuild box (the page puts it beside the button): a label, the widget
        and its errors, written in Python as the list pages' filter forms are (StyledFilterSet).

        The form as the reports page opens (not bound) is kept per language, initial values and
        scopes, the only things it shows that vary: a national official's 160 scopes took 0.3 ms."""
        if self.is_bound:
            return self._fields_html()
        key = (self.auto_id, self.prefix, get_language(), tuple(sorted(self.initial.items())))
        key += (self.fields["language"].initial, tuple(self.fields["scope"].choices.pairs))
        return _UNBOUND.written(key, self._fields_html)

    def _fields_html(self) -> SafeString:
        parts = (
            format_html(_FIELD_HTML, field.id_for_label, field.label, str(field), errors_html(field, _ERROR_HTML))
            for field in self
            if field.name != "rebuild"
        )
        return format_html_join("", "{}", ((part,) for part in parts))

    def scope_objects(self) -> dict:
        """``{"office": Office}`` / ``{"region": Region}`` / ``{}`` for the chosen scope, within the user's scope."""
        value = self.cleaned_data["scope"]
        if value == "national":
            return {}
        level, pk = value.split(":")
        if level == "office":
            return {"office": selectors.requestable_offices(user=self.user).get(pk=pk)}
        return {"region": selectors.requestable_regions(user=self.user).get(pk=pk)}

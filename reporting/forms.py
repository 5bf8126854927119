"""The report request form: kind, month and one scope the user may read."""

from datetime import date

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from inspectorate.widgets import lighten

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
    choices += [(f"region:{pk}", _("Region: %(name)s") % {"name": name}) for pk, name in regions]
    if selectors.may_request_national(user):
        choices.append(("national", str(_("National"))))
    return choices


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    month = MonthField(label=_("Month"))
    scope = forms.ChoiceField(label=_("Scope"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    rebuild = forms.BooleanField(label=_("Rebuild if it already exists"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["scope"].choices = scope_choices(user)
        self.fields["language"].initial = (get_language() or settings.LANGUAGE_CODE)[:2]
        for name, field in self.fields.items():
            if name == "rebuild":
                css = "form-check-input"
            else:
                css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            # Written in Python, not one sub-template per option: the country's scopes are about
            # 150 options, which made the reports page's rendering ten times its SQL.
            lighten(field.widget).attrs.setdefault("class", css)

    def scope_objects(self) -> dict:
        """``{"office": Office}`` / ``{"region": Region}`` / ``{}`` for the chosen scope, within the user's scope."""
        value = self.cleaned_data["scope"]
        if value == "national":
            return {}
        level, pk = value.split(":")
        if level == "office":
            return {"office": selectors.requestable_offices(user=self.user).get(pk=pk)}
        return {"region": selectors.requestable_regions(user=self.user).get(pk=pk)}

from django import forms
from django.utils.translation import gettext_lazy as _


class PlanGenerateForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"])


class EntryChangeForm(forms.Form):
    company = forms.IntegerField(label=_("Company"), required=False)
    inspector = forms.IntegerField(label=_("Inspector"), required=False)
    planned_date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class WeightForm(forms.Form):
    points = forms.IntegerField(label=_("Points per unit"), min_value=0, max_value=100)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PlanSettingForm(forms.Form):
    random_percent = forms.IntegerField(label=_("Visits chosen at random (%)"), min_value=0, max_value=50)

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


class LeaveForm(forms.Form):
    inspector = forms.IntegerField(label=_("Inspector"))
    start = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class AssignmentForm(forms.Form):
    inspector = forms.IntegerField(label=_("Inspector"))
    district = forms.IntegerField(label=_("District"), required=False)
    kbli_group = forms.CharField(label=_("KBLI group"), max_length=2, required=False)

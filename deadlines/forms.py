"""Forms of the deadlines pages; explicit fields, the services validate the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inspections.forms import StyledForm

from .choices import DeliveryMethod, ReportDecision, Sanction


class DeliveryForm(StyledForm):
    method = forms.ChoiceField(label=_("Delivered by"), choices=DeliveryMethod.choices)
    received_on = forms.DateField(
        label=_("Received by the employer on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    recipient_name = forms.CharField(label=_("Received by (name)"), max_length=200, required=False)
    # Checked by content in the service (inspectorate.uploads), like every evidence file.
    receipt = forms.FileField(label=_("Receipt slip (PDF or photo)"), required=False)


class DraftIssueForm(StyledForm):
    period_days = forms.IntegerField(label=_("Compliance period (days from receipt)"), min_value=1, max_value=365)

    def __init__(self, *args, findings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"] = forms.ModelMultipleChoiceField(
            label=_("Findings"),
            queryset=findings,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            initial=list(findings),
        )


class ReportDecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=ReportDecision.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    sanction = forms.ChoiceField(
        label=_("Sanction to recommend"), choices=[("", "—"), *Sanction.choices], required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000)


class RecomputeForm(StyledForm):
    note = forms.CharField(label=_("Reason"), max_length=500)

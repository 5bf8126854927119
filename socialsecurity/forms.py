from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspectorate.forms import StyledMixin
from inspectorate.models import Office, Staff

from .choices import FlagKind


class ImportForm(StyledMixin, forms.Form):
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())
    file = forms.FileField(label=_("BPJS participation file (CSV or XLSX)"))
    as_of = forms.DateField(label=_("Figures as of"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("Source"), max_length=200, initial="BPJS Ketenagakerjaan")

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices if offices is not None else Office.objects.none()
        if offices is not None and offices.count() == 1:
            self.fields["office"].initial = offices.first()


class PlanForm(StyledMixin, forms.Form):
    lead = forms.ModelChoiceField(label=_("Lead inspector"), queryset=Staff.objects.none())
    planned_date = forms.DateField(label=_("Planned date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, inspectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = inspectors if inspectors is not None else Staff.objects.none()
        self.fields["planned_date"].initial = timezone.localdate()


class TargetFilterForm(StyledMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Flag"), required=False, choices=[("", _("Any flag")), *FlagKind.choices])


class NoteForm(StyledMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

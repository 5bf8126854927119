from django import forms
from django.utils.translation import gettext_lazy as _

from inspectorate.forms import StyledMixin
from inspectorate.models import Office

from .reading import MAX_BYTES


class HistoryImportForm(StyledMixin, forms.Form):
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.none(), empty_label=None, help_text=_("Times are read in its zone.")
    )
    file = forms.FileField(
        label=_("History file (XLSX, or CSV in UTF-8)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    check_only = forms.BooleanField(label=_("Check only: report the bad lines and import nothing"), required=False)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose an XLSX or CSV file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB; split it."))
        return upload

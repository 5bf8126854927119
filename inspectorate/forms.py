"""Forms of the management area; each lists its fields and feeds one service."""

from django import forms
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

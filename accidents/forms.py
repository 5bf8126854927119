"""Forms of the accident pages; each lists its fields and feeds one service."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspections.forms import DateInput, DateTimeLocalInput, StyledForm
from inspections.models import Inspection
from inspectorate.localtime import date_text

from .choices import CodeList, DiseaseSource, Nationality, ReportSource, Sex
from .models import Code


class CodeChoiceField(forms.ModelChoiceField):
    """A value of one code list, labelled in the reader's language."""

    def __init__(self, variable: str, **kwargs):
        super().__init__(queryset=Code.objects.filter(variable=variable, is_active=True), **kwargs)

    def label_from_instance(self, obj: Code) -> str:
        # A classification's number is part of the label (ESAW, ISCO); a code that is a word is
        # the list's own key ("outsourced"), not something to show the reader.
        return obj.name if obj.code.isalpha() else f"{obj.code} — {obj.name}"


def in_zone(value, zone):
    """The wall-clock time typed in a form, read in the office's zone (not the site's)."""
    return timezone.make_naive(value, timezone.get_current_timezone()).replace(tzinfo=zone)


class AccidentForm(StyledForm):
    company = forms.ModelChoiceField(label=_("Company"), queryset=Code.objects.none())
    occurred_at = forms.DateTimeField(
        label=_("Date and time of the accident (office time)"), widget=DateTimeLocalInput()
    )
    place = forms.CharField(label=_("Place"), max_length=300)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    deviation = CodeChoiceField(CodeList.DEVIATION, label=_("Deviation (what went wrong)"))
    contact = CodeChoiceField(CodeList.CONTACT, label=_("Contact / mode of injury"))
    agent = CodeChoiceField(CodeList.AGENT, label=_("Material agent"))
    source = forms.ChoiceField(label=_("Report came from"), choices=ReportSource.choices)
    received_at = forms.DateTimeField(label=_("Report received at (office time)"), widget=DateTimeLocalInput())
    employer_reported_at = forms.DateTimeField(
        label=_("Employer's form 3 KK2 A received at (office time)"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_(
            "Empty when the employer has not reported yet; the report's own time when it came from the employer."
        ),
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies

    def clean(self):
        data = super().clean()
        company = data.get("company")
        if company is not None and company.district.office is not None:
            zone = company.district.office.zone
            for name in ("occurred_at", "received_at", "employer_reported_at"):
                if data.get(name) is not None:
                    data[name] = in_zone(data[name], zone)
        return data


class InjuredForm(StyledForm):
    name = forms.CharField(label=_("Name (confidential)"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age = forms.IntegerField(label=_("Age"), min_value=10, max_value=100)
    occupation = CodeChoiceField(CodeList.OCCUPATION, label=_("Occupation (ISCO-08)"))
    employment_status = CodeChoiceField(CodeList.EMPLOYMENT, label=_("Employment status"))
    nationality = forms.ChoiceField(label=_("Nationality"), choices=Nationality.choices)
    injury = CodeChoiceField(CodeList.INJURY, label=_("Nature of injury"))
    body_part = CodeChoiceField(CodeList.BODY_PART, label=_("Part of body"))
    days_lost = forms.IntegerField(label=_("Days lost"), min_value=0, initial=0)
    permanent_incapacity = forms.BooleanField(label=_("Permanent incapacity"), required=False)
    fatal = forms.BooleanField(label=_("Fatal"), required=False)


InjuredFormSet = forms.formset_factory(InjuredForm, extra=0, min_num=1, validate_min=True, max_num=20)


class EmployerReportForm(StyledForm):
    received_at = forms.DateTimeField(
        label=_("Employer's form 3 KK2 A received at (office time)"), widget=DateTimeLocalInput()
    )


class OpenVisitForm(StyledForm):
    planned_date = forms.DateField(label=_("Planned date"), widget=DateInput())


class OutcomeForm(StyledForm):
    """An injured person's outcome as it becomes known (accidents.services.injured_outcome_update)."""

    days_lost = forms.IntegerField(label=_("Days lost"), min_value=0)
    permanent_incapacity = forms.BooleanField(label=_("Permanent incapacity"), required=False)
    fatal = forms.BooleanField(label=_("Fatal"), required=False)


class LinkVisitForm(StyledForm):
    """An existing visit to the accident's company, one the user may change, as its investigation."""

    inspection = forms.ModelChoiceField(
        label=_("Visit"), queryset=Inspection.objects.none(), empty_label=_("— choose —")
    )

    def __init__(self, *args, visits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = visits
        self.fields["inspection"].label_from_instance = _visit_label


def _visit_label(visit: Inspection) -> str:
    planned = date_text(visit.planned_date) if visit.planned_date else "—"
    return f"{visit.reference} · {planned} · {visit.get_kind_display()} · {visit.get_status_display()}"


class DiseaseForm(StyledForm):
    company = forms.ModelChoiceField(label=_("Company"), queryset=Code.objects.none())
    disease = CodeChoiceField(CodeList.DISEASE, label=_("Diagnosed disease (ILO list)"))
    worker_name = forms.CharField(label=_("Worker's name (confidential)"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age = forms.IntegerField(label=_("Age"), min_value=10, max_value=100, required=False)
    exposure = forms.CharField(label=_("Exposure"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    diagnosed_on = forms.DateField(label=_("Diagnosed on"), widget=DateInput())
    source = forms.ChoiceField(label=_("Notified by"), choices=DiseaseSource.choices)
    notified_on = forms.DateField(label=_("Notified on"), widget=DateInput())

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies


class HoursForm(StyledForm):
    company = forms.ModelChoiceField(label=_("Company"), queryset=Code.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    hours = forms.IntegerField(label=_("Hours worked in the year"), min_value=1)
    workers = forms.IntegerField(label=_("Average workers"), min_value=1)

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies

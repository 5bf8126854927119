"""Forms of the inspection pages; each lists its fields and feeds one service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inspectorate.choices import NormCategory
from inspectorate.models import Company, Staff
from inspectorate.prepared import prepared
from inspectorate.widgets import lighten, select_markup

from .choices import InvestigationOutcome, Kind, NoticeStatus, Severity
from .models import WAGE_FOUND_MAX, Finding, LegalProvision


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, big enough for a thumb; the inputs, text areas and plain
    selects written in Python (inspectorate.widgets.lighten), the same markup as Django's templates
    write: the visit page's seven forms rendered fourteen widgets through the template engine,
    about 5 ms a request (docs/performance.md §38)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):  # Bootstrap's box, spaced from its label
                widget.attrs.setdefault("class", "form-check-input")
            else:
                widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")
            lighten(widget)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Staff) -> str:
        return obj.get_full_name() or obj.username


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Staff) -> str:
        return obj.get_full_name() or obj.username


class InspectionPlanForm(StyledForm):
    company = forms.ModelChoiceField(label=_("Company"), queryset=Company.objects.none())
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(k.value, k.label) for k in Kind if k != Kind.COMPLAINT], initial=Kind.ROUTINE
    )
    lead = StaffChoiceField(label=_("Lead inspector"), queryset=Staff.objects.none())
    team = StaffMultipleChoiceField(
        label=_("Team"), queryset=Staff.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    planned_date = forms.DateField(label=_("Planned date"), widget=DateInput())

    def __init__(self, *args, companies, inspectors, company_choices=(), from_complaint: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Validation accepts any company of the office; the list shows only the search results
        # (an office may have thousands of companies).
        self.fields["company"].queryset = companies
        self.fields["company"].widget.choices = [("", _("— search above, then choose —"))] + list(company_choices)
        self.fields["lead"].queryset = inspectors
        self.fields["team"].queryset = inspectors
        if from_complaint:
            # The company and the kind come from the complaint.
            del self.fields["company"]
            del self.fields["kind"]


class VisitForm(StyledForm):
    visited_at = forms.DateTimeField(label=_("Visit time (office time)"), widget=DateTimeLocalInput())
    workers_present = forms.IntegerField(label=_("Workers present"), min_value=0, required=False)
    wage_found = forms.IntegerField(
        label=_("Monthly wage per worker found (Rp)"),
        min_value=1,
        max_value=WAGE_FOUND_MAX,
        required=False,
        help_text=_("From the payroll; the company's BPJS wage base is checked against it."),
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class StartForm(StyledForm):
    visited_at = forms.DateTimeField(label=_("Visit time (office time)"), required=False, widget=DateTimeLocalInput())


class FieldNoteForm(StyledForm):
    text = forms.CharField(label=_("Field note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class AttachmentForm(StyledForm):
    file = forms.FileField(
        label=_("Photo or document (JPEG, PNG, PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class ProvisionSelect(forms.Select):
    """Options tagged with their norm category, so static/js/provisions.js can filter them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        category = self.categories.get(str(value))
        if category:
            option["attrs"]["data-category"] = category
        return option

    def render(self, name, value, attrs=None, renderer=None):
        """Django's select, written in Python (inspectorate.widgets.select_markup)."""
        return select_markup(self.get_context(name, value, attrs)["widget"])


ACTIVE_PROVISIONS = LegalProvision.objects.filter(is_active=True)  # what a finding may cite


@prepared()
def _active_provisions():
    return ACTIVE_PROVISIONS.all()


class ProvisionChoiceField(forms.ModelChoiceField):
    """Each provision by its act, article and subject, grouped by norm category."""

    widget = ProvisionSelect

    def label_from_instance(self, obj: LegalProvision) -> str:
        return f"{obj} — {obj.title}"

    def group(self, provisions: list[LegalProvision]) -> None:
        """Show ``provisions`` (the field's queryset's, read apart), grouped by norm category."""
        labels = dict(NormCategory.choices)
        grouped: dict[str, list] = {code: [] for code in labels}
        for p in provisions:
            grouped.setdefault(p.category, []).append((p.pk, self.label_from_instance(p)))
        self.choices = [("", "---------")] + [
            (labels.get(code, code), options) for code, options in grouped.items() if options
        ]
        self.widget.categories = {str(p.pk): p.category for p in provisions}


class FindingForm(StyledForm):
    category = forms.ChoiceField(label=_("Norm category"), choices=NormCategory.choices)
    provision = ProvisionChoiceField(
        label=_("Legal provision"),
        queryset=ACTIVE_PROVISIONS,
        help_text=_("Listed under the norm category chosen above; search by act, article or subject."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.MEDIUM)
    corrective_action = forms.CharField(
        label=_("Corrective action"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("A Nota Pemeriksaan sets one deadline for every finding it covers."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The field's queryset's provisions, by a query built once (inspectorate.prepared).
        self.fields["provision"].group(_active_provisions())
        widget = self.fields["provision"].widget
        widget.attrs.update(
            {
                "data-provision-picker": "",
                "data-category-field": self["category"].auto_id,
                "data-search-label": _("Search provisions"),
                "data-all-label": _("Show provisions of every category"),
            }
        )


class ReportConfirmForm(StyledForm):
    """Reporting a visit cannot be undone: the inspector ticks a box to say so, with or without JavaScript."""

    confirm = forms.BooleanField(
        label=_("I have checked the summary and the findings. Report the visit now; this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that the visit is ready to be reported.")},
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class AddendumForm(StyledForm):
    text = forms.CharField(label=_("Addendum"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class FindingChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Finding) -> str:
        return f"{obj.provision} — {obj.description[:80]}"


class NoticeForm(StyledForm):
    findings = FindingChoiceField(
        label=_("Findings"), queryset=Finding.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    compliance_deadline = forms.DateField(label=_("Compliance deadline"), widget=DateInput())

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = findings


class ComplianceForm(StyledForm):
    findings = FindingChoiceField(
        label=_("Corrected findings"), queryset=Finding.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = findings


class NoticeMarkForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (NoticeStatus.COMPLIED.value, NoticeStatus.COMPLIED.label),
            (NoticeStatus.NOT_COMPLIED.value, NoticeStatus.NOT_COMPLIED.label),
        ],
    )


class EscalateForm(StyledForm):
    investigator = StaffChoiceField(label=_("PPNS investigator"), queryset=Staff.objects.none())

    def __init__(self, *args, investigators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investigator"].queryset = investigators


class InvestigationStepForm(StyledForm):
    on = forms.DateField(label=_("Date"), widget=DateInput())
    description = forms.CharField(label=_("Step"), widget=forms.Textarea(attrs={"rows": 2}))


class InvestigationCloseForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=InvestigationOutcome.choices)

"""Forms of the complaint pages. Every form lists its fields; extra posted fields are ignored."""

import re
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from inspectorate import access
from inspectorate.forms import LightCopiesMixin, StyledMixin
from inspectorate.models import Company, District, Staff
from inspectorate.widgets import described_by, errors_html, lighten, reads_label_fields

from . import uploads
from .choices import Channel, Outcome
from .contact import normalise_email, normalise_phone
from .models import Category, Complaint
from .services import company_district_mismatch

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in :mod:`complaints.uploads`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(MultipleFileField, self).clean(f, initial) for f in files]
        if self.required and not any(files):
            raise ValidationError(self.error_messages["required"], code="required")
        return uploads.clean_uploads([f for f in files if f])


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class ComplaintIntakeForm(BootstrapMixin, forms.Form):
    """What the complainant tells us; shared by the public and the staff intake."""

    company = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    company_name = forms.CharField(
        label=_("Company name"),
        max_length=255,
        required=False,
        help_text=_("Type a few letters to search the registry; if it is not there, type the full name."),
    )
    company_address = forms.CharField(label=_("Company address"), max_length=300, required=False)
    district = forms.ModelChoiceField(
        label=_("District (kabupaten/kota) of the workplace"),
        queryset=District.objects.select_related("region").order_by("region__name", "name"),
        empty_label=_("— choose —"),
        error_messages={"invalid_choice": _("Choose a district from the list.")},
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("What is the problem about?"),
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one category."),
            "invalid_choice": _("Choose categories from the list."),
            "invalid_pk_value": _("Choose categories from the list."),
        },
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=5000,
        min_length=20,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Describe the problem.")},
    )
    workers_affected = forms.IntegerField(
        label=_("Number of workers affected"),
        min_value=1,
        max_value=1_000_000,
        initial=1,
        error_messages={"invalid": _("Enter the number of workers as a whole number.")},
    )
    amount_claimed = forms.DecimalField(
        label=_("Wages owed (Rupiah), for a wage complaint"),
        required=False,
        min_value=0,
        max_digits=15,
        decimal_places=0,
        error_messages={"invalid": _("Enter the amount in Rupiah as a number, without dots or letters.")},
    )
    is_anonymous = forms.BooleanField(
        label=_("Stay anonymous (no name or contact is kept)"),
        required=False,
    )
    complainant_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    complainant_phone = forms.CharField(
        label=_("Phone (WhatsApp)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("For example 0812-3456-7890."),
    )
    complainant_email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    complainant_id_number = forms.CharField(
        label=_("Identity number (NIK)"),
        max_length=16,
        required=False,
        validators=[RegexValidator(r"^\d{16}$", _("A NIK has 16 digits."))],
    )
    attachments = MultipleFileField(
        label=_("Evidence (PDF, JPEG or PNG; at most 5 files of 5 MB each)"),
    )

    def __init__(self, *args, company_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.company_queryset = company_queryset if company_queryset is not None else Company.objects.all()
        self._style()

    def clean_company(self):
        pk = self.cleaned_data.get("company")
        if not pk:
            return None
        company = self.company_queryset.select_related("district", "district__office").filter(pk=pk).first()
        if company is None:
            raise ValidationError(_("This company is not in the registry; type its name instead."))
        return company

    def clean_complainant_phone(self):
        return normalise_phone(self.cleaned_data.get("complainant_phone", ""))

    def clean_complainant_email(self):
        return normalise_email(self.cleaned_data.get("complainant_email", ""))

    def clean(self):
        data = super().clean()
        company, district = data.get("company"), data.get("district")
        if company is None and not (data.get("company_name") or "").strip() and "company" not in self.errors:
            self.add_error("company_name", _("Give the name of the company."))
        if company is not None and district is not None and company.district_id != district.pk:
            self.add_error("company", company_district_mismatch(company, district))
        categories = data.get("categories") or []
        if data.get("amount_claimed") is not None and not any(c.code == "wages" for c in categories):
            self.add_error("amount_claimed", _("An amount owed is only given for a wage complaint."))
        if not data.get("is_anonymous"):
            if not (data.get("complainant_name") or "").strip():
                self.add_error("complainant_name", _("Give your name, or choose to stay anonymous."))
            given = [name for name in ("complainant_phone", "complainant_email") if data.get(name)]
            if not given and not ({"complainant_phone", "complainant_email"} & set(self.errors)):
                self.add_error("complainant_phone", _("Give a phone number or e-mail, or choose to stay anonymous."))
        else:
            for name in ("complainant_name", "complainant_phone", "complainant_email", "complainant_id_number"):
                data[name] = ""
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "company": data["company"],
            "reported_company_name": "" if data["company"] else data["company_name"].strip(),
            "reported_company_address": "" if data["company"] else data["company_address"].strip(),
            "district": data["district"],
            "categories": list(data["categories"]),
            "description": data["description"].strip(),
            "workers_affected": data["workers_affected"],
            "amount_claimed": data["amount_claimed"],
            "is_anonymous": data["is_anonymous"],
            "complainant_name": data["complainant_name"].strip(),
            "complainant_phone": data["complainant_phone"],
            "complainant_email": data["complainant_email"],
            "complainant_id_number": data["complainant_id_number"].strip(),
            "files": data["attachments"],
        }


class PublicComplaintForm(ComplaintIntakeForm):
    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_submission_token(self):
        token = self.cleaned_data["submission_token"]
        if not TOKEN_RE.match(token):
            raise ValidationError(_("The form has expired; please check it and send it again."))
        return token


class StaffComplaintForm(ComplaintIntakeForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Leave empty for now. For a letter that arrived earlier, the local time of the office that "
            "handles the complaint (WIB, WITA or WIT), at most %(days)d days back."
        ),
    )
    field_order = ["channel", "received_at"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, company_queryset=access.restrict(Company.objects.all(), user), **kwargs)
        self.user = user
        self.fields["attachments"].label = _("Scanned letter or evidence (PDF, JPEG or PNG; at most 5 files)")
        self.fields["complainant_name"].label = _("Complainant's name")  # staff record it: not "your name"
        self.fields["received_at"].help_text = self.fields["received_at"].help_text % {
            "days": settings.COMPLAINT_BACKDATE_MAX_DAYS
        }
        self.order_fields(["channel", "received_at"])

    def clean(self):
        data = super().clean()
        company, district = data.get("company"), data.get("district")
        target = company.district if company else district
        if target is not None and not self.errors:
            if target.office_id is None:
                self.add_error("district", _("No inspection office serves this district yet."))
            elif (
                not (access.is_admin(self.user) or self.user.is_office_head) and target.office_id != self.user.office_id
            ):
                # Routing to another office is the office head's decision.
                self.add_error("district", _("This district is served by another office; ask your office head."))
        received = data.get("received_at")
        if received is not None and target is not None and target.office_id is not None:
            # The clock on the wall of the office that handles it, not the site's default zone.
            data["received_at"] = received = in_zone(received, target.office.zone)
        if received is not None and received > timezone.now():
            self.add_error("received_at", _("The date received cannot be in the future."))
        return data


def in_zone(value, zone):
    """The same wall-clock time as ``value`` (read in the site's zone) read in ``zone`` instead."""
    naive = timezone.make_naive(value, timezone.get_current_timezone())
    return naive.replace(tzinfo=zone)


class TrackForm(forms.Form):
    reference = forms.CharField(
        label=_("Complaint reference"),
        max_length=40,
        help_text=_("As on your receipt, for example ADU-63-2026-00017."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "autocapitalize": "characters"}),
    )
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=100,
        help_text=_("10 letters and digits, for example 7K3M-9QXA-2F. Capitals, spaces and dashes do not matter."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "autocapitalize": "characters"}),
    )


FIELD_TEMPLATE = "complaints/partials/_field.html"
# That template's markup for a field that is not a check box, to the character (tests/inspectorate/test_widgets.py).
_FIELD_HTML = (
    '\n<div class="mb-3" data-field="{}">\n  \n    <label class="form-label" for="{}">{}</label>\n    {}\n  \n'
    "  {}\n  {}\n</div>\n\n"
)


_HELP_HTML = '<div class="form-text"{}>{}</div>'


class ActionForm(LightCopiesMixin, StyledMixin, forms.Form):
    """A form of the complaint page's actions (and the queue's triage): Bootstrap's classes on every
    field (StyledMixin), the widgets written in Python (inspectorate/widgets.py) and the fields
    copied lightly (LightCopiesMixin), for the page renders a dozen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            lighten(field.widget)

    def fields_html(self) -> SafeString:
        """Every field as ``complaints/partials/_field.html`` writes it (its label, widget, help and
        errors, each value escaped), written in Python: the page's dozen forms through the template
        were most of its rendering. A check box is still the template's (no action form has one)."""
        parts = []
        for field in self:
            if field.is_hidden:
                parts.append(str(field))
            elif getattr(field.field.widget, "input_type", None) == "checkbox":
                parts.append(render_to_string(FIELD_TEMPLATE, {"field": field}))
            else:
                help_html = format_html(
                    '<div class="form-text"{}>{}</div>', described_by(field, "helptext"), field.help_text
                )
                help_html = help_html if field.help_text else ""
                errors = errors_html(field, '<div class="invalid-feedback d-block" role="alert">{}</div>')
                parts.append(
                    format_html(_FIELD_HTML, field.name, field.id_for_label, field.label, str(field), help_html, errors)
                )
        return format_html_join("", "{}", ((part,) for part in parts))


class NoteForm(ActionForm):
    """A step's note; the base of most action forms."""

    note = forms.CharField(label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CaseloadChoiceField(forms.ModelChoiceField):
    """An inspector with their open caseload, when the queryset carries it (selectors.assignable_inspectors)."""

    @reads_label_fields
    def label_from_instance(self, obj):
        caseload = getattr(obj, "open_caseload", None)
        if caseload is None:
            return str(obj)
        return ngettext("%(name)s — %(count)d open complaint", "%(name)s — %(count)d open complaints", caseload) % {
            "name": obj,
            "count": caseload,
        }


class AssignForm(NoteForm):
    """``inspectors``: the queryset a choice is validated against. A page that only shows the form
    passes ``shown`` instead: the inspectors already read (selectors.assignable_inspector_options),
    written as the select's options; such a form accepts no choice at all."""

    assignee = CaseloadChoiceField(label=_("Inspector"), queryset=None, empty_label=_("— choose —"))

    def __init__(self, *args, inspectors=None, shown=None, **kwargs):
        super().__init__(*args, **kwargs)
        if (inspectors is None) == (shown is None):
            raise TypeError("AssignForm takes the inspectors to validate against or those shown, one of the two.")
        field = self.fields["assignee"]
        field.queryset = Staff.objects.none() if inspectors is None else inspectors
        field.shown = shown  # read by the light select (inspectorate.widgets._model_options)


class ReopenForm(AssignForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].required = False


class ResolveForm(NoteForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in Outcome.choices if c[0] != Outcome.DUPLICATE])
    amount_recovered = forms.DecimalField(
        label=_("Amount recovered (Rupiah)"), required=False, min_value=0, max_digits=15, decimal_places=0
    )


class CloseForm(NoteForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", "—")] + [c for c in Outcome.choices if c[0] != Outcome.DUPLICATE],
    )


class DuplicateForm(NoteForm):
    original = forms.ModelChoiceField(label=_("Duplicate of"), queryset=Complaint.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = Complaint.objects.filter(pk__in=[c.pk for c in candidates])


class AttachForm(ActionForm):
    attachments = MultipleFileField(label=_("Files (PDF, JPEG or PNG)"), required=True)


class TriageForm(AssignForm):
    """Screen and assign several complaints of the queue to one inspector at once."""

    complaints = forms.ModelMultipleChoiceField(
        label=_("Complaints"),
        queryset=None,
        error_messages={"required": _("Tick at least one complaint in the list.")},
    )

    def __init__(self, *args, complaints, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaints"].queryset = complaints
        self.fields["note"].label = _("Note for the inspector (optional)")


class StaffMessageForm(ActionForm):
    """A question or an update to the complainant, from the complaint page."""

    body = forms.CharField(
        label=_("Message to the complainant"),
        max_length=5000,
        required=False,  # the service says "Write the message." (after the role check: 403 first)
        help_text=_("The complainant reads it on the tracking page. Never name them or the company's staff."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ComplainantMessageForm(forms.Form):
    """The complainant's answer on the tracking page, with files checked like the intake's."""

    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents (PDF, JPEG or PNG, optional)"),
        widget=MultipleFileInput(attrs={"accept": uploads.ACCEPT, "class": "form-control"}),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("body") or "").strip() and not data.get("attachments"):
            raise ValidationError(_("Write a message or attach a file."))
        return data

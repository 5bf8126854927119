"""The conflict page's form: one resolution, and the rewritten value of each field when writing anew."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inspections.forms import StyledForm

from .choices import Resolution


class ConflictResolveForm(StyledForm):
    resolution = forms.ChoiceField(label=_("Resolution"), widget=forms.RadioSelect)
    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, choices, rows, seen, **kwargs):
        super().__init__(*args, **kwargs)
        self.seen = seen
        self.rows = rows
        self.fields["resolution"].choices = [(value, Resolution(value).label) for value in choices]
        self.fields["resolution"].widget.attrs["class"] = "form-check-input"
        self.fields["seen_version"].initial = seen
        for row in rows:
            self.fields[f"value_{row['name']}"] = forms.CharField(
                label=_("New value: %(field)s") % {"field": row["label"]},
                required=False,
                initial=row["offered"],
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            )
            # What the page showed as the server's value, to notice a change made while deciding.
            self.fields[f"seen_{row['name']}"] = forms.CharField(
                required=False, initial=row["now"], widget=forms.HiddenInput
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("resolution") == Resolution.EDITED:
            for row in self.rows:
                if not (cleaned.get(f"value_{row['name']}") or "").strip() and row["name"] == "description":
                    self.add_error(f"value_{row['name']}", _("A finding needs a description."))
        return cleaned

    def edited_values(self) -> dict:
        return {row["name"]: self.cleaned_data.get(f"value_{row['name']}", "") for row in self.rows}

    def seen_values(self) -> dict | None:
        if self.seen is not None:
            return None
        return {row["name"]: self.cleaned_data.get(f"seen_{row['name']}", "") for row in self.rows}

"""The visit pages' forms (inspections/forms.py's StyledForm) write their inputs, text areas and
plain selects in Python (inspectorate.widgets.lighten) and the provision select by
inspectorate.widgets.select_markup: the same markup as Django's templates write, in Indonesian and
English, bound and unbound, with errors; a file input and a list of checkboxes stay Django's."""

import datetime as dt

import pytest
from django import forms
from django.utils import timezone, translation

from inspections.forms import (
    AddendumForm,
    AttachmentForm,
    FieldNoteForm,
    FindingForm,
    InspectionPlanForm,
    ProvisionSelect,
    ReasonForm,
    StartForm,
    VisitForm,
)
from inspections.models import LegalProvision
from inspectorate import widgets
from inspectorate.kept import Kept
from inspectorate.models import Company, Staff
from tests.inspectorate.test_widgets import _django_html, _normal

pytestmark = pytest.mark.django_db

NOTE = 'Ditemukan <b>"PT Maju"</b>\nupah & lembur'


def _forms(company_a, alice):
    provision = LegalProvision.objects.filter(is_active=True).order_by("pk").first()
    at = timezone.make_aware(dt.datetime(2026, 11, 3, 9, 30))
    return [
        VisitForm(initial={"visited_at": at, "workers_present": 12, "wage_found": None, "summary": NOTE}),
        VisitForm({"visited_at": "not a time", "workers_present": "-1", "summary": NOTE}),
        StartForm(initial={"visited_at": at}),
        FieldNoteForm(),
        FieldNoteForm({"text": NOTE}),
        AttachmentForm(),
        FindingForm(),
        FindingForm({"category": "wages", "provision": str(provision.pk), "description": "", "severity": "high"}),
        ReasonForm({"reason": ""}),
        AddendumForm(),
        InspectionPlanForm(
            companies=Company.objects.all(),
            inspectors=Staff.objects.filter(pk=alice.pk),
            company_choices=[(company_a.pk, f"{company_a.name} <{company_a.nib}>")],
            initial={"lead": alice.pk},
        ),
    ]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_visit_pages_forms_write_what_django_s_templates_write(company_a, alice, language):
    with translation.override(language):
        forms_ = _forms(company_a, alice)
        for form in forms_:
            form.is_bound and form.is_valid()
            for name, field in form.fields.items():
                widget = field.widget
                html = str(form[name])
                if isinstance(widget, (forms.ClearableFileInput, forms.CheckboxSelectMultiple)):
                    assert type(widget).__module__ == "django.forms.widgets", name  # Django's own
                elif isinstance(widget, ProvisionSelect):
                    assert html == _template_html(form[name])
                    assert 'data-category="wages"' in html and "<optgroup" in html
                else:
                    assert type(widget).__module__ == "inspectorate.widgets", (type(form).__name__, name)
                    assert _normal(html) == _normal(_django_html(form[name])), (type(form).__name__, name)
    visit = str(forms_[0]["summary"])
    assert "&lt;b&gt;&quot;PT Maju&quot;&lt;/b&gt;\nupah &amp; lembur</textarea>" in visit and "<b>" not in visit
    assert 'value="2026-11-03T09:30"' in str(forms_[0]["visited_at"])
    assert 'aria-invalid="true"' in str(forms_[1]["workers_present"])
    assert "&lt;" in str(forms_[-1]["company"]) and f"<{company_a.nib}>" not in str(forms_[-1]["company"])


def _template_html(bound) -> str:
    """What the bound field writes with its widget's render Django's (the templates)."""
    widget = bound.field.widget
    cls = type(widget)
    widget.__class__ = type(f"Template{cls.__name__}", (cls,), {"render": forms.Widget.render})
    try:
        return str(bound)
    finally:
        widget.__class__ = cls


def test_the_provision_select_is_django_s_select_to_the_character():
    provision = LegalProvision.objects.filter(is_active=True).order_by("pk").first()
    widget = FindingForm().fields["provision"].widget
    for value, attrs in (
        (None, None),
        ("", {"id": "id_provision"}),
        (provision.pk, {"id": "p", "required": True, "disabled": False, "aria-describedby": 'a"b'}),
        (str(provision.pk), {"data-x": "<&>"}),
    ):
        mine = widget.render("provision", value, attrs)
        assert mine == forms.Select.render(widget, "provision", value, attrs)
    assert f'<option value="{provision.pk}" selected data-category="{provision.category}">' in mine


class TaggedSelect(forms.Select):
    """Options with an attribute of their own, written by Django's templates."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["data-tag"] = "x"
        return option


def test_a_select_with_options_of_its_own_is_left_to_django():
    assert type(widgets.lighten(ProvisionSelect())) is ProvisionSelect
    select = widgets.lighten(TaggedSelect(choices=[("1", "one")]))
    assert type(select) is TaggedSelect
    assert '<option value="1" data-tag="x">one</option>' in select.render("tag", None)


def test_the_kept_options_of_fixed_choices_are_bounded(monkeypatch):
    monkeypatch.setattr(widgets, "_FIXED_OPTIONS", Kept(limit=3))
    select = widgets.lighten(forms.Select())
    for n in range(10):
        select.choices = [(str(n), f"company {n}")]
        assert f'<option value="{n}">company {n}</option>' in select.render("company", None)
        assert len(widgets._FIXED_OPTIONS) <= 3

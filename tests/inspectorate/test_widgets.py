"""The filter forms' widgets written in Python give the same HTML as Django's templates."""

import re

import pytest
from django import forms
from django.utils import translation

from complaints import selectors
from complaints.choices import Status
from complaints.filters import ComplaintFilter
from inspectorate import access
from inspectorate.filters import CompanyFilter
from inspectorate.widgets import LightInputMixin, LightSelectMixin, lighten
from reporting.forms import ReportRequestForm

pytestmark = pytest.mark.django_db


def _django_html(bound) -> str:
    """What Django's own widget class renders for this bound field."""
    light = bound.field.widget
    plain = next(c for c in type(light).__mro__ if not issubclass(c, (LightSelectMixin, LightInputMixin)))
    assert plain is not type(light)
    widget = plain.__new__(plain)
    widget.__dict__.update(light.__dict__)
    bound.field.widget = widget
    try:
        return str(bound)
    finally:
        bound.field.widget = light


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def _complaint_filter(user, data):
    return ComplaintFilter(
        data,
        queryset=selectors.complaint_list(user=user),
        inspectors=access.restrict(selectors.assignable_inspectors_all(), user),
        offices=access.offices_for(user).order_by("code"),
    )


def test_it_renders_the_work_queue_filters_as_django_does(bob, alice, charlie):
    alice.last_name = 'O"Neil <b>'
    alice.save()
    data = {
        "status": Status.IN_PROGRESS,
        "inspector": str(alice.pk),
        "overdue": "true",
        "company": 'a"<b>',
        "o": "-due",
    }
    form = _complaint_filter(bob, data).form
    for name in form.fields:
        assert _normal(str(form[name])) == _normal(_django_html(form[name])), name
    html = str(form)
    assert '<option value="in_progress" selected>' in html
    assert f'<option value="{alice.pk}" selected>Alice O&quot;Neil &lt;b&gt;</option>' in html
    assert 'value="a&quot;&lt;b&gt;"' in html  # the typed company name, escaped
    assert "Charlie" not in html  # another office's inspector is no choice
    assert '<option value="-due" selected>' in html
    # Two sort keys at once: django-filter writes them in a text box, and so do we.
    two = _complaint_filter(bob, {"o": "due,reference"}).form["o"]
    assert _normal(str(two)) == _normal(_django_html(two)) and 'value="due,reference"' in str(two)


def test_it_renders_the_triage_form_s_inspectors_with_their_caseload_as_django_does(bob, alice, charlie):
    from complaints.forms import TriageForm
    from complaints.models import Complaint

    form = TriageForm(
        {"assignee": str(alice.pk)},
        complaints=Complaint.objects.none(),
        inspectors=selectors.assignable_inspectors(office_id=bob.office_id),
    )
    html = str(form["assignee"])
    assert type(form.fields["assignee"].widget).__module__ == "inspectorate.widgets"
    assert _normal(html) == _normal(_django_html(form["assignee"]))
    assert f'<option value="{alice.pk}" selected>' in html and "Charlie" not in html


def test_it_renders_the_company_filters_as_django_does(grace, district_a, district_b):
    form = CompanyFilter({"district": str(district_b.pk), "bpjs_registered": "false"}, districts=None).form
    for name in form.fields:
        assert _normal(str(form[name])) == _normal(_django_html(form[name])), name
    assert '<option value="false" selected>' in str(form["bpjs_registered"])


def test_it_translates_fixed_choices_per_language():
    widget = lighten(forms.Select(choices=Status.choices))
    with translation.override("id"):
        indonesian = widget.render("status", Status.RECEIVED)
    with translation.override("en"):
        english = widget.render("status", Status.RECEIVED)
    assert ">Received</option>" in english
    assert indonesian != english and ">Received</option>" not in indonesian
    assert '<option value="received" selected>' in indonesian


def test_it_leaves_multiple_selects_and_file_inputs_to_django():
    assert type(lighten(forms.SelectMultiple(choices=[("a", "A")]))) is forms.SelectMultiple
    assert type(lighten(forms.ClearableFileInput())) is forms.ClearableFileInput


def test_two_selects_with_the_same_values_keep_their_own_labels():
    # The deadlines list: "Lewat tenggat" and "Penanggung jawab" both offer "" and "yes".
    overdue = lighten(forms.Select(choices=[("", "All"), ("yes", "Overdue only")]))
    mine = lighten(forms.Select(choices=[("", "Everyone"), ("yes", "Mine only")]))
    assert ">Overdue only</option>" in overdue.render("overdue", "")
    html = mine.render("mine", "yes")
    assert '<option value="yes" selected>Mine only</option>' in html and "Overdue" not in html


def test_it_leaves_checkboxes_to_django():
    # A checkbox's "checked" comes from its own context: written as a plain input it would be lost.
    assert type(lighten(forms.CheckboxInput())) is forms.CheckboxInput


def test_it_renders_the_report_request_form_as_django_does(grace, office_a, office_b):
    office_b.name = 'UPTD "Timur" <b>'
    office_b.save()
    form = ReportRequestForm(
        {"kind": "quota", "month": "2026-11", "scope": f"office:{office_b.pk}", "language": "en", "rebuild": "on"},
        user=grace,
    )
    for name in ("kind", "month", "scope", "language"):
        assert _normal(str(form[name])) == _normal(_django_html(form[name])), name
    assert f'<option value="office:{office_b.pk}" selected>' in str(form["scope"])
    assert "&lt;b&gt;" in str(form["scope"]) and "<b>" not in str(form["scope"])
    assert "checked" in str(form["rebuild"])

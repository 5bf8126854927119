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
from inspectorate.widgets import LightInputMixin, LightSelectMixin, LightTextareaMixin, lighten
from reporting.forms import ReportRequestForm

pytestmark = pytest.mark.django_db


def _django_html(bound) -> str:
    """What Django's own widget class renders for this bound field."""
    light = bound.field.widget
    plain = next(
        c for c in type(light).__mro__ if not issubclass(c, (LightSelectMixin, LightInputMixin, LightTextareaMixin))
    )
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


@pytest.mark.parametrize("value", [None, "", True, False, "on", "off", "yes", 0, 1, "<x>"])
def test_it_renders_a_checkbox_as_django_does(value):
    light = lighten(forms.CheckboxInput(attrs={"class": "form-check-input"}))
    assert type(light) is not forms.CheckboxInput
    django = forms.CheckboxInput(attrs={"class": "form-check-input"})
    assert light.render("rebuild", value, {"id": "id_rebuild"}) == django.render("rebuild", value, {"id": "id_rebuild"})
    assert ("checked" in light.render("rebuild", value)) is django.check_test(value)


def test_it_leaves_a_checkbox_with_its_own_context_to_django():
    class Marked(forms.CheckboxInput):
        def get_context(self, name, value, attrs):
            return super().get_context(name, value, {**(attrs or {}), "data-marked": "1"})

    assert type(lighten(Marked())) is Marked


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
    assert _normal(str(form["rebuild"])) == _normal(_django_html(form["rebuild"]))


def _one_read(bound) -> tuple[str, str]:
    """The select's HTML and the one query that read its options (the columns it selected)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = str(bound)
    assert len(queries) == 1, [q["sql"] for q in queries]
    return html, queries[0]["sql"].split(" FROM ")[0]


def test_a_model_select_reads_its_options_in_one_query_of_the_label_columns(bob, alice, district_a, grace):
    from complaints.forms import TriageForm
    from complaints.models import Category, Complaint

    Category.objects.get_or_create(code="wages")
    queue = _complaint_filter(bob, {}).form
    html, columns = _one_read(queue["office"])  # labelled "code · name" (filters.office_choice_label)
    assert "JB-1 · UPTD Wilayah I Jawa Barat</option>" in html
    assert '"code"' in columns and '"name"' in columns and '"time_zone"' not in columns and '"region_id"' not in columns
    html, columns = _one_read(queue["category"])
    assert '"code"' in columns and '"position"' not in columns
    html, columns = _one_read(queue["inspector"])
    assert ">Alice" in html and '"password"' not in columns and '"office_id"' not in columns
    # The company list's districts, read from a queryset that joins their offices: no join here.
    html, columns = _one_read(
        CompanyFilter({}, districts=access.restrict(district_a.__class__.objects.select_related("office"), grace)).form[
            "district"
        ]
    )
    assert ">Kota Bekasi</option>" in html and "inspectorate_office" not in columns
    # A label marked as reading the label columns and an annotation (the triage form's caseload).
    triage = TriageForm(
        complaints=Complaint.objects.none(), inspectors=selectors.assignable_inspectors(office_id=bob.office_id)
    )
    html, columns = _one_read(triage["assignee"])
    assert ">Alice " in html and " — 0 pengaduan terbuka</option>" in html and '"password"' not in columns


def test_a_model_select_whose_label_reads_other_columns_reads_them_all(office_a):
    from inspectorate.models import Office

    class ZoneChoice(forms.ModelChoiceField):
        def label_from_instance(self, obj):
            return f"{obj.name} ({obj.time_zone})"

    field = ZoneChoice(queryset=Office.objects.all(), to_field_name="code")
    lighten(field.widget)
    form = forms.Form()
    form.fields["office"] = field
    html, columns = _one_read(form["office"])  # one query: no column read afterwards one office at a time
    assert '<option value="JB-1">UPTD Wilayah I Jawa Barat (Asia/Jakarta)</option>' in html
    assert _normal(html) == _normal(_django_html(form["office"]))


def test_it_renders_the_complaint_page_s_action_forms_as_django_does(bob, alice):
    from complaints.forms import AssignForm, CloseForm, NoteForm, ResolveForm

    note = 'Ditelepon <b>"PT Maju"</b>\nbesok & lusa'
    forms_ = [
        NoteForm(auto_id="id_screen_%s"),
        NoteForm({"note": note}, auto_id="id_note_%s"),
        ResolveForm({"outcome": "settled", "amount_recovered": "1500000", "note": note}),
        CloseForm({"outcome": ""}, auto_id="id_close_%s"),
        AssignForm(inspectors=selectors.assignable_inspectors(office_id=bob.office_id), initial={"assignee": alice.pk}),
    ]
    for language in ("id", "en"):
        with translation.override(language):
            for form in forms_:
                for name in form.fields:
                    light = str(form[name])
                    assert type(form.fields[name].widget).__module__ == "inspectorate.widgets", name
                    assert _normal(light) == _normal(_django_html(form[name])), name
    html = str(forms_[1]["note"])
    assert html.endswith(">\nDitelepon &lt;b&gt;&quot;PT Maju&quot;&lt;/b&gt;\nbesok &amp; lusa</textarea>")
    assert 'rows="2"' in html and "<b>" not in html
    assert 'value="1500000"' in str(forms_[2]["amount_recovered"])


def test_it_leaves_a_multiple_hidden_input_to_django():
    assert type(lighten(forms.MultipleHiddenInput())) is forms.MultipleHiddenInput


def test_a_filter_s_none_choice_stays_among_the_options(office_a, office_b, root):
    import django_filters
    from django.test import RequestFactory

    from inspectorate.filters import StyledFilterSet
    from inspectorate.models import District, Office

    class WithNone(StyledFilterSet):
        office = django_filters.ModelChoiceFilter(queryset=Office.objects.order_by("code"), null_label="Tanpa UPTD")

        class Meta:
            model = District
            fields = ["office"]

    request = RequestFactory().get("/")
    request.user = root  # the offices in the administrator's scope: all of them
    form = WithNone({"office": "null"}, request=request).form
    html = str(form["office"])
    assert type(form.fields["office"].widget).__module__ == "inspectorate.widgets"
    assert _normal(html) == _normal(_django_html(form["office"]))
    assert '<option value="null" selected>Tanpa UPTD</option>' in html and "KS-1 · " in html


def test_the_action_forms_fields_are_written_as_their_template_writes_them(bob, alice, office_a, settings):
    """``ActionForm.fields_html``: every field of every action form, empty, filled and refused
    (errors beside the fields, a help text, a file input), character for character what
    ``complaints/partials/_field.html`` writes, in both languages; every value escaped."""
    from django.template.loader import render_to_string

    from complaints.forms import (
        FIELD_TEMPLATE,
        AssignForm,
        AttachForm,
        CloseForm,
        DuplicateForm,
        NoteForm,
        ResolveForm,
        StaffMessageForm,
    )

    from ..reporting.factories import ComplaintFactory

    note = 'Ditelepon <b>"PT Maju"</b>\nbesok & lusa'
    original = ComplaintFactory(office=office_a)
    inspectors = selectors.assignable_inspectors(office_id=bob.office_id)

    def forms_():
        refused = ResolveForm({"outcome": "<i>x</i>", "amount_recovered": "-5<b>", "note": note}, auto_id="id_r_%s")
        refused.is_valid()
        empty_message = StaffMessageForm({"body": ""}, auto_id="id_message_%s")
        empty_message.is_valid()
        return [
            NoteForm(auto_id="id_screen_%s"),
            NoteForm({"note": note}, auto_id="id_note_%s"),
            ResolveForm({"outcome": "settled", "amount_recovered": "1500000", "note": note}),
            refused,
            CloseForm({"outcome": ""}, auto_id="id_close_%s"),
            AssignForm(inspectors=inspectors, initial={"assignee": alice.pk}, auto_id="id_assign_%s"),
            DuplicateForm(candidates=[original], auto_id="id_duplicate_%s"),
            AttachForm(auto_id="id_attach_%s"),
            StaffMessageForm(auto_id="id_message_%s"),
            empty_message,
        ]

    for language in ("id", "en"):
        with translation.override(language):
            for form in forms_():
                expected = "".join(render_to_string(FIELD_TEMPLATE, {"field": field}) for field in form)
                assert form.fields_html() == expected, type(form).__name__
    refused = forms_()[3].fields_html()
    assert 'role="alert">' in refused and "<b>" not in refused and "<i>" not in refused
    assert "&lt;b&gt;&quot;PT Maju&quot;&lt;/b&gt;" in refused


def test_a_model_select_s_options_by_another_key_are_django_s(region_a, region_b):
    from inspectorate.models import Region

    field = forms.ModelChoiceField(queryset=Region.objects.order_by("code"), to_field_name="code")  # not a label column
    lighten(field.widget)
    form = forms.Form(initial={"region": region_b.code})
    form.fields["region"] = field
    html, columns = _one_read(form["region"])
    assert '<option value="63" selected>Kalimantan Selatan</option>' in html
    assert _normal(html) == _normal(_django_html(form["region"]))


def test_a_model_whose_instances_are_watched_gets_them_built_as_django_builds_them(bob, alice):
    """The options' bare instances skip Model.__init__; with a post_init receiver on the model they
    are built by Django (only()), so the receiver sees every option, and the markup is the same."""
    from django.db.models.signals import post_init

    from inspectorate.models import Staff

    seen = []

    def watch(sender, instance, **kwargs):
        seen.append(instance.pk)

    form = _complaint_filter(bob, {"inspector": str(alice.pk)}).form
    plain = str(form["inspector"])
    assert seen == []
    post_init.connect(watch, sender=Staff)
    try:
        watched = str(form["inspector"])
    finally:
        post_init.disconnect(watch, sender=Staff)
    assert alice.pk in seen
    assert watched == plain == str(form["inspector"])
    assert _normal(plain) == _normal(_django_html(form["inspector"]))


def test_the_inspectors_shown_are_the_select_the_validating_form_writes(bob, alice, company_a):
    """The queue's triage form and the complaint page's assign forms show the inspectors read by a
    prepared query (``shown``); the select is the one Django writes from the validating queryset,
    caseloads included, and a form that only shows them accepts no choice."""
    from complaints import services
    from complaints.forms import AssignForm, TriageForm
    from complaints.models import Complaint

    from ..complaints.factories import make_complaint

    for _ in range(2):
        complaint = make_complaint(company=company_a).complaint
        services.complaint_screen(complaint=complaint, actor=bob)
        services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    validating = TriageForm(
        complaints=Complaint.objects.none(), inspectors=selectors.assignable_inspectors(office_id=bob.office_id)
    )
    shown = TriageForm(
        complaints=Complaint.objects.none(), shown=selectors.assignable_inspector_options(office_id=bob.office_id)
    )
    html = str(shown["assignee"])
    assert " — 2 " in html and f'<option value="{alice.pk}">' in html
    assert _normal(html) == _normal(_django_html(validating["assignee"]))
    assignee = {"assignee": str(alice.pk), "note": ""}
    form = AssignForm(assignee, shown=selectors.assignable_inspector_options(office_id=bob.office_id))
    assert not form.is_valid() and "assignee" in form.errors
    assert AssignForm(assignee, inspectors=selectors.assignable_inspectors(office_id=bob.office_id)).is_valid()
    for wrong in ({}, {"inspectors": Complaint.objects.none(), "shown": []}):
        with pytest.raises(TypeError):
            AssignForm(**wrong)


def test_each_option_is_written_once_per_row_and_language_and_follows_the_data(bob, alice):
    """The options of a model select are read on every render; each is written once per row and
    language (widgets._ROW_OPTIONS): a renamed inspector reads the new name at once, and each
    language its own words."""
    from complaints import selectors
    from complaints.forms import AssignForm

    def shown():
        return str(AssignForm(shown=selectors.assignable_inspector_options(office_id=bob.office_id))["assignee"])

    def inspector():
        return str(_complaint_filter(bob, {}).form["inspector"])

    with translation.override("en"):
        before, caseload = inspector(), shown()
        assert ">Alice " in before and "0 open complaints" in caseload
    with translation.override("id"):
        assert "0 pengaduan terbuka" in shown() and "open complaints" not in shown()
    alice.first_name = "Alicia"
    alice.save(update_fields=["first_name"])
    with translation.override("en"):
        assert ">Alicia " in inspector() and ">Alice " not in inspector()
        assert ">Alicia " in shown() and ">Alice " not in shown()
    alice.first_name = "Alice"
    alice.save(update_fields=["first_name"])
    with translation.override("en"):
        assert inspector() == before and shown() == caseload


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_report_request_form_s_fields_are_written_as_the_page_wrote_them(grace, office_a, office_b, language):
    """``ReportRequestForm.fields_html``: every field but the rebuild box, as the reports page's loop
    wrote them (empty and filled, both languages); an office's name escaped."""
    from django.template import Context, Template

    office_b.name = 'UPTD "Timur" <b>'
    office_b.save()
    loop = Template(
        """{% for field in form %}{% if field.name != "rebuild" %}
      <div class="col-12 col-sm-6 col-lg">
        <label class="form-label small mb-0" for="{{ field.id_for_label }}">{{ field.label }}</label>
        {{ field }}
        {% for error in field.errors %}<div class="invalid-feedback d-block">{{ error }}</div>{% endfor %}
      </div>{% endif %}{% endfor %}"""
    )
    filled = {"kind": "quota", "month": "2026-11", "scope": f"office:{office_b.pk}", "language": "en"}
    with translation.override(language):
        empty = ReportRequestForm(user=grace, initial={"month": "2026-10"})
        for form in (empty, ReportRequestForm(filled, user=grace)):
            form.is_valid()
            assert form.fields_html() == loop.render(Context({"form": form}))
            assert "&lt;b&gt;" in form.fields_html() and "<b>" not in form.fields_html()
            assert 'name="rebuild"' not in form.fields_html()


def test_choices_given_as_pairs_are_taken_as_they_are_and_still_validated(grace, office_a):
    """``PairChoices``: a field takes them without normalising them, its widget writes them, a value
    among them is valid and one that is not is refused; none at all is false (the reports page then
    says there is nothing to request)."""
    from inspectorate.widgets import PairChoices

    field = forms.ChoiceField(choices=PairChoices([("office:1", "Satu"), ("national", "Nasional")]))
    assert field.clean("national") == "national"
    with pytest.raises(forms.ValidationError):
        field.clean("office:2")
    assert list(field.widget.choices) == [("office:1", "Satu"), ("national", "Nasional")]
    assert not PairChoices([]) and len(PairChoices([("a", "b")])) == 1
    form = ReportRequestForm(user=grace)
    assert len(form.fields["scope"].choices) == len(list(form.fields["scope"].choices)) >= 2
    assert f'<option value="office:{office_a.pk}">' in str(form["scope"])

"""The complaint page's actions, written in Python (complaints/action_html.py), are the markup the
template's includes of complaints/partials/_action.html wrote."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from complaints import services

from ..markup import get_in, same_markup
from .factories import make_complaint

pytestmark = pytest.mark.django_db

# The page's actions and their partial as the template wrote them before they moved to Python.
TEMPLATE_PARTIAL = """{% load i18n %}{# One action: its button opens its own form, so the page shows one note box at a time (an exclusive group). #}
<details class="complaint-action border rounded mb-2" name="complaint-actions" data-testid="action-{{ name }}"{% if open_action == name %} open{% endif %}>
  <summary class="complaint-action-summary px-3 py-2">{{ label }}</summary>
  <form method="post" action="{% url url_name complaint.pk %}" class="px-2 pb-2" data-submit-once{% if multipart %} enctype="multipart/form-data"{% endif %}>
    {% csrf_token %}
    {% if form %}{{ form.fields_html }}{% endif %}
    <button type="submit" class="btn {{ css|default:'btn-primary' }} w-100">{{ label }}</button>
  </form>
</details>
"""  # noqa: E501
TEMPLATE_ACTIONS = """{% load i18n %}
    {% if actions.screen %}{% translate "Mark as screened" as label %}{% include action with name="screen" url_name="complaints:complaint_screen" form=forms.screen label=label %}{% endif %}
    {% if actions.assign %}{% if complaint.status == "assigned" %}{% translate "Reassign" as label %}{% else %}{% translate "Assign" as label %}{% endif %}{% include action with name="assign" url_name="complaints:complaint_assign" form=forms.assign label=label %}{% endif %}
    {% if actions.start %}{% translate "Start work" as label %}{% include action with name="start" url_name="complaints:complaint_start" form=forms.start label=label %}{% endif %}
    {% if actions.resolve %}{% translate "Resolve" as label %}{% include action with name="resolve" url_name="complaints:complaint_resolve" form=forms.resolve label=label css="btn-success" %}{% endif %}
    {% if actions.duplicate and duplicates %}{% translate "Close as duplicate" as label %}{% include action with name="duplicate" url_name="complaints:complaint_mark_duplicate" form=forms.duplicate label=label css="btn-outline-secondary" %}{% endif %}
    {% if actions.close %}{% translate "Close" as label %}{% include action with name="close" url_name="complaints:complaint_close" form=forms.close label=label css="btn-outline-secondary" %}{% endif %}
    {% if actions.reopen %}{% translate "Reopen" as label %}{% include action with name="reopen" url_name="complaints:complaint_reopen" form=forms.reopen label=label css="btn-outline-warning" %}{% endif %}
    {% if actions.refer %}{% translate "Refer to another body" as label %}{% include action with name="refer" url_name="complaints:complaint_refer" form=forms.refer label=label css="btn-outline-secondary" %}{% endif %}
    {% if actions.reject %}{% translate "Reject" as label %}{% include action with name="reject" url_name="complaints:complaint_reject" form=forms.reject label=label css="btn-outline-danger" %}{% endif %}
    {% if actions.note %}{% translate "Add note" as label %}{% include action with name="note" url_name="complaints:complaint_add_note" form=forms.note label=label css="btn-outline-primary" %}{% endif %}
    {% if actions.message %}{% translate "Write to the complainant" as label %}{% include action with name="message" url_name="complaints:complaint_message" form=forms.message label=label css="btn-outline-primary" %}{% endif %}
    {% if actions.attach %}{% translate "Attach files" as label %}{% include action with name="attach" url_name="complaints:complaint_attach" form=forms.attach label=label css="btn-outline-primary" multipart=True %}{% endif %}
"""  # noqa: E501


def _tokenless(html: str) -> str:
    """The markup with each form's CSRF token left out (a token is masked anew for each use)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', str(html))


def _as_the_template_wrote_it(response, language) -> str:
    context = response.context
    with translation.override(language):
        return Template(TEMPLATE_ACTIONS).render(
            Context(
                {
                    "action": Template(TEMPLATE_PARTIAL),
                    "complaint": context["complaint"],
                    "actions": context["actions"],
                    "any_action": context["any_action"],
                    "forms": context["forms"],
                    "duplicates": context.get("duplicates"),
                    "open_action": context["open_action"],
                    "csrf_token": "x",
                }
            )
        )


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_role_s_actions_are_the_templates(client_for, company_a, bob, alice, grace, language):
    make_complaint(company=company_a, received_days_ago=2)  # an earlier one, same company and category
    received = make_complaint(company=company_a).complaint
    screened = make_complaint(company=company_a).complaint  # screened: may be closed as a duplicate
    services.complaint_screen(complaint=screened, actor=bob)
    assigned = make_complaint(company=company_a).complaint
    services.complaint_screen(complaint=assigned, actor=bob)
    services.complaint_assign(complaint=assigned, actor=bob, assignee=alice)
    in_progress = make_complaint(company=company_a, categories=("wages",)).complaint
    services.complaint_screen(complaint=in_progress, actor=bob)
    services.complaint_assign(complaint=in_progress, actor=bob, assignee=alice)
    services.complaint_start(complaint=in_progress, actor=alice)
    seen = set()
    for user, complaint in (
        (bob, received),
        (bob, screened),
        (bob, assigned),
        (alice, assigned),
        (alice, in_progress),
        (bob, in_progress),
        (grace, received),
    ):
        response = get_in(client_for(user), f"/complaints/{complaint.pk}/", language)
        written = response.context["actions_html"]
        same_markup(_tokenless(written), _tokenless(_as_the_template_wrote_it(response, language)))
        assert str(written) in response.content.decode()
        seen |= set(re.findall(r'data-testid="action-([a-z]+)"', str(written)))
        if user is grace:
            assert str(written) == ""  # an official reads, takes no step
    wanted = {"screen", "assign", "duplicate", "start", "resolve", "note", "message", "attach", "reject"}
    assert wanted <= seen, wanted - seen


def test_a_refused_action_is_shown_open_as_the_template_showed_it(client_for, company_a, bob, alice):
    complaint = make_complaint(company=company_a, categories=("working_time",)).complaint
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    services.complaint_start(complaint=complaint, actor=alice)
    client = client_for(alice)
    note = 'Perusahaan membayar <b>"lembur"</b>'
    response = client.post(f"/complaints/{complaint.pk}/resolve/", {"amount_recovered": "-5", "note": note})
    assert response.status_code == 400 and response.context["open_action"] == "resolve"
    written = str(response.context["actions_html"])
    same_markup(_tokenless(written), _tokenless(_as_the_template_wrote_it(response, "id")))
    assert 'data-testid="action-resolve" open>' in written and written.count(" open>") == 1
    assert "&lt;b&gt;&quot;lembur&quot;&lt;/b&gt;" in written and "<b>" not in written
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', written)
    assert token and len(token.group(1)) == 64

"""The complaint page's actions, written in Python: up to a dozen forms, each its button, its fields
and its own address.

Through the template each was an include of a partial (an address reversed, a token, a label), a
tenth of the page's rendering (docs/performance.md §24). The markup is the one that partial wrote
(tests/complaints/test_action_html.py compares them); every value is escaped (``format_html``), the
forms' fields are ``ActionForm.fields_html``.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from inspectorate.links import by_pk

from .choices import Status

# (name, URL name, label, button classes, multipart), in the page's order. The assign step's label
# says "Reassign" when the complaint is already assigned.
ACTIONS = (
    ("screen", "complaints:complaint_screen", _("Mark as screened"), "btn-primary", False),
    ("assign", "complaints:complaint_assign", _("Assign"), "btn-primary", False),
    ("start", "complaints:complaint_start", _("Start work"), "btn-primary", False),
    ("resolve", "complaints:complaint_resolve", _("Resolve"), "btn-success", False),
    ("duplicate", "complaints:complaint_mark_duplicate", _("Close as duplicate"), "btn-outline-secondary", False),
    ("close", "complaints:complaint_close", _("Close"), "btn-outline-secondary", False),
    ("reopen", "complaints:complaint_reopen", _("Reopen"), "btn-outline-warning", False),
    ("refer", "complaints:complaint_refer", _("Refer to another body"), "btn-outline-secondary", False),
    ("reject", "complaints:complaint_reject", _("Reject"), "btn-outline-danger", False),
    ("note", "complaints:complaint_add_note", _("Add note"), "btn-outline-primary", False),
    ("message", "complaints:complaint_message", _("Write to the complainant"), "btn-outline-primary", False),
    ("attach", "complaints:complaint_attach", _("Attach files"), "btn-outline-primary", True),
)

_MULTIPART = format_html(' enctype="{}"', "multipart/form-data")

_ACTION = (
    '\n<details class="complaint-action border rounded mb-2" name="complaint-actions" data-testid="action-{}"{}>\n'
    '  <summary class="complaint-action-summary px-3 py-2">{}</summary>\n'
    '  <form method="post" action="{}" class="px-2 pb-2" data-submit-once{}>\n'
    '    <input type="hidden" name="csrfmiddlewaretoken" value="{}">\n'
    "    {}\n"
    '    <button type="submit" class="btn {} w-100">{}</button>\n'
    "  </form>\n"
    "</details>\n"
)


def actions_html(*, complaint, actions: dict, forms: dict, duplicates, open_action, csrf_token: str) -> SafeString:
    """The actions the step map lets the user take now (``actions``), each with its form; the
    duplicate step only when there are candidates; ``open_action``: the one shown open (refused)."""
    parts = []
    for name, url_name, label, css, multipart in ACTIONS:
        if not actions.get(name) or (name == "duplicate" and not duplicates):
            continue
        if name == "assign" and complaint.status == Status.ASSIGNED:
            label = _("Reassign")
        form = forms.get(name)
        parts.append(
            format_html(
                _ACTION,
                name,
                " open" if open_action == name else "",
                label,
                by_pk(url_name)(complaint.pk),
                _MULTIPART if multipart else "",
                csrf_token,
                form.fields_html() if form is not None else "",
                css,
                label,
            )
        )
    return format_html_join("", "{}", ((part,) for part in parts))

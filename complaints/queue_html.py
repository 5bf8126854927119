"""The work queue's rows, written in Python: 25 complaints a page, each of eight cells.

Through the template engine the loop (a status badge included per row, a category loop, the
date filters) was about a quarter of the work queue's CPU (docs/performance.md §21). The markup
is the one the template wrote (tests/complaints/test_queue_html.py compares them); every value is
escaped here (``html.escape``, what ``django.utils.html.escape`` does).
"""

import html

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from inspectorate.links import by_pk
from inspectorate.localtime import date_text, format_local
from inspectorate.models import Staff

_ROW, _ROW_OVERDUE = '<tr data-testid="complaint-row">', '<tr data-testid="complaint-row" class="table-danger">'


# The columns the rows read: the work queue reads only these (``only``); the office (its zone for
# the date received), the assignee's name (Staff.LABEL_FIELDS, what ``str(staff)`` reads).
ROW_FIELDS = (
    "pk",
    "reference",
    "status",
    "company_name",
    "received_at",
    "due_date",
    "office",
    *(f"assigned_to__{name}" for name in Staff.LABEL_FIELDS),
)


def complaint_rows_html(
    complaints, *, categories: dict[int, list[str]], triage: bool, triage_statuses, office_id: int | None
) -> SafeString:
    """The ``<tr>`` of each complaint; ``categories``: their names by complaint (selectors.complaint_category_names);
    ``triage``: with a tick box for those the office head may triage."""
    esc = html.escape
    detail = by_pk("complaints:complaint_detail")
    overdue_badge = '<span class="badge text-bg-danger">' + esc(_("overdue")) + "</span>"
    rows = []
    for c in complaints:
        overdue = c.overdue
        reference = esc(c.reference)
        parts = [_ROW_OVERDUE if overdue else _ROW]
        if triage:
            box = ""
            if c.status in triage_statuses and c.office_id == office_id:
                label = _("Select %(reference)s") % {"reference": reference}  # as blocktranslate: the value escaped
                box = (
                    f'<input class="form-check-input" type="checkbox" name="complaints" value="{c.pk}" '
                    f'id="triage-{c.pk}" aria-label="{label}">'
                )
            parts.append(f"<td>{box}</td>")
        parts.append(
            f'<td><a href="{esc(detail(c.pk))}" class="font-monospace small complaint-ref">'
            f"{reference}</a>" + (f'<div class="d-sm-none">{overdue_badge}</div>' if overdue else "") + "</td>"
        )
        parts.append(f'<td class="complaint-company">{esc(str(c.company_name))}</td>')
        status = esc(c.status)
        parts.append(
            f'<td><span class="badge complaint-status complaint-status-{status} status-{status}">'
            f"{esc(str(c.get_status_display()))}</span></td>"
        )
        names = ", ".join(esc(name) for name in categories.get(c.pk, ()))
        parts.append(f'<td class="d-none d-md-table-cell small">{names}</td>')
        assigned = c.assigned_to
        parts.append(f'<td class="d-none d-md-table-cell">{esc(str(assigned)) if assigned else "—"}</td>')
        received = format_local(c.received_at, c.office, "SHORT_DATE_FORMAT")
        parts.append(f'<td class="d-none d-lg-table-cell">{esc(received)}</td>')
        due = date_text(c.due_date) if c.due_date else ""
        parts.append(f'<td class="d-none d-sm-table-cell">{esc(due)}{" " + overdue_badge if overdue else ""}</td>')
        parts.append("</tr>\n")
        rows.append("".join(parts))
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703 - every value escaped above

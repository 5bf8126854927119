"""The visit list's rows, and the overdue findings list's, written in Python: 25 a page.

Through the template engine the loop (a status badge included per row, two date filters) was
about a third of the visit list's CPU (docs/performance.md §21). The markup is the one the
template wrote (tests/inspections/test_visit_html.py compares them); every value is escaped here
(``html.escape``, what ``django.utils.html.escape`` does).
"""

import html

from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from inspectorate.choices import choice_labels
from inspectorate.links import by_pk
from inspectorate.localtime import date_text
from inspectorate.models import Staff

from .models import Inspection

# The columns the rows read: a list of visits reads only these (``only``); the lead inspector's
# name is Staff.LABEL_FIELDS, what ``str(staff)`` reads.
ROW_FIELDS = (
    "pk",
    "reference",
    "status",
    "kind",
    "planned_date",
    "company__name",
    *(f"lead_inspector__{name}" for name in Staff.LABEL_FIELDS),
)


def inspection_rows_html(inspections) -> SafeString:
    """The ``<tr>`` of each visit of the list (with ``company``, ``lead_inspector`` and ``open_findings``)."""
    esc = html.escape
    detail = by_pk("inspections:inspection_detail")
    # Translated once a page, not once a row: the statuses' and kinds' labels, and the counts as written.
    statuses = choice_labels(Inspection._meta.get_field("status"))
    kinds = choice_labels(Inspection._meta.get_field("kind"))
    counts = {}
    rows = []
    for visit in inspections:
        planned = esc(date_text(visit.planned_date)) if visit.planned_date else ""
        status = esc(visit.status)
        count = counts.get(visit.open_findings)
        if count is None:
            count = counts[visit.open_findings] = esc(str(localize(visit.open_findings)))
        rows.append(
            '<tr data-testid="inspection-row">'
            f'<td><a href="{esc(detail(visit.pk))}" class="insp-ref">{esc(visit.reference)}</a>'
            f'<div class="small text-muted d-sm-none">{planned}</div></td>'
            f'<td><span class="badge insp-status insp-status-{status}" data-testid="status">'
            f"{esc(str(statuses.get(visit.status, visit.status)))}</span></td>"
            f'<td class="insp-wrap">{esc(str(visit.company.name))}</td>'
            f'<td class="d-none d-md-table-cell">{esc(str(kinds.get(visit.kind, visit.kind)))}</td>'
            f'<td class="d-none d-md-table-cell">{esc(str(visit.lead_inspector))}</td>'
            f'<td class="d-none d-sm-table-cell">{planned}</td>'
            f'<td class="text-end d-none d-sm-table-cell">{count}</td>'
            "</tr>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703 - every value escaped above


def overdue_rows_html(findings) -> SafeString:
    """The ``<tr>`` of each finding of the overdue findings list (with ``inspection``, its ``company``,
    and ``provision``), as its template's loop wrote them (tests/inspections/test_visit_html.py)."""
    esc = html.escape
    detail = by_pk("inspections:inspection_detail")
    rows = []
    for finding in findings:
        deadline = esc(date_text(finding.deadline)) if finding.deadline else ""
        visit = finding.inspection
        rows.append(
            f'<tr data-testid="overdue-finding"><td>{deadline}</td><td>{esc(str(visit.company.name))}</td>'
            f"<td>{esc(str(finding.provision))}</td>"
            f'<td class="d-none d-md-table-cell">{esc(Truncator(finding.description).chars(100))}</td>'
            f'<td><a href="{esc(detail(finding.inspection_id))}">{esc(str(visit.reference))}</a></td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703 - every value escaped above

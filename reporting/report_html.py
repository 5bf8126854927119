"""The reports list's rows and a report's status, written in Python.

Through the template engine the list's loop and its 25 includes of the status fragment took
about 5 ms of a 17-19 ms page, more than its SQL (docs/performance.md §26). The markup is the one
the templates wrote (tests/reporting/test_report_html.py compares them); every value is escaped
here (``html.escape``, what ``django.utils.html.escape`` does). The status fragment is also what
the list polls while a report is being built (``views.report_status``).
"""

import functools
from html import escape

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from inspectorate.choices import choice_labels
from inspectorate.kept import Kept
from inspectorate.links import by_pk
from inspectorate.localtime import format_local
from inspectorate.models import Staff

from .choices import ReportStatus
from .models import Report

# The columns the rows read (the list reads only these, ``only``): the scope's name and zone, the
# requester's name (Staff.LABEL_FIELDS, what ``str(staff)`` reads), not the requester's other columns.
ROW_FIELDS = (
    "pk",
    "kind",
    "language",
    "month",
    "status",
    "spreadsheet",
    "error",
    "attempts",
    "requested_at",
    "office",  # its name and zone: the office's columns are few
    "region__name",
    *(f"requested_by__{name}" for name in Staff.LABEL_FIELDS),
)


class _Page:
    """What every row of a page shares, each written once a page: the addresses a report's status
    links to (reversed once), the buttons' words and the kinds' and statuses' labels (translated once)."""

    def __init__(self):
        self.status = by_pk("reporting:report_status")
        self.pdf = by_pk("reporting:report_download")
        self.xlsx = by_pk("reporting:report_download_xlsx")
        self.history = by_pk("reporting:report_history")
        self.download = escape(gettext("Download PDF"))
        self.tables = escape(gettext("Tables (XLSX)"))
        self.builds = escape(gettext("Builds"))
        self.working = escape(gettext("Working…"))
        self.unknown_error = gettext("Unknown error")
        self.schedule = escape(gettext("schedule"))
        self.kinds = choice_labels(Report._meta.get_field("kind"))
        self.statuses = choice_labels(Report._meta.get_field("status"))


def _status(report, page: _Page) -> str:
    status = escape(report.status)
    polling = ""
    if report.in_progress:
        polling = (
            f' hx-get="{escape(page.status(report.pk))}" hx-trigger="every 3s" hx-swap="outerHTML" aria-live="polite"'
        )
    label = escape(str(page.statuses.get(report.status, report.status)))
    if report.status == ReportStatus.DONE:
        inner = (
            f'<span class="badge text-bg-success">{label}</span>'
            f'<a class="btn btn-sm btn-outline-primary ms-1" href="{escape(page.pdf(report.pk))}"'
            f' data-testid="report-download">{page.download}</a>'
        )
        if report.spreadsheet:
            inner += (
                f'<a class="btn btn-sm btn-outline-primary ms-1" href="{escape(page.xlsx(report.pk))}"'
                f' data-testid="report-download-xlsx">{page.tables}</a>'
            )
        if report.is_annual:
            inner += f'<a class="btn btn-sm btn-link" href="{escape(page.history(report.pk))}">{page.builds}</a>'
    elif report.status == ReportStatus.FAILED:
        error = escape(report.error or page.unknown_error)
        inner = f'<span class="badge text-bg-danger">{label}</span><div class="small text-danger report-error">{error}</div>'  # noqa: E501
    else:
        inner = (
            f'<span class="badge text-bg-warning">{label}</span>'
            f'<span class="spinner-border spinner-border-sm ms-1" role="status"><span class="visually-hidden">{page.working}</span></span>'  # noqa: E501
        )
        if report.status == ReportStatus.RUNNING:
            attempt = escape(gettext("attempt %(n)s") % {"n": report.attempts})
            inner += f'<div class="small text-muted">{attempt}</div>'
    return (
        f'<div class="report-status" id="report-status-{report.pk}" data-testid="report-status"'
        f' data-status="{status}"{polling}>{inner}</div>'
    )


def report_status_html(report) -> SafeString:
    """A report's status: its badge, then its downloads, its error or a spinner (polled while building)."""
    return mark_safe(_status(report, _Page()))  # noqa: S308  # nosec B308 B703 - every value escaped in _status


def report_rows_html(reports) -> SafeString:
    """The ``<tr>`` of each report of the list (with ``display_zone`` set, selectors.display_zones).

    Each row is kept per everything it shows (its report's columns, its scope's and requester's
    names, the zone and the language): a list shows the same reports on every request."""
    page = functools.cache(_Page)  # the words every row shares, made only if a row is written
    language = get_language()
    rows = []
    for report in reports:
        requester = str(report.requested_by) if report.requested_by_id else None
        key = (
            report.pk, report.kind, report.language, report.month, report.status, bool(report.spreadsheet),
            report.error, report.attempts, report.requested_at, report.display_zone, requester,
            report.scope_name, language,
        )  # fmt: skip
        rows.append(_ROWS.written(key, lambda report=report, requester=requester: _row(report, requester, page())))
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703 - every value escaped in _row


# report_rows_html's rows, by everything each shows.
_ROWS = Kept(limit=5_000)


def _row(report, requester: str | None, page: _Page) -> str:
    period = date_format(report.month, "Y" if report.is_annual else "F Y")
    requested = format_local(report.requested_at, report.display_zone, "SHORT_DATETIME_FORMAT")
    by = escape(requester) if requester is not None else page.schedule
    return (
        '<tr data-testid="report-row">'
        f"<td>{escape(str(page.kinds.get(report.kind, report.kind)))}"
        f' <span class="text-muted small text-uppercase">{escape(report.language)}</span></td>'
        f"<td>{escape(str(report.scope_name))}</td>"
        f'<td class="text-nowrap">{escape(period)}</td>'
        f'<td class="d-none d-md-table-cell small">{escape(requested)}<br><span class="text-muted">{by}</span></td>'
        f"<td>{_status(report, page)}</td>"
        "</tr>\n"
    )

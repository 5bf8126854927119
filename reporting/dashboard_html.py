"""The dashboards' long loops, written in Python: the offices' table and ranking, accident rates, the quota table.

The country has 120 offices, each a row of ten linked cells and a ranked line: through the
template engine these two loops were a third of the national page's CPU (docs/performance.md
§11); an office's quota table is one row per inspector (77 at the busiest office). The markup is
the one the template wrote (tests/dashboards/test_html.py compares them); every
value is escaped here (``html.escape``, what ``django.utils.html.escape`` does) or by
``format_html``.
"""

import html

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .templatetags.reporting import percent

_OFFICE_ROW = (
    '<tr data-testid="office-row" data-office="{}">\n'
    '    <th scope="row">{}</th>\n'
    '    <td class="text-end"><a href="{}">{}</a></td>\n'
    '    <td class="text-end"><a href="{}">{}</a></td>\n'
    '    <td class="text-end"><a href="{}">{}</a></td>\n'
    '    <td class="text-end"><a href="{}">{}</a></td>\n'
    '    <td class="text-end"><a href="{}">{}</a></td>\n'
    '    <td class="text-end"><a href="{}" data-testid="office-overdue">{}</a></td>\n'
    '    <td class="text-end text-nowrap"><a href="{}" data-testid="office-attainment-link">{}/{} ({})</a></td>\n'
    '    <td class="text-end"><a href="{}" data-testid="office-visits">{}</a></td>\n'
    '    <td class="text-end"><a href="{}" data-testid="office-assignment-visits">{}</a></td>\n'
    "  </tr>\n  "
)


def office_rows_html(items: list[dict]) -> SafeString:
    esc = html.escape  # what django.utils.html.escape does, without its lazy-string wrapper per call
    rows = []
    for item in items:
        r, link, quota_link = item["row"], item["links"], item["quota_links"]
        quota = r.quota
        cells = (
            r.office.code,
            r.office.name,
            link["received_month"],
            r.month.received,
            link["resolved_month"],
            percent(r.month.rate),
            link["received_year"],
            r.year.received,
            link["resolved_year"],
            percent(r.year.rate),
            link["open"],
            r.open,
            link["overdue"],
            r.overdue,
            quota_link["attainment"],
            quota.meeting,
            quota.active,
            percent(quota.attainment),
            quota_link["visits"],
            quota.visits,
            quota_link["assignments"],
            quota.assignment_visits,
        )
        rows.append(_OFFICE_ROW.format(*(esc(str(cell)) for cell in cells)))
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703 - every value escaped above


def ranked_html(items: list[dict]) -> SafeString:
    no_change = format_html('<span aria-hidden="true">=</span><span class="visually-hidden">{}</span>', _("no change"))
    against = format_html('<span class="visually-hidden"> {}</span>', _("against the previous month"))
    rows = []
    for item in items:
        r = item["row"]
        trend = r.trend
        change = percent(trend)
        if trend is None:
            css, shown = "text-muted", "—"
        elif change in ("0%", "-0%"):
            css, shown = "text-muted", no_change
        elif trend > 0:
            css, shown = "text-success", format_html("▲ {}", change)
        else:
            css, shown = "text-danger", format_html("▼ {}", change.removeprefix("-"))  # the arrow says down
        rows.append(
            format_html(
                '<li class="list-group-item d-flex justify-content-between align-items-start">\n'
                '    <span class="ms-2 me-auto">{}</span>\n'
                '    <a href="{}">{}</a>\n'
                '    <span class="ms-2 small {}" data-testid="rate-change">{}{}</span>\n'
                "  </li>\n  ",
                r.office.name,
                item["links"]["resolved_month"],
                percent(r.month.rate),
                css,
                shown,
                against,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703 - each part built by format_html


_INSPECTOR_ROW = (
    '<tr data-testid="inspector-quota-row"><td>{}</td><td class="text-end">'
    '<a href="{}" data-testid="inspector-counted">{}</a> / {}{}</td><td class="text-end">'
    '<a href="{}" data-testid="inspector-assignments">{}</a></td><td>'
    '<meter class="dash-meter" min="0" max="{}" value="{}">{}/{}</meter></td></tr>\n  '
)


def inspector_rows_html(items: list[dict]) -> SafeString:
    """The office dashboard's quota table: one row per active inspector (77 at the busiest office)."""
    number = _number_format()
    met = format_html(' <span class="badge text-bg-success">{}</span>', _("met"))
    esc = html.escape
    rows = []
    for item in items:
        q = item["q"]
        counted, quota = esc(number(q.counted)), esc(number(q.quota))
        rows.append(
            _INSPECTOR_ROW.format(
                esc(q.name),
                esc(item["counted_url"]),
                counted,
                quota,
                met if q.met else "",
                esc(item["assignments_url"]),
                esc(number(q.assignments)),
                quota,
                counted,
                counted,
                quota,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703 - every value escaped above


def _number_format():
    """A number as the template's ``{{ }}`` writes it: the language's decimal separator, its grouping
    when thousands separators are on; the format looked up once per table."""
    decimal_sep, grouping, thousand_sep = (
        get_format("DECIMAL_SEPARATOR"),
        get_format("NUMBER_GROUPING"),
        get_format("THOUSAND_SEPARATOR"),
    )

    def number(value) -> str:
        if value is None:
            return "—"
        return numberformat.format(value, decimal_sep, grouping=grouping, thousand_sep=thousand_sep)

    return number


_RATES_ROW = (
    '<tr data-testid="rates-row">\n'
    "      <td>{}{}</td>\n"
    '      <td class="text-end">{}</td>\n'
    '      <td class="text-end">{}</td>\n'
    '      <td class="text-end">{}</td>\n'
    '      <td class="text-end d-none d-sm-table-cell">{}</td>\n'
    '      <td class="text-end">{}</td>\n'
    '      <td class="text-end">{}</td>\n'
    '      <td class="text-end d-none d-sm-table-cell">{}</td>\n'
    "    </tr>\n  "
)


def rates_rows_html(rows) -> SafeString:
    """The accident rates' rows (``templates/accidents/_rates_table.html``): 120 on the national dashboard.

    Numbers are localized as the template's ``{{ }}`` does (the language's decimal separator, its
    grouping when thousands separators are on), with the format looked up once per table.
    """
    number = _number_format()
    badge = format_html(
        ' <span class="badge text-bg-light border" title="{}">{}</span>',
        _("Hours estimated as workers × normal hours"),
        _("estimate"),
    )
    esc = html.escape
    out = []
    for r in rows:
        cells = (r.accidents, r.cases, r.fatal, r.days_lost, r.frequency_rate, r.severity_rate, r.incidence)
        out.append(
            _RATES_ROW.format(
                esc(str(r.label or "—")), badge if r.estimated else "", *(esc(number(value)) for value in cells)
            )
        )
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703 - every value escaped above

"""The office head's home panel writes its inspectors' rows in Python (reporting/quota_html.py): the
markup its template loop wrote, every value escaped, in Indonesian and English; its links are the
visit list's (inspections.filters.visit_list_links gives what visit_list_url gives)."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import translation

from inspections.filters import visit_list_links, visit_list_url
from inspectorate.models import Staff
from reporting.figures.quota import INSPECTOR_FIELDS, InspectorQuota
from reporting.quota_html import office_quota_rows_html

# What _quota_panel.html's loop was.
TEMPLATE = (
    '{% load i18n %}{% for item in rows %}{% with row=item.row %}<tr data-testid="office-quota-row"><td>'
    '{{ row.inspector }}</td><td class="text-end"><a href="{{ item.counted_url }}" data-testid="counted-link">'
    '{{ row.counted }}</a> / {{ row.quota }}{% if row.met %} ✓{% endif %}</td><td class="text-end">'
    '<a href="{{ item.assignments_url }}" data-testid="assignments-link">{{ row.assignments }}</a></td></tr>'
    '{% endwith %}{% empty %}<tr><td colspan="3" class="text-muted">{% translate "No active inspectors." %}'
    "</td></tr>{% endfor %}"
)


def _row(pk: int, username: str, first_name: str, last_name: str, counted: int, assignments: int) -> InspectorQuota:
    """A quota row as the figures read it: the inspector's columns, no ``Staff`` made until asked for."""
    row = {"id": pk, "office_id": 1, "username": username, "first_name": first_name, "last_name": last_name}
    return InspectorQuota(
        row=tuple(row[name] for name in INSPECTOR_FIELDS),
        quota=5,
        by_kind={"routine": counted},
        assignments=assignments,
    )


@pytest.mark.parametrize("separated", [False, True])
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_are_what_the_template_wrote(language, separated, settings):
    settings.USE_THOUSAND_SEPARATOR = separated
    names = [("Ayu", "<b>Rahma</b> & Co"), ("", ""), ("Budi", "")]
    rows = [
        {
            "row": _row(n + 1, f"u{n}'\"", first, last, n * 3, n * 1200),
            "counted_url": f"/inspections/?inspector={n + 1}&visited_month=2026-11&counted=true",
            "assignments_url": f"/inspections/?inspector={n + 1}&visited_month=2026-11&assignment=true&reported=true",
        }
        for n, (first, last) in enumerate(names)
    ]
    template = engines["django"].from_string(TEMPLATE)
    with translation.override(language):
        for shown in (rows, []):
            assert office_quota_rows_html(shown) == template.render({"rows": shown})
        html = office_quota_rows_html(rows)
    assert "&lt;b&gt;Rahma&lt;/b&gt; &amp; Co" in html and "<b>" not in html
    assert "<td>u1&#x27;&quot;</td>" in html and "<td>Budi</td>" in html  # no name: the username; a first name alone
    assert "&amp;visited_month=2026-11&amp;counted=true" in html
    assert html.count(" ✓") == 1  # 6 of 5 met; 0 and 3 of 5 not
    assert ("2400" in html) is not separated and (">2.400<" in html or ">2,400<" in html) is separated


def test_the_links_are_visit_list_url_s():
    month = dt.date(2026, 11, 1)
    for base in (None, "/elsewhere/"):
        links = visit_list_links(month=month, base=base)
        for name, pk in (("inspector", 7), ("office", 12)):
            whom = {name: Staff(pk=pk)} if name == "inspector" else {"office": type("O", (), {"pk": pk})()}
            assert links(name, pk) == {
                "visits": visit_list_url(month=month, counted=True, base=base, **whom),
                "assignments": visit_list_url(month=month, assignments=True, base=base, **whom),
            }

"""axe-core on the main pages of every role: no "serious" or "critical" violation.

axe-core is vendored under static/vendor/axe-core/ (see VERSION there) and injected into each
page of one browser context that bypasses the Content-Security-Policy (only the test injects
it; no page loads it). Every page is looked at as the person who uses it.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from inspectorate.choices import Role

from ..factories import StaffFactory
from ..security.world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
}"""


def _session_cookie(live_server, user):
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}


def test_the_main_pages_have_no_serious_accessibility_violation(
    browser, live_server, company_a, alice, bob, grace, root, office_a
):
    ppns = StaffFactory(username="ppns_a", role=Role.INSPECTOR, office=office_a, is_investigator=True)
    world = build_world(company=company_a, alice=alice, bob=bob, ppns=ppns)
    pages = [
        (None, "/lapor/"),
        (None, "/lapor/lacak/"),
        (alice, "/"),
        (alice, "/inspections/today/"),
        (alice, f"/inspections/{world.visit.pk}/"),
        (alice, "/field/"),
        (alice, f"/field/visits/{world.visit.pk}/"),
        (alice, "/field/conflicts/"),
        (bob, "/"),
        (bob, "/complaints/"),
        (bob, f"/complaints/{world.complaint.pk}/"),
        (bob, "/inspections/"),
        (bob, f"/inspections/notices/{world.notice.pk}/"),
        (bob, "/companies/"),
        (bob, f"/companies/{company_a.pk}/"),
        (bob, "/reports/dashboard/"),
        (bob, "/reports/"),
        (grace, "/"),
        (grace, "/reports/dashboard/"),
        (root, "/"),
        (root, "/audit/"),
    ]
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", bypass_csp=True, viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    found = {}
    current = "nobody"
    try:
        for user, path in pages:
            if (user.username if user else None) != current:
                context.clear_cookies()
                if user is not None:
                    context.add_cookies([_session_cookie(live_server, user)])
                current = user.username if user else None
            response = page.goto(path)
            assert response.status == 200, (path, user)
            page.wait_for_load_state("networkidle")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(RUN_AXE)
            if violations:
                found[f"{path} as {current or 'anonymous'}"] = violations
    finally:
        context.close()
    assert found == {}, "\n".join(
        f"{where}: {v['id']} ({v['impact']}) {v['help']}\n    " + "\n    ".join(v["nodes"])
        for where, items in found.items()
        for v in items
    )

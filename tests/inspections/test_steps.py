"""The visit step map is the one rule: the visit page's buttons, the API and the services agree.

For every status a visit can be in and every kind of actor, each step of
inspections/steps.py is tried through the visit page (real GET: is its form there?), the
API where it has an endpoint (start/, report/: real POST) and the service; each attempt is
rolled back so the next one sees the same visit.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import services, steps
from inspections.choices import InspectionStatus
from inspections.models import Inspection
from inspectorate.choices import Role
from tests.factories import StaffFactory
from tests.stepcheck import page_as, rolled_back

from .factories import InspectionFactory

pytestmark = pytest.mark.django_db

# head, lead, team member, another inspector of the office, official, admin, another office's head
ACTORS = ("bob", "alice", "alice2", "ayu", "erin", "root", "dave")
PAGE_STEPS = {"start": "inspection_start", "report": "inspection_report", "cancel": "inspection_cancel"}
PAGE_STEPS["close"] = "inspection_close"
API_STEPS = ("start", "report", "cancel", "close")
API_BODIES = {"cancel": {"reason": "Perusahaan tutup"}}
SERVICES = {
    "start": lambda visit, actor: services.inspection_start(inspection=visit, actor=actor),
    "report": lambda visit, actor: services.inspection_report(inspection=visit, actor=actor),
    "cancel": lambda visit, actor: services.inspection_cancel(inspection=visit, actor=actor, reason="Perusahaan tutup"),
    "close": lambda visit, actor: services.inspection_close(inspection=visit, actor=actor),
}


@pytest.fixture
def ayu(office_a):
    return StaffFactory(username="ayu", first_name="Ayu", role=Role.INSPECTOR, office=office_a)


@pytest.mark.parametrize("role", ACTORS)
@pytest.mark.parametrize("status", InspectionStatus.values)
def test_it_agrees_on_every_visit_step_status_and_role(request, client, company_a, alice, alice2, status, role):
    actor = request.getfixturevalue(role)
    started = status != InspectionStatus.PLANNED
    visit = InspectionFactory(
        company=company_a,
        lead_inspector=alice,
        team=[alice2],
        status=status,
        visited_at=timezone.now() if started else None,
        summary="Ringkasan kunjungan" if started else "",
    )
    page = page_as(client, actor, reverse("inspections:inspection_detail", args=[visit.pk]))
    roles = steps.inspection_roles(actor, visit)

    seen, expected = {}, {}
    for name, url_name in PAGE_STEPS.items():
        rule = steps.INSPECTION_STEPS[name]
        mapped = rule.starts_from(status) and rule.open_to(roles)
        fresh = Inspection.objects.get(pk=visit.pk)
        result = rolled_back(lambda: SERVICES[name](fresh, actor))  # noqa: B023
        seen[name] = {
            "page": f'action="{reverse(f"inspections:{url_name}", args=[visit.pk])}"' in page,
            "service": not isinstance(result, Exception),
        }
        expected[name] = {"page": mapped, "service": mapped}
        if name in API_STEPS:
            url = f"/api/v1/inspections/{visit.pk}/{name}/"
            body = API_BODIES.get(name, {})
            api = rolled_back(lambda: client.post(url, body, content_type="application/json"))  # noqa: B023
            assert api.status_code in (200, 400, 403, 404, 409), api.content
            seen[name]["api"] = api.status_code == 200
            expected[name]["api"] = mapped
        assert Inspection.objects.get(pk=visit.pk).status == status  # every attempt was undone

    assert seen == expected

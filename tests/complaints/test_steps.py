"""The complaint step map is the one rule: the page's buttons, the API and the services agree.

For every step of complaints/steps.py, every status a complaint can be in and every kind of
actor, the detail page shows the step's button exactly when the API accepts the step and
exactly when the service accepts it — and all three follow the map. Page and API are real
HTTP requests; every attempt is rolled back so the next one sees the same complaint.
"""

import datetime as dt

import pytest
from django.urls import reverse

from complaints import messaging, services, steps
from complaints.choices import Status
from complaints.models import Complaint
from inspections import services as inspection_services
from tests.stepcheck import page_as, rolled_back

from .factories import make_complaint

ACTORS = ("bob", "alice", "alice2", "erin", "root", "dave")  # head, assignee, colleague, official, admin, outsider
# How each status is reached (by the head, bob, and the assigned inspector, alice).
PATHS = {
    Status.RECEIVED: [],
    Status.SCREENED: ["screen"],
    Status.ASSIGNED: ["screen", "assign"],
    Status.IN_PROGRESS: ["screen", "assign", "start"],
    Status.RESOLVED: ["screen", "assign", "start", "resolve"],
    Status.CLOSED: ["screen", "assign", "start", "resolve", "close"],
    Status.REJECTED: ["reject"],
    Status.REFERRED: ["screen", "refer"],
}
# What the page shows for each step (the step's form, or the link to the visit form).
BUTTON = {name: f'data-testid="action-{name}"' for name in steps.STEPS}
BUTTON["plan_visit"] = 'data-testid="plan-visit"'


def _service(name, *, complaint, actor, assignee, original, lead):
    """Take the step through its service, as the pages and the API do."""
    common = {"complaint": complaint, "actor": actor}
    calls = {
        "screen": lambda: services.complaint_screen(**common),
        "assign": lambda: services.complaint_assign(**common, assignee=assignee),
        "start": lambda: services.complaint_start(**common),
        "resolve": lambda: services.complaint_resolve(**common, outcome="settled"),
        "close": lambda: services.complaint_close(**common, outcome="settled"),
        "reject": lambda: services.complaint_reject(**common, note="Di luar kewenangan"),
        "refer": lambda: services.complaint_refer(**common, note="Mediasi hubungan industrial"),
        "reopen": lambda: services.complaint_reopen(**common, note="Pelanggaran terulang"),
        "duplicate": lambda: services.complaint_mark_duplicate(**common, original=original),
        "note": lambda: services.complaint_add_note(**common, note="Catatan"),
        "attach": lambda: services.complaint_attach(**common, files=[]),
        "message": lambda: messaging.message_send(**common, body="Pertanyaan untuk pelapor"),
        "plan_visit": lambda: inspection_services.inspection_plan_from_complaint(
            complaint=complaint, actor=actor, lead=lead, planned_date=dt.date.today()
        ),
    }
    return calls[name]()


def _in_state(status, *, company, bob, alice):
    complaint = make_complaint(company=company).complaint
    for name in PATHS[status]:
        actor = alice if name in ("start", "resolve") else bob
        _service(name, complaint=complaint, actor=actor, assignee=alice, original=None, lead=None)
        complaint.refresh_from_db()
    assert complaint.status == status
    return complaint


def _api(client, name, complaint, *, assignee, lead):
    if name == "plan_visit":
        payload = {"complaint": complaint.pk, "lead_inspector": lead.pk, "planned_date": dt.date.today().isoformat()}
        return client.post("/api/v1/inspections/", payload, content_type="application/json")
    payload = {"to": steps.STEPS[name].to, "note": "Alasan", "outcome": "settled", "assignee": assignee.pk}
    return client.post(f"/api/v1/complaints/{complaint.pk}/transition/", payload, content_type="application/json")


@pytest.mark.parametrize("role", ACTORS)
@pytest.mark.parametrize("status", Status.values)
def test_it_agrees_on_every_step_status_and_role(request, client, categories, company_a, status, role):
    """One complaint in ``status``, one actor; every step of the map is tried on page, API and service."""
    bob, alice, alice2 = (request.getfixturevalue(n) for n in ("bob", "alice", "alice2"))
    actor = request.getfixturevalue(role)
    original = make_complaint(company=company_a, received_days_ago=3).complaint  # a possible duplicate
    complaint = _in_state(status, company=company_a, bob=bob, alice=alice)
    # Inspectors plan visits they lead; the head and the admin plan for the assignee.
    lead = actor if role in ("alice", "alice2") else alice
    page = page_as(client, actor, reverse("complaints:complaint_detail", args=[complaint.pk]))
    roles = steps.actor_roles(actor, complaint)

    seen, expected = {}, {}
    for name, rule in steps.STEPS.items():
        # What the map says for this status and this actor's roles, allowed or not.
        mapped = rule.starts_from(status) and rule.open_to(roles)
        fresh = Complaint.objects.get(pk=complaint.pk)
        result = rolled_back(
            lambda: _service(name, complaint=fresh, actor=actor, assignee=alice2, original=original, lead=lead)  # noqa: B023
        )
        seen[name] = {"page": BUTTON[name] in page, "service": not isinstance(result, Exception)}
        expected[name] = {"page": mapped, "service": mapped}
        # The API names a target status: it reaches this step unless another step leads there
        # (assign and reopen both lead to "assigned"; each is checked from its own statuses).
        if name == "plan_visit" or (name in steps.TRANSITION_STEPS and steps.step_to(status, rule.to) in (name, None)):
            api = rolled_back(lambda: _api(client, name, complaint, assignee=alice2, lead=lead))  # noqa: B023
            assert api.status_code in (200, 201, 400, 403, 404), api.content
            seen[name]["api"] = api.status_code in (200, 201)
            expected[name]["api"] = mapped
        assert Complaint.objects.get(pk=complaint.pk).status == status  # every attempt was undone

    assert seen == expected


def test_it_derives_the_transitions_from_the_steps():
    # The lifecycle of DESIGN.md §2, read back from the map.
    assert steps.ALLOWED_TRANSITIONS == {
        Status.RECEIVED: {Status.SCREENED, Status.REJECTED},
        Status.SCREENED: {Status.ASSIGNED, Status.REJECTED, Status.REFERRED, Status.CLOSED},
        Status.ASSIGNED: {Status.ASSIGNED, Status.IN_PROGRESS, Status.REFERRED},
        Status.IN_PROGRESS: {Status.RESOLVED, Status.REFERRED},
        Status.RESOLVED: {Status.CLOSED, Status.ASSIGNED},
        Status.CLOSED: {Status.ASSIGNED},
        Status.REJECTED: set(),
        Status.REFERRED: set(),
    }


@pytest.mark.parametrize("name", [n for n, s in steps.STEPS.items() if s.note_required and s.to])
def test_it_refuses_a_step_that_needs_a_note_without_one(name, categories, company_a, bob, alice):
    status = next(iter(sorted(steps.STEPS[name].sources)))
    complaint = _in_state(status, company=company_a, bob=bob, alice=alice)
    service = {
        "reject": services.complaint_reject,
        "refer": services.complaint_refer,
        "reopen": services.complaint_reopen,
    }
    with pytest.raises(services.ComplaintTransitionError):
        service[name](complaint=complaint, actor=bob, note="  ")
    complaint.refresh_from_db()
    assert complaint.status == status

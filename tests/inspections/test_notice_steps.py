"""The notice and investigation step maps are the one rule: the pages' buttons and the services agree.

For every status a notice (Nota I and Nota II) or an investigation can be in and every kind of
actor, each step of NOTICE_STEPS and INVESTIGATION_STEPS (inspections/steps.py) is tried
through the detail page (real GET: is the step's form or button there?) and through its
service; each attempt is rolled back so the next one sees the same notice.

The notice is set up so that only the map decides: its deadline has passed and one finding
is still open (all corrected once complied). Two steps belong to one level only — a Nota II
follows a Nota I (``issue_second``), only a Nota II is escalated (``escalate``) — so on the
other level both the page and the service refuse them whatever the map says.
``mark_complied`` and ``mark_not_complied`` share one form on the page (a choice of status);
the service is asked to mark complied after the open findings are corrected.

Each step is tried through its API endpoint too (the same services; issue 23):
``issue_second`` both as POST /api/v1/notices/ with ``previous`` and as POST
/api/v1/notices/{id}/second/, the others at /api/v1/notices/{id}/<action>/ and
/api/v1/investigations/{id}/<action>/. A 2xx is a step taken; anything else a refusal.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import services, steps
from inspections.choices import (
    FindingStatus,
    InspectionStatus,
    InvestigationOutcome,
    InvestigationStatus,
    NoticeLevel,
    NoticeStatus,
)
from inspections.models import Finding, Investigation, Notice
from inspectorate.choices import Role
from tests.factories import StaffFactory
from tests.stepcheck import agreement, page_as, rolled_back

from .factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

# head, lead, team member, another inspector of the office, official, admin, another office's head
NOTICE_ACTORS = ("bob", "alice", "alice2", "ayu", "erin", "root", "dave")
# the PPNS who leads it, another PPNS of the office, head, inspector, official, admin, another office's head
INVESTIGATION_ACTORS = ("ppns_a", "ppns2", "bob", "alice", "erin", "root", "dave")
# What the page shows for each step (the addendum form is the shared addenda partial's).
BUTTON = {name: f'data-testid="action-{name}"' for name in steps.NOTICE_STEPS}
BUTTON["mark_complied"] = BUTTON["mark_not_complied"] = 'data-testid="action-mark"'
ONLY_AT = {"issue_second": NoticeLevel.FIRST, "escalate": NoticeLevel.SECOND}


@pytest.fixture
def ayu(office_a):
    return StaffFactory(username="ayu", first_name="Ayu", role=Role.INSPECTOR, office=office_a)


@pytest.fixture
def ppns2(office_a):
    return StaffFactory(
        username="ppns2", first_name="Wayan", role=Role.INSPECTOR, office=office_a, is_investigator=True
    )


def _notice(*, company, lead, team, issuer, level, status) -> Notice:
    """A notice at ``level`` in ``status``, past its deadline, with one finding open unless complied."""
    today = timezone.localdate()
    visit = InspectionFactory(
        company=company,
        lead_inspector=lead,
        team=team,
        status=InspectionStatus.REPORTED,
        visited_at=timezone.now() - dt.timedelta(days=40),
        summary="Ringkasan kunjungan",
    )
    finding = FindingFactory(
        inspection=visit,
        status=FindingStatus.CORRECTED if status == NoticeStatus.COMPLIED else FindingStatus.OPEN,
        deadline=today - dt.timedelta(days=5),
    )
    dates = {"issued_on": today - dt.timedelta(days=35), "compliance_deadline": today - dt.timedelta(days=5)}
    common = {"inspection": visit, "office": visit.office, "company": company, "issued_by": issuer}
    notice = Notice.objects.create(
        **common,
        **dates,
        level=NoticeLevel.FIRST,
        number=f"NP-I/T/{visit.pk}",
        status=status if level == NoticeLevel.FIRST else NoticeStatus.NOT_COMPLIED,
    )
    notice.findings.set([finding])
    if level == NoticeLevel.SECOND:
        notice = Notice.objects.create(
            **common, **dates, level=NoticeLevel.SECOND, number=f"NP-II/T/{visit.pk}", previous=notice, status=status
        )
        notice.findings.set([finding])
    return notice


def _correct_then_mark(notice, actor):
    Finding.objects.filter(notices=notice).update(status=FindingStatus.CORRECTED)
    return services.notice_mark(notice=notice, actor=actor, status=NoticeStatus.COMPLIED)


NOTICE_SERVICES = {
    "record_compliance": lambda notice, actor, ppns: services.notice_record_compliance(
        notice=notice, actor=actor, corrected=list(notice.findings.filter(status=FindingStatus.OPEN))
    ),
    "mark_complied": lambda notice, actor, ppns: _correct_then_mark(notice, actor),
    "mark_not_complied": lambda notice, actor, ppns: services.notice_mark(
        notice=notice, actor=actor, status=NoticeStatus.NOT_COMPLIED
    ),
    "issue_second": lambda notice, actor, ppns: services.notice_issue_second(
        previous=notice, actor=actor, compliance_deadline=timezone.localdate() + dt.timedelta(days=14)
    ),
    "escalate": lambda notice, actor, ppns: services.investigation_open(notice=notice, actor=actor, investigator=ppns),
    "addendum": lambda notice, actor, ppns: services.addendum_add(notice=notice, actor=actor, text="Ralat alamat"),
}


NOTICE_API = {
    "record_compliance": lambda notice, ppns: (
        "compliance",
        {"corrected": list(notice.findings.filter(status=FindingStatus.OPEN).values_list("pk", flat=True))},
    ),
    "mark_complied": lambda notice, ppns: ("mark", {"status": NoticeStatus.COMPLIED}),
    "mark_not_complied": lambda notice, ppns: ("mark", {"status": NoticeStatus.NOT_COMPLIED}),
    "issue_second": lambda notice, ppns: (
        "second",
        {"compliance_deadline": (timezone.localdate() + dt.timedelta(days=14)).isoformat()},
    ),
    "escalate": lambda notice, ppns: ("escalate", {"investigator": ppns.pk}),
    "addendum": lambda notice, ppns: ("addenda", {"text": "Ralat alamat"}),
}


def _api_attempt(client, name, notice, path, body):
    if name == "mark_complied":  # as the service attempt: the findings are corrected first
        Finding.objects.filter(notices=notice).update(status=FindingStatus.CORRECTED)
    return client.post(f"/api/v1/notices/{notice.pk}/{path}/", body, content_type="application/json")


def test_every_notice_step_is_tried():
    assert set(NOTICE_SERVICES) == set(steps.NOTICE_STEPS) == set(NOTICE_API)


@pytest.mark.parametrize("role", NOTICE_ACTORS)
@pytest.mark.parametrize("status", NoticeStatus.values)
@pytest.mark.parametrize("level", NoticeLevel.values)
def test_it_agrees_on_every_notice_step_status_and_role(
    request, client, company_a, alice, alice2, bob, ppns_a, level, status, role
):
    actor = request.getfixturevalue(role)
    notice = _notice(company=company_a, lead=alice, team=[alice2], issuer=bob, level=level, status=status)
    page = page_as(client, actor, reverse("inspections:notice_detail", args=[notice.pk]))
    roles = steps.inspection_roles(actor, notice.inspection)
    addendum_form = f'action="{reverse("inspections:notice_addendum_create", args=[notice.pk])}"'

    seen, expected = agreement(
        steps.NOTICE_STEPS,
        status=status,
        roles=roles,
        shown=lambda name: (addendum_form if name == "addendum" else BUTTON[name]) in page,
        attempt=lambda name: NOTICE_SERVICES[name](Notice.objects.get(pk=notice.pk), actor, ppns_a),
        applies=lambda name: ONLY_AT.get(name, level) == level,
    )
    second = {"previous": notice.pk, "compliance_deadline": timezone.localdate() + dt.timedelta(days=14)}
    api = rolled_back(lambda: client.post("/api/v1/notices/", second))
    assert api.status_code in (201, 400, 403, 404, 409), api.content
    for name in steps.NOTICE_STEPS:
        path, body = NOTICE_API[name](notice, ppns_a)
        answer = rolled_back(lambda: _api_attempt(client, name, notice, path, body))  # noqa: B023
        assert answer.status_code in (200, 201, 400, 403, 404, 409), (name, answer.content)
        seen[name]["api"] = answer.status_code in (200, 201)
        expected[name]["api"] = expected[name]["service"]
    seen["issue_second"]["api, POST /notices/"] = api.status_code == 201
    expected["issue_second"]["api, POST /notices/"] = expected["issue_second"]["service"]
    assert Notice.objects.get(pk=notice.pk).status == status  # every attempt was undone
    assert not Investigation.objects.exists() and Notice.objects.count() == (2 if level == NoticeLevel.SECOND else 1)

    assert seen == expected


INVESTIGATION_SERVICES = {
    "add_step": lambda investigation, actor: services.investigation_step_add(
        investigation=investigation, actor=actor, on=timezone.localdate(), description="BAP saksi pekerja"
    ),
    "close": lambda investigation, actor: services.investigation_close(
        investigation=investigation, actor=actor, outcome=InvestigationOutcome.CASE_FILE_COMPLETE
    ),
}


INVESTIGATION_API = {
    "add_step": ("steps", {"on": timezone.localdate().isoformat(), "description": "BAP saksi pekerja"}),
    "close": ("close", {"outcome": InvestigationOutcome.CASE_FILE_COMPLETE}),
}


def test_every_investigation_step_is_tried():
    assert set(INVESTIGATION_SERVICES) == set(steps.INVESTIGATION_STEPS) == set(INVESTIGATION_API)


@pytest.mark.parametrize("role", INVESTIGATION_ACTORS)
@pytest.mark.parametrize("status", InvestigationStatus.values)
def test_it_agrees_on_every_investigation_step_status_and_role(
    request, client, company_a, alice, alice2, bob, ppns_a, ppns2, status, role
):
    actor = request.getfixturevalue(role)
    notice = _notice(
        company=company_a,
        lead=alice,
        team=[alice2],
        issuer=bob,
        level=NoticeLevel.SECOND,
        status=NoticeStatus.NOT_COMPLIED,
    )
    today = timezone.localdate()
    closed = status == InvestigationStatus.CLOSED
    investigation = Investigation.objects.create(
        notice=notice,
        office=notice.office,
        investigator=ppns_a,
        opened_on=today - dt.timedelta(days=3),
        status=status,
        outcome=InvestigationOutcome.CASE_FILE_COMPLETE if closed else "",
        closed_on=today if closed else None,
    )
    page = page_as(client, actor, reverse("inspections:investigation_detail", args=[investigation.pk]))

    seen, expected = agreement(
        steps.INVESTIGATION_STEPS,
        status=status,
        roles=steps.investigation_roles(actor, investigation),
        shown=lambda name: f'data-testid="action-{name}"' in page,
        attempt=lambda name: INVESTIGATION_SERVICES[name](Investigation.objects.get(pk=investigation.pk), actor),
    )
    for name, (path, body) in INVESTIGATION_API.items():
        url = f"/api/v1/investigations/{investigation.pk}/{path}/"
        answer = rolled_back(lambda: client.post(url, body, content_type="application/json"))  # noqa: B023
        assert answer.status_code in (200, 201, 400, 403, 404, 409), (name, answer.content)
        seen[name]["api"] = answer.status_code in (200, 201)
        expected[name]["api"] = expected[name]["service"]
    assert Investigation.objects.get(pk=investigation.pk).status == status  # every attempt was undone
    assert not investigation.steps.exists()

    assert seen == expected

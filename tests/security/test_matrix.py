"""The authorization matrix: every URL pattern of the project × every kind of actor.

Each pattern of ``get_resolver()`` (walked recursively: pages, htmx fragments, exports,
downloads, public pages, the API router, the schema, allauth and the admin) must match an
entry of ``TABLE`` (or a reasoned rule of ``RULES``); a new URL without an entry fails
``test_every_url_pattern_has_an_entry``. Entries say how to build the URL against the objects
of office A (``tests/security/world.py``), which method to try and what each actor gets:

- anon: not logged in            - alice: inspector of office A, assigned to the complaint
- alice2: inspector of office A, not assigned   - charlie: inspector of office B
- dave: office head of office B  - frank: official of region B
- grace: national official       - root: admin

In scope, each actor's answer is the exact one: 200, a form error (400), a redirect to the right
place (``To("/complaints/{complaint}/")``, the path formatted with the objects' ids), 403 for a
step the role may not take; a POST-only URL answers GET with 405. Every 404 of an object URL must be the very
same answer as for an object that does not exist, and nobody out of scope gets a 2xx or sees
the object's reference.
"""

import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from complaints.messaging import unsubscribe_token
from complaints.models import Category
from deadlines.models import FeedToken
from inspectorate.choices import Role
from notifications.models import Notification
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

ACTORS = ("anon", "alice", "alice2", "charlie", "dave", "frank", "grace", "root")
LOGIN = 302  # pages send anonymous visitors to the login page
MISSING = 987654  # the id of an object that does not exist


@dataclass(frozen=True)
class To:
    """A 302 to this path (formatted with the ids of the objects, e.g. ``/complaints/{complaint}/``)."""

    path: str

    def matches(self, response, ids) -> bool:
        return response.status_code == 302 and response["Location"] == self.path.format(**vars(ids))


@dataclass
class Entry:
    url: object  # callable(objects) -> str
    expect: dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    scoped: bool = True  # the URL names one object of office A


def who(default, **overrides) -> dict:
    expected = dict.fromkeys(ACTORS, default)
    expected.update(overrides)
    return expected


def _first_injured(w) -> int:
    """The first injured person of the world's accident (its id; for an accident that does not
    exist, an id that does not either)."""
    from accidents.models import InjuredPerson

    first = InjuredPerson.objects.filter(accident_id=w.accident).order_by("pk").values_list("pk", flat=True).first()
    return 987654 if first is None else first


def page_view(**over):
    """A page about one object of office A: office A, national official and admin see it."""
    return who(404, **{"anon": LOGIN, "alice": 200, "alice2": 200, "grace": 200, "root": 200, **over})


def page_change(alice, alice2, root, **over):
    """A state change on an object of office A: officials only read, so for them it is out of scope too.

    Sent with no data, in the order of ``ACTORS`` (alice's step may change what alice2 and root get).
    """
    return who(404, **{"anon": LOGIN, "alice": alice, "alice2": alice2, "root": root, **over})


def same(outcome):
    """The same in-scope answer for alice, alice2 and root."""
    return page_change(outcome, outcome, outcome)


def api_view(**over):
    return page_view(**{"anon": 401, **over})


def api_change(alice, alice2, root, **over):
    return page_change(alice, alice2, root, **{"anon": 401, **over})


def everyone(status, **over):
    """A page that is not about one object (a list, a form): each user sees their own scope."""
    return who(status, **{"anon": LOGIN, **over})


REPORT_USERS = {"alice": 404, "alice2": 404, "charlie": 404}  # inspectors have no reports at all
OFFICIALS_READ_ONLY = {"frank": 403, "grace": 403}


def o(name):
    return lambda w: getattr(w, name)


TABLE: dict[str, Entry] = {
    # --- organisation, home
    "": Entry(lambda w: "/", everyone(200), scoped=False),
    "companies/": Entry(lambda w: "/companies/", everyone(200), scoped=False),
    "companies/<int:pk>/": Entry(lambda w: f"/companies/{w.company}/", page_view()),
    # --- inspections: pages and htmx fragments
    "inspections/": Entry(lambda w: "/inspections/", everyone(200), scoped=False),
    "inspections/today/": Entry(lambda w: "/inspections/today/", everyone(200), scoped=False),
    "inspections/new/": Entry(lambda w: "/inspections/new/", everyone(200, frank=404, grace=404), scoped=False),
    "inspections/<int:pk>/": Entry(lambda w: f"/inspections/{w.visit}/", page_view()),
    "inspections/<int:pk>/start/": Entry(
        lambda w: f"/inspections/{w.visit}/start/",
        page_change(To("/inspections/{visit}/#visit"), 403, To("/inspections/{visit}/#visit")),
        "post",
    ),
    "inspections/<int:pk>/record/": Entry(lambda w: f"/inspections/{w.visit}/record/", same(400), "post"),
    "inspections/<int:pk>/notes/": Entry(lambda w: f"/inspections/{w.visit}/notes/", same(400), "post"),
    "inspections/<int:pk>/files/": Entry(lambda w: f"/inspections/{w.visit}/files/", same(400), "post"),
    "inspections/<int:pk>/findings/": Entry(lambda w: f"/inspections/{w.visit}/findings/", same(400), "post"),
    "inspections/<int:pk>/report/": Entry(
        lambda w: f"/inspections/{w.visit}/report/",
        page_change(To("/inspections/{visit}/"), 403, To("/inspections/{visit}/")),
        "post",
    ),
    "inspections/<int:pk>/cancel/": Entry(
        lambda w: f"/inspections/{w.visit}/cancel/", same(To("/inspections/{visit}/")), "post"
    ),
    "inspections/<int:pk>/close/": Entry(
        lambda w: f"/inspections/{w.visit}/close/", page_change(403, 403, To("/inspections/{visit}/")), "post"
    ),
    "inspections/<int:pk>/addenda/": Entry(lambda w: f"/inspections/{w.visit}/addenda/", same(400), "post"),
    "inspections/<int:pk>/resolve-complaint/": Entry(
        lambda w: f"/inspections/{w.visit}/resolve-complaint/",
        page_change(403, 403, To("/inspections/{visit}/")),
        "post",
    ),
    "inspections/<int:pk>/notices/new/": Entry(
        lambda w: f"/inspections/{w.visit}/notices/new/", page_change(403, 403, 200), "post"
    ),
    "inspections/files/<int:pk>/": Entry(lambda w: f"/inspections/files/{w.attachment}/", page_view()),
    "inspections/findings/overdue/": Entry(lambda w: "/inspections/findings/overdue/", everyone(200), scoped=False),
    "inspections/notices/": Entry(lambda w: "/inspections/notices/", everyone(200), scoped=False),
    "inspections/notices/<int:pk>/": Entry(lambda w: f"/inspections/notices/{w.notice}/", page_view()),
    "inspections/notices/<int:pk>/document/": Entry(
        lambda w: f"/inspections/notices/{w.notice}/document/", page_view()
    ),
    "inspections/notices/<int:pk>/pdf/": Entry(lambda w: f"/inspections/notices/{w.notice}/pdf/", page_view()),
    "inspections/notices/<int:pk>/compliance/": Entry(
        lambda w: f"/inspections/notices/{w.notice}/compliance/", same(To("/inspections/notices/{notice}/")), "post"
    ),
    "inspections/notices/<int:pk>/status/": Entry(
        lambda w: f"/inspections/notices/{w.notice}/status/", same(To("/inspections/notices/{notice}/")), "post"
    ),
    "inspections/notices/<int:pk>/second/": Entry(
        lambda w: f"/inspections/notices/{w.notice}/second/", page_change(403, 403, 200), "post"
    ),
    "inspections/notices/<int:pk>/escalate/": Entry(
        lambda w: f"/inspections/notices/{w.notice2}/escalate/", same(To("/inspections/notices/{notice2}/")), "post"
    ),
    "inspections/notices/<int:pk>/addenda/": Entry(
        lambda w: f"/inspections/notices/{w.notice}/addenda/", same(To("/inspections/notices/{notice}/")), "post"
    ),
    "inspections/investigations/<int:pk>/": Entry(
        lambda w: f"/inspections/investigations/{w.investigation}/", page_view()
    ),
    "inspections/investigations/<int:pk>/steps/": Entry(
        lambda w: f"/inspections/investigations/{w.investigation}/steps/",
        same(To("/inspections/investigations/{investigation}/")),
        "post",
    ),
    "inspections/investigations/<int:pk>/close/": Entry(
        lambda w: f"/inspections/investigations/{w.investigation}/close/",
        same(To("/inspections/investigations/{investigation}/")),
        "post",
    ),
    # --- checklists of a visit (phone first): the page, and its actions (no data: a form error)
    "checklists/visit/<int:pk>/": Entry(lambda w: f"/checklists/visit/{w.visit}/", page_view()),
    "checklists/visit/<int:pk>/pdf/": Entry(lambda w: f"/checklists/visit/{w.visit}/pdf/", page_view()),
    "checklists/visit/<int:pk>/start/": Entry(lambda w: f"/checklists/visit/{w.visit}/start/", same(400), "post"),
    "checklists/visit/<int:pk>/answers/": Entry(lambda w: f"/checklists/visit/{w.visit}/answers/", same(400), "post"),
    "checklists/visit/<int:pk>/photo/": Entry(lambda w: f"/checklists/visit/{w.visit}/photo/", same(400), "post"),
    "checklists/visit/<int:pk>/drafts/": Entry(lambda w: f"/checklists/visit/{w.visit}/drafts/", same(400), "post"),
    # --- accidents and occupational disease (actions sent without data: a message and back to the page)
    "accidents/": Entry(lambda w: "/accidents/", everyone(200), scoped=False),
    "accidents/new/": Entry(lambda w: "/accidents/new/", everyone(200, frank=404, grace=404), scoped=False),
    "accidents/<int:pk>/": Entry(lambda w: f"/accidents/{w.accident}/", page_view()),
    "accidents/<int:pk>/visit/": Entry(
        lambda w: f"/accidents/{w.accident}/visit/", same(To("/accidents/{accident}/")), "post"
    ),
    "accidents/<int:pk>/link-visit/": Entry(
        lambda w: f"/accidents/{w.accident}/link-visit/", same(To("/accidents/{accident}/")), "post"
    ),
    "accidents/<int:pk>/injured/<int:person_pk>/outcome/": Entry(
        lambda w: f"/accidents/{w.accident}/injured/{_first_injured(w)}/outcome/",
        same(To("/accidents/{accident}/")),
        "post",
    ),
    "accidents/<int:pk>/employer-report/": Entry(
        lambda w: f"/accidents/{w.accident}/employer-report/", same(To("/accidents/{accident}/")), "post"
    ),
    "accidents/<int:pk>/late-finding/": Entry(
        lambda w: f"/accidents/{w.accident}/late-finding/", same(To("/accidents/{accident}/")), "post"
    ),
    "accidents/diseases/": Entry(lambda w: "/accidents/diseases/", everyone(200), scoped=False),
    "accidents/diseases/new/": Entry(
        lambda w: "/accidents/diseases/new/", everyone(200, frank=404, grace=404), scoped=False
    ),
    "accidents/diseases/<int:pk>/": Entry(lambda w: f"/accidents/diseases/{w.disease}/", page_view()),
    "accidents/hours/": Entry(lambda w: "/accidents/hours/", everyone(200, frank=404, grace=404), scoped=False),
    "accidents/rates/": Entry(lambda w: "/accidents/rates/", everyone(200), scoped=False),
    # --- the icon browsers ask for: a redirect to the static file, for everyone
    "favicon.ico": Entry(lambda w: "/favicon.ico", everyone(301, anon=301), scoped=False),
    # --- complaints: public pages (no login), staff pages, export, attachment download
    "lapor/": Entry(lambda w: "/lapor/", everyone(200, anon=200), scoped=False),
    "lapor/lacak/": Entry(lambda w: "/lapor/lacak/", everyone(200, anon=200), scoped=False),
    # A message needs the complaint opened with its code in this browser first: back to tracking.
    "lapor/lacak/pesan/": Entry(
        lambda w: "/lapor/lacak/pesan/",
        everyone(To("/lapor/lacak/"), anon=To("/lapor/lacak/")),
        "post",
        scoped=False,
    ),
    # The reply over the API proves reference and tracking code in its body: sent empty, a 400 for anyone.
    "api/v1/^public/track/messages/$": Entry(
        lambda w: "/api/v1/public/track/messages/", everyone(400, anon=400), "post", scoped=False
    ),
    "api/v1/^complaints/(?P<pk>[^/.]+)/messages/$": Entry(
        lambda w: f"/api/v1/complaints/{w.complaint}/messages/", api_change(400, 400, 400), "post"
    ),
    # The opt-out link of an update e-mail (signed): a GET only asks.
    "lapor/berhenti/<str:token>/": Entry(
        lambda w: f"/lapor/berhenti/{w.updates_off_token}/", everyone(200, anon=200), scoped=False
    ),
    # the receipt lives in the browser session that filed the complaint; others go to tracking
    "lapor/tanda-terima/": Entry(lambda w: "/lapor/tanda-terima/", everyone(302, anon=302), scoped=False),
    "lapor/tanda-terima/pdf/": Entry(lambda w: "/lapor/tanda-terima/pdf/", everyone(302, anon=302), scoped=False),
    "lapor/perusahaan/": Entry(lambda w: "/lapor/perusahaan/?q=maju", everyone(200, anon=200), scoped=False),
    "complaints/": Entry(lambda w: "/complaints/", everyone(200), scoped=False),
    "complaints/mine/": Entry(lambda w: "/complaints/mine/", everyone(200), scoped=False),
    "complaints/triage/": Entry(
        # Office heads only (dave: an empty form goes back to the queue with its message).
        lambda w: "/complaints/triage/",
        everyone(403, anon=LOGIN, dave=302),
        "post",
        scoped=False,
    ),
    "search/": Entry(lambda w: "/search/", everyone(200), scoped=False),
    "companies/search/": Entry(lambda w: "/companies/search/?q=PT", everyone(200), scoped=False),
    "inspections/calendar/": Entry(lambda w: "/inspections/calendar/", everyone(200), scoped=False),
    "inspections/awaiting-nota/": Entry(lambda w: "/inspections/awaiting-nota/", everyone(200), scoped=False),
    "complaints/export.csv": Entry(lambda w: "/complaints/export.csv", everyone(200), scoped=False),
    "complaints/mine/export.csv": Entry(lambda w: "/complaints/mine/export.csv", everyone(200), scoped=False),
    "complaints/new/": Entry(lambda w: "/complaints/new/", everyone(200, **OFFICIALS_READ_ONLY), scoped=False),
    "complaints/<int:pk>/": Entry(lambda w: f"/complaints/{w.complaint}/", page_view()),
    # Evidence can identify the complainant: only the assigned inspector, the head and admins.
    "complaints/<int:pk>/attachments/<int:attachment_pk>/": Entry(
        lambda w: f"/complaints/{w.complaint}/attachments/{w.complaint_attachment}/",
        page_view(alice2=403, grace=403),
    ),
    # The complainant's files in the message thread: sealed like the identity, others get a 404.
    "complaints/<int:pk>/messages/files/<int:attachment_pk>/": Entry(
        lambda w: f"/complaints/{w.complaint}/messages/files/{w.message_attachment}/",
        page_view(alice2=404, grace=404),
    ),
    **{
        f"complaints/<int:pk>/{step}/": Entry(
            (lambda step: lambda w: f"/complaints/{w.complaint}/{step}/")(step),
            # An unassigned inspector may not refer the complaint, write in its file or to the complainant.
            # Sent with no data, each step is refused: the complaint's page again, its form open (400).
            page_change(400, 403 if step in ("refer", "note", "message") else 400, 400),
            "post",
        )
        for step in (
            "attach",
            "screen",
            "assign",
            "start",
            "resolve",
            "close",
            "reject",
            "refer",
            "reopen",
            "duplicate",
            "note",
            "message",
        )
    },  # fmt: skip
    # --- reporting
    "reports/": Entry(lambda w: "/reports/", everyone(200, **REPORT_USERS), scoped=False),
    "reports/request/": Entry(lambda w: "/reports/request/", everyone(400, **REPORT_USERS), "post", scoped=False),
    "reports/<int:pk>/status/": Entry(lambda w: f"/reports/{w.report}/status/", page_view(alice=404, alice2=404)),
    "reports/<int:pk>/download/": Entry(lambda w: f"/reports/{w.report}/download/", page_view(alice=404, alice2=404)),
    "reports/<int:pk>/download/xlsx/": Entry(
        lambda w: f"/reports/{w.report}/download/xlsx/", page_view(alice=404, alice2=404)
    ),
    "reports/<int:pk>/history/": Entry(lambda w: f"/reports/{w.report}/history/", page_view(alice=404, alice2=404)),
    "reports/builds/<int:pk>/<slug:fmt>/": Entry(
        lambda w: f"/reports/builds/{w.report_build}/xlsx/", page_view(alice=404, alice2=404)
    ),
    # The public transparency page and its open data: everyone, no login.
    "transparansi/": Entry(lambda w: "/transparansi/", everyone(200, anon=200), scoped=False),
    "transparansi/data.csv": Entry(lambda w: "/transparansi/data.csv", everyone(200, anon=200), scoped=False),
    # Dashboards of office A: inspectors are sent to their home page, other offices and regions get a 404.
    "reports/dashboard/": Entry(
        lambda w: f"/reports/dashboard/?office={w.office}",
        who(404, anon=LOGIN, alice=302, alice2=302, charlie=302, grace=200, root=200),
    ),
    "reports/dashboard/export/<slug:table>.<slug:fmt>": Entry(
        lambda w: f"/reports/dashboard/export/offices.csv?office={w.office}",
        who(404, anon=LOGIN, grace=200, root=200),
    ),
    # --- language switch, audit trail
    "i18n/setlang/": Entry(
        lambda w: "/i18n/setlang/", everyone(302, anon=302), "post", {"language": "en", "next": "/"}, scoped=False
    ),
    "audit/": Entry(lambda w: "/audit/", everyone(404, root=200), scoped=False),
    # --- management area: administrators only, 404 for everyone else (tests/manage has the side effects)
    "manage/": Entry(lambda w: "/manage/", everyone(404, root=200), scoped=False),
    "manage/staff/": Entry(lambda w: "/manage/staff/", everyone(404, root=200), scoped=False),
    "manage/staff/new/": Entry(lambda w: "/manage/staff/new/", everyone(404, root=200), scoped=False),
    "manage/staff/<int:pk>/": Entry(lambda w: f"/manage/staff/{MISSING}/", everyone(404), scoped=False),
    **{
        f"manage/staff/<int:pk>/{action}/": Entry(
            lambda w, action=action: f"/manage/staff/{MISSING}/{action}/", everyone(404), "post", scoped=False
        )
        for action in ("deactivate", "activate", "password-reset", "unlock")
    },
    "manage/companies/import/": Entry(lambda w: "/manage/companies/import/", everyone(404, root=200), scoped=False),
    "manage/companies/import/<int:pk>/": Entry(
        lambda w: f"/manage/companies/import/{MISSING}/", everyone(404), scoped=False
    ),
    # History import: administrators and office heads (their own office's imports); 404 for everyone else.
    "manage/history/": Entry(lambda w: "/manage/history/", everyone(404, dave=200, root=200), scoped=False),
    "manage/history/template/<slug:kind>.<slug:fmt>": Entry(
        lambda w: "/manage/history/template/complaints.csv", everyone(404, dave=200, root=200), scoped=False
    ),
    "manage/history/<int:pk>/": Entry(lambda w: f"/manage/history/{MISSING}/", everyone(404), scoped=False),
    "manage/history/<int:pk>/rollback/": Entry(
        lambda w: f"/manage/history/{MISSING}/rollback/", everyone(404), "post", scoped=False
    ),
    "manage/workforce-estimates/import/": Entry(
        lambda w: "/manage/workforce-estimates/import/", everyone(404, root=200), scoped=False
    ),
    "manage/<slug:kind>/": Entry(lambda w: "/manage/regions/", everyone(404, root=200), scoped=False),
    "manage/<slug:kind>/new/": Entry(lambda w: "/manage/offices/new/", everyone(404, root=200), scoped=False),
    "manage/<slug:kind>/<int:pk>/": Entry(lambda w: f"/manage/offices/{MISSING}/", everyone(404), scoped=False),
    # --- API (the router's format-suffix twins are checked by RULES)
    "api/v1/": Entry(lambda w: "/api/v1/", everyone(200, anon=401), scoped=False),
    "api/v1/^regions/$": Entry(lambda w: "/api/v1/regions/", everyone(200, anon=401), scoped=False),
    "api/v1/^regions/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/regions/{w.region}/", api_view()),
    "api/v1/^districts/$": Entry(lambda w: "/api/v1/districts/", everyone(200, anon=401), scoped=False),
    "api/v1/^districts/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/districts/{w.district}/", api_view()),
    "api/v1/^offices/$": Entry(lambda w: "/api/v1/offices/", everyone(200, anon=401), scoped=False),
    "api/v1/^offices/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/offices/{w.office}/", api_view()),
    "api/v1/^staff/$": Entry(lambda w: "/api/v1/staff/", everyone(200, anon=401), scoped=False),
    "api/v1/^staff/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/staff/{w.alice}/", api_view()),
    "api/v1/^companies/$": Entry(lambda w: "/api/v1/companies/", everyone(200, anon=401), scoped=False),
    "api/v1/^companies/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/companies/{w.company}/", api_view()),
    "api/v1/^inspections/$": Entry(lambda w: "/api/v1/inspections/", everyone(200, anon=401), scoped=False),
    "api/v1/^inspections/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/inspections/{w.visit}/", api_view()),
    "api/v1/^inspections/(?P<pk>[^/.]+)/report/$": Entry(
        lambda w: f"/api/v1/inspections/{w.visit}/report/", api_change(400, 403, 400), "post"
    ),
    "api/v1/^inspections/(?P<pk>[^/.]+)/start/$": Entry(
        lambda w: f"/api/v1/inspections/{w.visit}/start/", api_change(400, 403, 400), "post"
    ),
    "api/v1/^findings/$": Entry(lambda w: "/api/v1/findings/", everyone(200, anon=401), scoped=False),
    "api/v1/^findings/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/findings/{w.finding}/", api_view()),
    "api/v1/^notices/$": Entry(lambda w: "/api/v1/notices/", everyone(200, anon=401), scoped=False),
    "api/v1/^notices/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/notices/{w.notice}/", api_view()),
    "api/v1/^complaints/$": Entry(lambda w: "/api/v1/complaints/", everyone(200, anon=401), scoped=False),
    "api/v1/^complaints/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/complaints/{w.complaint}/", api_view()),
    "api/v1/^complaints/(?P<pk>[^/.]+)/events/$": Entry(
        lambda w: f"/api/v1/complaints/{w.complaint}/events/", api_view()
    ),
    "api/v1/^complaints/(?P<pk>[^/.]+)/transition/$": Entry(
        lambda w: f"/api/v1/complaints/{w.complaint}/transition/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^public/complaints/$": Entry(
        lambda w: "/api/v1/public/complaints/", everyone(400, anon=400), "post", scoped=False
    ),
    "api/v1/^public/track/$": Entry(
        lambda w: "/api/v1/public/track/", everyone(404, anon=404), "post", {"code": "no-such-code"}, scoped=False
    ),
    # History imports: admins see all, office heads their office's, everyone else an empty list.
    "api/v1/^history-imports/$": Entry(lambda w: "/api/v1/history-imports/", everyone(200, anon=401), scoped=False),
    "api/v1/^history-imports/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/history-imports/{MISSING}/", everyone(404, anon=401), scoped=False
    ),
    "api/v1/^history-imports/(?P<pk>[^/.]+)/rollback/$": Entry(
        lambda w: f"/api/v1/history-imports/{MISSING}/rollback/", everyone(404, anon=401), "post", scoped=False
    ),
    "api/v1/^reports/$": Entry(lambda w: "/api/v1/reports/", everyone(200, anon=401), scoped=False),
    "api/v1/^reports/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/reports/{w.report}/", api_view(alice=404, alice2=404)
    ),
    "api/v1/^reports/(?P<pk>[^/.]+)/download/$": Entry(
        lambda w: f"/api/v1/reports/{w.report}/download/", api_view(alice=404, alice2=404)
    ),
    # --- accidents over the API (actions sent without data: 400; officials only read: 404)
    "api/v1/^accidents/$": Entry(lambda w: "/api/v1/accidents/", everyone(200, anon=401), scoped=False),
    "api/v1/^accidents/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/accidents/{w.accident}/", api_view()),
    "api/v1/^accidents/(?P<pk>[^/.]+)/open-visit/$": Entry(
        lambda w: f"/api/v1/accidents/{w.accident}/open-visit/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^accidents/(?P<pk>[^/.]+)/link-visit/$": Entry(
        lambda w: f"/api/v1/accidents/{w.accident}/link-visit/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^accidents/(?P<pk>[^/.]+)/injured-outcome/$": Entry(
        lambda w: f"/api/v1/accidents/{w.accident}/injured-outcome/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^accidents/(?P<pk>[^/.]+)/employer-report/$": Entry(
        lambda w: f"/api/v1/accidents/{w.accident}/employer-report/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^accidents/(?P<pk>[^/.]+)/late-finding/$": Entry(
        lambda w: f"/api/v1/accidents/{w.accident}/late-finding/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^occupational-diseases/$": Entry(
        lambda w: "/api/v1/occupational-diseases/", everyone(200, anon=401), scoped=False
    ),
    "api/v1/^occupational-diseases/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/occupational-diseases/{w.disease}/", api_view()
    ),
    "api/v1/^hours-worked/$": Entry(lambda w: "/api/v1/hours-worked/", everyone(200, anon=401), scoped=False),
    "api/v1/^hours-worked/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/hours-worked/{MISSING}/", everyone(404, anon=401), scoped=False
    ),
    "api/v1/^accident-codes/$": Entry(lambda w: "/api/v1/accident-codes/", everyone(200, anon=401), scoped=False),
    "api/v1/^accident-codes/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/accident-codes/{w.accident_code}/", everyone(200, anon=401), scoped=False
    ),
    "api/v1/^reports/(?P<pk>[^/.]+)/spreadsheet/$": Entry(
        lambda w: f"/api/v1/reports/{w.report}/spreadsheet/", api_view(alice=404, alice2=404)
    ),
    # --- API parity (issue 23): reference data, enforcement, investigations, staff and complaint actions
    "api/v1/^provisions/$": Entry(lambda w: "/api/v1/provisions/", everyone(200, anon=401), scoped=False),
    "api/v1/^provisions/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/provisions/{w.provision}/", everyone(200, anon=401), scoped=False
    ),
    "api/v1/^categories/$": Entry(lambda w: "/api/v1/categories/", everyone(200, anon=401), scoped=False),
    "api/v1/^categories/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/categories/{w.category}/", everyone(200, anon=401), scoped=False
    ),
    "api/v1/^investigations/$": Entry(lambda w: "/api/v1/investigations/", everyone(200, anon=401), scoped=False),
    "api/v1/^investigations/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/investigations/{w.investigation}/", api_view()
    ),
    "api/v1/^investigations/(?P<pk>[^/.]+)/steps/$": Entry(
        lambda w: f"/api/v1/investigations/{w.investigation}/steps/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^investigations/(?P<pk>[^/.]+)/close/$": Entry(
        lambda w: f"/api/v1/investigations/{w.investigation}/close/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^inspections/(?P<pk>[^/.]+)/addenda/$": Entry(
        lambda w: f"/api/v1/inspections/{w.visit}/addenda/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^inspections/(?P<pk>[^/.]+)/cancel/$": Entry(
        lambda w: f"/api/v1/inspections/{w.visit}/cancel/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^inspections/(?P<pk>[^/.]+)/close/$": Entry(
        lambda w: f"/api/v1/inspections/{w.visit}/close/", api_change(403, 403, 400), "post"
    ),
    "api/v1/^inspections/(?P<pk>[^/.]+)/files/$": Entry(
        lambda w: f"/api/v1/inspections/{w.visit}/files/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^inspections/(?P<pk>[^/.]+)/notes/$": Entry(
        lambda w: f"/api/v1/inspections/{w.visit}/notes/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^notices/(?P<pk>[^/.]+)/addenda/$": Entry(
        lambda w: f"/api/v1/notices/{w.notice}/addenda/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^notices/(?P<pk>[^/.]+)/compliance/$": Entry(
        lambda w: f"/api/v1/notices/{w.notice}/compliance/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^notices/(?P<pk>[^/.]+)/mark/$": Entry(
        lambda w: f"/api/v1/notices/{w.notice}/mark/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^notices/(?P<pk>[^/.]+)/second/$": Entry(
        lambda w: f"/api/v1/notices/{w.notice}/second/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^notices/(?P<pk>[^/.]+)/escalate/$": Entry(
        lambda w: f"/api/v1/notices/{w.notice2}/escalate/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^notices/(?P<pk>[^/.]+)/document/$": Entry(lambda w: f"/api/v1/notices/{w.notice}/document/", api_view()),
    "api/v1/^notices/(?P<pk>[^/.]+)/pdf/$": Entry(lambda w: f"/api/v1/notices/{w.notice}/pdf/", api_view()),
    "api/v1/^complaints/triage/$": Entry(
        lambda w: "/api/v1/complaints/triage/", who(403, anon=401, dave=400), "post", scoped=False
    ),
    "api/v1/^complaints/(?P<pk>[^/.]+)/attachments/$": Entry(
        lambda w: f"/api/v1/complaints/{w.complaint}/attachments/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^complaints/(?P<pk>[^/.]+)/notes/$": Entry(
        lambda w: f"/api/v1/complaints/{w.complaint}/notes/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^complaints/(?P<pk>[^/.]+)/duplicate/$": Entry(
        lambda w: f"/api/v1/complaints/{w.complaint}/duplicate/", api_change(400, 400, 400), "post"
    ),
    # Staff accounts are the admins' (everyone else: 404); deactivating oneself is refused.
    "api/v1/^staff/(?P<pk>[^/.]+)/deactivate/$": Entry(
        lambda w: f"/api/v1/staff/{w.root}/deactivate/", who(404, anon=401, root=400), "post"
    ),
    "api/v1/^staff/(?P<pk>[^/.]+)/password-reset/$": Entry(  # alice has no e-mail address: refused
        lambda w: f"/api/v1/staff/{w.alice}/password-reset/", who(404, anon=401, root=400), "post"
    ),
    "api/v1/^staff/(?P<pk>[^/.]+)/unlock/$": Entry(
        lambda w: f"/api/v1/staff/{w.alice}/unlock/", who(404, anon=401, root=200), "post"
    ),
    # --- notifications API: the user's own, nobody else's (admins included)
    "api/v1/^notifications/$": Entry(lambda w: "/api/v1/notifications/", everyone(200, anon=401), scoped=False),
    "api/v1/^notifications/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/notifications/{w.notification}/", who(404, anon=401, alice=200)
    ),
    "api/v1/^notifications/(?P<pk>[^/.]+)/read/$": Entry(
        lambda w: f"/api/v1/notifications/{w.notification}/read/", who(404, anon=401, alice=200), "post"
    ),
    "api/v1/^notifications/read-all/$": Entry(
        lambda w: "/api/v1/notifications/read-all/", everyone(200, anon=401), "post", scoped=False
    ),
    "api/v1/^notifications/preferences/$": Entry(
        lambda w: "/api/v1/notifications/preferences/", everyone(200, anon=401), scoped=False
    ),
    "api/v1/^notifications/unread-count/$": Entry(
        lambda w: "/api/v1/notifications/unread-count/", everyone(200, anon=401), scoped=False
    ),
    # --- socialsecurity: BPJS targeting list, imports, coverage, the PP 86/2013 sanction ladder
    "bpjs/": Entry(lambda w: "/bpjs/", everyone(200), scoped=False),
    "bpjs/coverage/": Entry(lambda w: "/bpjs/coverage/", everyone(200), scoped=False),
    "bpjs/imports/": Entry(lambda w: "/bpjs/imports/", everyone(200), scoped=False),
    "bpjs/imports/<int:pk>/": Entry(lambda w: f"/bpjs/imports/{w.bpjs_import}/", page_view()),
    "bpjs/companies/<int:pk>/plan/": Entry(lambda w: f"/bpjs/companies/{w.company}/plan/", page_change(200, 200, 200)),
    # The world's company has a running ladder already: the head's (root's) second warning I is refused.
    "bpjs/companies/<int:pk>/warn/": Entry(
        lambda w: f"/bpjs/companies/{w.company}/warn/", page_change(403, 403, To("/bpjs/")), "post"
    ),
    "bpjs/sanctions/<int:pk>/": Entry(lambda w: f"/bpjs/sanctions/{w.sanction}/", page_view()),
    "bpjs/sanctions/<int:pk>/document/": Entry(lambda w: f"/bpjs/sanctions/{w.sanction}/document/", page_view()),
    "bpjs/sanctions/<int:pk>/pdf/": Entry(lambda w: f"/bpjs/sanctions/{w.sanction}/pdf/", page_view()),
    "bpjs/sanctions/<int:pk>/issue/": Entry(
        lambda w: f"/bpjs/sanctions/{w.sanction}/issue/",
        page_change(403, 403, To("/bpjs/sanctions/{sanction}/")),
        "post",
    ),
    "bpjs/sanctions/<int:pk>/comply/": Entry(
        lambda w: f"/bpjs/sanctions/{w.sanction}/comply/",
        page_change(403, 403, To("/bpjs/sanctions/{sanction}/")),
        "post",
    ),
    "api/v1/^bpjs-imports/$": Entry(lambda w: "/api/v1/bpjs-imports/", everyone(200, anon=401), scoped=False),
    "api/v1/^bpjs-imports/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/bpjs-imports/{w.bpjs_import}/", api_view()),
    "api/v1/^bpjs-snapshots/$": Entry(lambda w: "/api/v1/bpjs-snapshots/", everyone(200, anon=401), scoped=False),
    "api/v1/^bpjs-snapshots/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/bpjs-snapshots/{w.bpjs_snapshot}/", api_view()
    ),
    "api/v1/^bpjs-flags/$": Entry(lambda w: "/api/v1/bpjs-flags/", everyone(200, anon=401), scoped=False),
    "api/v1/^bpjs-flags/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/bpjs-flags/{w.bpjs_flag}/", api_view()),
    "api/v1/^bpjs-sanctions/$": Entry(lambda w: "/api/v1/bpjs-sanctions/", everyone(200, anon=401), scoped=False),
    "api/v1/^bpjs-sanctions/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/bpjs-sanctions/{w.sanction}/", api_view()),
    "api/v1/^bpjs-sanctions/(?P<pk>[^/.]+)/pdf/$": Entry(
        lambda w: f"/api/v1/bpjs-sanctions/{w.sanction}/pdf/", api_view()
    ),
    # Issuing is the head's (403 for inspectors); root meets an issued warning, not a draft: 400, nothing changed.
    "api/v1/^bpjs-sanctions/(?P<pk>[^/.]+)/issue/$": Entry(
        lambda w: f"/api/v1/bpjs-sanctions/{w.sanction}/issue/", api_change(403, 403, 400), "post"
    ),
    # The page entry above recorded root's compliance already: the step is closed, 400.
    "api/v1/^bpjs-sanctions/(?P<pk>[^/.]+)/comply/$": Entry(
        lambda w: f"/api/v1/bpjs-sanctions/{w.sanction}/comply/", api_change(403, 403, 400), "post"
    ),
    "api/v1/^minimum-wages/$": Entry(lambda w: "/api/v1/minimum-wages/", everyone(200, anon=401), scoped=False),
    "api/v1/^minimum-wages/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/minimum-wages/{MISSING}/", everyone(404, anon=401), scoped=False
    ),
    "api/v1/^workforce-estimates/$": Entry(
        lambda w: "/api/v1/workforce-estimates/", everyone(200, anon=401), scoped=False
    ),
    "api/v1/^workforce-estimates/import/$": Entry(
        lambda w: "/api/v1/workforce-estimates/import/", everyone(403, anon=401, root=400), "post", scoped=False
    ),
    "api/v1/^workforce-estimates/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/workforce-estimates/{MISSING}/", everyone(404, anon=401), scoped=False
    ),
    "api/v1/bpjs-coverage/": Entry(lambda w: "/api/v1/bpjs-coverage/", everyone(200, anon=401), scoped=False),
    # --- risk targeting: scores, the monthly plan (the head of office A is not an actor here: office A's
    # inspectors are refused the head's steps with a 403), weights (administrators), the evaluation.
    "targeting/": Entry(lambda w: "/targeting/", everyone(200), scoped=False),
    "targeting/plans/": Entry(lambda w: "/targeting/plans/", everyone(200), scoped=False),
    "targeting/plans/<int:pk>/": Entry(lambda w: f"/targeting/plans/{w.plan}/", page_view()),
    # dave's refused forms leave a message; the weights page (next) shows it before any 404 is compared.
    "targeting/plans/generate/": Entry(
        lambda w: "/targeting/plans/generate/",
        everyone(404, alice=403, alice2=403, charlie=403, dave=To("/targeting/plans/")),
        "post",
        scoped=False,
    ),
    "targeting/plans/setting/": Entry(
        lambda w: "/targeting/plans/setting/",
        everyone(404, alice=403, alice2=403, charlie=403, dave=To("/targeting/plans/")),
        "post",
        scoped=False,
    ),
    "targeting/weights/": Entry(lambda w: "/targeting/weights/", everyone(200), scoped=False),
    "targeting/entries/<int:pk>/": Entry(
        lambda w: f"/targeting/entries/{w.entry}/", page_change(403, 403, To("/targeting/plans/{plan}/")), "post"
    ),
    "targeting/entries/<int:pk>/remove/": Entry(
        lambda w: f"/targeting/entries/{w.entry}/remove/", page_change(403, 403, To("/targeting/plans/{plan}/")), "post"
    ),
    # Root confirms the plan here (the API's confirm below then answers 400: already confirmed).
    "targeting/plans/<int:pk>/confirm/": Entry(
        lambda w: f"/targeting/plans/{w.plan}/confirm/", page_change(403, 403, To("/targeting/plans/{plan}/")), "post"
    ),
    "targeting/weights/<slug:factor>/": Entry(
        lambda w: "/targeting/weights/size/", everyone(403, root=To("/targeting/weights/")), "post", scoped=False
    ),
    "targeting/evaluation/": Entry(lambda w: "/targeting/evaluation/", everyone(200), scoped=False),
    "api/v1/^risk-scores/$": Entry(lambda w: "/api/v1/risk-scores/", everyone(200, anon=401), scoped=False),
    "api/v1/^risk-scores/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/risk-scores/{w.risk_score}/", api_view()),
    "api/v1/^risk-weights/$": Entry(lambda w: "/api/v1/risk-weights/", everyone(200, anon=401), scoped=False),
    "api/v1/^risk-weights/(?P<pk>[^/.]+)/change/$": Entry(
        lambda w: "/api/v1/risk-weights/size/change/", everyone(403, anon=401, root=400), "post", scoped=False
    ),
    "api/v1/^visit-plans/$": Entry(lambda w: "/api/v1/visit-plans/", everyone(200, anon=401), scoped=False),
    "api/v1/^visit-plans/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/visit-plans/{w.plan}/", api_view()),
    "api/v1/^visit-plans/generate/$": Entry(
        lambda w: "/api/v1/visit-plans/generate/",
        everyone(404, anon=401, alice=403, alice2=403, charlie=403, dave=201),
        "post",
        scoped=False,
    ),
    "api/v1/^visit-plans/setting/$": Entry(
        lambda w: "/api/v1/visit-plans/setting/",
        everyone(404, anon=401, alice=403, alice2=403, charlie=403, dave=400),
        "post",
        scoped=False,
    ),
    "api/v1/^visit-plans/(?P<pk>[^/.]+)/confirm/$": Entry(
        lambda w: f"/api/v1/visit-plans/{w.plan}/confirm/", api_change(403, 403, 400), "post"
    ),
    "api/v1/^visit-plan-entries/$": Entry(
        lambda w: "/api/v1/visit-plan-entries/", everyone(200, anon=401), scoped=False
    ),
    "api/v1/^visit-plan-entries/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/visit-plan-entries/{w.entry}/", api_view()
    ),
    "api/v1/^visit-plan-entries/(?P<pk>[^/.]+)/change/$": Entry(
        lambda w: f"/api/v1/visit-plan-entries/{w.entry}/change/", api_change(403, 403, 400), "post"
    ),
    "api/v1/^visit-plan-entries/(?P<pk>[^/.]+)/remove/$": Entry(
        lambda w: f"/api/v1/visit-plan-entries/{w.entry}/remove/", api_change(403, 403, 400), "post"
    ),
    # The team (leave and assignments) of an office: its head and administrators. The API's entries come first:
    # root's removals on the pages below delete office A's leave and assignment.
    "api/v1/^inspector-leave/$": Entry(lambda w: "/api/v1/inspector-leave/", everyone(200, anon=401), scoped=False),
    "api/v1/^inspector-leave/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/inspector-leave/{w.leave}/", api_view()),
    "api/v1/^inspector-leave/(?P<pk>[^/.]+)/remove/$": Entry(
        lambda w: f"/api/v1/inspector-leave/{w.leave2}/remove/", api_change(403, 403, 200), "post"
    ),
    "api/v1/^inspector-assignments/(?P<pk>[^/.]+)/remove/$": Entry(
        lambda w: f"/api/v1/inspector-assignments/{w.assignment2}/remove/", api_change(403, 403, 200), "post"
    ),
    "api/v1/^inspector-assignments/$": Entry(
        lambda w: "/api/v1/inspector-assignments/", everyone(200, anon=401), scoped=False
    ),
    "api/v1/^inspector-assignments/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/inspector-assignments/{w.assignment}/", api_view()
    ),
    "targeting/team/leave/": Entry(
        lambda w: "/targeting/team/leave/",
        everyone(404, alice=403, alice2=403, charlie=403, dave=To("/targeting/team/")),
        "post",
        scoped=False,
    ),
    "targeting/team/assignments/": Entry(
        lambda w: "/targeting/team/assignments/",
        everyone(404, alice=403, alice2=403, charlie=403, dave=To("/targeting/team/")),
        "post",
        scoped=False,
    ),
    # dave's refused forms above leave a message: the team page shows it before any 404 is compared.
    "targeting/team/": Entry(
        lambda w: "/targeting/team/",
        everyone(404, alice=403, alice2=403, charlie=403, dave=200, root=200),
        scoped=False,
    ),
    "targeting/team/leave/<int:pk>/remove/": Entry(
        lambda w: f"/targeting/team/leave/{w.leave}/remove/",
        page_change(403, 403, To("/targeting/team/?office={office}")),
        "post",
    ),
    "targeting/team/assignments/<int:pk>/remove/": Entry(
        lambda w: f"/targeting/team/assignments/{w.assignment}/remove/",
        page_change(403, 403, To("/targeting/team/?office={office}")),
        "post",
    ),
    # --- deadlines: legal clocks, Nota delivery, the ladder's drafts, the calendar feed
    "deadlines/": Entry(lambda w: "/deadlines/", everyone(200), scoped=False),
    "deadlines/notices/<int:pk>/": Entry(lambda w: f"/deadlines/notices/{w.notice}/", page_view()),
    "deadlines/notices/<int:pk>/delivery/": Entry(
        lambda w: f"/deadlines/notices/{w.notice}/delivery/", same(To("/deadlines/notices/{notice}/")), "post"
    ),
    "deadlines/drafts/<int:pk>/": Entry(lambda w: f"/deadlines/drafts/{w.draft}/", page_view()),
    "deadlines/drafts/<int:pk>/discard/": Entry(
        lambda w: f"/deadlines/drafts/{w.draft}/discard/",
        page_change(403, 403, To("/deadlines/notices/{notice}/")),
        "post",
    ),
    "deadlines/reports/<int:pk>/": Entry(lambda w: f"/deadlines/reports/{w.ncr}/", page_view()),
    "deadlines/reports/<int:pk>/pdf/": Entry(lambda w: f"/deadlines/reports/{w.ncr}/pdf/", page_view()),
    "deadlines/reports/<int:pk>/decide/": Entry(
        lambda w: f"/deadlines/reports/{w.ncr}/decide/", same(To("/deadlines/reports/{ncr}/")), "post"
    ),
    "deadlines/clocks/<int:pk>/recompute/": Entry(
        lambda w: f"/deadlines/clocks/{w.clock}/recompute/", same(To("/deadlines/")), "post"
    ),
    "deadlines/feed/": Entry(lambda w: "/deadlines/feed/", everyone(200), scoped=False),
    # The same steps over the API (deadlines.api): sent empty, a 400 from the body. Discarding is the head's
    # (403 for inspectors); root meets the draft the page entry above discarded already: 400, nothing changed.
    "api/v1/notices/<int:pk>/delivery/": Entry(
        lambda w: f"/api/v1/notices/{w.notice}/delivery/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^deadlines/(?P<pk>[^/.]+)/recompute/$": Entry(
        lambda w: f"/api/v1/deadlines/{w.clock}/recompute/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^notice-drafts/$": Entry(lambda w: "/api/v1/notice-drafts/", everyone(200, anon=401), scoped=False),
    "api/v1/^notice-drafts/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/notice-drafts/{w.draft}/", api_view()),
    "api/v1/^notice-drafts/(?P<pk>[^/.]+)/issue/$": Entry(
        lambda w: f"/api/v1/notice-drafts/{w.draft}/issue/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^notice-drafts/(?P<pk>[^/.]+)/discard/$": Entry(
        lambda w: f"/api/v1/notice-drafts/{w.draft}/discard/", api_change(403, 403, 400), "post"
    ),
    "api/v1/^noncompliance-reports/$": Entry(
        lambda w: "/api/v1/noncompliance-reports/", everyone(200, anon=401), scoped=False
    ),
    "api/v1/^noncompliance-reports/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/noncompliance-reports/{w.ncr}/", api_view()
    ),
    "api/v1/^noncompliance-reports/(?P<pk>[^/.]+)/decide/$": Entry(
        lambda w: f"/api/v1/noncompliance-reports/{w.ncr}/decide/", api_change(400, 400, 400), "post"
    ),
    # The secret address is the key (a phone's calendar cannot log in): whoever holds alice's address reads
    # alice's feed, so the entry names one object of office A (her feed); tests/deadlines/test_feed.py checks
    # that it holds alice's scope only and that a revoked address is a 404.
    "deadlines/feed/<str:token>.ics": Entry(lambda w: f"/deadlines/feed/{w.feed}.ics", everyone(200, anon=200)),
    # After the feed itself: renewing replaces alice's secret.
    "deadlines/feed/renew/": Entry(
        lambda w: "/deadlines/feed/renew/", everyone(To("/deadlines/feed/"), anon=LOGIN), "post", scoped=False
    ),
    "api/v1/deadlines/feed/renew/": Entry(
        lambda w: "/api/v1/deadlines/feed/renew/", everyone(200, anon=401), "post", scoped=False
    ),
    "api/v1/^checklist-versions/$": Entry(
        lambda w: "/api/v1/checklist-versions/", everyone(200, anon=401), scoped=False
    ),
    "api/v1/^checklist-versions/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/checklist-versions/{w.checklist_version}/", everyone(200, anon=401), scoped=False
    ),
    "api/v1/^checklist-answers/$": Entry(lambda w: "/api/v1/checklist-answers/", everyone(200, anon=401), scoped=False),
    "api/v1/^checklist-answers/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/checklist-answers/{w.answer}/", api_view()),
    "api/v1/^checklist-answers/save/$": Entry(
        lambda w: "/api/v1/checklist-answers/save/", everyone(400, anon=401), "post", scoped=False
    ),
    "api/v1/^checklist-answers/photo/$": Entry(
        lambda w: "/api/v1/checklist-answers/photo/", everyone(400, anon=401), "post", scoped=False
    ),
    "api/v1/^visit-checklists/$": Entry(lambda w: "/api/v1/visit-checklists/", everyone(200, anon=401), scoped=False),
    "api/v1/^visit-checklists/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/visit-checklists/{w.visit_checklist}/", api_view()
    ),
    "api/v1/^checklist-drafts/$": Entry(lambda w: "/api/v1/checklist-drafts/", everyone(200, anon=401), scoped=False),
    "api/v1/^checklist-drafts/(?P<pk>[^/.]+)/$": Entry(
        lambda w: f"/api/v1/checklist-drafts/{w.checklist_draft}/", api_view()
    ),
    # The world's draft was dismissed and its visit reported: confirming it again is refused, never done twice.
    "api/v1/^checklist-drafts/(?P<pk>[^/.]+)/confirm/$": Entry(
        lambda w: f"/api/v1/checklist-drafts/{w.checklist_draft}/confirm/", api_change(400, 403, 400), "post"
    ),
    "api/v1/^checklist-drafts/(?P<pk>[^/.]+)/dismiss/$": Entry(
        lambda w: f"/api/v1/checklist-drafts/{w.checklist_draft}/dismiss/", api_change(400, 400, 400), "post"
    ),
    "api/v1/^checklist-scores/$": Entry(lambda w: "/api/v1/checklist-scores/", everyone(200, anon=401), scoped=False),
    "api/v1/^deadlines/$": Entry(lambda w: "/api/v1/deadlines/", everyone(200, anon=401), scoped=False),
    "api/v1/^deadlines/(?P<pk>[^/.]+)/$": Entry(lambda w: f"/api/v1/deadlines/{w.clock}/", api_view()),
    # --- notifications: each staff member's own, nobody else's (admins included)
    "notifications/": Entry(lambda w: "/notifications/", everyone(200), scoped=False),
    "notifications/bell/": Entry(lambda w: "/notifications/bell/", everyone(200), scoped=False),
    "notifications/read/": Entry(
        lambda w: "/notifications/read/", everyone(To("/notifications/"), anon=LOGIN), "post", scoped=False
    ),
    "notifications/read-all/": Entry(
        lambda w: "/notifications/read-all/", everyone(To("/notifications/"), anon=LOGIN), "post", scoped=False
    ),
    "notifications/<int:pk>/open/": Entry(
        lambda w: f"/notifications/{w.notification}/open/", who(404, anon=LOGIN, alice=To("/")), "post"
    ),
    "notifications/preferences/": Entry(lambda w: "/notifications/preferences/", everyone(200), scoped=False),
    # --- field work (offline visit pages, their outbox and conflicts)
    "field/": Entry(lambda w: "/field/", everyone(200), scoped=False),
    "field/visits/<int:pk>/": Entry(lambda w: f"/field/visits/{w.visit}/", page_view()),
    "field/conflicts/": Entry(lambda w: "/field/conflicts/", everyone(200), scoped=False),
    "field/conflicts/<int:pk>/": Entry(lambda w: f"/field/conflicts/{MISSING}/", everyone(404), scoped=False),
    "field/conflicts/<int:pk>/resolve/": Entry(
        lambda w: f"/field/conflicts/{MISSING}/resolve/", everyone(404), "post", scoped=False
    ),
    # Public: the outbox asks whether its session still lives; the offline page, manifest and worker hold no data.
    "field/session/": Entry(lambda w: "/field/session/", everyone(200, anon=200), scoped=False),
    "field/offline/": Entry(lambda w: "/field/offline/", everyone(200, anon=200), scoped=False),
    "field/manifest.webmanifest": Entry(lambda w: "/field/manifest.webmanifest", everyone(200, anon=200), scoped=False),
    "field/sw.js": Entry(lambda w: "/field/sw.js", everyone(200, anon=200), scoped=False),
    "api/v1/field/sync/": Entry(lambda w: "/api/v1/field/sync/", everyone(400, anon=401), "post", scoped=False),
    "api/v1/field/visits/": Entry(lambda w: "/api/v1/field/visits/", everyone(200, anon=401), scoped=False),
    # The world holds no conflict (tests/field/test_conflicts_api.py covers scope and roles): a 404 for all.
    "api/v1/field/conflicts/<int:pk>/resolve/": Entry(
        lambda w: f"/api/v1/field/conflicts/{MISSING}/resolve/", everyone(404, anon=401), "post", scoped=False
    ),
    # The schema describes the open-source code, not data: public, like the code itself.
    "api/schema/": Entry(lambda w: "/api/schema/", everyone(200, anon=200), scoped=False),
    "api/docs/": Entry(lambda w: "/api/docs/", everyone(200, anon=200), scoped=False),
    # --- ops: probes for load balancers (no data); metrics only for a scraper holding METRICS_TOKEN
    "healthz": Entry(lambda w: "/healthz", everyone(200, anon=200), scoped=False),
    "readyz": Entry(lambda w: "/readyz", everyone(200, anon=200), scoped=False),
    "metrics": Entry(lambda w: "/metrics", everyone(404, anon=404), scoped=False),
}

# Patterns covered by a rule instead of one entry each, with the reason and the check made.
RULES = {
    # DRF's router adds a ".json"-style twin of every route: the same view, so the same answers;
    # test_format_suffix_twins_answer_like_their_route checks the detail twins.
    "format-suffix twin": lambda route: "(?P<format>" in route or "<drf_format_suffix:format>" in route,
    # The Django admin is for admins only and not object-scoped by office: everyone else is sent to
    # the admin login (test_the_admin_is_for_admins_only).
    "admin": lambda route: route.startswith("admin/"),
    # allauth's pages act on the logged-in user's own account (login, logout, password, 2FA), never on
    # an object of an office; test_account_pages_are_about_oneself checks the ones that matter.
    "allauth": lambda route: route.startswith("accounts/"),
}


def walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_every_url_pattern_has_an_entry():
    routes = list(walk(get_resolver()))
    assert len(routes) > 100
    uncovered = [r for r in routes if r not in TABLE and not any(rule(r) for rule in RULES.values())]
    assert uncovered == [], "add these URL patterns to TABLE in tests/security/test_matrix.py"
    stale = set(TABLE) - set(routes)
    assert stale == set(), "TABLE names URL patterns that no longer exist"


@pytest.fixture
def alice2(office_a):
    return StaffFactory(username="alice2", first_name="Ayu", role=Role.INSPECTOR, office=office_a)


@pytest.fixture
def clients(request, alice2, alice, charlie, dave, frank, grace, root):
    made = {"anon": Client()}
    for name in ACTORS[1:]:
        made[name] = Client()
        made[name].force_login(request.getfixturevalue(name))
    return made


@pytest.fixture
def ids(world, company_a, district_a, office_a, alice, root):
    return SimpleNamespace(
        complaint=world.complaint.pk,
        complaint_attachment=world.complaint_attachment.pk,
        message_attachment=world.message_attachment.pk,
        updates_off_token=unsubscribe_token(world.complaint),
        visit=world.visit.pk,
        answer=world.answer.pk,
        visit_checklist=world.answer.checklist_id,
        checklist_draft=world.checklist_draft.pk,
        checklist_version=world.checklist_version.pk,
        attachment=world.attachment.pk,
        finding=world.finding.pk,
        notice=world.notice.pk,
        notice2=world.notice2.pk,
        investigation=world.investigation.pk,
        report=world.report.pk,
        report_build=world.report.history.get().pk,
        company=company_a.pk,
        district=district_a.pk,
        office=office_a.pk,
        region=office_a.region_id,
        alice=alice.pk,
        root=root.pk,
        provision=world.finding.provision_id,
        category=Category.objects.order_by("pk").values_list("pk", flat=True).first(),
        clock=world.clock.pk,
        draft=world.draft.pk,
        ncr=world.ncr.pk,
        bpjs_import=world.bpjs_import.pk,
        sanction=world.sanction.pk,
        bpjs_snapshot=world.bpjs_import.snapshots.get().pk,
        bpjs_flag=world.sanction.company.bpjs_flags.order_by("pk").first().pk,
        accident=world.accident.pk,
        disease=world.disease.pk,
        accident_code=world.accident.deviation_id,
        risk_score=world.risk_score.pk,
        plan=world.plan.pk,
        entry=world.plan_entry.pk,
        leave=world.leave.pk,
        assignment=world.assignment.pk,
        leave2=world.leave2.pk,
        assignment2=world.assignment2.pk,
        feed=FeedToken.objects.get_or_create(user=alice)[0].token,
        notification=Notification.objects.get_or_create(
            recipient=alice, key="matrix", defaults={"event": "security.password_changed", "url": "/"}
        )[0].pk,
    )


def missing(ids):
    return SimpleNamespace(**dict.fromkeys(vars(ids), MISSING))


_VOLATILE = [
    re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(rb'<meta name="csrf-token" content="[^"]+"'),
    re.compile(rb"nonce-[A-Za-z0-9+/=]+"),
    re.compile(rb'nonce="[^"]+"'),
]


def _normalised(response, url: str = "") -> bytes:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if url:
        body = body.replace(url.encode(), b"<url>")  # e.g. the language switch's "next"
    for pattern in _VOLATILE:
        body = pattern.sub(b"", body)
    return body


def _call(client, entry, url):
    kwargs = {"HTTP_X_REQUEST_ID": "matrix-request-0001"}
    if entry.method == "get":
        return client.get(url, **kwargs)
    return client.post(url, entry.data, **kwargs)


def test_the_matrix(clients, ids, world):
    secrets = [world.complaint.reference.encode(), world.visit.reference.encode(), world.notice.number.encode()]
    problems = []
    for entry in TABLE.values():
        for actor in ACTORS:
            expected = entry.expect[actor]
            url = entry.url(ids)
            response = _call(clients[actor], entry, url)
            got = response.status_code
            ok = expected.matches(response, ids) if isinstance(expected, To) else got == expected
            if isinstance(expected, To) and got == 302:
                got = f"302 to {response['Location']}"
            if not ok:
                problems.append(f"{entry.method.upper()} {url} as {actor}: expected {expected}, got {got}")
                continue
            if got == 404 and entry.scoped:
                twin_url = entry.url(missing(ids))
                twin = _call(clients[actor], entry, twin_url)
                if twin.status_code != 404 or _normalised(twin, twin_url) != _normalised(response, url):
                    problems.append(f"{url} as {actor}: the 404 differs from a missing object's")
            if got == 404 or (expected == 404):
                body = _normalised(response)
                if any(secret in body for secret in secrets):
                    problems.append(f"{url} as {actor}: a 404 names an object of office A")
    assert problems == []


# POST URLs that also answer GET: two show their form; Django's language switch sends a GET
# back to where it came from without changing the language.
GET_TOO = {"inspections/<int:pk>/notices/new/", "inspections/notices/<int:pk>/second/", "i18n/setlang/"}


def test_post_only_urls_refuse_get(clients, ids):
    """A GET on a URL that only takes POST is a 405 for everyone in scope, never a change."""
    problems = []
    for route, entry in TABLE.items():
        if entry.method != "post" or route in GET_TOO:
            continue
        for actor in ("alice", "root"):
            if entry.expect[actor] == 404:
                continue
            response = clients[actor].get(entry.url(ids))
            if response.status_code != 405:
                problems.append(f"GET {route} as {actor}: {response.status_code}")
    assert problems == []


def test_lists_never_show_office_a_to_office_b_or_region_b(clients, ids, world):
    """Lists and searches are answered to everyone, but never with office A's objects to office B or region B."""
    secrets = [world.complaint.reference.encode(), world.visit.reference.encode(), world.notice.number.encode()]
    for route, entry in TABLE.items():
        if entry.scoped or entry.method != "get":
            continue
        for actor in ("charlie", "dave", "frank"):
            response = clients[actor].get(entry.url(ids))
            body = _normalised(response)
            assert not any(secret in body for secret in secrets), (route, actor)


def test_format_suffix_twins_answer_like_their_route(clients, ids):
    for route, entry in TABLE.items():
        if not (route.startswith("api/v1/^") and route.endswith("/(?P<pk>[^/.]+)/$") and entry.method == "get"):
            continue
        url = entry.url(ids).rstrip("/") + ".json"
        for actor in ("alice", "charlie", "grace"):
            assert clients[actor].get(url).status_code == entry.expect[actor], (url, actor)


def test_the_admin_is_for_admins_only(clients, ids):
    urls = ["/admin/", "/admin/complaints/complaint/", f"/admin/complaints/complaint/{ids.complaint}/change/"]
    for url in urls:
        for actor in ACTORS:
            response = clients[actor].get(url)
            if actor == "root":
                assert response.status_code == 200, url
            else:
                assert response.status_code == 302 and "/admin/login/" in response["Location"], (url, actor)


def test_account_pages_are_about_oneself(clients):
    assert clients["anon"].get("/accounts/login/").status_code == 200
    assert clients["anon"].get("/accounts/2fa/").status_code == 302  # login first
    # No sign-up: staff accounts are made by admins.
    signup = clients["anon"].get("/accounts/signup/")
    assert signup.status_code == 200 and b'name="password1"' not in signup.content
    for actor in ACTORS[1:]:
        assert clients[actor].get("/accounts/2fa/").status_code == 200, actor

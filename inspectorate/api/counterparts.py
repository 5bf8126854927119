"""Every page action that changes something, and what does the same over the API.

Keyed by URL name (``namespace:name``); each value is the API operation (method and path as
the OpenAPI schema writes it) that goes through the same service, or :class:`PageOnly` with
the reason it has none. ``tests/architecture/test_api_counterparts.py`` walks the URL conf
and fails when a URL that accepts POST is missing here, when an entry names a URL that no
longer exists, or when a named operation is not in the schema.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Api:
    method: str
    path: str
    note: str = ""


@dataclass(frozen=True)
class PageOnly:
    reason: str


# URL prefixes that are not the product's pages, with the reason.
NOT_PAGES = {
    "admin/": "Django's admin: a maintenance tool for administrators, not a product page; "
    "everything it edits has its page under /manage/ and its API endpoint.",
    "accounts/": "One's own account (login, password, two-factor): the credentials themselves, "
    "never an office's data; API clients authenticate with a token instead.",
    "api/": "The API itself.",
}

COUNTERPARTS: dict[str, Api | PageOnly] = {
    # --- visits
    "inspections:inspection_create": Api("POST", "/api/v1/inspections/"),
    "inspections:inspection_start": Api("POST", "/api/v1/inspections/{id}/start/"),
    "inspections:inspection_update": Api("PATCH", "/api/v1/inspections/{id}/"),
    "inspections:fieldnote_create": Api("POST", "/api/v1/inspections/{id}/notes/"),
    "inspections:attachment_create": Api("POST", "/api/v1/inspections/{id}/files/"),
    "inspections:finding_create": Api("POST", "/api/v1/findings/"),
    "inspections:inspection_report": Api("POST", "/api/v1/inspections/{id}/report/"),
    "inspections:inspection_cancel": Api("POST", "/api/v1/inspections/{id}/cancel/"),
    "inspections:inspection_close": Api("POST", "/api/v1/inspections/{id}/close/"),
    "inspections:inspection_addendum_create": Api("POST", "/api/v1/inspections/{id}/addenda/"),
    "inspections:inspection_resolve_complaint": Api(
        "POST",
        "/api/v1/complaints/{id}/transition/",
        "to=resolved, outcome=complied_after_order on the complaint the visit was planned from",
    ),
    # --- notices and investigations
    "inspections:notice_create": Api("POST", "/api/v1/notices/", "with inspection and findings: a Nota I"),
    "inspections:notice_compliance": Api("POST", "/api/v1/notices/{id}/compliance/"),
    "inspections:notice_mark": Api("POST", "/api/v1/notices/{id}/mark/"),
    "inspections:notice_second_create": Api("POST", "/api/v1/notices/{id}/second/"),
    "inspections:notice_escalate": Api("POST", "/api/v1/notices/{id}/escalate/"),
    "inspections:notice_addendum_create": Api("POST", "/api/v1/notices/{id}/addenda/"),
    "inspections:investigation_step_create": Api("POST", "/api/v1/investigations/{id}/steps/"),
    "inspections:investigation_close": Api("POST", "/api/v1/investigations/{id}/close/"),
    # --- complaints
    "complaints:public_complaint_create": Api("POST", "/api/v1/public/complaints/"),
    "complaints:public_track": Api("POST", "/api/v1/public/track/"),
    "complaints:complaint_triage": Api("POST", "/api/v1/complaints/triage/"),
    "complaints:complaint_create": Api("POST", "/api/v1/complaints/", "staff intake, received-at may be past"),
    "complaints:complaint_attach": Api("POST", "/api/v1/complaints/{id}/attachments/"),
    "complaints:complaint_screen": Api("POST", "/api/v1/complaints/{id}/transition/", "to=screened"),
    "complaints:complaint_assign": Api("POST", "/api/v1/complaints/{id}/transition/", "to=assigned, assignee"),
    "complaints:complaint_start": Api("POST", "/api/v1/complaints/{id}/transition/", "to=in_progress"),
    "complaints:complaint_resolve": Api("POST", "/api/v1/complaints/{id}/transition/", "to=resolved, outcome"),
    "complaints:complaint_close": Api("POST", "/api/v1/complaints/{id}/transition/", "to=closed"),
    "complaints:complaint_reject": Api("POST", "/api/v1/complaints/{id}/transition/", "to=rejected, note"),
    "complaints:complaint_refer": Api("POST", "/api/v1/complaints/{id}/transition/", "to=referred, note"),
    "complaints:complaint_reopen": Api("POST", "/api/v1/complaints/{id}/transition/", "to=assigned from resolved"),
    "complaints:complaint_mark_duplicate": Api("POST", "/api/v1/complaints/{id}/duplicate/"),
    "complaints:complaint_add_note": Api("POST", "/api/v1/complaints/{id}/notes/"),
    # --- reports
    "reporting:report_request": Api("POST", "/api/v1/reports/"),
    # --- notifications
    "notifications:notification_mark_read": Api("POST", "/api/v1/notifications/{id}/read/", "one call a notification"),
    "notifications:notification_mark_all_read": Api("POST", "/api/v1/notifications/read-all/"),
    "notifications:notification_open": Api("POST", "/api/v1/notifications/{id}/read/", "then follow its url"),
    "notifications:preferences": Api("PUT", "/api/v1/notifications/preferences/"),
    # --- administration
    "manage:staff_create": Api("POST", "/api/v1/staff/"),
    "manage:staff_update": Api("PATCH", "/api/v1/staff/{id}/"),
    "manage:staff_deactivate": Api("POST", "/api/v1/staff/{id}/deactivate/"),
    "manage:staff_activate": Api("PATCH", "/api/v1/staff/{id}/", "is_active=true"),
    "manage:staff_password_reset": Api("POST", "/api/v1/staff/{id}/password-reset/"),
    "manage:staff_unlock": Api("POST", "/api/v1/staff/{id}/unlock/"),
    "manage:company_import_create": PageOnly(
        "A bulk CSV upload checked by a worker and reviewed on its result page; API clients create and update "
        "companies one by one (POST/PATCH /api/v1/companies/), each checked at once."
    ),
    "manage:workforce_import": Api("POST", "/api/v1/workforce-estimates/import/"),
    "manage:reference_create": Api(
        "POST", "/api/v1/{kind}/", "regions, districts, offices, provisions, categories: one endpoint per kind"
    ),
    "manage:reference_update": Api("PATCH", "/api/v1/{kind}/{id}/", "one endpoint per kind"),
    # --- history imports
    "history_import:import_list": Api("POST", "/api/v1/history-imports/", "the upload (check_only to check it)"),
    "history_import:import_rollback": Api("POST", "/api/v1/history-imports/{id}/rollback/"),
    "complaints:public_updates_off": PageOnly(
        "The unsubscribe link in a complainant's e-mail, authorised by its token alone: there is no account, "
        "so no API client, behind it."
    ),
    # --- messages with the complainant, the ladder's deadlines, offline conflicts
    "complaints:complaint_message": Api("POST", "/api/v1/complaints/{id}/messages/"),
    "complaints:public_track_message": Api(
        "POST", "/api/v1/public/track/messages/", "reference and tracking code in the body; files only on the page"
    ),
    "deadlines:clock_recompute": Api("POST", "/api/v1/deadlines/{id}/recompute/"),
    "deadlines:draft_detail": Api("POST", "/api/v1/notice-drafts/{id}/issue/", "period and findings, then issued"),
    "deadlines:draft_discard": Api("POST", "/api/v1/notice-drafts/{id}/discard/"),
    "deadlines:feed_renew": Api("POST", "/api/v1/deadlines/feed/renew/"),
    "deadlines:notice_delivery": Api("POST", "/api/v1/notices/{id}/delivery/"),
    "deadlines:report_decide": Api("POST", "/api/v1/noncompliance-reports/{id}/decide/"),
    # --- risk targeting and the monthly visit plan
    "targeting:plan_generate": Api("POST", "/api/v1/visit-plans/generate/"),
    "targeting:plan_setting": Api("POST", "/api/v1/visit-plans/setting/"),
    "targeting:plan_confirm": Api("POST", "/api/v1/visit-plans/{id}/confirm/"),
    "targeting:entry_change": Api("POST", "/api/v1/visit-plan-entries/{id}/change/"),
    "targeting:entry_remove": Api("POST", "/api/v1/visit-plan-entries/{id}/remove/"),
    "targeting:weight_change": Api("POST", "/api/v1/risk-weights/{id}/change/"),
    "targeting:leave_add": Api("POST", "/api/v1/inspector-leave/"),
    "targeting:leave_remove": Api("POST", "/api/v1/inspector-leave/{id}/remove/"),
    "targeting:assignment_add": Api("POST", "/api/v1/inspector-assignments/"),
    "targeting:assignment_remove": Api("POST", "/api/v1/inspector-assignments/{id}/remove/"),
    "field:conflict_resolve": Api("POST", "/api/v1/field/conflicts/{id}/resolve/"),
    # --- checklists of a visit
    "checklists:answers_save": Api("POST", "/api/v1/checklist-answers/save/", "one answer per call"),
    "checklists:checklist_start": Api("POST", "/api/v1/visit-checklists/"),
    "checklists:answer_photo": Api("POST", "/api/v1/checklist-answers/photo/"),
    "checklists:draft_decide": Api(
        "POST", "/api/v1/checklist-drafts/{id}/confirm/", "dismissing: POST /api/v1/checklist-drafts/{id}/dismiss/"
    ),
    # --- BPJS Ketenagakerjaan (socialsecurity)
    "socialsecurity:plan_joint": Api("POST", "/api/v1/inspections/", "kind=bpjs_joint"),
    "socialsecurity:import_list": PageOnly(
        "A participation file of up to 50 MB read by a worker with its progress on the page; API clients read "
        "the imports and their line reports at GET /api/v1/bpjs-imports/."
    ),
    "socialsecurity:sanction_start": Api("POST", "/api/v1/bpjs-sanctions/"),
    "socialsecurity:sanction_issue": Api("POST", "/api/v1/bpjs-sanctions/{id}/issue/"),
    "socialsecurity:sanction_comply": Api("POST", "/api/v1/bpjs-sanctions/{id}/comply/"),
    # --- accidents and occupational disease
    "accidents:accident_create": Api("POST", "/api/v1/accidents/"),
    "accidents:accident_open_visit": Api("POST", "/api/v1/accidents/{id}/open-visit/"),
    "accidents:accident_link_visit": Api("POST", "/api/v1/accidents/{id}/link-visit/"),
    "accidents:accident_injured_outcome": Api("POST", "/api/v1/accidents/{id}/injured-outcome/"),
    "accidents:accident_employer_report": Api("POST", "/api/v1/accidents/{id}/employer-report/"),
    "accidents:accident_late_finding": Api("POST", "/api/v1/accidents/{id}/late-finding/"),
    "accidents:disease_create": Api("POST", "/api/v1/occupational-diseases/"),
    "accidents:hours_edit": Api("POST", "/api/v1/hours-worked/"),
    # --- the interface itself
    "set_language": PageOnly(
        "Chooses the language of the pages (a cookie); API clients send Accept-Language on each request."
    ),
}

# The reference kinds of /manage/<kind>/ and their API collections.
REFERENCE_KINDS = {
    "regions": "/api/v1/regions/",
    "districts": "/api/v1/districts/",
    "offices": "/api/v1/offices/",
    "provisions": "/api/v1/provisions/",
    "categories": "/api/v1/categories/",
    "accident-codes": "/api/v1/accident-codes/",
}


def operations(name: str) -> list[tuple[str, str]]:
    """The (method, path) pairs of the schema an entry stands for (``{kind}`` expanded)."""
    entry = COUNTERPARTS[name]
    if not isinstance(entry, Api):
        return []
    if "{kind}" in entry.path:
        return [
            (entry.method, entry.path.replace("/api/v1/{kind}/", collection)) for collection in REFERENCE_KINDS.values()
        ]
    return [(entry.method, entry.path)]

"""Template context shared by every page: what the navigation offers this user."""

from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .links import url as link

OFFICE = {Role.INSPECTOR, Role.OFFICE_HEAD}

# (url name, label, roles that see it (None = every signed-in staff member), in the bar itself).
# Entries not in the bar itself sit in its "More" menu, so every role's bar fits 1366 px with a
# usable search box; the home page lists them all as cards.
NAVIGATION = [
    ("home", _("Home"), None, True),
    ("complaints:complaint_list", _("Complaints"), {Role.INSPECTOR, Role.OFFICE_HEAD, Role.OFFICIAL, Role.ADMIN}, True),
    ("inspections:inspection_list", _("Inspections"), {Role.INSPECTOR, Role.OFFICE_HEAD, Role.ADMIN}, True),
    ("field:home", _("Field work"), OFFICE, True),
    ("deadlines:deadline_list", _("Deadlines"), None, True),
    ("inspectorate:company_list", _("Companies"), None, True),
    ("reporting:dashboard", _("Dashboards"), {Role.OFFICE_HEAD, Role.OFFICIAL, Role.ADMIN}, True),
    ("accidents:accident_list", _("Accidents"), {Role.INSPECTOR, Role.OFFICE_HEAD, Role.OFFICIAL, Role.ADMIN}, False),
    ("socialsecurity:targeting", _("BPJS targeting list"), {Role.INSPECTOR, Role.OFFICE_HEAD, Role.ADMIN}, False),
    ("socialsecurity:coverage", _("BPJS coverage"), {Role.OFFICIAL, Role.ADMIN}, False),
    ("targeting:score_list", _("Risk and plans"), None, False),
    ("reporting:report_list", _("Reports"), {Role.OFFICE_HEAD, Role.OFFICIAL, Role.ADMIN}, False),
    ("audit:auditentry_list", _("Audit trail"), {Role.ADMIN}, False),
    ("manage:index", _("Administration"), {Role.ADMIN}, False),
    # Administrators reach it from the administration area.
    ("history_import:import_list", _("History import"), {Role.OFFICE_HEAD}, False),
]  # fmt: skip


def navigation(request) -> dict:
    """``nav_items``: every entry this user may open; ``nav_primary`` / ``nav_more``: the bar and its menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_primary": [], "nav_more": [], "nav_more_active": False}
    role = Role.ADMIN if user.is_superuser else user.role
    items, primary, more = [], [], []
    for name, label, roles, in_bar in NAVIGATION:
        if roles is not None and role not in roles:
            continue
        try:
            url = link(name)
        except NoReverseMatch:
            continue  # the app behind this entry is not installed yet
        item = {"url": url, "label": label, "active": request.path.startswith(url) and url != "/"}
        item["brand"] = name == "home"  # on a wide screen the brand link is the way home
        items.append(item)
        (primary if in_bar else more).append(item)
    # Only the most specific entry is the current page (/bpjs/coverage/ is not also /bpjs/).
    current = max((i for i in items if i["active"]), key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["active"] = item is current
    return {
        "nav_items": items,
        "nav_primary": primary,
        "nav_more": more,
        "nav_more_active": any(i["active"] for i in more),
    }

"""Template context shared by every page: what the navigation offers this user."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .choices import Role

# (url name, label, roles that see it; None = every signed-in staff member)
NAVIGATION = [
    ("home", _("Home"), None),
    ("complaints:complaint_list", _("Complaints"), {Role.INSPECTOR, Role.OFFICE_HEAD, Role.OFFICIAL, Role.ADMIN}),
    ("inspections:inspection_list", _("Inspections"), {Role.INSPECTOR, Role.OFFICE_HEAD, Role.ADMIN}),
    ("field:home", _("Field work"), {Role.INSPECTOR, Role.OFFICE_HEAD}),
    ("deadlines:deadline_list", _("Deadlines"), {Role.INSPECTOR, Role.OFFICE_HEAD, Role.ADMIN}),
    ("inspectorate:company_list", _("Companies"), None),
    ("targeting:score_list", _("Risk and plans"), None),
    ("reporting:dashboard", _("Dashboards"), {Role.OFFICE_HEAD, Role.OFFICIAL, Role.ADMIN}),
    ("reporting:report_list", _("Reports"), {Role.OFFICE_HEAD, Role.OFFICIAL, Role.ADMIN}),
    ("audit:auditentry_list", _("Audit trail"), {Role.ADMIN}),
    ("manage:index", _("Administration"), {Role.ADMIN}),
    # Administrators reach it from the administration area.
    ("history_import:import_list", _("History import"), {Role.OFFICE_HEAD}),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    role = Role.ADMIN if user.is_superuser else user.role
    items = []
    for name, label, roles in NAVIGATION:
        if roles is not None and role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the app behind this entry is not installed yet
        items.append({"url": url, "label": label, "active": request.path.startswith(url) and url != "/"})
    return {"nav_items": items}

"""Template context shared by every page: what the navigation offers this user."""

from html import escape as html_escape

from django.urls import NoReverseMatch
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .links import addresses
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


def _links(items: list[dict], css: str, before=lambda item: ""):
    """The entries' links, as base.html's loops wrote them, each inside its ``<li>``."""
    for item in items:
        current, aria = (" active", ' aria-current="page"') if item["active"] else ("", "")
        url, label = html_escape(item["url"]), html_escape(str(item["label"]))
        yield f'<li{before(item)}><a class="{css}{current}" href="{url}"{aria}>{label}</a></li>'


def _bar_item(item: dict) -> str:
    return ' class="nav-item d-xl-none"' if item["brand"] else ' class="nav-item"'


def bar_html(primary: list[dict], more: list[dict]) -> SafeString:
    """The navigation bar's entries, then its "More" menu when it has any: what base.html's two
    loops wrote (tests/inspectorate/test_chrome.py compares them), in a tenth of their time."""
    parts = list(_links(primary, "nav-link", _bar_item))
    if more:
        active = " active" if any(item["active"] for item in more) else ""
        parts += [
            '<li class="nav-item nav-more"><details class="nav-more-menu" data-nav-more>',
            f'<summary class="nav-link{active}" data-testid="nav-more">{html_escape(gettext("More"))}</summary>',
            '<ul class="nav-more-list list-unstyled" data-testid="nav-more-list">',
            *_links(more, "nav-more-link"),
            "</ul></details></li>",
        ]
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - every address and label is escaped


# (role, URLconf, script prefix) -> the entries that role sees: (address, label, in the bar, the brand's)
_ENTRIES: dict[tuple, tuple] = {}
# (the entries' key, the current address, language) -> the bar's HTML
_BARS: dict[tuple, SafeString] = {}
# (the entries' key, language) -> the home page's cards
_CARDS: dict[tuple, SafeString] = {}


def _entries(key: tuple) -> tuple:
    entries = _ENTRIES.get(key)
    if entries is None:
        role, found = key[0], []
        for name, label, roles, in_bar in NAVIGATION:
            if roles is not None and role not in roles:
                continue
            try:
                found.append((link(name), label, in_bar, name == "home"))  # the brand link is the way home
            except NoReverseMatch:
                continue  # the app behind this entry is not installed yet
        entries = _ENTRIES[key] = tuple(found)
    return entries


def _key(user) -> tuple:
    return (Role.ADMIN if user.is_superuser else user.role, *addresses())


def home_cards(user) -> SafeString:
    """The home page's cards: every entry this user may open but the first (the way home), as
    home.html's loop over ``nav_items`` wrote them (tests/inspectorate/test_chrome.py compares
    them). They depend only on the role, the addresses and the language, so they are written
    once for each."""
    key = (_key(user), get_language())
    cards = _CARDS.get(key)
    if cards is None:
        parts = [
            '\n  <div class="col-12 col-sm-6 col-lg-4">\n'
            f'    <a class="card h-100 text-decoration-none" href="{html_escape(url)}"><div class="card-body">'
            f'<span class="h5">{html_escape(str(label))}</span></div></a>\n  </div>\n  '
            for url, label, _in_bar, _brand in _entries(key[0])[1:]
        ]
        cards = _CARDS[key] = mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - escaped above
    return cards


def navigation(request) -> dict:
    """``nav_items``: every entry this user may open; ``nav_bar``: the bar's entries and its "More"
    menu as HTML. Both depend only on the role, the addresses and the current page, so the bar
    is written once per role, page, address prefix and language."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_bar": ""}
    key = _key(user)
    entries = _entries(key)
    # Only the most specific entry is the current page (/bpjs/coverage/ is not also /bpjs/).
    path = request.path
    current = max((url for url, *_ in entries if url != "/" and path.startswith(url)), key=len, default=None)
    items = [
        {"url": url, "label": label, "active": url == current, "brand": brand, "in_bar": in_bar}
        for url, label, in_bar, brand in entries
    ]
    bar_key = (key, current, get_language())
    bar = _BARS.get(bar_key)
    if bar is None:
        bar = _BARS[bar_key] = bar_html([i for i in items if i["in_bar"]], [i for i in items if not i["in_bar"]])
    return {"nav_items": items, "nav_bar": bar}

"""The rules of docs/architecture.md that a scan of the source can prove.

- complaints and inspections never import reporting (DESIGN.md §2: reporting reads them);
- each definition behind a figure is written once: the per-time-zone filter in
  inspectorate/periods.py, complaint overdue/age/resolved in complaints/definitions.py,
  finding and notice deadlines in inspections/definitions.py, the quota in reporting/figures/quota.py.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("audit", "complaints", "inspections", "inspectorate", "reporting")


def _sources(*apps: str):
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


# (app, what it must never import): complaints and inspections never read reporting (DESIGN.md §2);
# what the field pages render is kept on devices, so field never reads a complaint (DESIGN.md §6).
FORBIDDEN = [
    ("complaints", "reporting"),
    ("inspections", "reporting"),
    ("complaints", "field"),
    ("inspections", "field"),
    ("field", "complaints"),
    ("field", "reporting"),
    # inspections learns of checklists only through inspections/hooks.py; reporting reads checklists.
    ("inspections", "checklists"),
    ("checklists", "reporting"),
    # field may read checklists (the offline page answers them); checklists never reads field.
    ("checklists", "field"),
]


@pytest.mark.parametrize(("app", "forbidden"), FORBIDDEN)
def test_it_never_imports_what_the_layers_forbid(app, forbidden):
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            n for n in _imports(path) if n == forbidden or n.startswith(forbidden + ".")
        )
        for path in _sources(app)
    }
    assert {path: names for path, names in offenders.items() if names} == {}


# The deadlines app drives complaints and inspections; none of the apps below it reads it back.
# (inspectorate wires it in only through the URL conf, the API router and seed_demo.)
@pytest.mark.parametrize("app", ["audit", "complaints", "inspections", "notifications", "reporting", "rollups"])
def test_nothing_below_deadlines_imports_it(app):
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in _imports(path) if n == "deadlines" or n.startswith("deadlines."))
        for path in _sources(app)
    }
    assert {path: names for path, names in offenders.items() if names} == {}


PROJECT_APPS = (
    "audit", "checklists", "complaints", "deadlines", "field", "history_import", "inspections", "inspectorate",
    "notifications", "ops", "reporting", "rollups",
)  # fmt: skip


def _private_imports(path: Path, own_app: str) -> list[str]:
    """Imports of another app's private module (``x._common``) or private name (``_record``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module):
            continue
        parts = node.module.split(".")
        if parts[0] not in PROJECT_APPS or parts[0] == own_app:
            continue
        if any(part.startswith("_") for part in parts[1:]):
            found.append(node.module)
        found += [f"{node.module}.{alias.name}" for alias in node.names if alias.name.startswith("_")]
    return found


@pytest.mark.parametrize("app", PROJECT_APPS)
def test_no_app_imports_the_private_helpers_of_another(app):
    # A helper another app needs gets a public name in its own app (e.g. inspections.services.lock_inspection).
    offenders = {str(p.relative_to(ROOT)): _private_imports(p, app) for p in _sources(app)}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_private_import_scan_sees_modules_and_names(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from inspections.services._common import lock_inspection\nfrom inspections.services import _record\n"
    )
    assert _private_imports(module, "checklists") == ["inspections.services._common", "inspections.services._record"]
    assert _private_imports(module, "inspections") == []


def test_the_scan_sees_imports_inside_functions(tmp_path):
    # The rule is only as good as the scan: a lazy import counts too.
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from reporting import figures\n    import reporting.pdf\n")
    assert _imports(module) == {"reporting", "reporting.pdf"}


# Text that only the one definition may contain (outside tests and migrations).
ONE_SOURCE = {
    '__time_zone"': "inspectorate/periods.py",  # the per-zone OR of every day and month filter
    "due_date__lt": "complaints/definitions.py",  # past due / overdue
    "days=high + 1": "complaints/definitions.py",  # the age bands' upper bound
    'deadline__lt"': "inspections/definitions.py",  # a finding's deadline passed
    "compliance_deadline__lt=": "inspections/definitions.py",  # a notice's deadline passed
    "def month_bounds": "inspectorate/periods.py",
    "def add_months": "inspectorate/periods.py",
    "def local_midnight": "inspectorate/periods.py",
    "AGE_BANDS = [": "complaints/definitions.py",
}


@pytest.mark.parametrize("text", list(ONE_SOURCE))
def test_each_definition_is_written_once(text):
    found = [str(p.relative_to(ROOT)) for p in _sources(*APPS) if text in p.read_text()]
    assert found == [ONE_SOURCE[text]]


def test_every_figure_module_uses_the_shared_definitions():
    from complaints import definitions, filters
    from reporting import figures

    assert figures.AGEING_BUCKETS is definitions.AGE_BANDS is filters.AGE_BANDS
    assert figures.overdue_q is definitions.overdue_q


def test_the_quota_has_one_implementation():
    # The home page's panels once counted visits again in inspections/selectors.py.
    from inspections import selectors

    assert not hasattr(selectors, "inspector_month_visits") and not hasattr(selectors, "office_month_quota")


def test_the_report_check_of_checklists_is_registered():
    from checklists.services import report_problems
    from inspections.hooks import REPORT_CHECKS

    assert report_problems in REPORT_CHECKS

"""Static check: views, API modules, filters and forms reach scoped models only through access.py.

Every ``Model.objects`` / ``Model._default_manager`` of a scoped model (access.is_scoped) in
those modules must be an argument of an ``access.*`` call (``restrict``, ``get_for_user``,
``restricted``...), a ``.none()``, or the ``base_queryset`` of a viewset that access.py
narrows (ScopedViewSetMixin). Reads that are scoped another way belong in selectors. The few
exceptions are listed in ``ALLOWED`` with the reason.
"""

import ast
from pathlib import Path

from django.apps import apps

from inspectorate import access

ROOT = Path(__file__).resolve().parents[2]
APPS = ("inspectorate", "complaints", "inspections", "reporting", "audit")
PATTERNS = ("views.py", "views/*.py", "api/*.py", "filters.py", "forms.py", "dashboard_views.py")
MANAGERS = {"objects", "_default_manager"}

# (module, enclosing class/function, model): why it may read without a user's scope.
ALLOWED = {
    ("complaints/views/public.py", "_recalled", "Complaint"): (
        "public receipt: the complaint this browser filed, found by the id its own session keeps"
    ),
    ("complaints/views/public.py", "_tracked", "Complaint"): (
        "tracking page: the complaint this browser opened with its reference and code, by the id its session keeps"
    ),
    ("inspectorate/forms.py", "StaffForm.__init__", "Office"): (
        "the management area's staff form: administrators only (/manage/ answers 404 to everyone else)"
    ),
    ("inspectorate/forms.py", "StaffForm.__init__", "Region"): (
        "the management area's staff form: administrators only (/manage/ answers 404 to everyone else)"
    ),
    ("complaints/views/public.py", "public_complaint_create", "Complaint"): (
        "public intake: a repeated form finds the complaint it already filed by its secret submission token"
    ),
    ("complaints/api/views.py", "PublicViewSet.complaints", "Complaint"): (
        "public intake over the API: a repeated request finds its complaint by its secret submission token"
    ),
    ("complaints/api/serializers.py", "PublicComplaintSerializer", "Company"): (
        "public intake: a complainant (no account) may name any registered company"
    ),
    ("complaints/api/serializers.py", "PublicComplaintSerializer", "District"): (
        "public intake: a complainant may choose any district"
    ),
    ("complaints/api/serializers.py", "StaffComplaintSerializer", "District"): (
        "staff intake over the API, as the staff form: any district of the workplace; validate() refuses an "
        "inspector's district of another office"
    ),
    ("complaints/forms.py", "ComplaintIntakeForm", "District"): (
        "the intake form shared by the public (any district) and staff (the service checks the office)"
    ),
    ("complaints/forms.py", "ComplaintIntakeForm.__init__", "Company"): (
        "the public intake's company lookup; the staff intake passes access.restrict(...) instead"
    ),
    ("complaints/forms.py", "DuplicateForm.__init__", "Complaint"): (
        "re-reads by id the candidates selectors.possible_duplicates found in the complaint's own office"
    ),
}


def scoped_model_names() -> set[str]:
    return {model.__name__ for model in apps.get_models() if access.is_scoped(model)}


def modules() -> list[Path]:
    found = set()
    for app in APPS:
        for pattern in PATTERNS:
            found.update((ROOT / app).glob(pattern))
    return sorted(found)


def _is_access_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "access"


def _scoped_base_queryset(node: ast.AST, parents: dict) -> bool:
    """``base_queryset = ...`` in a class narrowed by ScopedViewSetMixin."""
    while node in parents:
        parent = parents[node]
        if isinstance(parent, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "base_queryset" for t in parent.targets
        ):
            cls = parents.get(parent)
            return isinstance(cls, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id == "ScopedViewSetMixin" for b in cls.bases
            )
        node = parent
    return False


def unscoped_reads(path: Path, models: set[str]) -> list[tuple[str, str, str, int]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGERS
            and isinstance(node.value, ast.Name)
            and node.value.id in models
        ):
            continue
        # Model.objects.none(): no rows, no query.
        above = parents.get(node)
        if isinstance(above, ast.Attribute) and above.attr == "none":
            continue
        ancestors, cursor = [], node
        while cursor in parents:
            cursor = parents[cursor]
            ancestors.append(cursor)
        if any(_is_access_call(a) for a in ancestors) or _scoped_base_queryset(node, parents):
            continue
        owner = ".".join(a.name for a in reversed(ancestors) if isinstance(a, ast.FunctionDef | ast.ClassDef))
        name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name
        found.append((name, owner, node.value.id, node.lineno))
    return found


def test_it_checks_the_modules_that_answer_users():
    names = {str(p.relative_to(ROOT)) for p in modules()}
    assert {
        "complaints/views/public.py",
        "complaints/views/staff.py",
        "inspections/views/visits.py",
        "inspections/api/views.py",
        "reporting/dashboard_views.py",
    } <= names
    assert {"Company", "Complaint", "Inspection", "Finding", "Notice", "Investigation", "Staff", "Report"} <= (
        scoped_model_names()
    )


def test_it_finds_an_unscoped_read(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "def view(request):\n"
        "    a = access.restrict(Company.objects.all(), request.user)\n"
        "    b = Company.objects.none()\n"
        "    return Company.objects.filter(pk=1)\n"
    )
    reads = unscoped_reads(module, {"Company"})
    assert [(owner, model, line) for _path, owner, model, line in reads] == [("view", "Company", 4)]


def test_views_api_filters_and_forms_read_scoped_models_through_access():
    models = scoped_model_names()
    reads = [read for path in modules() for read in unscoped_reads(path, models)]
    unexplained = [r for r in reads if r[:3] not in ALLOWED]
    assert unexplained == [], "read these through access.py (or a selector that does)"
    used = {r[:3] for r in reads}
    assert set(ALLOWED) <= used, f"stale ALLOWED entries: {set(ALLOWED) - used}"


def _classes(module_names: list[str], base: type) -> list[type]:
    import importlib
    import inspect

    found = []
    for name in module_names:
        module = importlib.import_module(name)
        found += [
            c for _n, c in inspect.getmembers(module, inspect.isclass) if issubclass(c, base) and c.__module__ == name
        ]
    return found


def test_every_api_serializer_and_filter_set_is_scoped():
    import django_filters
    from rest_framework import serializers

    from inspectorate.api.scoping import ScopedModelSerializer, ScopedRelatedFieldMixin
    from inspectorate.filters import ScopedFilterSet

    api_modules = [
        f"{app}.api.{part}"
        for app in ("inspectorate", "complaints", "inspections", "reporting", "notifications")
        for part in ("serializers", "views")
    ] + ["history_import.api"]
    model_serializers = _classes(api_modules, serializers.ModelSerializer)
    assert len(model_serializers) >= 8
    assert [c for c in model_serializers if not issubclass(c, ScopedModelSerializer)] == []
    unscoped = []
    for cls in _classes(api_modules, serializers.Serializer):
        if cls.__name__.startswith("Public"):
            continue  # the public intake has no user to scope by (see ALLOWED)
        for name, field in cls().fields.items():
            relation = getattr(field, "child_relation", field)
            if isinstance(relation, serializers.RelatedField) and not isinstance(relation, ScopedRelatedFieldMixin):
                unscoped.append(f"{cls.__name__}.{name}")
    assert unscoped == []
    filter_modules = [f"{app}.filters" for app in APPS]
    filter_sets = _classes(filter_modules, django_filters.FilterSet)
    assert len(filter_sets) >= 8
    assert [c for c in filter_sets if not issubclass(c, ScopedFilterSet)] == []

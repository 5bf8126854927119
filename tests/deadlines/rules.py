import importlib


def ensure_rules() -> None:
    """The shipped deadline rules and legal provisions, seeded again after a transactional test flushed them."""
    from django.apps import apps

    from tests.inspections.provisions import ensure_provisions

    importlib.import_module("deadlines.migrations.0002_default_rules").seed(apps, None)
    ensure_provisions()

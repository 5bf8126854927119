import importlib


def ensure_rules() -> None:
    """The shipped deadline rules, seeded again after a transactional test flushed them."""
    from django.apps import apps

    importlib.import_module("deadlines.migrations.0002_default_rules").seed(apps, None)

"""The shipped legal provisions, restored for tests after transactional tests flush the tables."""

import importlib


def ensure_provisions() -> None:
    from django.apps import apps

    migration = importlib.import_module("inspections.migrations.0003_legal_provisions")
    migration.seed_provisions(apps, None)

"""Helpers of the step-map agreement tests (tests/complaints/test_steps.py, tests/inspections/test_steps.py,
tests/inspections/test_notice_steps.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404


def rolled_back(attempt):
    """Run ``attempt`` and undo whatever it wrote; returns its result or the refusal it raised."""
    try:
        with transaction.atomic():
            try:
                return attempt()
            finally:
                transaction.set_rollback(True)
    except (ValidationError, PermissionDenied, Http404) as exc:
        return exc


def page_as(client, actor, url: str) -> str:
    """The page as ``actor`` sees it, or "" when it is out of their scope (404)."""
    client.force_login(actor)
    response = client.get(url)
    assert response.status_code in (200, 404)
    return response.content.decode() if response.status_code == 200 else ""

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


def agreement(step_map, *, status: str, roles: frozenset[str], shown, attempt, applies=lambda name: True):
    """Step by step: whether the page shows it and the service accepts it, next to what the map allows.

    ``shown(name)`` reads the page, ``attempt(name)`` takes the step through its service (rolled
    back here), ``applies(name)`` says whether the step fits the object at all (say, its level).
    Returns ``(seen, expected)`` for the test to compare.
    """
    seen, expected = {}, {}
    for name, rule in step_map.items():
        allowed = rule.starts_from(status) and rule.open_to(roles) and applies(name)
        result = rolled_back(lambda: attempt(name))  # noqa: B023
        seen[name] = {"page": shown(name), "service": not isinstance(result, Exception)}
        expected[name] = {"page": allowed, "service": allowed}
    return seen, expected

"""Checks and follow-ups other apps add to the visit report without inspections importing them.

``checklists`` registers one in its ``AppConfig.ready``: a visit whose checklist lacks required
evidence or still has undecided draft findings cannot be reported. A check takes the locked
visit and returns the problems as sentences (empty when none).

``socialsecurity`` registers a *reported hook*: called with the visit once it is reported, inside
the report's transaction (the BPJS flags of the visited company are recomputed from what the
visit found).
"""

from collections.abc import Callable

REPORT_CHECKS: list[Callable] = []
REPORTED_HOOKS: list[Callable] = []


def register_report_check(check: Callable) -> None:
    if check not in REPORT_CHECKS:
        REPORT_CHECKS.append(check)


def report_problems(inspection) -> list[str]:
    return [problem for check in REPORT_CHECKS for problem in check(inspection)]


def register_reported_hook(hook: Callable) -> None:
    if hook not in REPORTED_HOOKS:
        REPORTED_HOOKS.append(hook)


def visit_reported(inspection) -> None:
    for hook in REPORTED_HOOKS:
        hook(inspection)

"""Checks other apps add to the visit report without inspections importing them.

``checklists`` registers one in its ``AppConfig.ready``: a visit whose checklist lacks required
evidence or still has undecided draft findings cannot be reported. A check takes the locked
visit and returns the problems as sentences (empty when none).
"""

from collections.abc import Callable

REPORT_CHECKS: list[Callable] = []


def register_report_check(check: Callable) -> None:
    if check not in REPORT_CHECKS:
        REPORT_CHECKS.append(check)


def report_problems(inspection) -> list[str]:
    return [problem for check in REPORT_CHECKS for problem in check(inspection)]

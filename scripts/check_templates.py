#!/usr/bin/env python3
"""Fail when a template or Python module switches off Django's HTML escaping, or when a
template carries inline script or style that the Content-Security-Policy would block.

Checked in templates under templates/ and */templates/:
  |safe, {% autoescape off %}, <script> without src, on*="..." handlers, style="..." attributes.
Checked in Python code (tests excluded): mark_safe( and SafeString(.

A real need goes into ALLOWED below with the reason, reviewed like any other code.
Usage: python scripts/check_templates.py [ROOT]   (exit status 1 when something is found)
"""

import re
import sys
from pathlib import Path

# "relative/path": "why this file may use one of the patterns"
ALLOWED: dict[str, str] = {
    "inspectorate/widgets.py": (
        "the filter forms' selects and inputs written in Python for speed: every value, label and attribute "
        "goes through escape() first, and tests/inspectorate/test_widgets.py compares the output with Django's"
    ),
    "reporting/dashboard_html.py": (
        "the official dashboard's offices table and ranking written in Python for speed: every value goes through "
        "html.escape() or format_html, and tests/dashboards/test_html.py compares the output with the template's"
    ),
    "complaints/queue_html.py": (
        "the work queue's rows written in Python for speed: every value goes through html.escape(), and "
        "tests/complaints/test_queue_html.py compares the output with the template's"
    ),
    "inspections/visit_html.py": (
        "the visit list's rows written in Python for speed: every value goes through html.escape(), and "
        "tests/inspections/test_visit_html.py compares the output with the template's"
    ),
    "reporting/report_html.py": (
        "the reports list's rows and a report's status written in Python for speed: every value goes through "
        "html.escape(), and tests/reporting/test_report_html.py compares the output with the templates'"
    ),
    "reporting/quota_html.py": (
        "the office head's home panel's quota rows written in Python for speed: every value goes through "
        "html.escape(), and tests/reporting/test_quota_html.py compares the output with the template's"
    ),
    "inspectorate/context_processors.py": (
        "the navigation bar written in Python for speed: every address and label goes through html.escape(), and "
        "tests/inspectorate/test_chrome.py compares the output with the template's"
    ),
    "inspectorate/templatetags/chrome.py": (
        "the footer's language buttons written in Python for speed: each code and name goes through "
        "html.escape(), and tests/inspectorate/test_chrome.py compares the output with the template's"
    ),
    "templates/notifications/email/notification.txt": (
        "the plain-text part of an e-mail: never rendered as HTML, so escaping would print &amp; to the reader"
    ),
    "templates/notifications/email/digest.txt": (
        "the plain-text part of an e-mail: never rendered as HTML, so escaping would print &amp; to the reader"
    ),
    "templates/complaints/email/complainant_update.txt": (
        "the plain-text part of an e-mail: never rendered as HTML, so escaping would print &amp; to the reader"
    ),
}

SKIP_DIRS = {".venv", "venv", "node_modules", "staticfiles", "media", ".git", "tests", "migrations", "__pycache__"}

TEMPLATE_RULES = [
    (re.compile(r"\|\s*safe(seq)?\b"), "|safe or |safeseq switches off escaping"),
    (re.compile(r"{%-?\s*autoescape\s+off\b"), "{% autoescape off %} switches off escaping"),
    (re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE), "inline <script> (blocked by the CSP)"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE), "on* event handler attribute (blocked by the CSP)"),
    (re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE), "style attribute (blocked by the CSP)"),
]
PYTHON_RULES = [
    (re.compile(r"\bmark_safe\s*\("), "mark_safe( switches off escaping"),
    (re.compile(r"\bSafeString\s*\("), "SafeString( switches off escaping"),
]


def _walk(root: Path, pattern: str):
    for path in sorted(root.rglob(pattern)):
        if not SKIP_DIRS.intersection(path.relative_to(root).parts):
            yield path


def _is_template(path: Path, root: Path) -> bool:
    return "templates" in path.relative_to(root).parts[:-1]


def find_problems(root: Path) -> list[str]:
    problems = []
    checks = [(p, TEMPLATE_RULES) for p in _walk(root, "*.html") if _is_template(p, root)]
    checks += [(p, TEMPLATE_RULES) for p in _walk(root, "*.txt") if _is_template(p, root)]
    checks += [(p, PYTHON_RULES) for p in _walk(root, "*.py")]
    for path, rules in checks:
        relative = path.relative_to(root).as_posix()
        if relative in ALLOWED or relative == "scripts/check_templates.py":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern, reason in rules:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{relative}:{line}: {reason}")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    problems = find_problems(root.resolve())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s): fix them, or allow the file in ALLOWED above with a reason.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

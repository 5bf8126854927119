"""The benchmark command in its fastest mode prints every figure (its timings are not tested)."""

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

PAGES = [
    "national dashboard",
    "office dashboard",
    "office work queue (head, no filter)",
    "office work queue (head, in progress + overdue)",
    "office work queue (head, wages + company name)",
    "complaint detail",
    "company search by name, page (head)",
    "company search by name, page (national)",
    "company search by NIB, page",
    "company search by name, API",
    "company search by NIB, API",
    "visit list",
    "inspector home",
    "reports list",
]


def test_it_prints_every_page_pdf_and_batch_row_beside_its_budget():
    call_command("generate_scale_data", "--small", stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench", "--fast", stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    for label in PAGES:
        line = next((line for line in lines if line.startswith(label)), None)
        assert line is not None, label
        assert "median" in line and "p95" in line and " q " in line
        assert "HTTP" not in line, line  # every page answered 200
    for budgeted in ("national dashboard", "office dashboard", "complaint detail", "inspector home"):
        line = next(line for line in lines if line.startswith(budgeted))
        assert "p95<=" in line and (line.rstrip().endswith("ok") or line.rstrip().endswith("OVER"))
    for kind in ("quota", "resolution"):
        for scope in ("office", "region", "national"):
            line = next((line for line in lines if line.startswith(f"{kind} PDF") and f", {scope}" in line), None)
            assert line is not None and "(done)" in line, (kind, scope)
    batch = next(line for line in lines if line.startswith("month batch"))
    assert "2 done, 0 failed" in batch and "<=15min" in batch
    assert "21 figures" in lines[-1]


def test_it_says_what_to_do_on_an_empty_database():
    with pytest.raises(CommandError, match="generate_scale_data"):
        call_command("bench", "--fast", stdout=io.StringIO())

"""The benchmark: server time of the key pages and API calls, PDF build times, the month's batch.

Pages are timed in-process with Django's test Client (the time around ``client.get``, after a
warm-up), which measures the server's work (middleware, views, queries, templates) without a
network or a WSGI server in between. It is a benchmark, not a test: nothing here fails on time.
"""

from __future__ import annotations

import os
import statistics
import subprocess  # nosec B404 - starts our own Celery worker
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.choices import OPEN_STATUSES, Status
from complaints.models import Category, Complaint
from inspectorate import workers
from inspectorate.choices import NormCategory, Role
from inspectorate.models import Company, Office, Staff
from reporting import figures, services
from reporting.choices import ReportKind, ReportStatus
from reporting.models import Report

BASE_DIR = Path(__file__).resolve().parent.parent


@dataclass
class Actors:
    national: Staff
    head: Staff
    inspector: Staff
    office: Office
    complaint: Complaint
    name_query: str
    nib: str


@dataclass
class PageCase:
    label: str
    user: Staff
    url: str
    budget_ms: float | None


@dataclass
class Row:
    label: str
    budget: str
    figure: str
    over: bool | None  # None: no budget

    def line(self) -> str:
        mark = "" if self.over is None else ("OVER" if self.over else "ok")
        return f"{self.label:<58} {self.figure:<38} {self.budget:<12} {mark}"


def pick_actors() -> Actors:
    """The busiest office (most complaints), its head, its busiest inspector, a national official."""
    national = Staff.objects.filter(role=Role.OFFICIAL, region__isnull=True, is_active=True).order_by("pk").first()
    busiest = (
        Complaint.objects.order_by().values("office_id").annotate(n=Count("pk")).order_by("-n", "office_id").first()
    )
    if national is None or busiest is None:
        raise LookupError("No data to benchmark: run generate_scale_data first.")
    office = Office.objects.select_related("region").get(pk=busiest["office_id"])
    head = Staff.objects.filter(office=office, role=Role.OFFICE_HEAD, is_active=True).order_by("pk").first()
    inspector = (
        Staff.objects.filter(office=office, role=Role.INSPECTOR, is_active=True)
        .annotate(n=Count("assigned_complaints", filter=Q(assigned_complaints__status__in=OPEN_STATUSES)))
        .order_by("-n", "pk")
        .first()
    )
    complaint = (
        Complaint.objects.filter(office=office, status=Status.IN_PROGRESS).order_by("-received_at").first()
        or Complaint.objects.filter(office=office).order_by("-received_at").first()
    )
    company = Company.objects.filter(district__office=office).exclude(nib="").order_by("pk").first()
    if head is None or inspector is None or company is None:
        raise LookupError("The busiest office lacks a head, an inspector or a company with an NIB.")
    name_query = " ".join(company.name.split()[1:3]).lower()
    return Actors(national, head, inspector, office, complaint, name_query, company.nib)


def page_cases(actors: Actors) -> list[PageCase]:
    wages = Category.objects.filter(code=NormCategory.WAGES).values_list("pk", flat=True).first()
    q = actors.name_query
    return [
        PageCase("national dashboard (national official)", actors.national, reverse("reporting:dashboard"), 300),
        PageCase("office dashboard (office head)", actors.head, reverse("reporting:dashboard"), 150),
        PageCase("office work queue (head, no filter)", actors.head, reverse("complaints:complaint_list"), 150),
        PageCase(
            "office work queue (head, in progress + overdue)",
            actors.head,
            reverse("complaints:complaint_list") + "?status=in_progress&overdue=true&o=due",
            150,
        ),
        PageCase(
            "office work queue (head, wages + company name)",
            actors.head,
            reverse("complaints:complaint_list") + f"?category={wages}&company={q.split()[0]}",
            150,
        ),
        PageCase(
            "complaint detail (office head)",
            actors.head,
            reverse("complaints:complaint_detail", args=[actors.complaint.pk]),
            100,
        ),
        PageCase(
            f"company search by name, page (head) q={q!r}",
            actors.head,
            reverse("inspectorate:company_list") + f"?q={q.replace(' ', '+')}",
            100,
        ),
        PageCase(
            f"company search by name, page (national) q={q!r}",
            actors.national,
            reverse("inspectorate:company_list") + f"?q={q.replace(' ', '+')}",
            100,
        ),
        PageCase(
            "company search by NIB, page (head)",
            actors.head,
            reverse("inspectorate:company_list") + f"?q={actors.nib}",
            100,
        ),
        PageCase(
            "company search by name, API (head)",
            actors.head,
            reverse("api:company-list") + f"?q={q.replace(' ', '+')}",
            100,
        ),
        PageCase(
            "company search by NIB, API (national)",
            actors.national,
            reverse("api:company-list") + f"?q={actors.nib}",
            100,
        ),
        PageCase("visit list (office head)", actors.head, reverse("inspections:inspection_list"), None),
        PageCase("inspector home (inspector)", actors.inspector, reverse("home"), 100),
        PageCase("reports list (national official)", actors.national, reverse("reporting:report_list"), None),
    ]


def time_page(case: PageCase, *, requests: int, warmup: int) -> tuple[list[float], int, int]:
    """Server times in ms of ``requests`` GETs after ``warmup`` ones, the query count and the status."""
    client = Client()
    client.force_login(case.user)
    for _ in range(warmup):
        client.get(case.url)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(case.url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(case.url)
    return times, len(queries), response.status_code


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1))]


def last_full_month() -> date:
    return figures.add_months(timezone.localdate().replace(day=1), -1)


def time_pdf(kind: str, month: date, **scope) -> tuple[float, str]:
    report = services.report_request(kind=kind, month=month, rebuild=True, enqueue=False, **scope)
    if report.status != ReportStatus.QUEUED:  # a done one is requeued by rebuild; a running one is not ours
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, attempts=0, started_at=None)
    started = time.perf_counter()
    built = services.report_build(report_id=report.pk)
    elapsed = time.perf_counter() - started
    return elapsed, "done" if built is not None and built.status == ReportStatus.DONE else "FAILED"


def month_scopes() -> list[dict]:
    offices = list(Office.objects.order_by("code"))
    regions = {o.region_id for o in offices}
    from inspectorate.models import Region

    return (
        [{"office": o} for o in offices]
        + [{"region": r} for r in Region.objects.filter(pk__in=regions).order_by("code")]
        + [{}]
    )


def start_worker(concurrency: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "")}
    return workers.start_worker(concurrency=concurrency, name="bench", env=env, timeout=90)


def run_batch(month: date, *, mode: str, limit: int | None, timeout: float, out) -> tuple[float, int, int, int]:
    """Request every report of the month and wait until all are built: (seconds, total, done, failed)."""
    requests = [(scope, kind) for scope in month_scopes() for kind in ReportKind.values]
    if limit:
        requests = requests[:limit]
    scope_keys = set()
    proc = start_worker(2) if mode == "celery" else None
    try:
        started = time.perf_counter()
        ids = []
        for scope, kind in requests:
            report = services.report_request(kind=kind, month=month, rebuild=True, enqueue=mode == "celery", **scope)
            ids.append(report.pk)
            scope_keys.add(report.scope_key)
        if mode != "celery":
            for pk in ids:
                services.report_build(report_id=pk)
        last_print = 0.0
        while True:
            pending = Report.objects.filter(pk__in=ids, status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]).count()
            elapsed = time.perf_counter() - started
            if pending == 0 or elapsed > timeout:
                break
            if elapsed - last_print > 15:
                out(f"  batch: {len(ids) - pending}/{len(ids)} built after {elapsed:.0f}s")
                last_print = elapsed
            time.sleep(1)
    finally:
        if proc is not None:
            workers.stop_worker(proc)
    done = Report.objects.filter(pk__in=ids, status=ReportStatus.DONE).count()
    failed = Report.objects.filter(pk__in=ids, status=ReportStatus.FAILED).count()
    return elapsed, len(ids), done, failed


def run(
    *,
    requests: int,
    warmup: int,
    pdfs: bool,
    batch: str,
    batch_limit: int | None,
    batch_timeout: float,
    out: Callable[[str], None],
    only: Sequence[str] = (),
) -> list[Row]:
    actors = pick_actors()
    out(
        f"Database: {settings.DATABASES['default'].get('NAME')} ({connection.vendor}); "
        f"{Company.objects.count():,} companies, {Complaint.objects.count():,} complaints; "
        f"office {actors.office.code} ({Complaint.objects.filter(office=actors.office).count():,} complaints)"
    )
    out(f"Pages: {requests} timed requests each after {warmup} warm-up; server time in-process.")
    rows: list[Row] = []
    header = f"{'what':<58} {'figure':<38} {'budget':<12} mark"
    out(header)
    out("-" * len(header))

    def emit(row: Row) -> None:
        rows.append(row)
        out(row.line())

    def selected(label: str) -> bool:
        return not only or any(part.lower() in label.lower() for part in only)

    for case in page_cases(actors):
        if not selected(case.label):
            continue
        times, n_queries, status = time_page(case, requests=requests, warmup=warmup)
        median, high = statistics.median(times), p95(times)
        figure = f"median {median:6.1f} ms, p95 {high:6.1f} ms, {n_queries:3d} q"
        if status != 200:
            figure += f" HTTP {status}"
        budget = f"p95<={case.budget_ms:.0f}ms" if case.budget_ms else "—"
        emit(Row(case.label, budget, figure, None if case.budget_ms is None else high > case.budget_ms))

    month = last_full_month()
    if pdfs:
        # Untimed: the first PDF of a process loads WeasyPrint and the fonts (about a second);
        # the Celery workers that build reports are long-lived and pay it once.
        from reporting.pdf import html_to_pdf

        html_to_pdf("<p>warm-up</p>")
        office, region = actors.office, actors.office.region
        for label, scope, budget in (
            (f"office {office.code}", {"office": office}, 3.0),
            (f"region {region.code}", {"region": region}, None),
            ("national", {}, 10.0),
        ):
            for kind in ReportKind.values:
                if not selected(f"{kind} PDF {month:%Y-%m}, {label}"):
                    continue
                seconds, state = time_pdf(kind, month, **scope)
                emit(
                    Row(
                        f"{kind} PDF {month:%Y-%m}, {label}",
                        f"<={budget:.0f}s" if budget else "—",
                        f"{seconds:6.2f} s ({state})",
                        None if budget is None else (seconds > budget or state != "done"),
                    )
                )
    if batch != "skip":
        seconds, total, done, failed = run_batch(month, mode=batch, limit=batch_limit, timeout=batch_timeout, out=out)
        how = "2 Celery workers" if batch == "celery" else "in-process"
        emit(
            Row(
                f"month batch {month:%Y-%m}: {total} reports, {how}",
                "<=15min",
                f"{seconds:7.1f} s, {done} done, {failed} failed",
                seconds > 15 * 60 or done != total,
            )
        )
    return rows

"""The benchmark: server time of the key pages and API calls, PDF build times, the month's batch.

Pages are timed in-process with Django's test Client (the time around ``client.get``, after a
warm-up), which measures the server's work (middleware, views, queries, templates) without a
network or a WSGI server in between. It is a benchmark, not a test: nothing here fails on time.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess  # nosec B404 - starts our own Celery worker
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.cache import cache, caches
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Count, Exists, OuterRef, Q
from django.db.utils import load_backend
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from complaints.choices import OPEN_STATUSES, Status
from complaints.models import Category, Complaint
from inspections.models import Inspection
from inspectorate import workers
from inspectorate.choices import NormCategory, Role
from inspectorate.models import Company, Office, Staff
from inspectorate.runtime import tune_gc
from inspectorate.security.mfa import has_totp, mfa_required
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
    company: Company
    visit: Inspection


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
        return f"{self.label:<66} {self.figure:<38} {self.budget:<12} {mark}"


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
    complaint = detail_complaint(office)
    company = Company.objects.filter(district__office=office).exclude(nib="").order_by("pk").first()
    if head is None or inspector is None or company is None:
        raise LookupError("The busiest office lacks a head, an inspector or a company with an NIB.")
    name_query = " ".join(company.name.split()[1:3]).lower()
    # The office's first visit: the same one (its findings, notices and notes) after data is appended.
    visit = Inspection.objects.filter(office=office).order_by("pk").first()
    if visit is None:
        raise LookupError("The busiest office has no visit.")
    return Actors(national, head, inspector, office, complaint, name_query, company.nib, company, visit)


def detail_complaint(office: Office) -> Complaint | None:
    """The complaint whose page is timed: the office's newest in progress, naming its complainant
    and a registered company, with a visit.

    Its page then shows every panel (the company, the visits it led to, the complainant's
    identity and the audit entry of that read, the same actions), so its query count is the same
    on every data set; "the newest in progress" could be anonymous or without a company or a
    visit on one data set and not on the other, and the status decides which action forms (and
    their choices) the page renders.
    """
    mine = Complaint.objects.filter(office=office).order_by("-received_at", "-pk")
    named = mine.filter(company__isnull=False, status=Status.IN_PROGRESS, is_anonymous=False).exclude(
        complainant_name=""
    )
    return (
        named.filter(Exists(Inspection.objects.filter(origin_complaint=OuterRef("pk")))).first()
        or named.first()
        or mine.first()
    )


def page_cases(actors: Actors) -> list[PageCase]:
    wages = Category.objects.filter(code=NormCategory.WAGES).values_list("pk", flat=True).first()
    q = actors.name_query
    return [
        PageCase("national dashboard (national official)", actors.national, reverse("reporting:dashboard"), 150),
        PageCase("office dashboard (office head)", actors.head, reverse("reporting:dashboard"), 150),
        PageCase("office work queue (head, no filter)", actors.head, reverse("complaints:complaint_list"), 100),
        PageCase(
            "office work queue (head, in progress + overdue)",
            actors.head,
            reverse("complaints:complaint_list") + "?status=in_progress&overdue=true&o=due",
            100,
        ),
        PageCase(
            "office work queue (head, wages + company name)",
            actors.head,
            reverse("complaints:complaint_list") + f"?category={wages}&company={q.split()[0]}",
            100,
        ),
        PageCase(
            "complaint detail (office head)",
            actors.head,
            reverse("complaints:complaint_detail", args=[actors.complaint.pk]),
            60,
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
        # Pages beyond the budgeted ones, held to page/SQL <= 2 as every page is.
        PageCase(
            "visit page (inspector)",
            actors.inspector,
            reverse("inspections:inspection_detail", args=[actors.visit.pk]),
            None,
        ),
        PageCase(
            "company page (office head)",
            actors.head,
            reverse("inspectorate:company_detail", args=[actors.company.pk]),
            None,
        ),
        PageCase("home (office head)", actors.head, reverse("home"), None),
        PageCase("home (national official)", actors.national, reverse("home"), None),
        PageCase("notifications (office head)", actors.head, reverse("notifications:notification_list"), None),
        PageCase("overdue findings (office head)", actors.head, reverse("inspections:finding_overdue_list"), None),
        PageCase("accidents (office head)", actors.head, reverse("accidents:accident_list"), None),
        PageCase("visit calendar (inspector)", actors.inspector, reverse("inspections:inspection_calendar"), None),
        # The floor under every page's ratio: a signed-in request that reads one count and returns
        # a number (the bell's), paying the session, the user and the middleware like any page.
        PageCase(
            "notification count (office head): a request's fixed cost",
            actors.head,
            reverse("notifications:notification_bell"),
            None,
        ),
    ]


MODES = ("fresh", "cached")
RATIO_BUDGET = 2.0  # a page's server time at most twice the SQL it runs


@dataclass
class Sample:
    """One request: server time, time spent in SQL, queries run and cache reads hit or missed."""

    ms: float
    cpu_ms: float  # this process's CPU (Python); on a shared machine wall time also waits for a core
    sql_ms: float
    queries: int
    hits: int
    misses: int


class Probe:
    """Counts and times the SQL of a request (``execute_wrapper``) and its cache reads."""

    def __init__(self):
        self.sql = 0.0
        self.queries = 0
        self.hits = 0
        self.misses = 0

    def _execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += time.perf_counter() - started
            self.queries += 1

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self._execute)
        self._wrapper.__enter__()
        backend = caches["default"]
        self._backend, self._get, self._get_many = backend, backend.get, backend.get_many

        def get(key, default=None, version=None):
            value = self._get(key, _MISSING, version=version)
            if value is _MISSING:
                self.misses += 1
                return default
            self.hits += 1
            return value

        def get_many(keys, version=None):
            keys = list(keys)
            found = self._get_many(keys, version=version)
            self.hits += len(found)
            self.misses += len(keys) - len(found)
            return found

        backend.get, backend.get_many = get, get_many
        return self

    def __exit__(self, *exc):
        del self._backend.get, self._backend.get_many
        self._wrapper.__exit__(*exc)


_MISSING = object()


def time_page(case: PageCase, *, requests: int, warmup: int, mode: str) -> tuple[list[Sample], int]:
    """``requests`` timed GETs after ``warmup`` ones, and the last status.

    ``fresh``: the cache is cleared before every request (the first visitor after a change);
    ``cached``: it is kept (every later visitor until the data changes).
    """
    client = Client()
    client.force_login(case.user)
    for _ in range(warmup):
        client.get(case.url)
    samples = []
    status = 0
    for _ in range(requests):
        if mode == "fresh":
            cache.clear()
        with Probe() as probe:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(case.url)
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu_started) * 1000
        status = response.status_code
        samples.append(Sample(elapsed, cpu, probe.sql * 1000, probe.queries, probe.hits, probe.misses))
    return samples, status


@dataclass
class PageFigures:
    label: str
    mode: str
    median: float
    p95: float
    cpu: float
    queries: int
    sql: float
    cache: str
    status: int

    @property
    def ratio(self) -> float:
        return self.median / self.sql if self.sql > 0 else float("inf")

    def figure(self) -> str:
        text = (
            f"median {self.median:6.1f} ms, p95 {self.p95:6.1f} ms, CPU {self.cpu:6.1f} ms, {self.queries:3d} q, "
            f"SQL {self.sql:6.1f} ms, page/SQL {self.ratio:4.2f}, cache {self.cache}"
        )
        return text if self.status == 200 else text + f" HTTP {self.status}"


def page_figures(case: PageCase, *, requests: int, warmup: int, mode: str) -> PageFigures:
    samples, status = time_page(case, requests=requests, warmup=warmup, mode=mode)
    hits, misses = sum(s.hits for s in samples), sum(s.misses for s in samples)
    # "hit": every request read its figures from the cache; "miss": none did; "—": no cache read.
    cache_state = "—" if not hits + misses else ("hit" if not misses else ("miss" if not hits else "part"))
    return PageFigures(
        label=case.label,
        mode=mode,
        median=statistics.median(s.ms for s in samples),
        p95=p95([s.ms for s in samples]),
        cpu=statistics.median(s.cpu_ms for s in samples),
        queries=max(s.queries for s in samples),
        sql=statistics.median(s.sql_ms for s in samples),
        cache=cache_state,
        status=status,
    )


def p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile: the ⌈0.95 n⌉-th smallest value (of 20 samples, the 19th)."""
    ordered = sorted(values)
    rank = -(-95 * len(ordered) // 100)  # ⌈0.95 n⌉ with integers only
    return ordered[max(rank, 1) - 1]


def run_pages(*, requests: int, warmup: int, selected: Callable[[str], bool]) -> list[PageFigures]:
    """Every selected page, fresh then cached, with two-factor authentication enforced as production
    enforces it (``MFA_ENFORCE``, off in the bench settings for the load test's logins): every page
    of the office head and the national official asks whether they have an authenticator app."""
    actors = pick_actors()
    with_authenticator(actors.national, actors.head, actors.inspector)
    results = []
    with override_settings(MFA_ENFORCE=True):
        for case in page_cases(actors):
            if selected(case.label):
                results.extend(page_figures(case, requests=requests, warmup=warmup, mode=mode) for mode in MODES)
    return results


def with_authenticator(*users: Staff) -> None:
    """An authenticator app (TOTP) for each user whose role requires one and who has none yet:
    without it production sends them to its setup page instead of the page timed."""
    for user in users:
        if mfa_required(user) and not has_totp(user):
            TOTP.activate(user, generate_totp_secret())


def interpreter() -> str:
    """The Python that runs the pages: its version and the interpreter the virtualenv was made from."""
    return f"Python {platform.python_version()} ({os.path.realpath(sys.executable)})"


def load_average() -> str:
    try:
        return ", ".join(f"{n:.2f}" for n in os.getloadavg())
    except OSError:
        return "unknown"


def describe_database(actors: Actors) -> str:
    return (
        f"Database: {connection.settings_dict.get('NAME')} ({connection.vendor}); "
        f"{Company.objects.count():,} companies, {Complaint.objects.count():,} complaints; "
        f"office {actors.office.code} ({Complaint.objects.filter(office=actors.office).count():,} complaints); "
        f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )


@contextmanager
def use_database(url: str) -> Iterator[None]:
    """Run the block on another database (the growth report's second data set).

    Opens a connection of its own for ``url`` and makes it this thread's default for the
    block, then closes it and puts the caller's connection back untouched: an open
    transaction on that connection (a test's, a caller's ``atomic``) is neither closed nor
    committed by the detour.
    """
    import environ

    settings_dict = {**connections[DEFAULT_DB_ALIAS].settings_dict, **environ.Env.db_url_config(url)}
    own = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
    original = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = own
    try:
        yield
    finally:
        try:
            own.close()
        finally:
            connections[DEFAULT_DB_ALIAS] = original


def growth(
    *, other_url: str, requests: int, warmup: int, out: Callable[[str], None], only: Sequence[str] = ()
) -> list[tuple[PageFigures, PageFigures]]:
    """Every page on the current data set, then on ``other_url``'s: times, queries and their ratios.

    Meant for one tenth of the national size (current) against the full size (``other_url``):
    a page whose time grows with the data by ten while its queries stay the same reads rows it
    does not show.
    """

    def selected(label: str) -> bool:
        return not only or any(part.lower() in label.lower() for part in only)

    sets = []
    for url in (None, other_url):
        with use_database(url) if url else nullcontext():
            out(describe_database(pick_actors()))
            out(f"Load average (1, 5, 15 min): {load_average()}")
            out(f"Garbage collector thresholds: {tune_gc()}, the server processes' (inspectorate.runtime)")
            out(interpreter())
            cache.clear()
            sets.append(run_pages(requests=requests, warmup=warmup, selected=selected))
    pairs = list(zip(sets[0], sets[1], strict=True))
    header = (
        f"{'page':<66} {'mode':<7} {'median small':>12} {'median big':>11} {'x time':>7} "
        f"{'SQL small':>10} {'SQL big':>8} {'x SQL':>6} {'queries':>9}"
    )
    out(header)
    out("-" * len(header))
    for small, big in pairs:
        queries = f"{small.queries}" if small.queries == big.queries else f"{small.queries}->{big.queries}"
        out(
            f"{small.label:<66} {small.mode:<7} {small.median:10.1f}ms {big.median:9.1f}ms "
            f"{_times(big.median, small.median):>7} {small.sql:8.1f}ms {big.sql:6.1f}ms "
            f"{_times(big.sql, small.sql):>6} {queries:>9}"
        )
    return pairs


def _times(big: float, small: float) -> str:
    return f"x{big / small:.1f}" if small > 0 else "—"


def last_full_month() -> date:
    return figures.add_months(timezone.localdate().replace(day=1), -1)


def time_pdf(kind: str, month: date, **scope) -> tuple[float, float, str]:
    """Wall and CPU seconds of building one report in this process, and whether it was built."""
    report = services.report_request(kind=kind, month=month, rebuild=True, enqueue=False, **scope)
    if report.status != ReportStatus.QUEUED:  # a done one is requeued by rebuild; a running one is not ours
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, attempts=0, started_at=None)
    started, cpu_started = time.perf_counter(), time.process_time()
    built = services.report_build(report_id=report.pk)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return elapsed, cpu, "done" if built is not None and built.status == ReportStatus.DONE else "FAILED"


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


PLAN_BUDGET_S = 10.0


def time_plan() -> Row:
    """The monthly plan of the office with the most companies: scores recomputed, proposal built (rolled back)."""
    from django.db import transaction

    from targeting import services as targeting_services

    office = Office.objects.annotate(n=Count("districts__companies")).order_by("-n", "id").first()
    if office is None:
        raise LookupError("No office: run generate_scale_data first.")
    head = Staff.objects.filter(office=office, role=Role.OFFICE_HEAD, is_active=True).first()
    actor = head or Staff.objects.filter(is_superuser=True).first()
    if actor is None:
        raise LookupError("The office has no head (and there is no administrator) to generate its plan.")
    companies = office.districts.aggregate(n=Count("companies"))["n"]
    started = time.perf_counter()
    cpu = time.process_time()
    with transaction.atomic():
        plan = targeting_services.plan_generate(actor=actor, office=office, seed=1)
        entries = plan.entries.count()
        transaction.set_rollback(True)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return Row(
        f"monthly visit plan, office {office.code} ({companies:,} companies, {entries} visits)",
        f"<={PLAN_BUDGET_S:.0f}s",
        f"{seconds:6.2f} s, CPU {cpu:6.2f} s",
        seconds > PLAN_BUDGET_S,
    )


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
    out(describe_database(actors))
    out(f"Load average (1, 5, 15 min): {load_average()}")
    out(f"Garbage collector thresholds: {tune_gc()}, the server processes' (inspectorate.runtime)")
    out(interpreter())
    out(
        f"Pages: {requests} timed requests each after {warmup} warm-up, fresh (cache cleared before each) "
        f"and cached; server time in-process, two-factor authentication enforced; mark: p95 against the "
        f"budget and page/SQL <= {RATIO_BUDGET:.0f}."
    )
    rows: list[Row] = []
    header = f"{'what':<58} {'figure':<38} {'budget':<12} mark"
    out(header)
    out("-" * len(header))

    def emit(row: Row) -> None:
        rows.append(row)
        out(row.line())

    def selected(label: str) -> bool:
        return not only or any(part.lower() in label.lower() for part in only)

    budgets = {case.label: case.budget_ms for case in page_cases(actors)}
    for page in run_pages(requests=requests, warmup=warmup, selected=selected):
        budget_ms = budgets[page.label]
        over = page.ratio > RATIO_BUDGET or (budget_ms is not None and page.p95 > budget_ms)
        budget = f"p95<={budget_ms:.0f}ms" if budget_ms else "—"
        emit(Row(f"{page.label} [{page.mode}]", budget, page.figure(), over))

    if selected("monthly visit plan"):
        emit(time_plan())

    month = last_full_month()
    if pdfs:
        # Untimed: the first PDF of a process loads WeasyPrint and the fonts (about a second);
        # the Celery workers that build reports are long-lived and pay it once.
        from reporting.pdf import html_to_pdf

        html_to_pdf("<p>warm-up</p>")
        office, region = actors.office, actors.office.region
        for label, scope, budget in (
            (f"office {office.code}", {"office": office}, 2.0),
            (f"region {region.code}", {"region": region}, None),
            ("national", {}, 5.0),
        ):
            for kind in ReportKind.values:
                if not selected(f"{kind} PDF {month:%Y-%m}, {label}"):
                    continue
                seconds, cpu, state = time_pdf(kind, month, **scope)
                emit(
                    Row(
                        f"{kind} PDF {month:%Y-%m}, {label}",
                        f"<={budget:.0f}s" if budget else "—",
                        f"{seconds:6.2f} s, CPU {cpu:6.2f} s ({state})",
                        None if budget is None else (seconds > budget or state != "done"),
                    )
                )
    if batch != "skip":
        seconds, total, done, failed = run_batch(month, mode=batch, limit=batch_limit, timeout=batch_timeout, out=out)
        how = "2 Celery workers" if batch == "celery" else "in-process"
        emit(
            Row(
                f"month batch {month:%Y-%m}: {total} reports, {how}",
                "<=10min",
                f"{seconds:7.1f} s, {done} done, {failed} failed",
                seconds > 10 * 60 or done != total,
            )
        )
    return rows

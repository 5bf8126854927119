"""Writes of reporting: record a request first, build it later, never lose or double it.

- :func:`report_request` commits the row, then hands it to the queue on commit; a broker
  that is down leaves it ``queued`` for :func:`reports_dispatch_pending` to send later.
- :func:`report_build` claims the row with a conditional ``UPDATE`` (``queued`` → ``running``,
  or a ``running`` one whose worker died), so two workers never build the same report; a
  build is tried at most :data:`MAX_ATTEMPTS` times.
- :func:`reports_request_due` is the monthly schedule: last month's reports of every office
  once its own local clock has passed midnight on the 1st.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from inspectorate import storage
from inspectorate.models import Office, Region
from notifications.services import notify

from . import selectors
from .choices import MAX_ATTEMPTS, MONTHLY_KINDS, ReportKind, ReportStatus
from .figures import add_months, month_start
from .models import Report, ReportBuild, report_upload_to, scope_key_for

logger = logging.getLogger(__name__)

# What a publish to an unreachable broker raises (kombu wraps most; sockets may leak through).
ENQUEUE_ERRORS = (BrokerError, ConnectionError, OSError, TimeoutError)


def _enqueue(report_id: int) -> bool:
    """Hand the report to the task queue; ``False`` (logged, report stays queued) if the broker is down."""
    from .tasks import build_report

    task_id = str(uuid.uuid4())
    try:
        build_report.apply_async(args=[report_id], task_id=task_id)
    except ENQUEUE_ERRORS as exc:
        logger.warning("Report %s stays queued: the task queue is unreachable (%s)", report_id, exc)
        return False
    Report.objects.filter(pk=report_id).update(dispatched_at=timezone.now(), celery_task_id=task_id)
    return True


def _check_scope(*, user, office: Office | None, region: Region | None) -> None:
    if user is None:  # the schedule and the command act for the system
        return
    if office is not None:
        allowed = selectors.requestable_offices(user=user).filter(pk=office.pk).exists()
    elif region is not None:
        allowed = selectors.requestable_regions(user=user).filter(pk=region.pk).exists()
    else:
        allowed = selectors.may_request_national(user)
    if not allowed:
        raise ValidationError(_("You cannot request reports for this scope."), code="scope")


@transaction.atomic
def report_request(
    *,
    kind: str,
    month: date,
    office: Office | None = None,
    region: Region | None = None,
    user=None,
    language: str | None = None,
    rebuild: bool = False,
    enqueue: bool = True,
) -> Report:
    """The report of ``kind`` for this scope and month: recorded now, built by a worker after commit.

    Asking again for an existing report returns it unchanged (no second row, no second build);
    a ``done`` report's file is replaced only with ``rebuild=True``. A ``failed`` one is tried
    again.
    """
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Unknown report kind.")})
    if office is not None and region is not None:
        raise ValidationError(_("A report covers an office or a region, not both."))
    # The annual report is one per scope and year: its "month" is the year's first.
    month = month.replace(month=1, day=1) if kind == ReportKind.ANNUAL else month_start(month)
    now = timezone.now()
    # Compared with the date a day ahead, so every time zone's current month is accepted.
    if month > month_start((now + timedelta(days=1)).date()):
        raise ValidationError({"month": _("Reports cover the current or a past month.")})
    languages = {code for code, _name in settings.LANGUAGES}
    language = language if language in languages else settings.LANGUAGE_CODE
    _check_scope(user=user, office=office, region=region)

    report, created = Report.objects.get_or_create(
        kind=kind,
        scope_key=scope_key_for(office=office, region=region),
        month=month,
        defaults={
            "office": office,
            "region": region,
            "language": language,
            "requested_by": user,
            "requested_at": now,
        },
    )
    if not created:
        report = Report.objects.select_for_update().get(pk=report.pk)
        again = report.status == ReportStatus.FAILED or (rebuild and report.status == ReportStatus.DONE)
        if not again:
            return report
        report.status = ReportStatus.QUEUED
        report.attempts = 0
        report.error = ""
        report.language = language
        report.requested_by = user
        report.requested_at = now
        report.dispatched_at = None
        report.started_at = None
        report.finished_at = None
        report.save(
            update_fields=[
                "status",
                "attempts",
                "error",
                "language",
                "requested_by",
                "requested_at",
                "dispatched_at",
                "started_at",
                "finished_at",
            ]
        )
    if enqueue:
        report_id = report.pk
        transaction.on_commit(lambda: _enqueue(report_id))
    return report


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.REPORTING_STALE_AFTER)


def _claimable(now: datetime) -> Q:
    return Q(status=ReportStatus.QUEUED) | Q(status=ReportStatus.RUNNING, started_at__lt=_stale_before(now))


def report_build(*, report_id: int) -> Report | None:
    """Build the report if this call wins the claim; ``None`` when another build has it or it gave up.

    The claim is one conditional ``UPDATE``; rendering runs outside any transaction; the file
    is attached only if the claim still holds (a build taken over as stale does not overwrite
    the newer one).
    """
    from .pdf import render_annual_files, render_report_pdf, report_filename

    now = timezone.now()
    claimed = Report.objects.filter(_claimable(now), pk=report_id, attempts__lt=MAX_ATTEMPTS).update(
        status=ReportStatus.RUNNING, started_at=now, finished_at=None, attempts=F("attempts") + 1, error=""
    )
    if not claimed:
        Report.objects.filter(_claimable(now), pk=report_id, attempts__gte=MAX_ATTEMPTS).update(
            status=ReportStatus.FAILED,
            finished_at=now,
            error=_("Gave up after %(attempts)d interrupted builds.") % {"attempts": MAX_ATTEMPTS},
        )
        return None
    ours = Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING, started_at=now)
    report = Report.objects.select_related("office", "office__region", "region").get(pk=report_id)
    try:
        if report.is_annual:
            content, spreadsheet = render_annual_files(report, generated_at=now)
        else:
            content, spreadsheet = render_report_pdf(report, generated_at=now), None
    except OperationalError:
        # A transient database error: give the claim back so the task's retry can take it.
        ours.update(status=ReportStatus.QUEUED, started_at=None, attempts=F("attempts") - 1)
        raise
    except Exception as exc:
        logger.exception("Report %s failed", report_id)
        ours.update(status=ReportStatus.FAILED, finished_at=timezone.now(), error=f"{type(exc).__name__}: {exc}"[:2000])
        return None
    try:
        name = storage.save_content(
            default_storage, report_upload_to(report, report_filename(report)), ContentFile(content)
        )
        sheet = ""
        if spreadsheet is not None:
            sheet = storage.save_content(
                default_storage, report_upload_to(report, report_filename(report, "xlsx")), ContentFile(spreadsheet)
            )
    except storage.StorageUnavailable:
        # The file store is down: give the claim back so the task's retry (or the dispatcher) builds it again.
        ours.update(status=ReportStatus.QUEUED, started_at=None, attempts=F("attempts") - 1)
        raise
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report_id)
        if locked.status != ReportStatus.RUNNING or locked.started_at != now:
            storage.delete_quietly(default_storage, name)
            if sheet:
                storage.delete_quietly(default_storage, sheet)
            return None
        old = locked.file.name
        locked.file.name = name
        locked.spreadsheet.name = sheet
        locked.status = ReportStatus.DONE
        locked.finished_at = timezone.now()
        locked.builds = F("builds") + 1
        locked.error = ""
        locked.save(update_fields=["file", "spreadsheet", "status", "finished_at", "builds", "error"])
        if locked.is_annual:
            # The annual report keeps every build: the files of earlier builds stay, listed in its history.
            ReportBuild.objects.create(
                report=locked,
                built_at=locked.finished_at,
                language=locked.language,
                file=name,
                spreadsheet=sheet,
                requested_by_id=locked.requested_by_id,
            )
        elif old and old != name:
            transaction.on_commit(lambda: storage.delete_quietly(default_storage, old))
        if locked.requested_by_id is not None:
            notify(
                recipients=[locked.requested_by],
                event="report.ready",
                key=f"report-ready:{locked.pk}:{locked.finished_at.isoformat()}",
                target=locked,
                params={"report": f"{locked.scope_name} {locked.period_label}"},
            )
    locked.refresh_from_db()
    return locked


def reports_dispatch_pending(*, now: datetime | None = None) -> int:
    """Hand waiting reports to the queue: queued ones nobody picked up, running ones whose worker died.

    A stale build that used all its attempts is marked failed here. Stops at the first
    broker error (it is down; the next sweep tries again). Returns how many were handed over.
    """
    now = now or timezone.now()
    waited = now - timedelta(seconds=settings.REPORTING_REDISPATCH_AFTER)
    not_recently_sent = Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=waited)
    stale = Q(status=ReportStatus.RUNNING, started_at__lt=_stale_before(now))
    Report.objects.filter(stale, attempts__gte=MAX_ATTEMPTS).update(
        status=ReportStatus.FAILED,
        finished_at=now,
        error=_("Gave up after %(attempts)d interrupted builds.") % {"attempts": MAX_ATTEMPTS},
    )
    pending = Report.objects.filter(
        (Q(status=ReportStatus.QUEUED, requested_at__lt=waited) | stale) & not_recently_sent
    ).order_by("requested_at", "id")
    sent = 0
    for report_id in pending.values_list("id", flat=True):
        if not _enqueue(report_id):
            break
        sent += 1
    return sent


def due_months(*, offices: list[Office], now: datetime) -> dict[int, date]:
    """For each office, the last month fully past in its own time zone."""
    return {o.pk: add_months(month_start(now.astimezone(o.zone).date()), -1) for o in offices}


def reports_request_due(*, now: datetime | None = None) -> list[Report]:
    """Request last month's reports that do not exist yet, as each office's clock passes the 1st.

    An office's reports come once its local date is in the new month; a region's once all its
    offices are; the national ones once every office is.
    """
    now = now or timezone.now()
    offices = list(Office.objects.select_related("region").order_by("code"))
    if not offices:
        return []
    due = due_months(offices=offices, now=now)
    wanted: list[tuple[str, date, Office | None, Region | None]] = []
    regions: dict[int, tuple[Region, date]] = {}
    for office in offices:
        wanted += [(kind, due[office.pk], office, None) for kind in MONTHLY_KINDS]
        region, month = regions.get(office.region_id, (office.region, due[office.pk]))
        regions[office.region_id] = (region, min(month, due[office.pk]))
    for region, month in regions.values():
        wanted += [(kind, month, None, region) for kind in MONTHLY_KINDS]
    national = min(due.values())
    wanted += [(kind, national, None, None) for kind in MONTHLY_KINDS]

    existing = set(
        Report.objects.filter(month__gte=min(m for _k, m, _o, _r in wanted)).values_list("kind", "scope_key", "month")
    )
    created = []
    for kind, month, office, region in wanted:
        if (kind, scope_key_for(office=office, region=region), month) in existing:
            continue
        created.append(report_request(kind=kind, month=month, office=office, region=region, user=None))
    return created

"""Prometheus metrics: requests and latencies counted per process (in gunicorn's multiprocess
mode when PROMETHEUS_MULTIPROC_DIR is set), and the figures of the shared services read at
each scrape: the task queue's depth, reports by status and the files built, e-mails pending."""

import logging
import os

from django.conf import settings
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "inspectorate_http_requests_total",
    "HTTP requests answered, by method, URL pattern and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "inspectorate_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and URL pattern.",
    ["method", "route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
QUEUES = ("celery",)


class ServiceCollector(Collector):
    """Read at scrape time from PostgreSQL and the broker, so every web process reports the same."""

    def collect(self):
        yield from self._queues()
        yield from self._database()

    def _queues(self):
        depth = GaugeMetricFamily(
            "inspectorate_task_queue_depth", "Tasks waiting in the broker's queue.", labels=["queue"]
        )
        unacked = GaugeMetricFamily("inspectorate_task_unacked", "Tasks handed to a worker and not yet acknowledged.")
        if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
            from .health import broker_client

            try:
                client = broker_client()
                for queue in QUEUES:
                    depth.add_metric([queue], client.llen(queue))
                unacked.add_metric([], client.hlen("unacked"))
            except Exception:  # noqa: BLE001 - a scrape must not fail because the broker is down
                logger.warning("metrics: broker unreachable", exc_info=True)
        yield depth
        yield unacked

    def _database(self):
        from notifications.models import Notification
        from reporting.models import Report

        reports = GaugeMetricFamily("inspectorate_reports", "Reports by status.", labels=["status"])
        builds = GaugeMetricFamily("inspectorate_report_builds", "PDF files built for reports, all time.")
        attempts = GaugeMetricFamily("inspectorate_report_build_attempts", "Report build attempts, all time.")
        pending = GaugeMetricFamily(
            "inspectorate_notifications_email_pending", "Notification e-mails waiting to be sent (pending or sending)."
        )
        try:
            from django.db.models import Count, Sum

            for row in Report.objects.order_by().values("status").annotate(n=Count("id")):
                reports.add_metric([row["status"]], row["n"])
            totals = Report.objects.aggregate(builds=Sum("builds"), attempts=Sum("attempts"))
            builds.add_metric([], totals["builds"] or 0)
            attempts.add_metric([], totals["attempts"] or 0)
            pending.add_metric([], Notification.objects.filter(email_state__in=["pending", "sending"]).count())
        except Exception:  # noqa: BLE001 - a scrape must not fail because the database is down
            logger.warning("metrics: database unreachable", exc_info=True)
            return
        yield from (reports, builds, attempts, pending)


def exposition() -> bytes:
    """The text every scrape gets: this process's (or all processes') counters and the services' figures."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        process_registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(process_registry)
    else:
        process_registry = REGISTRY
    services = CollectorRegistry(auto_describe=False)
    services.register(ServiceCollector())
    return generate_latest(process_registry) + generate_latest(services)

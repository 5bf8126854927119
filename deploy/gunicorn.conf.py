"""gunicorn settings for inspectorate-web.service (values overridable by the environment file)."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# CPU-bound pages (PDFs are built by the worker, not here): about 2 per core.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = 1
# Below nginx's proxy_read_timeout (60 s), above the slowest page's p95 (docs/performance.md).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (bounded memory growth), not all at once.
max_requests = 2000
max_requests_jitter = 200
accesslog = None  # Django writes one JSON line per request (ops.middleware)
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server, worker):
    """Prometheus multiprocess mode: drop the live gauges of a worker that has gone."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)

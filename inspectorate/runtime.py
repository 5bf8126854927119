"""Settings of the long-lived server processes: gunicorn's workers and Celery's.

The cyclic garbage collector. With Python's thresholds (700, 10, 10) a page that builds the
country's figures (a few hundred thousand short-lived objects) triggers a full collection every
few requests, which walks every object the process holds (Django, its URL conf, the translations
and templates loaded): on the national dashboard that added 60–80 ms to one request in eight,
its p95 (docs/performance.md §15). Collections are made rarer here, not turned off: cycles are
still freed, gunicorn replaces a worker after ``max_requests`` (deploy/gunicorn.conf.py), and the
benchmark runs with the same thresholds (``manage.py bench``) so that it measures what the server does.
"""

import gc

# A young collection every 10,000 net allocations (Python's default: 700), the middle one every
# 10 of those, a full one every 100 middle ones.
GC_THRESHOLDS = (10_000, 10, 100)


def tune_gc() -> tuple[int, int, int]:
    """Set the server processes' collector thresholds; returns them."""
    gc.set_threshold(*GC_THRESHOLDS)
    return gc.get_threshold()

"""Test settings with a beat schedule of seconds, for the two-beats fault test (tests/ops/test_faults.py)."""

from inspectorate.settings.test import *  # noqa: F403
from inspectorate.settings.test import CELERY_BEAT_SCHEDULE

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE = {
    name: {**entry, "schedule": 1.0}
    for name, entry in CELERY_BEAT_SCHEDULE.items()
    if name in {"reporting-dispatch-queued", "notifications-dispatch-pending"}
}
# Hand a waiting report over again after a second: with two beats, each report is sent many times.
REPORTING_REDISPATCH_AFTER = 1

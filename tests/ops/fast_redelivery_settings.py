"""Test settings for the visibility-timeout fault test (tests/ops/test_faults.py): a worker that
looks for timed-out tasks on each of its ten-second checks.

kombu's Redis transport checks for unacknowledged tasks past the visibility timeout every ten
seconds but acts only on every tenth check (``QoS.restore_visible(interval=10)``, not a transport
option): a timed-out task is handed out again up to 100 s later. The test is about what our
build does on the second delivery, not about how long kombu waits, so here it acts on every check.
"""

import functools

from kombu.transport import redis as kombu_redis

from inspectorate.settings.test import *  # noqa: F403

kombu_redis.QoS.restore_visible = functools.partialmethod(kombu_redis.QoS.restore_visible, interval=1)

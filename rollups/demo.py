"""Demo data: complaints and visits are written in bulk, so their months and rollups are counted at the end."""

from rollups.months import stamp_all
from rollups.rebuild import rebuild


def seed(*, rng, now, stdout) -> None:
    stamp_all()
    complaints, visits = rebuild()
    stdout.write(f"Rollups: {complaints} complaint rows, {visits} visit rows")

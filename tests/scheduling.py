"""The order the suite's tests run in when `make test` runs them in processes side by side.

pytest-django runs the tests on a database first, those on a transactional database next (each one
empties every table when it ends, the migrations' reference data with them: categories, legal
provisions, checklists) and the others last. Tests rely on that order: a test on a database finds
the reference data the migrations wrote. xdist's schedulers give each process whole files, the
largest first, so a process could run a transactional test and then a test that needs what it emptied.

Here each process runs a subsequence of that order: the collection (in pytest-django's order) is cut
into runs of consecutive tests of one file, and each process takes runs from the front of it. A file
with tests of both kinds is two runs, one among the tests on a database and one among the
transactional ones; a test never follows, in its process, a test it did not follow in one process.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling


class RunsInOrder(LoadScopeScheduling):
    """Work units: runs of consecutive tests of one file, handed out in the collection's order."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self._unit_of: dict[str, str] = {}

    def schedule(self) -> None:
        if self.collection is None and self.registered_collections:
            self._unit_of = units(next(iter(self.registered_collections.values())))
            # The collection's order, not the largest unit first (xdist's default for scopes).
            self.config.option.loadscopereorder = False
        super().schedule()

    def _split_scope(self, nodeid: str) -> str:
        return self._unit_of[nodeid]


def units(collection) -> dict[str, str]:
    """Each test's unit: its file and the number of the run of that file's tests it belongs to."""
    unit_of, run, previous = {}, 0, None
    for nodeid in collection:
        path = nodeid.split("::", 1)[0]
        if path != previous:
            run, previous = run + 1, path
        unit_of[nodeid] = f"{path}#{run}"
    return unit_of

"""`make test` runs the suite in two processes: each runs its tests in pytest-django's order.

The scheduler is driven here as xdist drives it, with two workers that finish their tests one at a
time; the collection mixes files of tests on a database ("db"), transactional tests ("tx", which
empty the database) and tests without one ("none"), in the order pytest-django sorts them.
"""

from types import SimpleNamespace

from xdist.scheduler import LoadFileScheduling

from .scheduling import RunsInOrder, units

FILES = {  # each file's tests and their kind; the order pytest-django gives: db, then tx, then none
    "tests/a.py": ["db", "db", "tx"],
    "tests/big.py": ["db"] * 2 + ["tx"] * 12,
    "tests/c.py": ["db"] * 5,
    "tests/d.py": ["tx", "tx"],
    "tests/e.py": ["none"] * 3,
}
ORDER = {"db": 0, "tx": 1, "none": 2}
COLLECTION = sorted(
    (f"{path}::test_{n}_{kind}" for path, kinds in FILES.items() for n, kind in enumerate(kinds)),
    key=lambda nodeid: ORDER[nodeid.rsplit("_", 1)[1]],
)


class Worker:
    def __init__(self, name):
        self.gateway = SimpleNamespace(id=name)
        self.shutting_down = False
        self.sent: list[int] = []
        self.done = 0

    def send_runtest_some(self, indexes):
        self.sent.extend(indexes)

    def shutdown(self):
        self.shutting_down = True


def run(scheduler_class) -> dict[str, list[str]]:
    """Each worker's tests in the order it ran them."""
    config = SimpleNamespace(getvalue=lambda name: ["2*popen"], option=SimpleNamespace(loadscopereorder=True))
    scheduler = scheduler_class(config)
    workers = [Worker("gw0"), Worker("gw1")]
    for worker in workers:
        scheduler.add_node(worker)
        scheduler.add_node_collection(worker, COLLECTION)
    scheduler.schedule()
    while any(worker.done < len(worker.sent) for worker in workers):
        for worker in workers:  # each finishes one test in turn
            if worker.done < len(worker.sent):
                scheduler.mark_test_complete(worker, worker.sent[worker.done])
                worker.done += 1
    return {worker.gateway.id: [COLLECTION[i] for i in worker.sent] for worker in workers}


def kinds(ran: list[str]) -> list[int]:
    return [ORDER[nodeid.rsplit("_", 1)[1]] for nodeid in ran]


def test_each_process_runs_its_tests_in_pytest_djangos_order_and_every_test_once():
    ran = run(RunsInOrder)
    assert sorted(ran["gw0"] + ran["gw1"]) == sorted(COLLECTION)
    for tests in ran.values():
        assert tests  # both processes work
        assert kinds(tests) == sorted(kinds(tests))  # no test on a database after a transactional one
        assert [COLLECTION.index(t) for t in tests] == sorted(COLLECTION.index(t) for t in tests)


def test_xdists_own_file_scheduler_would_run_a_test_on_a_database_after_a_transactional_one():
    ran = run(LoadFileScheduling)
    assert any(kinds(tests) != sorted(kinds(tests)) for tests in ran.values())


def test_a_file_with_tests_of_two_kinds_is_two_units_and_a_file_of_one_kind_one():
    unit_of = units(COLLECTION)
    assert len({unit_of[t] for t in COLLECTION if t.startswith("tests/big.py")}) == 2
    assert len({unit_of[t] for t in COLLECTION if t.startswith("tests/c.py")}) == 1
    assert len(set(unit_of.values())) == 7  # a, big: two each; c, d, e: one each

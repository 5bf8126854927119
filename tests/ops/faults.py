"""Processes the fault tests start, stop and kill by their own ids: Celery workers and beats,
a private Redis server and a private PostgreSQL cluster (never the machine's shared ones)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=60.0, every=0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


class Proc:
    """A child process in its own session (so it and its children are killed by its group id)."""

    def __init__(self, args, *, env, log: Path):
        self.log = log
        self._out = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(  # noqa: S603 - fixed argument lists of this project's commands
            args, cwd=BASE_DIR, env=env, stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL the process and every process of its group (a worker and its pool children)."""
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(timeout=30)
        self._out.close()

    def stop(self, timeout=30) -> None:
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=timeout)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.kill()
                return
        self._out.close()


def celery(kind: str, *, env: dict, log: Path, concurrency: int = 1, extra=()) -> Proc:
    args = [sys.executable, "-m", "celery", "-A", "inspectorate", kind, "-l", "info"]
    if kind == "worker":
        args += ["-c", str(concurrency), "--pool=prefork", "--without-gossip", "--without-mingle"]
        args += ["-n", f"fault-{os.getpid()}-{time.monotonic_ns()}@%h"]
    proc = Proc([*args, *extra], env=env, log=log)
    if kind == "worker" and not wait_for(lambda: " ready." in proc.text() or proc.popen.poll() is not None, 90):
        proc.kill()
        raise RuntimeError("the worker did not start:\n" + proc.text()[-3000:])
    if proc.popen.poll() is not None:
        raise RuntimeError(f"celery {kind} exited:\n" + proc.text()[-3000:])
    return proc


class RedisServer:
    """A private redis-server without persistence on a free port, killed and restarted at will."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.proc: Proc | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.proc = Proc(args, env=dict(os.environ), log=self.workdir / "redis.log")
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)

        def up():
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        if not wait_for(up, 20):
            raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc = None


def pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


class PostgresCluster:
    """A throwaway PostgreSQL cluster in a temporary directory on its own port (restarted at will)."""

    def __init__(self):
        self.bin = pg_bin()
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="ops-pg-"))
        self.data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args):
        # PostgreSQL refuses to run as root: as root, run its programs as the postgres account.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)  # noqa: S603
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}")

    def init(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        # Appending keeps the file's owner (postgres) when the test runs as root.
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.dir}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 60\n"
            )
        self.start()

    def start(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "pg.log"), "-w", "start")

    def stop(self, mode="fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        except RuntimeError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def table_locked(dsn: str, table: str):
    """Holds an ACCESS EXCLUSIVE lock on a table from another connection: whoever reads it waits."""
    import psycopg2

    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")  # fixed names from the tests
        yield
    finally:
        conn.rollback()
        conn.close()

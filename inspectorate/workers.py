"""Starting and stopping a real Celery worker process (the integration tests and the benchmark)."""

import os
import subprocess  # nosec B404 - starts this project's own Celery worker
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


class WorkerError(RuntimeError):
    pass


def start_worker(*, concurrency: int, name: str, env: dict[str, str], timeout: float = 60) -> subprocess.Popen:
    """A worker process of this project's Celery app, returned once it answers a ping."""
    from .celery import app

    proc = subprocess.Popen(  # noqa: S603  # nosec B603 - fixed argument list
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "inspectorate",
            "worker",
            "-l",
            "warning",
            "-c",
            str(concurrency),
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"{name}-{os.getpid()}@%h",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise WorkerError(f"the Celery worker exited with {proc.returncode}")
        if app.control.ping(timeout=1.0):
            return proc
    stop_worker(proc)
    raise WorkerError(f"the Celery worker did not answer within {timeout:.0f} s")


def stop_worker(proc: subprocess.Popen, *, timeout: float = 60) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()

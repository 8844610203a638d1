"""Background workers in tests: the real django-tasks database worker, run in this process
(batch mode) or as separate processes (`xiezuo db_worker`) pointed at the test database;
and two tasks that record every time they run (`record_run`, `recorded_file`), to count
how often the workers ran each job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django_tasks import task


def run_worker() -> None:
    """The real django-tasks database worker, in batch mode: runs what is queued, exits.

    Its loop closes "old" database connections (as a request does); inside the test's
    transaction that would close the test database, so that one call is left out."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def database_url() -> str:
    """The test database as a DATABASE_URL, for a process started by the test."""
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    return f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def worker_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url(), **extra}


def start_worker(log, *, command: tuple[str, ...] = ("db_worker", "--no-reload", "--no-startup-delay",
                                                      "--interval", "0.2"), **env: str):
    """A worker process on the test database, writing to the open file `log`."""
    return subprocess.Popen([sys.executable, "-m", "xiezuo", *command],
                            stdout=log, stderr=subprocess.STDOUT, env=worker_env(**env))


def stop(process) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def wait_for(condition, seconds: float = 180, *, process=None, log_path=None, interval: float = 0.2):
    """Wait until `condition()` is true; fail at the deadline, or at once when `process`
    has ended (with the end of its log)."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        tail = log_path.read_text()[-3000:] if log_path else ""
        assert process is None or process.poll() is None, f"the worker ended\n{tail}"
        assert time.monotonic() < deadline, f"timed out\n{tail}"
        time.sleep(interval)


# ---- tasks that record their runs ---------------------------------------------------------


def record(path: str | Path, label: str) -> None:
    """Append "label pid" to the file `path`: one short line per run, appended in one
    write (O_APPEND), so the lines of several worker processes never mix."""
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"{label} {os.getpid()}\n")


def recorded(path: str | Path) -> list[tuple[str, int]]:
    """The (label, pid) of every run recorded in `path`."""
    lines = Path(path).read_text(encoding="utf-8").splitlines() if Path(path).exists() else []
    return [(label, int(pid)) for label, pid in (line.rsplit(" ", 1) for line in lines)]


@task()
def record_run(path: str, label: str, seconds: float = 0.0) -> str:
    """A bare task (no job, no guard against a second run): takes `seconds`, records its run."""
    time.sleep(seconds)
    record(path, label)
    return label


def recorded_file(*, actor: Any, params: dict[str, Any], progress: Any) -> bytes:
    """A file job's producer (`core.tasks.start_file`) that records its run."""
    time.sleep(float(params.get("seconds", 0)))
    record(params["path"], params["label"])
    progress(1)
    return params["label"].encode()

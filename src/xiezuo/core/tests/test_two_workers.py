"""Two job workers (`xiezuo db_worker` processes) on one database never run the same job
twice: each claims a task in its own transaction (on PostgreSQL `SELECT … FOR UPDATE SKIP
LOCKED` of the first ready task, then marks it running; on SQLite the claim runs in an
exclusive transaction), so a task is claimed once and then is no longer ready.

Twenty bare tasks that record every run (no job row, nothing in our code refuses a second
run) and twenty file jobs (`core.tasks.start_file`, the path of every export) are queued
while two workers poll; each must have run exactly once, by one of the workers, and both
workers must have taken some."""

import pytest
from django_tasks_db.models import DBTaskResult

from xiezuo.core.models import Job
from xiezuo.core.tasks import start_file
from xiezuo.core.tests.workers import record_run, recorded, start_worker, stop, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
JOBS = 20
SECONDS = 0.1  # each run takes a moment, so both workers are busy at the same time


def test_two_workers_run_every_job_exactly_once(admin_user, tmp_path):
    runs = tmp_path / "runs.txt"
    logs = [tmp_path / f"worker-{n}.log" for n in (1, 2)]
    command = ("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05")
    processes = [start_worker(log.open("w"), command=command) for log in logs]
    try:
        # Both workers are polling (they answered with a run of this first task each time
        # one was queued) before the rest is queued: from then on they compete for every task.
        wait_for(lambda: _ran_one(runs, processes), 120, process=processes[0], log_path=logs[0])
        ids = [str(record_run.enqueue(str(runs), f"task-{n}", SECONDS).id) for n in range(JOBS)]
        jobs = [start_file(actor=admin_user, producer="xiezuo.core.tests.workers.recorded_file",
                           params={"path": str(runs), "label": f"job-{n}", "seconds": SECONDS},
                           file_name=f"job-{n}.txt", resource="core.job", total=1)
                for n in range(JOBS)]
        ids += [job.spec["task"] for job in jobs]

        def all_finished():
            for process, log in zip(processes, logs, strict=True):
                assert process.poll() is None, f"a worker ended\n{log.read_text()[-3000:]}"
            return not DBTaskResult.objects.filter(pk__in=ids).exclude(
                status__in=("SUCCESSFUL", "FAILED")).exists()

        wait_for(all_finished, 180)
    finally:
        for process in processes:
            stop(process)

    results = list(DBTaskResult.objects.filter(pk__in=ids))
    assert len(results) == 2 * JOBS
    assert {r.status for r in results} == {"SUCCESSFUL"}, [r.traceback for r in results]
    # Run once each: every label recorded exactly once. (Not `worker_ids`: a worker that
    # claimed a task another one had claimed too would overwrite the list, not extend it.)
    labels = [label for label, _pid in recorded(runs) if label != "warm-up"]
    expected = [f"task-{n}" for n in range(JOBS)] + [f"job-{n}" for n in range(JOBS)]
    assert sorted(labels) == sorted(expected)
    assert {job.status for job in Job.objects.filter(pk__in=[j.pk for j in jobs])} == {"succeeded"}
    # Both workers took part: two worker ids, the runs made by both processes.
    assert len({r.worker_ids[0] for r in results}) == 2
    pids = {pid for label, pid in recorded(runs) if label != "warm-up"}
    assert pids == {p.pid for p in processes}


def _ran_one(runs, processes) -> bool:
    """Queue a warm-up run until each worker process has made one."""
    pids = {pid for label, pid in recorded(runs) if label == "warm-up"}
    if pids >= {p.pid for p in processes}:
        return True
    if not DBTaskResult.objects.filter(status__in=("READY", "RUNNING")).exists():
        record_run.enqueue(str(runs), "warm-up", 0.5)
    return False

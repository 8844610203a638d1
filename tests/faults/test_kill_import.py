"""A process killed (SIGKILL) in the middle of a large import leaves the database
consistent (nothing of the import stored) and the import can simply be run again; a
killed background worker's job does not keep the uploaded workbook (personal data)."""

import signal
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.excel_files import people_file
from xiezuo.core.jobs import current_progress
from xiezuo.core.models import ImportBatch, Job
from xiezuo.core.tests.workers import start_worker, wait_for, worker_env
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Availability, Person
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)


def start_import(path, env):
    return subprocess.Popen(
        [sys.executable, "-m", "xiezuo", "import", "people", str(path), "--user", "root", "--progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def test_sigkill_mid_import_then_repeat(refdata, admin_user, tmp_path):
    Organisation.objects.create(name="烟台山医院", kind="hospital", region=Region.objects.get(code="370602"))
    data, _bad = people_file(6000)
    path = tmp_path / "people.xlsx"
    path.write_bytes(data)
    env = worker_env()

    process = start_import(path, env)
    seen = ""
    deadline = time.monotonic() + 120
    while "progress: 1500" not in seen and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen += line
    assert "progress: 1500" in seen, process.stderr.read()
    process.send_signal(signal.SIGKILL)  # in the middle: rows written, nothing committed
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert Person.objects.count() == 0
    assert Availability.objects.count() == 0
    assert ImportBatch.objects.count() == 0

    again = start_import(path, env)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert "6000 new" in out
    assert Person.objects.count() == 6000 and ImportBatch.objects.count() == 1


def test_sigkilled_worker_leaves_no_upload_behind(refdata, admin_user, client_for, settings, tmp_path):
    """Issue 11, finding 13: the worker running a background import is killed; nobody
    looks at the job. The next worker runs the job's watchdog, which fails the job with
    the reason and deletes the uploaded workbook from the database."""
    settings.XIEZUO_BACKGROUND_ROWS = 1000
    Organisation.objects.create(name="烟台山医院", kind="hospital", region=Region.objects.get(code="370602"))
    data, _bad = people_file(3000)
    client_for(admin_user).post("/people/import/", {"file": SimpleUploadedFile("people.xlsx", data)})
    job = Job.objects.get()
    assert job.status == "queued" and bytes(job.upload) == data
    # A stall limit of 0 minutes: the watchdog comes due at once (it waits for the worker,
    # which is busy with the import until it is killed).
    log_path = tmp_path / "worker.log"
    log = log_path.open("w")

    def running_with_progress():
        job.refresh_from_db()
        return job.status == "running" and current_progress(job)[0] >= 500

    worker = start_worker(log, XIEZUO_JOB_STALL_MINUTES="0")
    try:
        wait_for(running_with_progress, 120, log_path=log_path)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    job.refresh_from_db()
    assert job.status == "running" and job.upload is not None  # as the dead worker left it

    worker = start_worker(log, XIEZUO_JOB_STALL_MINUTES="0")  # e.g. restarted by systemd
    try:
        def failed():
            job.refresh_from_db()
            return job.status == "failed"

        wait_for(failed, 120, process=worker, log_path=log_path)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert job.upload is None and job.finished_at is not None
    assert "后台工作进程在执行此任务时停止了" in job.message
    assert Person.objects.count() == 0 and ImportBatch.objects.count() == 0

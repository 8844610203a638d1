"""A real worker process (`xiezuo db_worker`) runs a big import: its progress is visible
while the import's transaction is still open, and a worker killed mid-import leaves
nothing stored and a job that, once stalled, is failed without its upload."""

import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.excel_files import people_file

from xiezuo.core.jobs import _progress_file, current_progress, is_stalled
from xiezuo.core.models import ImportBatch, Job
from xiezuo.core.tests.workers import start_worker, stop, wait_for
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 1200


def test_progress_then_killed_worker_then_a_fresh_import(refdata, admin_user, client_for, settings,
                                                         tmp_path):
    log = (tmp_path / "worker.log").open("w")
    settings.XIEZUO_BACKGROUND_ROWS = 1000
    Organisation.objects.create(name="烟台山医院", kind="hospital", region=Region.objects.get(code="370602"))
    data, _bad = people_file(ROWS)
    client = client_for(admin_user)
    client.post("/people/import/", {"file": SimpleUploadedFile("people.xlsx", data)})
    job = Job.objects.get()
    assert (job.status, job.total) == ("queued", ROWS)

    worker = start_worker(log)
    try:
        def progressed():
            job.refresh_from_db()
            done, _beat = current_progress(job)
            return done >= 500 and job.status == "running"

        wait_for(progressed)
        # Mid-import: progress is visible on the page, nothing is committed yet.
        page = client.get(f"/jobs/{job.pk}/status/").content.decode()
        assert 'id="job-progress"' in page and "hx-get" in page
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        stop(worker)

    job.refresh_from_db()
    assert job.status == "running"
    assert Person.objects.count() == 0 and ImportBatch.objects.count() == 0
    settings.XIEZUO_JOB_STALL_MINUTES = 0
    done, beat = current_progress(job)
    assert done >= 500 and is_stalled(job, beat)
    # Seen stalled, the job is failed and the uploaded workbook deleted.
    assert "后台工作进程" in client.get(f"/jobs/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and job.upload is None
    assert not _progress_file(job.pk).exists()  # the killed worker's (SQLite)

    # The user starts the import again; a new worker runs it to the end.
    settings.XIEZUO_JOB_STALL_MINUTES = 10
    client.post("/people/import/", {"file": SimpleUploadedFile("people.xlsx", data)})
    again = Job.objects.exclude(pk=job.pk).get()
    worker = start_worker(log)
    try:
        def finished():
            again.refresh_from_db()
            return again.finished

        try:
            wait_for(finished, seconds=120)
        except AssertionError:
            stop(worker)
            raise AssertionError((tmp_path / "worker.log").read_text()[-3000:]) from None
    finally:
        stop(worker)
    assert again.status == "succeeded", again.message
    assert again.done == again.total == ROWS
    assert Person.objects.count() == ROWS and ImportBatch.objects.count() == 1

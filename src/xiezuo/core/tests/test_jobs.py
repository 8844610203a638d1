"""Background jobs: big imports and exports are queued, the real worker runs them."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

import xiezuo.core.excel
from xiezuo.core.management.commands import serve
from xiezuo.core.models import ImportBatch, Job
from xiezuo.core.tests.factories import OrganisationFactory, region
from xiezuo.core.tests.workers import run_worker
from xiezuo.orgs.models import Organisation

pytestmark = pytest.mark.django_db

HEADERS = ["名称", "类型", "所在地区", "上级单位", "医院等级", "学段", "备注"]


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def org_rows(count, *, bad=()):
    rows = [HEADERS]
    for i in range(count):
        kind = "飞船" if i in bad else "医院"
        rows.append([f"单位{i}", kind, "500237", None, None, None, None])
    return rows


def upload(client, data, url="/organisations/import/"):
    return client.post(url, {"file": SimpleUploadedFile("big.xlsx", data)})


@pytest.fixture
def small_threshold(settings):
    settings.XIEZUO_BACKGROUND_ROWS = 3
    return settings


def test_small_import_stays_synchronous(refdata, admin_user, client_for, small_threshold):
    response = upload(client_for(admin_user), workbook(org_rows(3)))
    assert response.status_code == 302 and response.url == "/organisations/"
    assert Organisation.objects.count() == 3
    assert not Job.objects.exists()


def test_big_import_runs_as_a_job(refdata, admin_user, client_for, small_threshold):
    client = client_for(admin_user)
    response = upload(client, workbook(org_rows(7)))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert (job.kind, job.status, job.total, job.done) == ("import", "queued", 7, 0)
    assert not Organisation.objects.exists()  # nothing until the worker runs it
    page = client.get(response.url)
    assert page.status_code == 200
    assert f'hx-get="/jobs/{job.pk}/status/"' in page.content.decode()  # polls while queued

    run_worker()

    job.refresh_from_db()
    assert job.status == "succeeded", (job.message, job.errors)
    assert job.done == job.total == 7
    assert (job.created_count, job.updated_count) == (7, 0)
    assert Organisation.objects.count() == 7
    assert job.batch == ImportBatch.objects.get() and job.batch.actor == admin_user
    assert job.upload is None  # the stored upload is dropped once done
    status = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert "hx-get" not in status  # finished: polling stops
    assert 'value="7"' in status and "7" in status
    api = client.get(f"/api/jobs/{job.pk}").json()
    assert api["status"] == "succeeded" and api["done"] == api["total"] == 7
    assert api["created"] == 7 and api["download"] is None and api["stalled"] is False


def test_big_import_with_bad_rows_stores_nothing(refdata, admin_user, client_for, small_threshold):
    OrganisationFactory(name="已有单位", region=region("500237"))
    client = client_for(admin_user)
    upload(client, workbook(org_rows(6, bad={1, 4})))
    run_worker()
    job = Job.objects.get()
    assert job.status == "failed"
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "类型"), (6, "类型")]
    assert "飞船" in job.errors[0]["message"]
    assert Organisation.objects.count() == 1 and not ImportBatch.objects.exists()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="import-errors"' in page and "飞船" in page
    api = client.get(f"/api/jobs/{job.pk}").json()
    assert api["status"] == "failed" and len(api["errors"]) == 2 and api["errors"][0]["row"] == 3


def test_big_import_with_wrong_headers_fails_with_the_reason(refdata, admin_user, client_for,
                                                             small_threshold):
    rows = [["单位", "种类"]] + [[f"单位{i}", "医院"] for i in range(5)]
    upload(client_for(admin_user), workbook(rows))
    run_worker()
    job = Job.objects.get()
    assert job.status == "failed" and "名称" in job.message and "单位" in job.message
    assert not Organisation.objects.exists()


def test_big_export_is_a_downloadable_job_with_only_scoped_rows(refdata, make_user, client_for,
                                                                small_threshold):
    for i in range(5):
        OrganisationFactory(name=f"巫山单位{i}", region=region("500237"))
    OrganisationFactory(name="开州单位", region=region("500154"))
    owner = make_user("ws", region="500237")
    client = client_for(owner)
    response = client.get("/organisations/export.xlsx")
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert (job.kind, job.total, job.actor) == ("export", 5, owner)
    assert client.get(f"/jobs/{job.pk}/download").status_code == 404  # not ready yet

    run_worker()

    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == job.total == 5
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/jobs/{job.pk}/download"' in page
    download = client.get(f"/jobs/{job.pk}/download")
    assert download.status_code == 200 and 'filename="organisations.xlsx"' in download["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    names = sorted(row[0].value for row in sheet.iter_rows(min_row=2))
    assert names == [f"巫山单位{i}" for i in range(5)]
    assert client.get(f"/api/jobs/{job.pk}").json()["download"] == f"/jobs/{job.pk}/download"


def test_big_export_keeps_the_list_filters(refdata, admin_user, client_for, small_threshold):
    for i in range(5):
        OrganisationFactory(name=f"巫山单位{i}", region=region("500237"))
    for i in range(4):
        OrganisationFactory(name=f"开州单位{i}", region=region("500154"))
    client = client_for(admin_user)
    client.get("/organisations/export.xlsx?q=开州")
    run_worker()
    job = Job.objects.get()
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/jobs/{job.pk}/download").content)).active
    assert sorted(row[0].value for row in sheet.iter_rows(min_row=2)) == [f"开州单位{i}" for i in range(4)]


def test_small_export_stays_synchronous(refdata, admin_user, client_for, small_threshold):
    for i in range(3):
        OrganisationFactory(name=f"巫山单位{i}", region=region("500237"))
    response = client_for(admin_user).get("/organisations/export.xlsx")
    assert response.status_code == 200 and not Job.objects.exists()


def test_jobs_are_seen_by_their_owner_and_administrators_only(refdata, make_user, admin_user,
                                                               client_for, small_threshold):
    for i in range(5):
        OrganisationFactory(name=f"巫山单位{i}", region=region("500237"))
    owner = make_user("ws", region="500237")
    other = make_user("ws2", region="500237")
    client_for(owner).get("/organisations/export.xlsx")
    run_worker()
    job = Job.objects.get()
    stranger = client_for(other)
    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status/", f"/jobs/{job.pk}/download",
                f"/api/jobs/{job.pk}"):
        assert stranger.get(url).status_code == 404, url
        assert client_for(owner).get(url).status_code == 200, url
        assert client_for(admin_user).get(url).status_code == 200, url
    assert stranger.get("/api/jobs/").json()["items"] == []
    assert [j["id"] for j in client_for(owner).get("/api/jobs/").json()["items"]] == [job.pk]
    assert "organisations.xlsx" not in stranger.get("/jobs/").content.decode()
    assert "organisations.xlsx" in client_for(owner).get("/jobs/").content.decode()
    assert "organisations.xlsx" in client_for(admin_user).get("/jobs/").content.decode()


def test_a_job_without_progress_fails_and_loses_its_upload(refdata, admin_user, client_for, settings):
    """A running job whose worker gave no sign of life for XIEZUO_JOB_STALL_MINUTES is
    marked failed, with the reason, and its uploaded workbook is deleted — as soon as its
    page or its API answer is read (the worker's watchdog does it without anyone looking,
    see test_stalled_jobs.py)."""
    settings.XIEZUO_JOB_STALL_MINUTES = 10
    long_ago = timezone.now() - datetime.timedelta(minutes=30)

    def running(**kwargs):
        return Job.objects.create(kind="import", resource="orgs.organisation", file_name="x.xlsx",
                                  actor=admin_user, status="running", total=10, done=3,
                                  upload=b"PK personal data", **kwargs)

    client = client_for(admin_user)
    alive = running(started_at=long_ago, heartbeat_at=timezone.now())
    assert 'id="job-stalled"' not in client.get(f"/jobs/{alive.pk}/").content.decode()
    alive.refresh_from_db()
    assert alive.status == "running" and bytes(alive.upload) == b"PK personal data"

    for read in (lambda job: client.get(f"/jobs/{job.pk}/").content.decode(),
                 lambda job: client.get(f"/api/jobs/{job.pk}").json()["message"]):
        dead = running(started_at=long_ago, heartbeat_at=long_ago)
        assert "后台工作进程" in read(dead)
        dead.refresh_from_db()
        assert dead.status == "failed" and dead.upload is None and dead.finished_at
    assert client.get("/api/jobs/").json()["items"][0]["status"] == "failed"


def test_the_worker_fails_dead_jobs_before_its_next_one(refdata, admin_user, client_for,
                                                        small_threshold):
    """Nobody looks at a dead worker's job: the next job a worker starts fails it (and
    deletes its upload); the job list does the same."""
    small_threshold.XIEZUO_JOB_STALL_MINUTES = 10
    long_ago = timezone.now() - datetime.timedelta(minutes=30)

    def dead():
        return Job.objects.create(kind="import", resource="orgs.organisation", file_name="x.xlsx",
                                  actor=admin_user, status="running", total=10, done=3,
                                  upload=b"PK personal data", started_at=long_ago,
                                  heartbeat_at=long_ago)

    first = dead()
    client = client_for(admin_user)
    upload(client, workbook(org_rows(5)))  # a new job, run by the next worker
    run_worker()
    first.refresh_from_db()
    assert first.status == "failed" and first.upload is None
    assert Job.objects.exclude(pk=first.pk).get().status == "succeeded"
    second = dead()
    assert client.get("/jobs/").status_code == 200
    second.refresh_from_db()
    assert second.status == "failed" and second.upload is None


def test_a_worker_dying_mid_import_stores_nothing(refdata, admin_user, client_for, small_threshold,
                                                  monkeypatch):
    """The worker process ends (SystemExit) after the rows were written but before the
    import's transaction committed: nothing is stored, the job never finishes; once it
    counts as stalled it is failed and its upload deleted."""
    def die(*args, **kwargs):
        raise SystemExit(1)

    monkeypatch.setattr(xiezuo.core.excel, "record_batch", die)
    client = client_for(admin_user)
    upload(client, workbook(org_rows(6)))
    run_worker()
    job = Job.objects.get()
    assert job.status == "running" and not Organisation.objects.exists()
    assert not ImportBatch.objects.exists()
    small_threshold.XIEZUO_JOB_STALL_MINUTES = 0
    assert "后台工作进程" in client.get(f"/jobs/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and job.upload is None


def test_the_import_page_tells_about_background_jobs(refdata, admin_user, client_for,
                                                     small_threshold):
    page = client_for(admin_user).get("/organisations/import/").content.decode()
    assert 'href="/jobs/"' in page


def test_serve_starts_and_stops_the_worker(monkeypatch):
    started = []

    class FakeWorker:
        pid = 4242
        stopped = False

        def __init__(self, args):
            started.append(args)

        def poll(self):
            return None

        def terminate(self):
            FakeWorker.stopped = True

        def wait(self, timeout=None):
            return 0

    def fake_runserver(name, *args, **kwargs):
        if name == "collectstatic":  # without DEBUG, `serve` collects the static files first
            return
        assert name == "runserver" and args == ("127.0.0.1:8001",)
        raise KeyboardInterrupt

    monkeypatch.delenv("RUN_MAIN", raising=False)
    monkeypatch.setattr(serve.subprocess, "Popen", FakeWorker)
    monkeypatch.setattr(serve, "call_command", fake_runserver)
    monkeypatch.setattr(serve.signal, "signal", lambda *a: None)
    call_command("serve", "127.0.0.1:8001")
    assert started and "db_worker" in started[0]
    assert FakeWorker.stopped

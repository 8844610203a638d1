"""Issue 11, finding 13 (first half): a matching round whose run died does not stay
"running" forever. A run without a sign of life for `XIEZUO_ROUND_STALL_MINUTES`, or
whose process on this machine is gone, is shown as not finished and can be run or changed
again; a live run still refuses both."""

import datetime
import os
import signal
import subprocess
import sys

import pytest
from django.utils import timezone

from xiezuo.core.tests import workers
from xiezuo.needs import services
from xiezuo.needs.liveness import _stat, process_token, stall_message, worker_gone
from xiezuo.needs.models import Need, Round
from xiezuo.needs.tests.world import D, build
from xiezuo.people.models import Availability, Person

GONE = "上次运行没有完成：运行它的进程已停止。"
SILENT = "上次运行没有完成：已有 30 分钟没有任何进展。"


@pytest.fixture
def world(refdata, make_user, settings):
    settings.XIEZUO_ROUND_STALL_MINUTES = 30
    return build(make_user)


def new_round(world):
    return services.create_round(actor=world["coordinator"], name="第一轮", needs=[world["need"]])


def leave_running(round_, *, minutes_ago, worker):
    beat = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Round.objects.filter(pk=round_.pk).update(status="running", progress=30, started_at=beat,
                                              heartbeat_at=beat, worker=worker)
    round_.refresh_from_db()
    return round_


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)
    return child.pid


@pytest.mark.django_db
def test_a_run_silent_too_long_can_run_and_be_changed_again(world, client_for):
    client = client_for(world["coordinator"])
    round_ = leave_running(new_round(world), minutes_ago=120, worker="elsewhere:4242:1:abc")
    page = client.get(f"/needs/rounds/{round_.pk}/").content.decode()
    assert SILENT in page and 'id="run-round"' in page and "hx-get" not in page
    status = client.get(f"/needs/rounds/{round_.pk}/status/", HTTP_HX_REQUEST="true")
    assert SILENT in status.content.decode() and status["HX-Refresh"] == "true"
    assert client.get(f"/api/rounds/{round_.pk}").json()["stalled"] is True
    # Change it (the API's edit), then run it (the page).
    response = client.patch(f"/api/rounds/{round_.pk}", {"name": "第一轮（改）",
                                                          "version": round_.version},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft" and response.json()["stalled"] is False
    leave_running(round_, minutes_ago=45, worker="")
    client.post(f"/needs/rounds/{round_.pk}/run/")
    round_.refresh_from_db()
    assert round_.status == "done" and round_.result["assignments"]
    assert round_.worker == "" and round_.heartbeat_at is not None


@pytest.mark.django_db
def test_a_live_run_still_refuses_run_and_edit(world, client_for):
    client = client_for(world["coordinator"])
    round_ = leave_running(new_round(world), minutes_ago=1, worker=process_token())
    assert stall_message(round_) is None
    assert client.post(f"/api/rounds/{round_.pk}/run").status_code == 409
    response = client.patch(f"/api/rounds/{round_.pk}", {"name": "x", "version": round_.version},
                            content_type="application/json")
    assert response.status_code == 409
    page = client.get(f"/needs/rounds/{round_.pk}/").content.decode()
    assert 'id="run-round"' not in page and "hx-get" in page and "上次运行没有完成" not in page
    assert Round.objects.get(pk=round_.pk).status == "running"


@pytest.mark.django_db
def test_a_run_whose_process_is_gone_is_seen_at_once(world, client_for,
                                                      django_capture_on_commit_callbacks):
    client = client_for(world["coordinator"])
    token = process_token()
    host, _pid, start, nonce = token.rsplit(":", 3)
    assert not worker_gone(token)
    assert worker_gone(f"{host}:{dead_pid()}::{nonce}")
    if start:  # /proc: a reused pid (another start time) is not the worker
        assert worker_gone(f"{host}:{os.getpid()}:{int(start) + 1}:{nonce}")
    assert not worker_gone(f"another-host:{dead_pid()}::{nonce}")  # only time tells there
    round_ = leave_running(new_round(world), minutes_ago=0, worker=f"{host}:{dead_pid()}:1:x")
    assert GONE in client.get(f"/needs/rounds/{round_.pk}/").content.decode()
    # The job worker records such rounds as failed as soon as it starts another round.
    with django_capture_on_commit_callbacks(execute=True):
        other = services.start_round(actor=world["coordinator"], round_=new_round(world),
                                     background=True)
    workers.run_worker()
    round_.refresh_from_db()
    assert round_.status == "failed" and GONE in round_.error and round_.worker == ""
    assert Round.objects.get(pk=other.pk).status == "done"
    assert client.post(f"/api/rounds/{round_.pk}/run").json()["status"] == "done"


# ---- a real worker process, killed mid-run -----------------------------------------------


def wait_for(condition, worker, log_path):
    return workers.wait_for(condition, 120, process=worker, log_path=log_path, interval=0.02)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_stopped_or_killed_mid_run(world, client_for, settings, tmp_path):
    """The job worker (`xiezuo db_worker`) as a real process. (1) Frozen mid-run (SIGSTOP) past the time
    limit: the user runs the round again; when the old process wakes up and finishes, its
    result is dropped. (2) Killed mid-run (SIGKILL): the page says the run did not finish
    at once, and the round runs again to the end."""
    # Enough candidates that a run takes a few seconds once it is "running".
    people = Person.objects.bulk_create([
        Person(name=f"候选{i}", organisation=world["east"], domain="medical",
               specialty=world["neuro"], title_level=4 + i % 2) for i in range(1000)])
    Availability.objects.bulk_create([
        Availability(person=p, start=D(2027, 1, 1), end=D(2027, 12, 31), modes=["long_posting"])
        for p in people])
    needs = Need.objects.bulk_create([
        Need(organisation=world["west"], domain="medical", specialty=world["neuro"], slots=2,
             min_title_level=4, start=D(2027, 3, 1), end=D(2027, 8, 31), status="published",
             priority=1 + i % 5) for i in range(100)])
    coordinator = world["coordinator"]
    client = client_for(coordinator)
    round_ = services.create_round(actor=coordinator, name="大轮", needs=needs)
    page_url = f"/needs/rounds/{round_.pk}/"

    def state():
        return Round.objects.values("status", "progress", "worker", "version").get(pk=round_.pk)

    log_path = tmp_path / "worker.log"
    worker = workers.start_worker(log_path.open("w"))
    try:
        # (1) Frozen while it solves (its progress write is committed, it holds no lock).
        services.start_round(actor=coordinator, round_=round_, background=True)
        wait_for(lambda: state()["progress"] == 30, worker, log_path)
        worker.send_signal(signal.SIGSTOP)
        frozen = state()
        assert frozen["status"] == "running" and frozen["worker"].split(":")[1] == str(worker.pid)
        page = client.get(page_url).content.decode()
        assert 'id="run-round"' not in page and "上次运行没有完成" not in page  # alive, recent
        settings.XIEZUO_ROUND_STALL_MINUTES = 0  # ... until its time is up
        assert "上次运行没有完成：已有 0 分钟没有任何进展" in client.get(page_url).content.decode()
        client.post(f"{page_url}run/")  # runs inline to the end
        rerun = state()
        assert rerun["status"] == "done" and rerun["worker"] == ""
        worker.send_signal(signal.SIGCONT)
        wait_for(lambda: "superseded run finished" in log_path.read_text(), worker, log_path)
        assert state() == rerun  # the old process stored nothing
        settings.XIEZUO_ROUND_STALL_MINUTES = 30

        # (2) Killed mid-run.
        services.start_round(actor=coordinator, round_=Round.objects.get(pk=round_.pk),
                             background=True)
        wait_for(lambda: state()["status"] == "running", worker, log_path)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGCONT)
            worker.kill()
            worker.wait(timeout=30)

    round_.refresh_from_db()
    assert round_.status == "running" and round_.worker.split(":")[1] == str(worker.pid)
    page = client.get(page_url).content.decode()
    assert GONE in page and 'id="run-round"' in page
    client.post(f"{page_url}run/")
    round_.refresh_from_db()
    assert round_.status == "done" and len(round_.result["assignments"]) == 200


def test_proc_stat_parsing():
    stat = _stat(os.getpid())
    if stat is None:
        pytest.skip("no /proc here")
    state, start = stat
    assert state in "RSD" and start.isdigit()

"""Large matching rounds are background jobs of the one job system (django-tasks, `xiezuo
db_worker`, docs/jobs.md): started from the page they are queued, the real worker process
runs them to a proposal; their watchdog fails a run whose worker died."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from xiezuo.core.tests import workers
from xiezuo.needs import services, tasks
from xiezuo.needs.models import Round
from xiezuo.needs.tests.world import build

RUN_TASK = "xiezuo.needs.tasks.run_round_task"
WATCH_TASK = "xiezuo.needs.tasks.watch_round_task"
SILENT = "上次运行没有完成：已有 30 分钟没有任何进展。"


@pytest.fixture
def world(refdata, make_user, settings):
    settings.XIEZUO_ROUND_STALL_MINUTES = 30
    return build(make_user)


def new_round(world):
    return services.create_round(actor=world["coordinator"], name="第一轮",
                                 needs=[world["need"], world["unfillable"]])


@pytest.mark.django_db(transaction=True)
def test_a_round_above_the_inline_limit_runs_in_the_worker_process(world, client_for, settings, tmp_path):
    settings.XIEZUO_ROUND_INLINE_LIMIT = 1  # this small round counts as large
    client = client_for(world["coordinator"])
    round_ = new_round(world)
    page_url = f"/needs/rounds/{round_.pk}/"
    response = client.post(f"{page_url}run/", follow=True)
    assert "本轮已排队，将在后台运行。" in response.content.decode()
    assert Round.objects.get(pk=round_.pk).status == "queued"
    queued = DBTaskResult.objects.get(task_path=RUN_TASK)
    assert queued.status == "READY" and queued.args_kwargs["args"] == [round_.pk]
    page = client.get(page_url).content.decode()
    assert "hx-get" in page and 'id="run-round"' not in page  # the page polls while it waits
    api = client.get(f"/api/rounds/{round_.pk}").json()
    assert (api["status"], api["progress"], api["stalled"]) == ("queued", 0, False)

    log_path = tmp_path / "worker.log"
    worker = workers.start_worker(log_path.open("w"))
    try:
        workers.wait_for(lambda: Round.objects.get(pk=round_.pk).status not in ("queued", "running"),
                         90, process=worker, log_path=log_path)
    finally:
        workers.stop(worker)

    round_.refresh_from_db()
    assert round_.status == "done", round_.error
    assert round_.progress == 100 and round_.worker == "" and round_.result["assignments"]
    assert {a["need"] for a in round_.result["assignments"]} == {str(world["need"].pk)}
    assert round_.result["unfilled"]  # the unfillable need, with its reason
    queued.refresh_from_db()
    assert (queued.status, queued.return_value, len(queued.worker_ids)) == ("SUCCESSFUL", "done", 1)
    # The run armed its watchdog, due when the round would count as stalled.
    watch = DBTaskResult.objects.get(task_path=WATCH_TASK)
    assert watch.status == "READY" and watch.run_after > timezone.now() + datetime.timedelta(minutes=29)
    page = client.get(page_url).content.decode()
    assert "hx-get" not in page and str(world["people"]["甲医生"].name) in page
    assert client.get(f"/api/rounds/{round_.pk}").json()["status"] == "done"


@pytest.mark.django_db
def test_the_watchdog_fails_a_silent_run_and_watches_a_live_one(world):
    round_ = new_round(world)

    def leave_running(minutes_ago):
        beat = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        Round.objects.filter(pk=round_.pk).update(status="running", progress=30, started_at=beat,
                                                  heartbeat_at=beat, worker="elsewhere:4242:1:abc")

    # Alive (a sign of life a minute ago, on another machine): it looks again later.
    leave_running(1)
    tasks.watch_round_task.enqueue(round_.pk)
    workers.run_worker()
    assert Round.objects.get(pk=round_.pk).status == "running"
    done = DBTaskResult.objects.get(task_path=WATCH_TASK, status="SUCCESSFUL")
    assert done.return_value == "watching"
    again = DBTaskResult.objects.get(task_path=WATCH_TASK, status="READY")
    due = timezone.now() + datetime.timedelta(minutes=29)
    assert again.run_after > due and again.args_kwargs["args"] == [round_.pk]

    # Silent for longer than the limit: the next watchdog marks it failed, and stops watching.
    leave_running(120)
    DBTaskResult.objects.filter(pk=again.pk).update(run_after=timezone.now())
    workers.run_worker()
    round_.refresh_from_db()
    assert round_.status == "failed" and SILENT in round_.error and round_.worker == ""
    assert not DBTaskResult.objects.filter(task_path=WATCH_TASK, status="READY").exists()


@pytest.mark.django_db
def test_a_round_nobody_started_names_the_worker(world, client_for):
    round_ = new_round(world)
    beat = timezone.now() - datetime.timedelta(minutes=45)
    Round.objects.filter(pk=round_.pk).update(status="queued", heartbeat_at=beat)
    page = client_for(world["coordinator"]).get(f"/needs/rounds/{round_.pk}/").content.decode()
    assert "xiezuo db_worker" in page and "xiezuo serve" in page

"""Matching rounds as background jobs: the django-tasks tasks that the job worker
(`xiezuo db_worker`, started by `xiezuo serve`) runs, next to the imports and exports of
`xiezuo.core.tasks` (docs/jobs.md).

`services.start_round` queues a round larger than `XIEZUO_ROUND_INLINE_LIMIT` (people × needs) and, once the
round is committed as queued, publishes `services.ROUND_QUEUED`; `connect()` (called by the
app's `ready()`) subscribes `enqueue_round`, which enqueues `run_round_task`. The task runs
`services.run_round` — the same code as a small round run inline — which records progress
and signs of life on the round (`needs/liveness.py`).

A worker that dies mid-run leaves its round "running": `services.fail_stalled_rounds` marks
such rounds failed whenever a worker starts a round, and each run arms a watchdog task
(`watch_round_task`) due when the round would count as stalled, which the next worker runs.

The task paths (`xiezuo.needs.tasks.run_round_task`, `…watch_round_task`) are stored with
every queued task, so they stay here.
"""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from xiezuo.core import events
from xiezuo.needs import services
from xiezuo.needs.choices import RoundStatus
from xiezuo.needs.liveness import stall_minutes
from xiezuo.needs.models import Round

logger = logging.getLogger(__name__)


def connect() -> None:
    """Enqueue the job of every round queued from now on (`NeedsConfig.ready`)."""
    events.subscribe(services.ROUND_QUEUED, enqueue_round)


def enqueue_round(*, round_id: int) -> None:
    """Queue the round's run for the worker (after the round was committed as queued)."""
    result = run_round_task.enqueue(round_id)
    logger.info("matching round %s: task %s queued", round_id, result.id)


@task()
def run_round_task(round_id: int) -> str:
    """Run a queued matching round (in the worker); the round's status when it ends."""
    services.fail_stalled_rounds()  # rounds of workers that died before this one started
    try:
        _watch(round_id, timezone.now())
    except Exception:  # noqa: BLE001 — the round runs without its watchdog
        logger.warning("matching round %s: watchdog not enqueued", round_id, exc_info=True)
    return str(services.run_round(round_id=round_id).status)


@task()
def watch_round_task(round_id: int) -> str:
    """A running round's watchdog: marks it (and any other round whose run died) failed,
    or looks again when the round would next count as stalled."""
    services.fail_stalled_rounds()
    round_ = Round.objects.filter(pk=round_id).only("status", "heartbeat_at", "started_at").first()
    if round_ is None or round_.status != RoundStatus.RUNNING:
        return "done" if round_ is None else str(round_.status)
    _watch(round_id, round_.heartbeat_at or round_.started_at or timezone.now())
    return "watching"


def _watch(round_id: int, beat: datetime.datetime) -> None:
    """Enqueue the round's watchdog, due when a round silent since `beat` counts as
    stalled (never sooner than a few seconds from now)."""
    due = max(beat + datetime.timedelta(minutes=stall_minutes()), timezone.now())
    watch_round_task.using(run_after=due + datetime.timedelta(seconds=5)).enqueue(round_id)

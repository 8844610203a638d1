"""Queueing background jobs: starting a job (stored, then its django-tasks task enqueued)
and the tasks the database worker runs (`xiezuo db_worker`). See `xiezuo.core.jobs` for
what a job is and how it is carried out; this module imports it, never the reverse.

The task paths (`xiezuo.core.tasks.run_job`, `…watch_job`) are stored with every queued
task, so they stay here.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django_tasks import task

from xiezuo.core.excel import ScopedResource
from xiezuo.core.jobs import (
    class_path,
    current_progress,
    execute,
    fail_if_stalled,
    fail_stalled_jobs,
)
from xiezuo.core.models import Job
from xiezuo.core.scoping import signed_in
from xiezuo.core.types import Actor

logger = logging.getLogger(__name__)


# ---- starting ------------------------------------------------------------------------


def start_import(*, actor: Actor, resource_class: type[ScopedResource], data: bytes, file_name: str, rows: int,
                 list_url: str = "") -> Job:
    job = Job.objects.create(
        kind=Job.Kind.IMPORT, resource=resource_class._meta.model._meta.label_lower,
        file_name=file_name[:255], actor=signed_in(actor), total=rows, upload=data,
        spec={"resource": class_path(resource_class), "list_url": str(list_url),
              "language": translation.get_language()},
    )
    _enqueue(job)
    return job


def start_export(*, actor: Actor, resource_class: type[ScopedResource], filterset_class: type | None, params: str,
                 filename: str, total: int) -> Job:
    job = Job.objects.create(
        kind=Job.Kind.EXPORT, resource=resource_class._meta.model._meta.label_lower,
        file_name=f"{filename}.xlsx", actor=signed_in(actor), total=total,
        spec={"resource": class_path(resource_class),
              "filterset": class_path(filterset_class) if filterset_class else "",
              "params": params, "language": translation.get_language()},
    )
    _enqueue(job)
    return job


def start_file(*, actor: Actor, producer: str, params: dict[str, Any], file_name: str, resource: str, total: int) -> Job:
    """A job that makes one file with `producer(actor=, params=, progress=)` → bytes
    (e.g. the annual report of a whole province pair); `progress(done)` counts up to `total`."""
    job = Job.objects.create(
        kind=Job.Kind.EXPORT, resource=resource, file_name=file_name[:255], actor=signed_in(actor), total=total,
        spec={"producer": producer, "params": params, "language": translation.get_language()},
    )
    _enqueue(job)
    return job


def _enqueue(job: Job) -> None:
    result = run_job.enqueue(job.pk)
    job.spec["task"] = str(result.id)
    Job.objects.filter(pk=job.pk).update(spec=job.spec)


# ---- in the worker -------------------------------------------------------------------


@task()
def run_job(job_id: int) -> str:
    """Run a background import or export job."""
    return run(job_id)


@task()
def watch_job(job_id: int) -> str:
    """A job's watchdog: marks it failed, and deletes its upload, if its worker died."""
    return watch(job_id)


def run(job_id: int) -> str:
    """Run one job; every failure is recorded on the job, never raised."""
    fail_stalled_jobs()  # jobs of workers that died before this one started
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return "missing" if job is None else job.status
    now = timezone.now()
    job.status, job.started_at, job.heartbeat_at = Job.Status.RUNNING, now, now
    job.save(update_fields=["status", "started_at", "heartbeat_at"])
    try:
        _watch(job)
    except Exception:  # noqa: BLE001 — the job runs without its watchdog
        logger.warning("job %s: watchdog not enqueued", job_id, exc_info=True)
    execute(job)
    return job.status


def _watch(job: Job) -> None:
    """Enqueue the job's watchdog: it runs when the job would count as stalled (never
    sooner than a few seconds from now)."""
    now = timezone.now()
    _done, beat = current_progress(job)
    due = max((beat or now) + datetime.timedelta(minutes=settings.XIEZUO_JOB_STALL_MINUTES), now)
    watch_job.using(run_after=due + datetime.timedelta(seconds=5)).enqueue(job.pk)


def watch(job_id: int) -> str:
    """The watchdog (in the worker): fail the job if its worker died, or look again later."""
    job = Job.objects.filter(pk=job_id).defer("upload", "result").first()
    if job is None or job.finished:
        return "done"
    if fail_if_stalled(job):
        return "failed"
    if job.status == Job.Status.RUNNING:
        _watch(job)
        return "watching"
    return job.status

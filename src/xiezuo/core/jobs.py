"""Background jobs: long Excel imports and exports run by the worker (`xiezuo db_worker`).

A request whose import has more than ``XIEZUO_BACKGROUND_ROWS`` data rows, or whose
export has more records, stores a `Job` (with the uploaded workbook, or the export's
filters) and enqueues the django-tasks task `xiezuo.core.tasks.run_job` (`tasks.start_import`,
`start_export`, `start_file`). The worker runs the same `run_import` / `export_bytes` code
as a small request (`execute`), as the same user and in the same scope, and records
progress, the outcome and (exports) the workbook on the job.

This module knows jobs, their progress and how one is carried out; `xiezuo.core.tasks`
queues them (it imports this module, never the other way round).

Progress of an import: the import is one transaction, so rows written inside it are
invisible to others until it ends. The worker therefore reports progress outside it:
on PostgreSQL through a second database connection (autocommit), on SQLite — which lets
only one connection write at a time — through a small file under ``var/jobs/``.
A worker that dies mid-import leaves nothing behind (the transaction is rolled back).
Its job, "running" without progress for ``XIEZUO_JOB_STALL_MINUTES``, is then marked
failed and its uploaded workbook (personal data) deleted by `fail_if_stalled`: when the
job's watchdog task comes due (every job starting in the worker enqueues one), whenever
the worker starts another job, and when the job's page or API answer is read. A job that
ends, succeeded or failed, keeps no upload either.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xiezuo.core import events
from xiezuo.core.cache import changed
from xiezuo.core.excel import export_bytes, import_refusal, run_import
from xiezuo.core.models import Job
from xiezuo.core.scoping import scoped
from xiezuo.core.workbook_check import ImportFileError

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 500  # rows between two progress reports of an export


FAILED_JOB_DAYS = 30  # how long a failed job stays a to-do


def recently_failed(jobs: QuerySet[Job]) -> QuerySet[Job]:
    """The jobs that failed in the last FAILED_JOB_DAYS days: the home page's to-do and the
    job list's “近期失败” view count the same ones."""
    since = timezone.now() - datetime.timedelta(days=FAILED_JOB_DAYS)
    return jobs.filter(status=Job.Status.FAILED, created_at__gte=since)


def background_rows() -> int:
    return settings.XIEZUO_BACKGROUND_ROWS


def class_path(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


# ---- progress ------------------------------------------------------------------------


def _progress_file(job_id: int) -> Path:
    name = Path(str(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])).stem
    return Path(settings.VAR_DIR) / "jobs" / f"{name}-{job_id}.progress"


def _uses_file() -> bool:
    return connections[DEFAULT_DB_ALIAS].vendor == "sqlite"


class ImportProgress:
    """`ScopedResource.progress` for a job: records rows done outside the import's
    transaction (see the module docstring)."""

    def __init__(self, job: Job):
        self.job_id = job.pk
        self._connection: BaseDatabaseWrapper | None = None
        if _uses_file():  # a file left by an earlier database of the same name
            _progress_file(self.job_id).unlink(missing_ok=True)

    def __call__(self, done: int) -> None:
        try:
            if _uses_file():
                path = _progress_file(self.job_id)
                path.parent.mkdir(parents=True, exist_ok=True)
                temporary = path.with_suffix(".tmp")
                temporary.write_text(str(done))
                temporary.replace(path)
                return
            if self._connection is None:
                self._connection = connections.create_connection(DEFAULT_DB_ALIAS)
            now = self._connection.ops.adapt_datetimefield_value(timezone.now())
            with self._connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Job._meta.db_table} SET done = %s, heartbeat_at = %s WHERE id = %s",
                    [done, now, self.job_id],
                )
        except Exception:  # progress is a courtesy; never let it break the import
            logger.warning("job %s: progress not recorded", self.job_id, exc_info=True)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        _progress_file(self.job_id).unlink(missing_ok=True)


def current_progress(job: Job) -> tuple[int, datetime.datetime | None]:
    """Rows done and the time of the last progress, including what the worker of a
    running SQLite import reported through its progress file."""
    done, beat = job.done, job.heartbeat_at or job.started_at
    if job.status == Job.Status.RUNNING and _uses_file():
        path = _progress_file(job.pk)
        try:
            done = max(done, int(path.read_text() or 0))
            stamp = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
            beat = max(beat, stamp) if beat else stamp
        except (OSError, ValueError):
            pass
    return min(done, job.total) if job.total else done, beat


def is_stalled(job: Job, beat: datetime.datetime | None = None) -> bool:
    """A running job whose worker has given no sign of life for too long."""
    if job.status != Job.Status.RUNNING:
        return False
    beat = beat or job.heartbeat_at or job.started_at
    limit = datetime.timedelta(minutes=settings.XIEZUO_JOB_STALL_MINUTES)
    return beat is not None and timezone.now() - beat > limit


def stalled_message() -> str:
    return _("The background worker stopped while running this job (it was probably restarted). "
             "Nothing of it was stored and its uploaded file was deleted; start it again.")


def fail_if_stalled(job: Job) -> bool:
    """A running job whose worker has died (`is_stalled`): mark it failed and delete its
    upload, so that a workbook with personal data does not stay in the database."""
    if job.status != Job.Status.RUNNING:
        return False
    _done, beat = current_progress(job)
    if not is_stalled(job, beat):
        return False
    now = timezone.now()
    with translation.override(job.spec.get("language") or settings.LANGUAGE_CODE):
        message = stalled_message()
    # Only if nothing changed since it was read: a worker that was merely slow and has
    # just finished keeps its outcome.
    failed = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING,
                                heartbeat_at=job.heartbeat_at).update(
        status=Job.Status.FAILED, message=message, finished_at=now, upload=None)
    if not failed:
        return False
    _progress_file(job.pk).unlink(missing_ok=True)
    changed(job)
    job.status, job.message, job.finished_at = Job.Status.FAILED, message, now
    events.publish(events.JOB_FAILED, job=job)
    return True


def fail_stalled_jobs(queryset: QuerySet[Job] | None = None) -> int:
    """`fail_if_stalled` for every running job (of the queryset); how many were failed."""
    running = (Job.objects.all() if queryset is None else queryset).filter(status=Job.Status.RUNNING)
    return sum(fail_if_stalled(job) for job in running.defer("upload", "result"))


def is_waiting_long(job: Job) -> bool:
    """A queued job that no worker has picked up for a while (is the worker running?)."""
    limit = datetime.timedelta(minutes=settings.XIEZUO_JOB_STALL_MINUTES)
    return job.status == Job.Status.QUEUED and timezone.now() - job.created_at > limit


# ---- carrying a job out (in the worker) ----------------------------------------------


def execute(job: Job) -> None:
    """Carry out a running job (in the worker); every failure is recorded on the job,
    never raised."""
    with translation.override(job.spec.get("language") or settings.LANGUAGE_CODE):
        try:
            if job.actor is None or not job.actor.is_active:
                _fail(job, _("The user who started this job no longer exists."))
            elif job.kind == Job.Kind.IMPORT:
                _run_import(job)
            elif job.spec.get("producer"):
                _run_producer(job)
            else:
                _run_export(job)
        except Exception as exc:  # noqa: BLE001 — recorded on the job for the user
            logger.exception("job %s failed", job.pk)
            _fail(job, _("The job stopped with an error: %(error)s") % {"error": exc})
    changed(job)  # the home page counts the failed ones
    # Who listens (notifications, see core.events) learns how it ended.
    events.publish(events.JOB_FINISHED if job.status == Job.Status.SUCCEEDED else events.JOB_FAILED, job=job)


def _owner(job: Job) -> User:
    """The user a running job acts for (`execute` fails a job whose user is gone)."""
    if job.actor is None:
        raise PermissionDenied
    return job.actor


def _fail(job: Job, message: str, errors: list[dict[str, Any]] | None = None) -> None:
    job.status, job.message, job.finished_at = Job.Status.FAILED, message, timezone.now()
    job.errors = errors or []
    job.upload = None
    job.save()


def _run_import(job: Job) -> None:
    resource_class = import_string(job.spec["resource"])
    refusal = import_refusal(_owner(job), resource_class._meta.model)
    if refusal:  # the user's role changed since the upload
        _fail(job, refusal)
        return
    resource = resource_class(actor=_owner(job))
    progress = ImportProgress(job)
    resource.progress = progress
    try:
        outcome = run_import(resource=resource, data=bytes(job.upload or b""),
                             file_name=job.file_name)
    except ImportFileError as exc:
        _fail(job, str(exc))
        return
    finally:
        progress.close()
    if outcome.errors:
        _fail(job, ngettext("Nothing was imported: %(n)s problem was found.",
                            "Nothing was imported: %(n)s problems were found.",
                            len(outcome.errors)) % {"n": len(outcome.errors)},
              errors=[{"row": e.row, "column": str(e.column), "message": str(e.message)}
                      for e in outcome.errors])
        return
    job.status, job.finished_at = Job.Status.SUCCEEDED, timezone.now()
    job.done = job.total
    job.heartbeat_at = job.finished_at
    job.created_count, job.updated_count, job.batch = outcome.created, outcome.updated, outcome.batch
    job.message = _("Imported: %(created)s new, %(updated)s updated.") % {
        "created": outcome.created, "updated": outcome.updated}
    job.upload = None
    job.save()


def _run_producer(job: Job) -> None:
    def progress(done: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, heartbeat_at=timezone.now())

    producer = import_string(job.spec["producer"])
    job.result = producer(actor=_owner(job), params=job.spec.get("params", {}), progress=progress)
    job.status, job.finished_at = Job.Status.SUCCEEDED, timezone.now()
    job.done, job.heartbeat_at = job.total, job.finished_at
    job.message = _("The file is ready.")
    job.save()


def _run_export(job: Job) -> None:
    resource = import_string(job.spec["resource"])(actor=_owner(job))
    queryset = scoped(resource._meta.model, _owner(job))
    if job.spec.get("filterset"):
        filterset_class = import_string(job.spec["filterset"])
        queryset = filterset_class(QueryDict(job.spec.get("params", "")), queryset=queryset).qs
    job.total = queryset.count()
    job.save(update_fields=["total"])
    count = 0
    export_row = resource.export_resource

    def counting_export_row(obj: Model, *args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count % PROGRESS_EVERY == 0:
            Job.objects.filter(pk=job.pk).update(done=count, heartbeat_at=timezone.now())
        return export_row(obj, *args, **kwargs)

    resource.export_resource = counting_export_row
    job.result = export_bytes(resource, queryset)
    job.status, job.finished_at = Job.Status.SUCCEEDED, timezone.now()
    job.done, job.heartbeat_at = count, job.finished_at
    job.message = ngettext("Exported %(n)s record.", "Exported %(n)s records.", count) % {"n": count}
    job.save()

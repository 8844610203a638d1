"""API of background jobs: GET /api/jobs/ and GET /api/jobs/{id} (read only)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from xiezuo.core.crud import Page
from xiezuo.core.jobs import current_progress, fail_if_stalled, is_stalled
from xiezuo.core.models import Job
from xiezuo.core.scoping import scoped

router = Router(tags=["background jobs"])


class JobErrorOut(Schema):
    row: int
    column: str = ""
    message: str


class JobOut(Schema):
    id: int
    kind: str
    resource: str
    file_name: str
    status: str
    stalled: bool
    done: int
    total: int
    message: str
    errors: list[JobErrorOut]
    created: int
    updated: int
    download: str | None
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None


def _visible(request: HttpRequest) -> QuerySet[Job]:
    return scoped(Job, request.user).defer("upload", "result")


def _out(job: Job) -> dict[str, Any]:
    fail_if_stalled(job)  # its worker died: failed, upload deleted
    done, beat = current_progress(job)
    ready = job.kind == Job.Kind.EXPORT and job.status == Job.Status.SUCCEEDED
    return {
        "id": job.pk, "kind": job.kind, "resource": job.resource, "file_name": job.file_name,
        "status": job.status, "stalled": is_stalled(job, beat), "done": done,
        "total": job.total, "message": job.message, "errors": job.errors or [],
        "created": job.created_count, "updated": job.updated_count,
        "download": reverse("job_download", args=[job.pk]) if ready else None,
        "created_at": job.created_at, "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


@router.get("/", response=list[JobOut], operation_id="job_list")
@paginate(Page)
def list_jobs(request: HttpRequest) -> _Mapped:
    return _Mapped(_visible(request))


class _Mapped:
    """A queryset of jobs that paginates lazily and answers each job as `_out`."""

    def __init__(self, queryset: QuerySet[Job]) -> None:
        self.queryset = queryset

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [_out(job) for job in self.queryset[index]]


@router.get("/{int:pk}", response={200: JobOut}, operation_id="job_read")
def read_job(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(get_object_or_404(_visible(request), pk=pk))

"""django-tasks tasks, run by the database worker (`xiezuo db_worker`)."""

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    """Run a background import or export job (see `xiezuo.core.jobs`)."""
    from xiezuo.core.jobs import run

    return run(job_id)


@task()
def watch_job(job_id: int) -> str:
    """A job's watchdog: marks it failed, and deletes its upload, if its worker died."""
    from xiezuo.core.jobs import watch

    return watch(job_id)

"""django-tasks tasks of reports, run by the database worker (`xiezuo db_worker`)."""

from django_tasks import task


@task()
def extract_report(document_id: int, language: str = "") -> str:
    """Extract a stored report under the time and memory limits (see
    `xiezuo.reports.services.extract_document`); answers the report's status."""
    from xiezuo.reports.services import run_extraction

    return run_extraction(document_id=document_id, language=language)

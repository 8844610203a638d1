"""django-tasks tasks of reports, run by the database worker (`xiezuo db_worker`).

`extract_report` is declared in `xiezuo.reports.services`, beside the upload that queues it
(so the services need not import this module, which imports them). The name stays here
for tasks queued under this path before it moved: the worker finds a task by its path.
"""

from xiezuo.reports.services import extract_report

__all__ = ["extract_report"]

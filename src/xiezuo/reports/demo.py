"""Demo reports: `load_reports_demo()` ingests the demo bulletins shipped with the project
(package data in `xiezuo/demo/reports/`, written for the demo and marked 【演示材料】 on their
first line), so that a fresh install anywhere has facts waiting for review. Another folder
may be given (e.g. real published samples); a missing folder loads nothing. Idempotent: a
file that was uploaded before is recognised by its SHA-256 and not stored again. The files
are extracted at once (`background=False`), through the same limited extraction the worker
runs.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User

from xiezuo.reports.services import UploadOutcome, upload_reports

# Package data of the demo app (see pyproject's [tool.setuptools.package-data]); a plain
# path, so that the reports app does not import the demo app.
DEMO_REPORTS = Path(__file__).resolve().parent.parent / "demo" / "reports"
SUFFIXES = {".txt", ".docx", ".pdf"}


def _system() -> User:
    """The demo loader acts as an administrator: a superuser that is never saved, so no
    uploader is recorded."""
    return User(username="xiezuo-demo", is_superuser=True)


def demo_files(directory: Path | None = None) -> list[Path]:
    """The report files of `directory` (the shipped demo bulletins by default), by name."""
    folder = directory or DEMO_REPORTS
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix.lower() in SUFFIXES]


def load_reports_demo(directory: Path | None = None) -> list[UploadOutcome]:
    files = [(p.name, p.read_bytes()) for p in demo_files(directory)]
    # Extracted here (no worker needed), under the same limits as the worker's.
    return upload_reports(actor=_system(), files=files, background=False) if files else []

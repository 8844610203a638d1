"""Demo reports: `load_reports_demo()` ingests the two real published samples kept in the
checkout's sibling folder `shared/samples/` (next to the repository). When that folder is
missing (an installed package, a fresh machine) it does nothing. Idempotent: a file that
was uploaded before is recognised by its SHA-256 and not stored again. The samples are
extracted at once (`background=False`), through the same limited extraction the worker runs.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User

from xiezuo.reports.services import UploadOutcome, upload_reports


def _system() -> User:
    """The demo loader acts as an administrator: a superuser that is never saved, so no
    uploader is recorded."""
    return User(username="xiezuo-demo", is_superuser=True)


def samples_dir() -> Path:
    return Path(settings.BASE_DIR).parents[2] / "shared" / "samples"


def load_reports_demo(directory: Path | None = None) -> list[UploadOutcome]:
    folder = directory or samples_dir()
    if not folder.is_dir():
        return []
    files = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())
             if p.is_file() and p.suffix.lower() in {".txt", ".docx", ".pdf"}]
    # Extracted here (no worker needed), under the same limits as the worker's.
    return upload_reports(actor=_system(), files=files, background=False) if files else []

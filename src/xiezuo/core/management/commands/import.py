"""`xiezuo import KIND FILE --user NAME`: the web import, from the command line.

The whole file is imported in one transaction or not at all; bad rows are listed with
their spreadsheet row, column and reason, and the exit status is 2. A user whose role
cannot change these records is refused before the file is read; a file over the size,
unpacked-size or row limits (`xiezuo.core.excel.inspect_workbook`) is refused before it
is loaded.
"""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from xiezuo.core.excel import import_refusal, run_import
from xiezuo.core.workbook_check import ImportFileError, check_upload_size

RESOURCES = {
    "organisations": "xiezuo.orgs.resources.OrganisationResource",
    "people": "xiezuo.people.resources.PersonResource",
    "postings": "xiezuo.exchange.resources.PostingResource",
    "agreements": "xiezuo.cooperation.resources.AgreementResource",
    "agreement-targets": "xiezuo.cooperation.resources.AgreementTargetResource",
    "projects": "xiezuo.cooperation.resources.ProjectResource",
    "labour": "xiezuo.cooperation.resources.LabourResource",
    "consumption": "xiezuo.cooperation.resources.ConsumptionResource",
    "activities": "xiezuo.activities.resources.ActivityResource",
    "events": "xiezuo.activities.resources.EventResource",
    "training-classes": "xiezuo.activities.resources.TrainingClassResource",
    "trainees": "xiezuo.activities.resources.TraineeResource",
}


class Command(BaseCommand):
    help = "Import organisations, people or postings from an Excel workbook (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(RESOURCES))
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", required=True, help="the user the import acts as")
        parser.add_argument("--progress", action="store_true", help="print a line every 500 rows")

    def handle(self, *args: Any, kind: str, path: Path, user: str, progress: bool = False,
               **options: Any) -> None:
        try:
            actor = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user named {user!r}") from None
        resource_class = import_string(RESOURCES[kind])
        refusal = import_refusal(actor, resource_class._meta.model)
        if refusal:  # before the file is read
            raise CommandError(f"{user}: {refusal}")
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            check_upload_size(path.stat().st_size)
        except ImportFileError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        resource = resource_class(actor=actor)
        if progress:
            def report(rows: int) -> None:
                self.stdout.write(f"progress: {rows} rows")
                self.stdout.flush()

            resource.progress = report
        try:
            outcome = run_import(resource=resource, data=path.read_bytes(), file_name=path.name)
        except ImportFileError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if outcome.errors:
            for error in outcome.errors:
                self.stderr.write(f"row {error.row}, {error.column or '-'}: {error.message}")
            raise CommandError(f"{path}: nothing imported, {len(outcome.errors)} problems", returncode=2)
        self.stdout.write(f"imported {path.name}: {outcome.created} new, {outcome.updated} updated "
                          f"(batch {outcome.batch.pk if outcome.batch else '-'})")

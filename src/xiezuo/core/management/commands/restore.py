from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezuo.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and verify record counts and content hashes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        try:
            report = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        bad = {k: v for k, v in report.items() if v["expected"] != v["restored"]}
        total = sum(v["expected"]["count"] for v in report.values())
        if bad:
            for label, values in bad.items():
                self.stderr.write(f"MISMATCH {label}: expected {values['expected']}, got {values['restored']}")
            raise CommandError(f"restore finished but {len(bad)} tables differ from the backup")
        self.stdout.write(f"restored {total} records in {len(report)} tables; counts and hashes match")

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from xiezuo.core.backup import backup


class Command(BaseCommand):
    help = "Write the whole installation's data to a backup file (zip with data and manifest)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        manifest = backup(path)
        total = sum(m["count"] for m in manifest["models"].values())
        self.stdout.write(f"backup written to {path}: {total} records in {len(manifest['models'])} tables")
        for label, reason in manifest["left_out"].items():
            self.stdout.write(f"  left out: {label} — {reason}")

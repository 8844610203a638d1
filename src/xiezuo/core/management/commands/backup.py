from pathlib import Path

from django.core.management.base import BaseCommand

from xiezuo.core.backup import backup


class Command(BaseCommand):
    help = "Write the whole installation's data to a backup file (zip with data and manifest)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        manifest = backup(path)
        total = sum(m["count"] for m in manifest["models"].values())
        self.stdout.write(f"backup written to {path}: {total} records in {len(manifest['models'])} tables")
        for label, reason in manifest["left_out"].items():
            self.stdout.write(f"  left out: {label} — {reason}")

"""Backup and restore of a whole installation, with counts and content hashes to prove it.

A backup is a zip holding `data.json` (Django's serialisation with natural foreign keys,
in dependency order, datetimes to the microsecond: `core/serializers_json.py`) and `manifest.json` (record counts and a SHA-256 per model).
Restoring into an empty database reloads the data and checks both against the manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.db.models import Model

FORMAT = "xiezuo-backup-1"
# Tables a backup leaves out, and why (also written into the manifest).
EXCLUDED = {
    "contenttypes.contenttype": "rebuilt by migrate on restore (natural keys refer to it)",
    "auth.permission": "rebuilt by migrate on restore (natural keys refer to it)",
    "sessions.session": "sign-ins are not restored: everyone signs in again after a restore",
    "axes.accessattempt": "login throttling state (failed attempts, locks); it expires within "
                          "the cool-off hour and must not carry a lock into a new installation",
    "axes.accesslog": "login/logout log of django-axes: kept in the live database for the "
                      "cool-off period only; the audit trail of changes is in the history tables",
    "axes.accessfailurelog": "failed-login log of django-axes, as above",
    "core.cachegeneration": "versions of the cached figures (xiezuo.core.cache), not data; the "
                            "cache is emptied after a restore",
}


class BackupError(Exception):
    pass


def backed_up_models() -> list[type[Model]]:
    return [m for m in apps.get_models()
            if m._meta.label_lower not in EXCLUDED and not m._meta.proxy and m._meta.managed]


def fingerprint() -> dict[str, dict[str, Any]]:
    """Record count and content hash of every backed-up model."""
    result: dict[str, dict[str, Any]] = {}
    for model in backed_up_models():
        digest = hashlib.sha256()
        count = 0
        queryset = model._default_manager.order_by("pk")
        for start in range(0, queryset.count(), 5000):
            chunk = serializers.serialize("python", queryset[start:start + 5000],
                                          use_natural_foreign_keys=True)
            for item in chunk:
                digest.update(json.dumps(item, sort_keys=True, default=str, ensure_ascii=False).encode())
                count += 1
        result[model._meta.label_lower] = {"count": count, "sha256": digest.hexdigest()}
    return result


def backup(path: Path) -> dict[str, Any]:
    buffer = io.StringIO()
    labels = [m._meta.label for m in backed_up_models()]
    call_command("dumpdata", *labels, natural_foreign=True, format="xzjson", stdout=buffer, verbosity=0)
    manifest = {"format": FORMAT, "models": fingerprint(), "left_out": EXCLUDED}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", buffer.getvalue())
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def restore(path: Path) -> dict[str, dict[str, Any]]:
    """Load a backup into an empty database; returns the per-model comparison."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            data = archive.read("data.json")
    except (zipfile.BadZipFile, KeyError, FileNotFoundError) as exc:
        raise BackupError(f"{path} is not a xiezuo backup: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}")
    occupied = [m._meta.label_lower for m in backed_up_models() if m._default_manager.exists()]
    if occupied:
        raise BackupError("The database is not empty (" + ", ".join(occupied[:5]) + " …); "
                          "restore into a freshly migrated database.")
    with tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / "data.xzjson"
        fixture.write_bytes(data)
        with transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
    cache.clear()  # figures computed from whatever this database held before
    now = fingerprint()
    return {label: {"expected": expected, "restored": now.get(label)}
            for label, expected in manifest["models"].items()}

"""Goals of a posting or team, their evidence, and outcomes.

Evidence files are checked before they are stored: at most ``XIEZUO_EVIDENCE_MAX_MB``
(the size Django counted while the upload streamed in, checked before a byte is read),
and of an accepted kind by extension *and* content (`EVIDENCE_KINDS`). A replaced
evidence file, and the file of a deleted goal, is removed from storage once the change
is committed.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.core.types import Actor
from xiezuo.exchange.models import Goal, Outcome
from xiezuo.exchange.models.goals import delete_stored_file

MB = 1024 * 1024
HEAD = 64 * 1024  # bytes read to recognise the content
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files (.doc, .xls, .ppt)
# extension → (content check, the part an Office Open XML archive must hold)
EVIDENCE_KINDS = {
    ".pdf": ("pdf", None),
    ".jpg": ("jpeg", None),
    ".jpeg": ("jpeg", None),
    ".png": ("png", None),
    ".doc": ("ole", None),
    ".xls": ("ole", None),
    ".ppt": ("ole", None),
    ".docx": ("ooxml", "word/document.xml"),
    ".xlsx": ("ooxml", "xl/workbook.xml"),
    ".pptx": ("ooxml", "ppt/presentation.xml"),
    ".txt": ("text", None),
    ".csv": ("text", None),
}
SIGNATURES = {"pdf": (b"%PDF",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",),
              "ole": (OLE,)}
MARKUP = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe")


def _name(file: File[bytes]) -> str:
    return Path(getattr(file, "name", "") or "").name


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(MARKUP):
        return False  # a web page or SVG is not accepted as text
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _content_matches(file: File[bytes], kind: str, part: str | None) -> bool:
    file.seek(0)
    head: bytes = file.read(HEAD)
    if kind in SIGNATURES:
        return head.startswith(SIGNATURES[kind])
    if kind == "text":
        return _looks_like_text(head)
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:  # only the archive's directory is read, nothing is unpacked
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return part in archive.NameToInfo
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return False
    finally:
        file.seek(0)


def check_evidence_file(file: File[bytes], *, field: str = "evidence_file") -> None:
    """Refuse an evidence file that is too large or of a kind not accepted (by its
    extension and its content), with a message naming the field and the file."""
    name = _name(file)
    limit = settings.XIEZUO_EVIDENCE_MAX_MB * MB
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError({field: _(
            "Evidence file “%(name)s” is %(size)s MB; at most %(limit)s MB is accepted.") % {
                "name": name, "size": f"{size / MB:.1f}", "limit": f"{limit / MB:g}"}})
    suffix = Path(name).suffix.lower()
    if suffix not in EVIDENCE_KINDS:
        raise ValidationError({field: _(
            "Evidence file “%(name)s”: only PDF, JPG/PNG images, Word, Excel, PowerPoint and text "
            "(.txt, .csv) files are accepted.") % {"name": name}})
    kind, part = EVIDENCE_KINDS[suffix]
    if not _content_matches(file, kind, part):
        raise ValidationError({field: _(
            "Evidence file “%(name)s”: the name ends in %(extension)s but the content is not such "
            "a file.") % {"name": name, "extension": suffix}})
    file.seek(0)


def _save_evidence(*, actor: Actor, goal: Goal, changes: dict[str, Any],
                   expected_version: int | None = None,
                   field: str = "evidence_file") -> Goal:
    """Save changes that may carry a new evidence file: check it first; remove the file
    it replaces once committed, or the new one when the change is refused."""
    new = changes.get("evidence_file")
    if not new:
        return save_changes(actor=actor, instance=goal, changes=changes,
                            expected_version=expected_version)
    check_evidence_file(new, field=field)
    old = goal.evidence_file.name if goal.evidence_file else ""
    try:
        with transaction.atomic():
            goal = save_changes(actor=actor, instance=goal, changes=changes,
                                expected_version=expected_version)
            if old and old != goal.evidence_file.name:
                delete_stored_file(goal.evidence_file.storage, old)
    except Exception:
        stored = goal.evidence_file.name if goal.evidence_file else ""
        if stored and stored != old and getattr(goal.evidence_file, "_committed", False):
            goal.evidence_file.storage.delete(stored)  # written by save() before the refusal
        raise
    return goal


def create_goal(*, actor: Actor, **fields: Any) -> Goal:
    if fields.get("evidence_file"):
        check_evidence_file(fields["evidence_file"])
    goal = Goal(**fields)
    try:
        return save_new(actor=actor, instance=goal)
    except Exception:  # the row was rolled back: the file save() wrote must go too
        if goal.evidence_file and getattr(goal.evidence_file, "_committed", False):
            goal.evidence_file.storage.delete(goal.evidence_file.name)
        raise


def update_goal(
    *, actor: Actor, instance: Goal, changes: dict[str, Any], expected_version: int | None = None
) -> Goal:
    changes = {k: v for k, v in changes.items() if k not in {"posting", "team"}}
    return _save_evidence(actor=actor, goal=instance, changes=changes,
                          expected_version=expected_version)


def attach_evidence(*, actor: Actor, goal: Goal, file: File[bytes], text: str | None = None,
                    field: str = "evidence_file") -> Goal:
    """Store an evidence file (and optionally text) on a goal, replacing its earlier file.
    ``field`` names the input in errors (the API's multipart field is ``file``)."""
    changes: dict[str, Any] = {"evidence_file": file}
    if text is not None:
        changes["evidence_text"] = text
    return _save_evidence(actor=actor, goal=goal, changes=changes, field=field)


def delete_goal(*, actor: Actor, instance: Goal) -> None:
    delete_record(actor=actor, instance=instance)  # its file goes after the commit (models)


def create_outcome(*, actor: Actor, **fields: Any) -> Outcome:
    return save_new(actor=actor, instance=Outcome(**fields))


def update_outcome(*, actor: Actor, instance: Outcome, changes: dict[str, Any]) -> Outcome:
    changes = {k: v for k, v in changes.items() if k != "goal"}
    return save_changes(actor=actor, instance=instance, changes=changes)


def delete_outcome(*, actor: Actor, instance: Outcome) -> None:
    delete_record(actor=actor, instance=instance)

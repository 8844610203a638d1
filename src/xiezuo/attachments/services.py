"""Writes: attaching files to a record and removing them.

Every file of an upload is checked (`checks.check_file`: size, extension and content)
before any is stored; one refused file refuses the upload, and every refusal names its
file and the reason. Files lie under ``MEDIA_ROOT/attachments/`` with random names; a
removed attachment's file goes once the removal is committed (models.delete_stored_file),
and the removal stays in the change history.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from xiezuo.attachments.checks import Checked, check_file
from xiezuo.attachments.models import Attachment, AttachmentKind
from xiezuo.attachments.registry import parent_of
from xiezuo.attachments.selectors import may_remove
from xiezuo.core.scoping import ensure_in_scope, signed_in
from xiezuo.core.types import Actor


def _checked(files: Sequence[File[bytes] | IO[bytes]]) -> list[tuple[IO[bytes], Checked]]:
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    limit = settings.XIEZUO_ATTACHMENT_MAX_FILES
    if len(files) > limit:
        raise ValidationError({"files": _("At most %(limit)d files can be uploaded at once.")
                               % {"limit": limit}})
    accepted: list[tuple[IO[bytes], Checked]] = []
    refused: list[str] = []
    for file in files:
        name = str(getattr(file, "name", "") or "")
        try:
            accepted.append((file, check_file(file, name)))
        except ValueError as exc:
            refused.append(_("“%(name)s”: %(reason)s.") % {"name": name or "—", "reason": exc})
    if refused:
        raise ValidationError({"files": [*refused, _("Nothing was stored.")]})
    return accepted


def upload_attachments(*, actor: Actor, parent: Model, files: Sequence[File[bytes] | IO[bytes]],
                       kind: str = AttachmentKind.OTHER, note: str = "") -> list[Attachment]:
    """Attach the files to the record; all of them or, if one is refused, none."""
    if parent_of(type(parent)) is None:
        raise ValidationError(_("Files cannot be attached to this kind of record."))
    ensure_in_scope(parent, actor)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds offered.")})
    accepted = _checked(files)
    user = signed_in(actor)
    content_type = ContentType.objects.get_for_model(type(parent))
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            for file, checked in accepted:
                attachment = Attachment(
                    content_type=content_type, object_id=parent.pk, original_name=checked.name,
                    size=checked.size, mime_type=checked.mime, kind=kind, note=note.strip(),
                    uploaded_by=user)
                attachment.full_clean(exclude=["file"])
                file.seek(0)
                attachment.file.save(checked.name, File(file), save=False)
                stored.append(attachment)
                attachment.save()
    except BaseException:  # nothing stays on a refusal: the rows are rolled back, the files go
        for attachment in stored:
            if attachment.file.name:
                attachment.file.storage.delete(attachment.file.name)
        raise
    return stored


def remove_attachment(*, actor: Actor, attachment: Attachment, parent: Model) -> None:
    """Remove an attachment of `parent` (read through `scoped()` by the caller): the row
    (kept in the history) now, the file after the commit."""
    if attachment.content_type.model_class() is not type(parent) or attachment.object_id != parent.pk:
        raise ValidationError(_("This file is not attached to this record."))
    if not may_remove(actor, attachment, parent):
        raise PermissionDenied(_("You may not remove this file: only those who may change the "
                                 "record remove its files, and organisation users only their own."))
    with transaction.atomic():
        attachment.delete()

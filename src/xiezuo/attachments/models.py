"""Files attached to a posting, an activity, an activity group, an agreement or a goal.

An attachment refers to its record through a generic relation (content type + id); the
records that may carry attachments are listed in `xiezuo.attachments.registry`. The file
lies under ``MEDIA_ROOT/attachments/YYYY/MM/`` with a random name; the user's file name
is kept (cleaned) in `original_name` and given back on download. Attachments are read
only through their record (`xiezuo.attachments.selectors`), which is read through
`scoped()`; who removed what stays in the change history.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiezuo.attachments.registry import BY_LABEL

log = logging.getLogger(__name__)


class AttachmentKind(models.TextChoices):
    NOTICE = "notice", _("Notice document")
    PHOTO = "photo", _("Photo")
    SIGN_IN = "sign_in", _("Sign-in sheet")
    AGREEMENT = "agreement", _("Agreement text")
    OTHER = "other", _("Other")


def stored_name(instance: Attachment, filename: str) -> str:
    """A random name under attachments/YYYY/MM/ keeping only the (checked) extension."""
    today = timezone.localdate()
    suffix = PurePath(filename).suffix.lower()
    return f"attachments/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"),
                                     on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("record id"))
    parent = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    mime_type = models.CharField(_("file type"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=AttachmentKind.choices,
                            default=AttachmentKind.OTHER)
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_parent")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    @property
    def uploaded_on(self) -> datetime.date:
        return timezone.localdate(self.uploaded_at)


def delete_stored_file(storage: Storage, name: str) -> None:
    """Remove a stored file once the current transaction commits (never when it is rolled
    back: the record would still refer to it)."""

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:
            log.warning("attachment file %s could not be removed", name, exc_info=True)

    if name:
        transaction.on_commit(delete)


@receiver(post_delete, sender=Attachment)
def _file_goes_with_the_record(sender: type[Attachment], instance: Attachment, **kwargs: Any) -> None:
    delete_stored_file(instance.file.storage, instance.file.name or "")


@receiver(post_delete)
def _attachments_go_with_their_record(sender: type[models.Model], instance: models.Model,
                                      **kwargs: Any) -> None:
    """A deleted posting, activity, group, agreement or goal takes its attachments along
    (each removal in the change history, each file removed after the commit)."""
    if sender._meta.label_lower not in BY_LABEL:
        return
    content_type = ContentType.objects.get_for_model(sender)
    for attachment in Attachment.objects.filter(content_type=content_type, object_id=instance.pk):
        attachment.delete()

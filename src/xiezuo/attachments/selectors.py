"""Reads: attachments are reached only through their record, and the record only through
`scoped()` — a record outside the user's view is not found (404), and so are its files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from xiezuo.accounts.models import Role
from xiezuo.attachments.models import Attachment
from xiezuo.attachments.registry import PARENTS, parent_of
from xiezuo.core.scoping import Action, can, scoped, user_role
from xiezuo.core.types import Actor


def visible_parent(actor: Actor, key: str, pk: int) -> Model:
    """The record of kind `key` (posting, activity …) with this id, if the user sees it."""
    parent = PARENTS.get(key)
    if parent is None:
        raise Http404
    return get_object_or_404(scoped(parent.model, actor), pk=pk)


def attachments_of(parent: Model) -> QuerySet[Attachment]:
    """The attachments of a record the caller has read through `scoped()`."""
    content_type = ContentType.objects.get_for_model(type(parent))
    return Attachment.objects.filter(content_type=content_type, object_id=parent.pk).select_related(
        "uploaded_by")


def visible_attachment(actor: Actor, pk: int) -> tuple[Attachment, Model]:
    """An attachment and its record, when the user sees the record; 404 otherwise (also for
    an attachment whose record is gone or of a kind no longer registered)."""
    attachment = get_object_or_404(Attachment.objects.select_related("content_type", "uploaded_by"),
                                   pk=pk)
    model = attachment.content_type.model_class()
    if model is None or parent_of(model) is None:
        raise Http404
    parent = scoped(model, actor).filter(pk=attachment.object_id).first()
    if parent is None:
        raise Http404
    return attachment, parent


def prefetch_sections(actor: Actor, records: Sequence[Model]) -> None:
    """Read the files of several records of one kind, and whether the actor may change
    each, in one query each instead of one per record, for their attachment sections on
    one page (a posting's goals)."""
    if not records:
        return
    model = type(records[0])
    files: dict[Any, list[Attachment]] = {record.pk: [] for record in records}
    content_type = ContentType.objects.get_for_model(model)
    for attachment in Attachment.objects.filter(
            content_type=content_type, object_id__in=list(files)).select_related("uploaded_by"):
        files[attachment.object_id].append(attachment)
    changeable = set(scoped(model, actor, Action.CHANGE).filter(pk__in=list(files))
                     .values_list("pk", flat=True))
    for record in records:
        record.__dict__[SECTION_KEY] = (files[record.pk], record.pk in changeable)


SECTION_KEY = "_attachment_section"  # set by prefetch_sections on each record


def section_of(actor: Actor, record: Model) -> tuple[list[Attachment], bool]:
    """A record's files and whether the actor may change it (prefetched or read now)."""
    prefetched = record.__dict__.get(SECTION_KEY)
    if prefetched is not None:
        return prefetched
    return list(attachments_of(record)), may_upload(actor, record)


def may_upload(actor: Actor, parent: Model) -> bool:
    """Whoever may change the record may attach files to it."""
    return can(actor, Action.CHANGE, parent)


def may_remove(actor: Actor, attachment: Attachment, parent: Model, *,
               may_change: bool | None = None) -> bool:
    """Administrators and coordinators who may change the record remove any of its files;
    other users who may change it remove those they uploaded themselves. `may_change`:
    whether the actor may change the record, when the caller knows it already (a page
    lists several files of one record)."""
    if not (can(actor, Action.CHANGE, parent) if may_change is None else may_change):
        return False
    if user_role(actor) in (Role.ADMIN, Role.COORDINATOR):
        return True
    return attachment.uploaded_by_id is not None and attachment.uploaded_by_id == actor.pk

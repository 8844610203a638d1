"""Reverting an applied import batch: delete what it created, restore what it changed."""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.core.cache import changed
from xiezuo.core.errors import Conflict
from xiezuo.core.models import ImportBatch, ImportStatus
from xiezuo.core.scoping import ensure_in_scope, signed_in
from xiezuo.core.types import Actor


def revert_batch(*, actor: Actor, batch: ImportBatch) -> None:
    if batch.status != ImportStatus.APPLIED:
        raise Conflict(_("This import was already reverted."))
    with transaction.atomic():
        changed(batch)
        records = list(batch.records.select_related("content_type").order_by("-id"))
        for record in records:
            model = record.content_type.model_class()
            if model is None:
                continue  # its model no longer exists
            changed(model)
            # Any: the imported models are versioned and keep their history (simple_history).
            current: Any = model._default_manager.filter(pk=record.object_id).first()
            if current is None:
                continue
            ensure_in_scope(current, actor)
            if record.action == "created":
                try:
                    current.delete()
                except ProtectedError as exc:
                    raise Conflict(
                        _("%(record)s, added by this import, is now referred to by other records; "
                          "the import cannot be reverted.") % {"record": current}
                    ) from exc
            else:
                written = cast(Any, model).history.get(history_id=record.history_id)
                previous = written.prev_record
                if previous is None:
                    continue
                if current.version != written.version:
                    raise Conflict(
                        _("%(record)s was changed again after this import; revert those changes first.")
                        % {"record": current}
                    )
                restored = previous.instance
                restored.version = current.version
                restored._change_reason = f"revert of import {batch.pk}"
                restored.save()
        batch.status = ImportStatus.REVERTED
        batch.reverted_at = timezone.now()
        batch.reverted_by = signed_in(actor)
        batch.save()

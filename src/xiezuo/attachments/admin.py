"""Attachments in the back office: read-only (files are added on the records' pages or
through the API, where they are checked); an administrator may delete one, which removes
its file after the commit."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xiezuo.attachments.models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin[Attachment]):
    list_display = ("original_name", "kind", "content_type", "object_id", "size", "mime_type",
                    "uploaded_by", "uploaded_at")
    list_filter = ("kind", "content_type")
    search_fields = ("original_name", "note")
    readonly_fields = [f.name for f in Attachment._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

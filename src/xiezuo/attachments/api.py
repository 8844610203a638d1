"""API of attachments, per record: list, upload (multipart, several files), the file, remove.

    GET    /api/attachments/of/{parent}/{parent_id}   the record's attachments
    POST   /api/attachments/of/{parent}/{parent_id}   upload: files, kind, note (multipart)
    GET    /api/attachments/{pk}                      one attachment's description
    GET    /api/attachments/{pk}/file                 the file itself
    DELETE /api/attachments/{pk}                      remove (204)

`parent` is posting, activity, event (an activity group), agreement or goal. The record
is read through `scoped()`: outside the caller's view it and its files are 404; a caller
who sees but may not change it gets 403 on upload and removal.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from xiezuo.attachments import selectors, services
from xiezuo.attachments.checks import KINDS
from xiezuo.attachments.downloads import file_response
from xiezuo.attachments.models import Attachment, AttachmentKind
from xiezuo.attachments.registry import parent_of
from xiezuo.attachments.schemas import AttachmentList, AttachmentOut, ParentKey

router = Router(tags=["attachments"])
BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_RESPONSE = {"responses": {200: {
    "description": "The file, with its type as detected on upload",
    "content": {mime.split(";")[0]: BINARY for mime in sorted({k.mime for k in KINDS.values()})},
}}}


def _out(attachment: Attachment, key: str) -> dict[str, Any]:
    user = attachment.uploaded_by
    return {
        "id": attachment.pk, "parent": key, "parent_id": attachment.object_id,
        "name": attachment.original_name, "kind": attachment.kind,
        "kind_label": str(attachment.get_kind_display()), "size": attachment.size,
        "mime_type": attachment.mime_type, "note": attachment.note,
        "uploaded_by": (user.get_full_name() or user.get_username()) if user else None,
        "uploaded_at": attachment.uploaded_at,
        "download": reverse("api:attachment_file", kwargs={"pk": attachment.pk}),
    }


def _key(attachment: Attachment) -> str:
    model = attachment.content_type.model_class()
    entry = parent_of(model) if model is not None else None
    return entry.key if entry is not None else ""


@router.get("/of/{parent}/{int:parent_id}", response=AttachmentList, operation_id="attachment_list")
def list_attachments(request: HttpRequest, parent: ParentKey, parent_id: int) -> dict[str, Any]:
    record = selectors.visible_parent(request.user, parent, parent_id)
    items = [_out(a, parent) for a in selectors.attachments_of(record)]
    return {"items": items, "count": len(items)}


@router.post("/of/{parent}/{int:parent_id}", response={201: AttachmentList},
             operation_id="attachment_upload")
def upload(request: HttpRequest, parent: ParentKey, parent_id: int,
           files: list[UploadedFile] = File(...),  # noqa: B008
           kind: AttachmentKind = Form(AttachmentKind.OTHER),  # noqa: B008
           note: str = Form("", max_length=200)) -> Status[dict[str, Any]]:  # noqa: B008
    """Attach one or more files (PDF, JPG/PNG/GIF/WebP, Word, Excel, PowerPoint, OFD,
    .txt/.csv; at most `XIEZUO_ATTACHMENT_MAX_MB` each). The type is decided by the content;
    one refused file refuses the upload (422 naming `files`, every refused file and why)."""
    record = selectors.visible_parent(request.user, parent, parent_id)
    if not selectors.may_upload(request.user, record):
        raise PermissionDenied
    stored = services.upload_attachments(actor=request.user, parent=record, files=files,
                                         kind=kind, note=note)
    items = [_out(a, parent) for a in stored]
    return Status(201, {"items": items, "count": len(items)})


@router.get("/{int:pk}", response=AttachmentOut, operation_id="attachment_read")
def read(request: HttpRequest, pk: int) -> dict[str, Any]:
    attachment, _record = selectors.visible_attachment(request.user, pk)
    return _out(attachment, _key(attachment))


@router.get("/{int:pk}/file", operation_id="attachment_file", url_name="attachment_file",
            openapi_extra=FILE_RESPONSE)
def download(request: HttpRequest, pk: int) -> FileResponse:
    attachment, _record = selectors.visible_attachment(request.user, pk)
    return file_response(attachment)


@router.delete("/{int:pk}", response={204: None}, operation_id="attachment_delete")
def remove(request: HttpRequest, pk: int) -> Status[None]:
    attachment, record = selectors.visible_attachment(request.user, pk)
    services.remove_attachment(actor=request.user, attachment=attachment, parent=record)
    return Status(204, None)

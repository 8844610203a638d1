"""The file of an attachment as an HTTP response: its detected type, never sniffed,
sandboxed, not cached, named in UTF-8; used by the download page and the API."""

from __future__ import annotations

import re
from pathlib import PurePath
from urllib.parse import quote

from django.http import FileResponse, Http404

from xiezuo.attachments.models import Attachment


def content_disposition(attachment: Attachment) -> str:
    """`inline` for images, else `attachment`; the name in UTF-8 (RFC 5987) with an ASCII
    fallback for old clients."""
    disposition = "inline" if attachment.is_image else "attachment"
    name = attachment.original_name
    path = PurePath(name)

    def ascii_only(text: str) -> str:
        return re.sub(r'[^A-Za-z0-9._ -]', "", text).strip()

    fallback = f"{ascii_only(path.stem) or 'file'}{ascii_only(path.suffix)}"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(attachment: Attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:  # the row without its file (media not restored): not found
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.mime_type)
    response["Content-Disposition"] = content_disposition(attachment)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response

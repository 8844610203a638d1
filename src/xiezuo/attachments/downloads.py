"""The file of an attachment as an HTTP response: its detected type, never sniffed,
sandboxed, not cached, named in UTF-8; used by the download page and the API."""

from __future__ import annotations

import re
from pathlib import PurePath

from django.http import FileResponse, Http404

from xiezuo.attachments.models import Attachment
from xiezuo.core.downloads import content_disposition


def _ascii_fallback(name: str) -> str:
    """The name for clients that read only `filename`: letters, digits, dots, spaces and
    dashes of the stem (else "file") and of the suffix."""
    path = PurePath(name)

    def ascii_only(text: str) -> str:
        return re.sub(r'[^A-Za-z0-9._ -]', "", text).strip()

    return f"{ascii_only(path.stem) or 'file'}{ascii_only(path.suffix)}"


def file_response(attachment: Attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:  # the row without its file (media not restored): not found
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.mime_type)
    response["Content-Disposition"] = content_disposition(  # images open in the browser
        attachment.original_name, _ascii_fallback(attachment.original_name), inline=attachment.is_image)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response

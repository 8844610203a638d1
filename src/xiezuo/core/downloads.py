"""The Content-Disposition of a download whose name may be Chinese: the real name in UTF-8
(RFC 5987 `filename*`) and an ASCII name for clients that read only `filename`. Used by the
generated documents, the report downloads and the attachments."""

from __future__ import annotations

from urllib.parse import quote


def content_disposition(name: str, fallback: str, *, inline: bool = False) -> str:
    ascii_name = fallback.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "") or "document"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"

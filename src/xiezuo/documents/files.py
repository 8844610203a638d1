"""Download headers for generated documents."""

from __future__ import annotations

from urllib.parse import quote


def attachment_header(name: str, fallback: str) -> str:
    """Content-Disposition for a download: the real (Chinese) name in UTF-8 (RFC 5987
    `filename*`) and an ASCII name for clients that read only `filename`."""
    ascii_name = fallback.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "") or "document"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"

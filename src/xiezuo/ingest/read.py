"""Reading input files: plain text in any common Chinese encoding, .docx and .pdf.

Text encodings are decided by strict trial decodes in a fixed order -- UTF-8 (with or
without BOM), UTF-16 with a BOM, then whichever of GB18030 / Big5 charset-normalizer
prefers, then the other -- and a decode is only accepted when the result looks like
text (few control characters, and for the legacy encodings a plausible share of
common characters). Anything else raises :class:`IngestReadError`.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from xiezuo.ingest.normalise import common_chars


class IngestReadError(Exception):
    """A file that cannot be read or decoded."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    return len(_CONTROL.findall(text)) <= max(2, len(text) // 1000)


def _common_share(text: str) -> float:
    """Share of CJK characters that are common (GB 2312) after Simplified conversion."""
    from xiezuo.ingest.normalise import to_simplified

    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 1.0
    simplified, _ = to_simplified("".join(cjk[:4000]))
    common = common_chars()
    return sum(1 for c in simplified if c in common) / len(simplified)


def decode_bytes(data: bytes, path: str = "<bytes>") -> str:
    """Decode ``data`` as text or raise :class:`IngestReadError`."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise IngestReadError(path, f"BOM says UTF-8 but byte {exc.start} is invalid") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestReadError(path, "invalid UTF-16 text") from exc
    try:
        text = data.decode("utf-8")
        if _looks_like_text(text):
            return text
    except UnicodeDecodeError:
        pass
    order = ["gb18030", "big5"]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:20000]).best()
        guess = (best.encoding if best else "").lower().replace("_", "")
        if guess in {"big5", "big5hkscs", "cp950"}:
            order = ["big5", "gb18030"]
    except Exception:  # noqa: BLE001 - the detector is advisory only
        pass
    candidates: list[tuple[float, str]] = []
    for enc in order:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not _looks_like_text(text):
            continue
        candidates.append((_common_share(text), text))
    good = [c for c in candidates if c[0] >= 0.85]
    if good:
        return max(good, key=lambda c: c[0])[1]
    raise IngestReadError(
        path, "cannot decode as UTF-8, GB18030 or Big5 (binary or unknown encoding)"
    )


def _read_docx(data: bytes, path: str) -> str:
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds
        raise IngestReadError(path, f"not a readable .docx file ({exc.__class__.__name__})") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _read_pdf(data: bytes, path: str) -> str:
    try:
        from pdfminer.high_level import extract_text

        return extract_text(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds
        raise IngestReadError(path, f"not a readable .pdf file ({exc.__class__.__name__})") from exc


def read_bytes(data: bytes, path: str = "<bytes>") -> str:
    """Text of a document given as bytes; the kind is taken from the name or the magic."""
    suffix = Path(path).suffix.lower()
    if suffix == ".docx" or (data[:2] == b"PK" and suffix not in {".txt", ".md"}):
        return _read_docx(data, path)
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return _read_pdf(data, path)
    return decode_bytes(data, path)


def read_path(path: str | Path) -> str:
    """Text of the file at ``path``; raises :class:`IngestReadError` when it cannot."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestReadError(str(path), exc.strerror or str(exc)) from exc
    return read_bytes(data, str(path))

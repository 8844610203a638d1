"""Reading input files: plain text in any common Chinese encoding, .docx and .pdf.

Reading can be bounded (:class:`ReadLimits`): a .docx is a zip archive, and its members
are decompressed as a stream and counted -- the sizes the archive declares are not
trusted -- so a few hundred kilobytes that unpack to gigabytes are refused after reading
at most the limit; its main part is parsed as a stream too (python-docx's element
classes, one body-level paragraph or table at a time) instead of building the whole
document tree. The text read is counted as it grows and refused beyond ``max_chars``.
:func:`check_docx` makes the archive checks alone, without parsing any XML, for a caller
that wants to refuse a bad upload before queueing it. Over a limit
:class:`IngestLimitError` is raised.

Text encodings are decided by strict trial decodes in a fixed order -- UTF-8 (with or
without BOM), UTF-16 with a BOM, then whichever of GB18030 / Big5 charset-normalizer
prefers, then the other -- and a decode is only accepted when the result looks like
text (few control characters, and for the legacy encodings a plausible share of
common characters). Anything else raises :class:`IngestReadError`.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes
from docx.oxml.ns import qn
from docx.oxml.parser import element_class_lookup
from docx.table import Table
from lxml import etree
from pdfminer.converter import TextConverter
from pdfminer.layout import LAParams
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

from xiezuo.ingest.normalise import common_chars, to_simplified


class IngestReadError(Exception):
    """A file that cannot be read or decoded.

    ``code`` says why for callers that word their own message: ``unreadable`` (the
    default), ``not_docx`` (no zip archive or no Word document in it), ``not_pdf``.
    """

    def __init__(self, path: str, message: str, code: str = "unreadable") -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.code = code

    def __reduce__(self) -> tuple[type[IngestReadError], tuple[object, ...]]:
        # picklable (e.g. from a worker process) with all its fields
        return (type(self), (self.path, self.message, self.code))


class IngestLimitError(IngestReadError):
    """A file over one of the :class:`ReadLimits`: ``code`` is ``unpacked`` (bytes
    decompressed from an archive), ``members`` (entries of an archive) or ``chars``
    (characters of text); ``limit`` is the bound that was exceeded."""

    def __init__(self, path: str, message: str, code: str, limit: int) -> None:
        super().__init__(path, message, code)
        self.limit = limit

    def __reduce__(self) -> tuple[type[IngestReadError], tuple[object, ...]]:
        return (type(self), (self.path, self.message, self.code, self.limit))


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on reading one file; ``None`` means unbounded."""

    max_unpacked: int | None = None  # bytes decompressed from a .docx, all members together
    max_chars: int | None = None  # characters of the text read
    max_members: int | None = 10_000  # entries of a .docx archive


NO_LIMITS = ReadLimits(max_members=None)
CHUNK = 64 * 1024


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    return len(_CONTROL.findall(text)) <= max(2, len(text) // 1000)


def _common_share(text: str) -> float:
    """Share of CJK characters that are common (GB 2312) after Simplified conversion."""
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


class _Budget:
    """Counts what is read against a limit; raises IngestLimitError past it."""

    def __init__(self, path: str, limit: int | None, code: str, what: str) -> None:
        self.path, self.limit, self.code, self.what = path, limit, code, what
        self.used = 0

    def take(self, amount: int) -> None:
        self.used += amount
        if self.limit is not None and self.used > self.limit:
            raise IngestLimitError(
                self.path, f"more than {self.limit} {self.what}", self.code, self.limit)


def _not_docx(path: str, why: str) -> IngestReadError:
    return IngestReadError(path, f"not a readable .docx file ({why})", "not_docx")


def _open_zip(data: bytes, path: str, limits: ReadLimits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise _not_docx(path, "not a zip archive") from exc
    if limits.max_members is not None and len(archive.infolist()) > limits.max_members:
        raise IngestLimitError(path, f"more than {limits.max_members} archive entries",
                               "members", limits.max_members)
    return archive


def _stream_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget,
                   path: str) -> Iterator[bytes]:
    """The decompressed bytes of one member in chunks, counted against ``budget``
    (zipfile decompresses at most a chunk per read, whatever the entry declares)."""
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                budget.take(len(chunk))
                yield chunk
    except IngestReadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
            NotImplementedError, ValueError) as exc:
        raise _not_docx(path, f"damaged archive entry {info.filename!r}: "
                              f"{exc.__class__.__name__}") from exc


def _xml_parser() -> etree.XMLParser:
    # No DTDs, no entities, no network, libxml2's default size safeguards.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False)


def _main_part(archive: zipfile.ZipFile, path: str, limits: ReadLimits) -> str:
    """The name of the main document part (from ``_rels/.rels``, else the usual one)."""
    names = set(archive.namelist())
    target = None
    if "_rels/.rels" in names:
        budget = _Budget(path, 1024 * 1024 if limits.max_unpacked is not None else None,
                         "unpacked", "bytes in _rels/.rels")
        rels = b"".join(_stream_member(archive, archive.getinfo("_rels/.rels"), budget, path))
        try:
            root = etree.fromstring(rels, _xml_parser())
        except Exception:  # noqa: BLE001 - a broken .rels is reported as not a .docx
            raise _not_docx(path, "broken _rels/.rels") from None
        for rel in root:
            if str(rel.get("Type", "")).endswith("/officeDocument"):
                target = posixpath.normpath(str(rel.get("Target", "")).lstrip("/"))
                break
    target = target or "word/document.xml"
    if target not in names:
        raise _not_docx(path, "no Word document inside")
    return target


def check_docx(data: bytes, path: str = "<bytes>", limits: ReadLimits = NO_LIMITS) -> None:
    """Refuse a .docx that is no zip archive, holds no Word document, has too many
    entries or unpacks to more than ``limits.max_unpacked`` bytes -- without parsing it:
    every member is decompressed as a stream and counted. Raises IngestReadError."""
    archive = _open_zip(data, path, limits)
    _main_part(archive, path, limits)
    budget = _Budget(path, limits.max_unpacked, "unpacked", "bytes unpacked")
    for info in archive.infolist():
        for _chunk in _stream_member(archive, info, budget, path):
            pass


def _read_docx(data: bytes, path: str, limits: ReadLimits = NO_LIMITS) -> str:
    """Body paragraphs, then the rows of body tables (cells joined by tabs), as
    python-docx's ``Document.paragraphs`` / ``tables`` give them, read as a stream."""
    archive = _open_zip(data, path, limits)
    main = archive.getinfo(_main_part(archive, path, limits))
    unpacked = _Budget(path, limits.max_unpacked, "unpacked", "bytes unpacked")
    chars = _Budget(path, limits.max_chars, "chars", "characters of text")
    body, paragraph, table = qn("w:body"), qn("w:p"), qn("w:tbl")
    # Events only for paragraphs and tables (at any depth; those inside tables are read
    # with their table): no Python object for each of the other elements.
    parser = etree.XMLPullParser(events=("end",), tag=[paragraph, table], remove_blank_text=True,
                                 resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False)
    parser.set_element_class_lookup(element_class_lookup)
    run, hyperlink = qn("w:r"), qn("w:hyperlink")
    run_parts = {qn(f"w:{tag}") for tag in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")}
    paragraphs: list[str] = []
    rows: list[str] = []

    # lxml has no type information: its elements are `Any` here.
    def run_text(element: Any) -> str:  # python-docx's CT_R.text without its per-call XPath
        return "".join(str(part) for part in element if part.tag in run_parts)

    def paragraph_text(element: Any) -> str:  # CT_P.text: its runs and the runs of its links
        parts = []
        for child in element:
            if child.tag == run:
                parts.append(run_text(child))
            elif child.tag == hyperlink:
                parts.extend(run_text(r) for r in child if r.tag == run)
        return "".join(parts)

    def take(text: str, into: list[str]) -> None:
        chars.take(len(text) + 1)
        into.append(text)

    try:
        for chunk in _stream_member(archive, main, unpacked, path):
            parser.feed(chunk)
            for _event, element in parser.read_events():
                parent = element.getparent()
                if parent is None or parent.tag != body:
                    continue
                if element.tag == paragraph:
                    take(paragraph_text(element), paragraphs)
                elif element.tag == table:
                    # no parent: reading cell text never reaches the document part
                    for row in Table(element, None).rows:  # type: ignore[arg-type]
                        take("\t".join(cell.text for cell in row.cells), rows)
                # What was read is dropped (with any other body-level element before it),
                # so memory holds about one body-level element.
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]
        parser.close()
    except (IngestReadError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - lxml / python-docx raise many kinds
        raise _not_docx(path, exc.__class__.__name__) from exc
    return "\n".join(paragraphs + rows)


class _CappedText(io.StringIO):
    """pdfminer's output, refused as soon as it grows past the character limit."""

    def __init__(self, budget: _Budget) -> None:
        super().__init__()
        self.budget = budget

    def write(self, text: str) -> int:
        self.budget.take(len(text))
        return super().write(text)


def _read_pdf(data: bytes, path: str, limits: ReadLimits = NO_LIMITS) -> str:
    try:
        output = _CappedText(_Budget(path, limits.max_chars, "chars", "characters of text"))
        resources = PDFResourceManager(caching=True)
        device = TextConverter(resources, output, codec="utf-8", laparams=LAParams())
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.get_pages(io.BytesIO(data), caching=True):
            interpreter.process_page(page)
        return output.getvalue()
    except (IngestReadError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds
        raise IngestReadError(path, f"not a readable .pdf file ({exc.__class__.__name__})") from exc


def kind_of(data: bytes, path: str) -> str:
    """How :func:`read_bytes` reads these bytes: ``docx``, ``pdf`` or ``text``."""
    suffix = Path(path).suffix.lower()
    if suffix == ".docx" or (data[:2] == b"PK" and suffix not in {".txt", ".md"}):
        return "docx"
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return "pdf"
    return "text"


def read_bytes(data: bytes, path: str = "<bytes>", limits: ReadLimits = NO_LIMITS) -> str:
    """Text of a document given as bytes; the kind is taken from the name or the magic."""
    kind = kind_of(data, path)
    if kind == "docx":
        return _read_docx(data, path, limits)
    if kind == "pdf":
        return _read_pdf(data, path, limits)
    text = decode_bytes(data, path)
    _Budget(path, limits.max_chars, "chars", "characters of text").take(len(text))
    return text


def read_path(path: str | Path) -> str:
    """Text of the file at ``path``; raises :class:`IngestReadError` when it cannot."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestReadError(str(path), exc.strerror or str(exc)) from exc
    return read_bytes(data, str(path))

"""What an uploaded file is, decided by its content, and whether it is accepted.

A file is accepted when its extension is one of `KINDS` *and* its content is such a file:
the `filetype` package reads the leading bytes (PDF, JPEG, PNG, GIF, WebP); Office Open
XML (.docx, .xlsx, .pptx) and OFD files must be zip packages whose directory holds the
parts such a file has (only the directory is read, nothing is unpacked); old Office files
(.doc, .xls) must be OLE compound files; text (.txt, .csv) must decode as UTF-8 or
GB18030 throughout and must not be a web page. Empty files and files above
``XIEZUO_ATTACHMENT_MAX_MB`` are refused. Every refusal names the file and the reason.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

KB = 1024
MB = 1024 * KB
HEAD = 8 * 1024  # bytes read to recognise the content
CHUNK = 64 * 1024  # text is decoded in chunks of this size
MAX_NAME = 120  # characters of a cleaned file name, extension included
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files (.doc, .xls)
ZIP = b"PK\x03\x04"
MARKUP = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe")
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
CJK_THEN_LATIN = re.compile(r"([\u4e00-\u9fff])([A-Za-z0-9])")


@dataclass(frozen=True)
class Kind:
    label: str | Promise
    mime: str
    test: Callable[[IO[bytes], bytes], bool]


def _guessed(mime: str) -> Callable[[IO[bytes], bytes], bool]:
    def test(file: IO[bytes], head: bytes) -> bool:
        found = filetype.guess(head)
        return found is not None and found.mime == mime
    return test


def _zip_with(*parts: str) -> Callable[[IO[bytes], bytes], bool]:
    def test(file: IO[bytes], head: bytes) -> bool:
        if not head.startswith(ZIP):
            return False
        try:  # the archive's directory only
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                return all(part in archive.NameToInfo for part in parts)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            return False
    return test


def _ole(file: IO[bytes], head: bytes) -> bool:
    return head.startswith(OLE)


def text_encoding(file: IO[bytes], head: bytes) -> str | None:
    """utf-8 or gb18030 when the whole file decodes so (and is not a web page), else None."""
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(MARKUP):
        return None  # a web page or SVG is not text here
    for encoding in ("utf-8", "gb18030"):
        file.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := file.read(CHUNK):
                if b"\x00" in chunk:
                    return None
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return None


def _text(file: IO[bytes], head: bytes) -> bool:
    return text_encoding(file, head) is not None


PDF = Kind(gettext_lazy("PDF document"), "application/pdf", _guessed("application/pdf"))
JPEG = Kind(gettext_lazy("JPEG image"), "image/jpeg", _guessed("image/jpeg"))
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# extension → what the content must be
KINDS: dict[str, Kind] = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": Kind(gettext_lazy("PNG image"), "image/png", _guessed("image/png")),
    ".gif": Kind(gettext_lazy("GIF image"), "image/gif", _guessed("image/gif")),
    ".webp": Kind(gettext_lazy("WebP image"), "image/webp", _guessed("image/webp")),
    ".docx": Kind(gettext_lazy("Word document"), DOCX_MIME,
                  _zip_with("[Content_Types].xml", "word/document.xml")),
    ".xlsx": Kind(gettext_lazy("Excel workbook"), XLSX_MIME,
                  _zip_with("[Content_Types].xml", "xl/workbook.xml")),
    ".pptx": Kind(gettext_lazy("PowerPoint presentation"), PPTX_MIME,
                  _zip_with("[Content_Types].xml", "ppt/presentation.xml")),
    ".doc": Kind(gettext_lazy("Word 97–2003 document"), "application/msword", _ole),
    ".xls": Kind(gettext_lazy("Excel 97–2003 workbook"), "application/vnd.ms-excel", _ole),
    ".ofd": Kind(gettext_lazy("OFD document"), "application/ofd", _zip_with("OFD.xml")),
    ".txt": Kind(gettext_lazy("text file"), "text/plain", _text),
    ".csv": Kind(gettext_lazy("CSV text file"), "text/csv", _text),
}
# What the content turned out to be, for the refusal (filetype's extension → a name).
LOOKS_LIKE = {"exe": gettext_lazy("a Windows program"), "elf": gettext_lazy("a Linux program"),
              "zip": gettext_lazy("a zip archive"), "rar": gettext_lazy("a RAR archive"),
              "7z": gettext_lazy("a 7-Zip archive")}


def spaced(text: str) -> str:
    """A space between a Chinese character and a Latin word after it (是 PDF 文档)."""
    return CJK_THEN_LATIN.sub(r"\1 \2", text)


def accepted_list() -> str:
    return _("PDF, images (JPG, PNG, GIF, WebP), Word (.docx, .doc), Excel (.xlsx, .xls), "
             "PowerPoint (.pptx), OFD and text (.txt, .csv)")


def max_bytes() -> int:
    return int(settings.XIEZUO_ATTACHMENT_MAX_MB * MB)


def limit_text() -> str:
    """The size limit as people write it: 20 MB."""
    return f"{settings.XIEZUO_ATTACHMENT_MAX_MB:g} MB"


def human_size(size: int) -> str:
    """850 KB, 1.2 MB (at least 1 KB)."""
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{max(1, round(size / KB))} KB"


def clean_name(name: str) -> str:
    """The user's file name without any folder, control or reserved characters, NFC, at
    most MAX_NAME characters (the extension kept); “附件” when nothing is left."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = UNSAFE.sub("_", base).strip()
    suffix = PurePath(base).suffix if 1 < len(PurePath(base).suffix) <= 10 else ""
    stem = base[: len(base) - len(suffix)] if suffix else base.strip(" .")
    stem = stem[: MAX_NAME - len(suffix)].strip(" .") or _("attachment")
    return f"{stem}{suffix}"


@dataclass(frozen=True)
class Checked:
    name: str  # cleaned
    extension: str
    mime: str
    size: int


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    file.seek(0, 2)
    end = file.tell()
    file.seek(0)
    return end


def check_file(file: IO[bytes], name: str) -> Checked:
    """The accepted file's cleaned name, extension, MIME type and size; a `ValueError`
    with the reason (in the user's language) otherwise."""
    cleaned = clean_name(name)
    size = _size(file)
    if size == 0:
        raise ValueError(_("the file is empty"))
    limit = max_bytes()
    if size > limit:
        raise ValueError(_("the file is %(size)s; at most %(limit)s is accepted") % {
            "size": human_size(size), "limit": limit_text()})
    extension = PurePath(cleaned).suffix.lower()
    if extension not in KINDS:
        shown = extension or _("(no extension)")
        raise ValueError(_("files of type %(extension)s are not accepted; accepted are %(list)s") % {
            "extension": shown, "list": accepted_list()})
    kind = KINDS[extension]
    file.seek(0)
    head = file.read(HEAD)
    matches = kind.test(file, head)
    file.seek(0)
    if not matches:
        found = filetype.guess(head)
        looks = LOOKS_LIKE.get(found.extension) if found is not None else None
        reason = _("the name ends in %(extension)s but the content is not a %(kind)s") % {
            "extension": extension, "kind": kind.label}
        if looks:
            reason += _(" (it is %(what)s)") % {"what": looks}
        raise ValueError(spaced(reason))
    mime = kind.mime
    if kind.test is _text:  # served with the encoding it was found in
        mime = f"{mime}; charset={text_encoding(file, head)}"
        file.seek(0)
    return Checked(cleaned, extension, mime, size)

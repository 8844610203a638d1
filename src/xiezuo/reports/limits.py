"""Limits of report uploads and of their extraction.

Checked in the upload request, before anything is stored or parsed:

* the size the upload arrived with (`UploadedFile.size`, counted by Django while it
  streamed the request to memory or a temporary file) against ``XIEZUO_REPORT_MAX_MB`` —
  before a byte of it is read;
* the type: the name must end in .txt, .docx or .pdf *and* the content must be of that
  kind (a .pdf starts with ``%PDF``, a .docx is a zip archive holding a Word document, a
  .txt is neither and decodes as text);
* a .docx archive: every member decompressed as a stream and counted against
  ``XIEZUO_REPORT_MAX_UNPACKED_MB`` (declared sizes are not trusted), at most
  ``XIEZUO_REPORT_MAX_ENTRIES`` entries; a .txt: at most ``XIEZUO_REPORT_MAX_CHARS``
  characters.

Extraction then runs in the background worker (`services.extract_report`), in a child
process (`run_limited`) stopped after ``XIEZUO_REPORT_EXTRACT_SECONDS`` and refused more
than ``XIEZUO_REPORT_EXTRACT_MEMORY_MB`` of memory; reading there is bounded by the same
unpacked-size and character limits.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

from xiezuo.ingest.read import (
    IngestLimitError,
    IngestReadError,
    ReadLimits,
    check_docx,
    decode_bytes,
)

log = logging.getLogger(__name__)
MB = 1024 * 1024
_T = TypeVar("_T")
SUFFIXES = (".txt", ".docx", ".pdf")


class UploadRefused(Exception):
    """An upload refused before it is stored; ``message`` names the file and the reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    return int(settings.XIEZUO_REPORT_MAX_MB * MB)


def read_limits() -> ReadLimits:
    return ReadLimits(max_unpacked=int(settings.XIEZUO_REPORT_MAX_UNPACKED_MB * MB),
                      max_chars=settings.XIEZUO_REPORT_MAX_CHARS,
                      max_members=settings.XIEZUO_REPORT_MAX_ENTRIES)


def _mb(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def read_upload(source: bytes | bytearray | File[bytes], name: str) -> bytes:
    """The bytes of an upload (bytes, or an uploaded file whose size is checked before a
    byte of it is read); UploadRefused when it is empty or too large."""
    limit = max_bytes()
    size = len(source) if isinstance(source, bytes | bytearray) else getattr(source, "size", None)
    if size is not None and size > limit:
        raise UploadRefused(too_large(name, size, limit))
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        source.seek(0)
        data = source.read(limit + 1)  # never more than the limit, whatever size claimed
        if len(data) > limit:
            raise UploadRefused(too_large(name, len(data), limit))
    if not data:
        raise UploadRefused(_("%(name)s: the file is empty.") % {"name": name})
    return data


def too_large(name: str, size: int, limit: int) -> str:
    return _("%(name)s: the file is %(size)s MB; at most %(limit)s MB is accepted.") % {
        "name": name, "size": _mb(size / MB), "limit": _mb(limit / MB)}


def check_upload(data: bytes, name: str) -> None:
    """Refuse, before it is stored, an upload of the wrong type or one that unpacks or
    decodes beyond the limits (see the module docstring). Parses no document."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRefused(_("%(name)s: only .txt, .docx and .pdf files are accepted (an old "
                              ".doc file must be saved as .docx first).") % {"name": name})
    if suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            raise UploadRefused(_("%(name)s: the name ends in .pdf but the content is not a PDF "
                                  "file.") % {"name": name})
        return
    try:
        if suffix == ".docx":
            check_docx(data, name, read_limits())
            return
        if data.startswith((b"%PDF", b"PK\x03\x04")):
            raise UploadRefused(_("%(name)s: the name ends in .txt but the content is a .pdf or "
                                  ".docx file; give it the right extension.") % {"name": name})
        text = decode_bytes(data, name)
        if len(text) > settings.XIEZUO_REPORT_MAX_CHARS:
            raise IngestLimitError(name, "too long", "chars", settings.XIEZUO_REPORT_MAX_CHARS)
    except IngestReadError as exc:
        raise UploadRefused(read_error_message(name, exc)) from None


def read_error_message(name: str, exc: IngestReadError) -> str:
    """The user's message for a file the ingest engine cannot read or refuses."""
    limit = exc.limit if isinstance(exc, IngestLimitError) else 0  # the limit crossed
    if exc.code == "unpacked":
        return _("%(name)s: the file unpacks to more than %(limit)s MB and is refused (a report "
                 "is far smaller; remove large embedded objects or split it).") % {
                     "name": name, "limit": _mb(limit / MB)}
    if exc.code == "members":
        return _("%(name)s: the file holds more than %(limit)s parts and is refused.") % {
            "name": name, "limit": limit}
    if exc.code == "chars":
        return _("%(name)s: the text is longer than %(limit)s characters and is refused; split "
                 "the report into smaller files.") % {"name": name, "limit": limit}
    if exc.code == "not_docx":
        return _("%(name)s: not a readable Word .docx file (%(reason)s). An old .doc file must be "
                 "saved as .docx first.") % {"name": name, "reason": exc.message}
    return _("%(name)s: cannot be read: %(reason)s") % {"name": name, "reason": exc.message}


# ---- running under a time and memory limit ---------------------------------------------


class TimeLimitExceeded(Exception):
    pass


class MemoryLimitExceeded(Exception):
    pass


class ChildDied(Exception):
    pass


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _child(connection: Connection, memory_mb: int | None, function: Callable[..., object],
           args: tuple[Any, ...]) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):  # not the worker's handlers
        signal.signal(sig, signal.SIG_DFL)
    if memory_mb:
        limit = _vm_size() + memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        connection.send(("ok", function(*args)))
    except MemoryError:
        connection.send(("memory", None))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent
        try:
            connection.send(("raise", exc))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            connection.send(("raise", RuntimeError(repr(exc))))
    finally:
        connection.close()


def run_limited(function: Callable[..., _T], *args: Any, seconds: float,
                memory_mb: int | None = None) -> _T:
    """``function(*args)`` in a forked child process: its result, or its exception raised
    here; TimeLimitExceeded after ``seconds`` (the child is killed), MemoryLimitExceeded
    when it needs more than ``memory_mb`` MB beyond its size at the start, ChildDied when
    it ends without an answer. The child shares nothing back but the pickled answer; it
    inherits what the parent has loaded, and never touches the database."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, memory_mb, function, args), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise TimeLimitExceeded
        try:
            kind, value = receiver.recv()
        except (EOFError, OSError):
            raise ChildDied from None
    finally:
        receiver.close()
        if process.is_alive() and process.pid is not None:
            os.kill(process.pid, signal.SIGKILL)
        process.join(5)
    if kind == "memory":
        raise MemoryLimitExceeded
    if kind == "raise":
        raise value
    return value

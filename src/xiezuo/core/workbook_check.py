"""Checking an uploaded .xlsx before anything loads it: a zip bomb, a damaged file or a
workbook over the import limits is refused with a clear message, in bounded time and
memory (issue 11). Used by every import entry point through `xiezuo.core.excel`.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

HEADER_ROW = 1  # spreadsheet row of the headers; data starts on the next row


class ImportFileError(Exception):
    """The upload is not a readable workbook of the expected shape."""


# ---- inspecting an upload before it is loaded ----------------------------------------
#
# An .xlsx file is a zip archive of XML parts; a few hundred kilobytes can unpack to
# hundreds of megabytes and millions of rows (a "zip bomb"). Before openpyxl loads
# anything, `inspect_workbook` reads the archive's directory, then unpacks every part in
# small chunks while counting: the bytes unpacked (XIEZUO_IMPORT_MAX_UNPACKED_MB, counted
# as they come out, not taken from the sizes the archive declares), the data rows of the
# sheet to import (IMPORT_MAX_ROWS, counted while streaming and refused at the first row
# too many) and its cells, and the XML elements of the other parts openpyxl reads (shared
# strings, styles). The first limit crossed stops the unpacking with a clear message.

MAX_ZIP_MEMBERS = 1000  # an Excel file has a few dozen parts
MAX_EXCEL_ROW = 1_048_576  # Excel's own limits
MAX_CELLS_PER_ROW = 16_384
CELLS_PER_ROW = 64  # cells budget of the imported sheet: (rows limit + 1) × this
SHEET_ELEMENTS_PER_CELL = 4  # its XML elements (c, v, is, t, f, row …): cells budget × this
STRINGS_PER_ROW = 40  # elements of the shared-strings table: rows limit × this (≥ 200,000)
# Elements of all other parts openpyxl builds objects for (styles, workbook, properties):
# Excel itself allows 64,000 cell formats; a million empty formats in a few KB would take
# openpyxl half a gigabyte and half a minute.
OTHER_ELEMENTS = 100_000
MAX_LISTED = 1000  # merged ranges remembered for the error list
CHUNK = 64 * 1024
_WORKBOOK_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@dataclass(frozen=True)
class ImportLimits:
    unpacked_mb: int
    rows: int

    @property
    def unpacked_bytes(self) -> int:
        return self.unpacked_mb * 1024 * 1024

    @property
    def cells(self) -> int:
        return (self.rows + 1) * CELLS_PER_ROW

    @property
    def shared_strings(self) -> int:
        return max(200_000, self.rows * STRINGS_PER_ROW)


def import_limits() -> ImportLimits:
    return ImportLimits(unpacked_mb=settings.XIEZUO_IMPORT_MAX_UNPACKED_MB,
                        rows=settings.IMPORT_MAX_ROWS)


@dataclass
class WorkbookFacts:
    """What the inspection of an upload found out, without loading it."""

    sheet_title: str  # the sheet that is imported (the active one, as openpyxl chooses)
    data_rows: int  # non-blank rows below the header row
    merged: list[str] = field(default_factory=list)  # merged ranges, e.g. "C3:C4"
    has_formulas: bool = False
    unpacked_bytes: int = 0


def _not_a_workbook() -> ImportFileError:
    return ImportFileError(_("The file is not an Excel workbook (.xlsx)."))


def damaged_workbook(detail: object) -> ImportFileError:
    return ImportFileError(_("The workbook could not be read: %(error)s") % {"error": detail})


def _too_big(limits: ImportLimits) -> ImportFileError:
    return ImportFileError(
        _("The file unpacks to more than %(mb)s MB; at most %(mb)s MB are accepted. "
          "Split it into smaller files.") % {"mb": limits.unpacked_mb})


def _too_many_rows(limits: ImportLimits) -> ImportFileError:
    return ImportFileError(
        _("The workbook has more than %(max)s data rows; at most %(max)s are imported at once. "
          "Split it into smaller files.") % {"max": limits.rows})


def _too_many_cells(limits: ImportLimits) -> ImportFileError:
    return ImportFileError(
        _("The workbook holds more than %(max)s cells; at most %(max)s are accepted. "
          "Split it into smaller files.") % {"max": limits.cells})


def _too_many_entries(most: int) -> ImportFileError:
    return ImportFileError(
        _("The workbook holds more than %(max)s entries besides its cells (texts, formats, "
          "names); at most %(max)s are accepted.") % {"max": most})


def check_upload_size(size: int) -> None:
    """Refuse a file that is bigger, packed, than any accepted workbook unpacks to —
    before it is read."""
    limits = import_limits()
    if size > limits.unpacked_bytes:
        raise ImportFileError(
            _("The file is larger than %(mb)s MB; at most %(mb)s MB are accepted. "
              "Split it into smaller files.") % {"mb": limits.unpacked_mb})


def _zip_entries(data: bytes) -> int | None:
    """The number of entries the zip archive's end record declares (None: no archive)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65_535))
    if at < 0 or at + 22 > len(data):
        return None
    return cast(int, struct.unpack_from("<H", data, at + 10)[0])


class _Unpacked:
    """The bytes unpacked so far, against the limit."""

    def __init__(self, limits: ImportLimits):
        self.limits = limits
        self.total = 0

    def add(self, size: int) -> None:
        self.total += size
        if self.total > self.limits.unpacked_bytes:
            raise _too_big(self.limits)


def _refuse_dtd(*args: object) -> None:
    raise damaged_workbook("DTD")


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, unpacked: _Unpacked,
            start: Callable[[str, dict[str, str]], None] | None = None) -> None:
    """Unpack one part in chunks, counting its bytes; if `start` is given, parse it as XML
    and call `start(name, attributes)` for every element (names without their prefix)."""
    parser = None
    if start is not None:
        parser = expat.ParserCreate()
        parser.StartDoctypeDeclHandler = _refuse_dtd  # no DTDs, so no entity expansion
        parser.EntityDeclHandler = _refuse_dtd
        parser.StartElementHandler = start
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                unpacked.add(len(chunk))
                if parser is not None:
                    parser.Parse(chunk, False)
            if parser is not None:
                parser.Parse(b"", True)
    except ImportFileError:
        raise
    except expat.ExpatError as exc:
        raise damaged_workbook(f"{info.filename}: {exc}") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, OSError,
            EOFError, ValueError) as exc:
        raise damaged_workbook(f"{info.filename}: {exc}") from exc


class _Budget:
    """Elements that several parts may hold together."""

    def __init__(self, most: int) -> None:
        self.most = self.left = most

    def take(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _too_many_entries(self.most)


class _Elements:
    """Counts the elements of a part against a budget, and keeps the attributes of the
    elements named in `keep`."""

    def __init__(self, budget: _Budget, keep: tuple[str, ...] = ()) -> None:
        self.budget, self.keep = budget, keep
        self.found: list[tuple[str, dict[str, str]]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.budget.take()
        if self.keep:
            name = name.rpartition(":")[2]
            if name in self.keep:
                self.found.append((name, {k.rpartition(":")[2]: v for k, v in attrs.items()}))


class _SheetScan:
    """The imported sheet, streamed: its data rows (rows below the header with a value),
    cells and elements, refused at the first limit crossed; merged ranges and whether it
    holds formulas are noted. Only element starts are looked at (it is several times
    faster than following text and ends): a row is finished when the next one starts."""

    def __init__(self, limits: ImportLimits) -> None:
        self.limits = limits
        self.elements = limits.cells * SHEET_ELEMENTS_PER_CELL
        self.row = self.cells = self.row_cells = self.data_rows = 0
        self.row_has_value = self.formulas = False
        self.merged: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements -= 1
        if self.elements < 0:
            raise _too_many_cells(self.limits)
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            self.cells += 1
            self.row_cells += 1
            if self.cells > self.limits.cells:
                raise _too_many_cells(self.limits)
            if self.row_cells > MAX_CELLS_PER_ROW:
                raise damaged_workbook(_("row %(row)s has more than %(max)s cells")
                               % {"row": self.row, "max": MAX_CELLS_PER_ROW})
        elif name == "v" or name == "t":
            self.row_has_value = True
        elif name == "row":
            self.finish_row()
            ref = attrs.get("r", "")
            try:
                self.row = int(ref) if ref else self.row + 1
            except ValueError:
                raise damaged_workbook(f"row {ref[:20]!r}") from None
            if not 0 < self.row <= MAX_EXCEL_ROW:
                raise damaged_workbook(f"row {self.row}")
        elif name == "f":
            self.formulas = True
        elif name == "mergeCell" and len(self.merged) < MAX_LISTED:
            self.merged.append(str(attrs.get("ref", "")))

    def finish_row(self) -> None:
        if self.row_has_value and self.row > HEADER_ROW:
            self.data_rows += 1
            if self.data_rows > self.limits.rows:
                raise _too_many_rows(self.limits)
        self.row_has_value = False
        self.row_cells = 0


def _part_path(base: str, target: str) -> str:
    """A relationship's target as the name of a zip member."""
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def inspect_workbook(data: bytes) -> WorkbookFacts:
    """Check an uploaded .xlsx without loading it (see above); raise ImportFileError with
    the reason when it is not a workbook, is damaged or crosses a limit."""
    limits = import_limits()
    check_upload_size(len(data))
    entries = _zip_entries(data)
    if entries is None:
        raise _not_a_workbook()
    if entries > MAX_ZIP_MEMBERS:
        raise damaged_workbook(_("more than %(max)s parts") % {"max": MAX_ZIP_MEMBERS})
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _not_a_workbook() from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise damaged_workbook(_("more than %(max)s parts") % {"max": MAX_ZIP_MEMBERS})
        if sum(info.file_size for info in infos) > limits.unpacked_bytes:
            raise _too_big(limits)  # what the archive declares; the real count follows
        for info in infos:
            if info.flag_bits & 0x1:
                raise ImportFileError(_("The workbook is protected with a password; "
                                        "save it without one and upload it again."))
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise damaged_workbook(f"{info.filename}: compression {info.compress_type}")
        members = {info.filename: info for info in infos}
        unpacked = _Unpacked(limits)
        budget, strings_budget = _Budget(OTHER_ELEMENTS), _Budget(limits.shared_strings)
        done: set[str] = set()

        def parse(name: str, keep: tuple[str, ...] = ()) -> list[tuple[str, dict[str, str]]]:
            info = members.get(name)
            if info is None:
                raise ImportFileError(
                    _("The file is not a complete Excel workbook: its part %(part)s is missing.")
                    % {"part": name})
            elements = _Elements(budget, keep)
            _stream(archive, info, unpacked, elements.start)
            done.add(name)
            return elements.found

        types = parse("[Content_Types].xml", keep=("Override",))
        strings = {a.get("PartName", "").lstrip("/") for _n, a in types
                   if a.get("ContentType", "").endswith(".sharedStrings+xml")}
        workbook = next((a.get("PartName", "").lstrip("/") for _n, a in types
                         if a.get("ContentType") in _WORKBOOK_TYPES), "xl/workbook.xml")
        relations = {a.get("Id"): a for _n, a in parse(_rels_path(workbook), keep=("Relationship",))}
        sheets, active = [], 0
        view_seen = False
        for name, attrs in parse(workbook, keep=("sheet", "workbookView")):
            if name == "workbookView" and not view_seen and attrs.get("activeTab") is not None:
                view_seen = True
                try:
                    active = int(attrs["activeTab"])
                except ValueError:
                    raise damaged_workbook("activeTab") from None
            elif name == "sheet":
                rid = attrs.get("id")  # r:id
                relation = relations.get(rid) if rid else None
                if relation is None:
                    continue
                path = _part_path(workbook, relation.get("Target", ""))
                if path in members:  # openpyxl leaves out sheets whose part is missing
                    sheets.append((attrs.get("name", ""), path, relation.get("Type", "")))
        if not 0 <= active < len(sheets):
            raise ImportFileError(_("The workbook has no worksheet to import."))
        title, sheet_part, kind = sheets[active]
        if not kind.endswith("/worksheet"):
            raise ImportFileError(_("The workbook has no worksheet to import."))
        scan = _SheetScan(limits)
        _stream(archive, members[sheet_part], unpacked, scan.start)
        scan.finish_row()
        done.add(sheet_part)
        # Other worksheets are never parsed (openpyxl's read-only mode reads a sheet only
        # when asked): only their bytes count. Chart sheets it does parse: they are counted.
        other_sheets = {path for _t, path, kind in sheets if kind.endswith("/worksheet")}
        for info in infos:
            if info.filename in done:
                continue
            xml = info.filename.endswith((".xml", ".rels", ".vml"))
            start = None
            if xml and info.filename not in other_sheets:
                start = _Elements(strings_budget if info.filename in strings else budget).start
            _stream(archive, info, unpacked, start)
    return WorkbookFacts(sheet_title=title, data_rows=scan.data_rows, merged=scan.merged,
                         has_formulas=scan.formulas, unpacked_bytes=unpacked.total)

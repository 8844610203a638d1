"""Excel import and export on top of django-import-export.

An import applies completely or not at all: every row is validated and saved inside
one transaction, and if any row fails the transaction is rolled back and every bad
row is reported with its spreadsheet row number, the column and the reason.
Column headers are accepted in Chinese, in English or as field names.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
import tablib
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Choices, Model, QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats import base_formats as import_formats
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from xiezuo.core.cache import changed
from xiezuo.core.lookups import changed_references, reference_errors
from xiezuo.core.models import ImportBatch, ImportedRecord
from xiezuo.core.scoping import (
    NOTHING,
    Action,
    ensure_in_scope,
    ensure_placement,
    scope_filter,
    scoped,
    signed_in,
)
from xiezuo.core.types import Actor
from xiezuo.core.workbook_check import (
    HEADER_ROW,
    ImportFileError,
    damaged_workbook,
    import_limits,
    inspect_workbook,
)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    batch: ImportBatch | None = None

    @property
    def applied(self) -> bool:
        return not self.errors


# ---- widgets -------------------------------------------------------------------------


class ChoiceWidget(widgets.Widget):
    """A choice given as its code or its label in any language."""

    def __init__(self, choices_class: type[Choices], **kwargs: Any) -> None:
        self.choices_class = choices_class
        super().__init__(**kwargs)

    def _lookup(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for value, label in self.choices_class.choices:
            table[str(value).lower()] = value
            for lang in ("zh-hans", "en"):
                with translation.override(lang):
                    table[str(label).strip().lower()] = value
        return table

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value in (None, ""):
            return ""
        text = str(value).strip()
        found = self._lookup().get(text.lower())
        if found is None:
            labels = "、".join(str(label) for _, label in self.choices_class.choices)
            raise ValueError(
                _("“%(value)s” is not one of: %(labels)s") % {"value": text, "labels": labels}
            )
        return found

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value in (None, ""):
            return ""
        return str(dict(self.choices_class.choices).get(value, value))


class FlexibleDateWidget(widgets.Widget):
    """Dates as Excel dates, 2024-03-01, 2024/3/1, 2024.3.1 or 2024年3月1日."""

    PATTERN = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> datetime.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).translate(FULLWIDTH_DIGITS)
        match = self.PATTERN.match(text)
        if not match:
            raise ValueError(
                _("“%(value)s” is not a date (write it as 2024-03-01).") % {"value": value}
            )
        try:
            return datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            raise ValueError(_("“%(value)s” is not a valid date.") % {"value": value}) from None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        if kwargs.get("force_native_type"):  # an Excel export: a date cell
            return value or None
        return value.isoformat() if value else ""


class TextWidget(widgets.CharWidget):
    """Text with full-width digits folded and numbers from Excel written without ``.0``."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).translate(FULLWIDTH_DIGITS).strip()


FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９Ｘｘ－", "0123456789XX-")
# Widgets whose values an Excel export writes as typed cells (numbers, dates).
NATIVE_WIDGETS = (widgets.NumberWidget, widgets.DateWidget, FlexibleDateWidget)


# ---- resource base -------------------------------------------------------------------


class ScopedResource(resources.ModelResource):
    """A model resource that reads and writes only inside the actor's scope."""

    column_labels: dict[str, str | Promise] = {}  # translatable headers
    required_columns: tuple[str, ...] = ()

    def __init__(self, *, actor: Actor | None = None, **kwargs: Any) -> None:
        # Without an actor (django-import-export's admin builds one to list the columns)
        # the resource sees and changes nothing: `scoped` fails closed.
        super().__init__(**kwargs)
        self.actor: Actor = actor if actor is not None else AnonymousUser()
        for name, fld in self.fields.items():
            fld.column_name = str(self.label_for(name))

    def get_queryset(self) -> QuerySet[Any]:
        return scoped(self._meta.model, self.actor)

    # What the exported columns read of each record, joined once instead of once per row
    # (tests/budget).
    export_related: tuple[str, ...] = ()

    def export(self, queryset: QuerySet[Any] | None = None, **kwargs: Any) -> tablib.Dataset:
        queryset = self.get_queryset() if queryset is None else queryset
        if self.export_related:
            queryset = queryset.select_related(*self.export_related)
        return super().export(queryset=queryset, **kwargs)

    progress: Callable[[int], object] | None = None  # called with the rows done (long imports)

    def after_import_row(self, row: Any, row_result: Any, **kwargs: Any) -> None:
        super().after_import_row(row, row_result, **kwargs)
        number = kwargs.get("row_number")
        if self.progress is not None and number and number % 500 == 0:
            self.progress(number)

    def get_instance(self, instance_loader: Any, row: Any) -> Model | None:
        # A bad key column is reported by import_instance, against its column.
        try:
            instance: Model | None = super().get_instance(instance_loader, row)
            return instance
        except ValueError:
            return None

    def save_instance(self, instance: Model, is_create: bool, row: Any, **kwargs: Any) -> None:
        # A savepoint per row keeps the transaction usable after a failing row.
        # The references are checked as the services' writers check them (core.services):
        # worked out before the row is saved, refused after the scope check.
        with transaction.atomic():
            refused = reference_errors(instance, self.actor, fields=changed_references(instance))
            ensure_placement(instance, self.actor)
            super().save_instance(instance, is_create, row, **kwargs)
            ensure_in_scope(instance, self.actor)
            if refused:
                raise ValidationError(refused)

    def header_aliases(self) -> dict[str, str]:
        """Every accepted spelling of every column header → the canonical header."""
        aliases: dict[str, str] = {}
        for name, fld in self.fields.items():
            canonical = fld.column_name
            aliases[name.lower()] = canonical
            for lang in ("zh-hans", "en"):
                with translation.override(lang):
                    aliases[str(self.label_for(name)).strip().lower()] = canonical
        return aliases

    def label_for(self, name: str) -> str:
        """The column's header in the current language."""
        return str(self.column_labels.get(name, name))

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        # An Excel export (`export_bytes`) asks for typed cells: numbers and dates keep
        # their type; every other column keeps its text (codes, labels, names).
        typed = kwargs.pop("typed_cells", False)
        if typed and isinstance(field.widget, NATIVE_WIDGETS):
            kwargs["force_native_type"] = True
        return super().export_field(field, instance, **kwargs)


# ---- writing workbooks ---------------------------------------------------------------
#
# Every workbook the application writes (exports, templates, the annual report, a round's
# plan) is written through `append_row`, so that a text from a user is always a text cell:
# a name such as =HYPERLINK("http://…","点我") stays that text in Excel instead of becoming
# a live formula. The text is kept unchanged (an export can be imported again); only its
# cell type is forced. django-import-export's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT and
# tablib's `escape` drop the leading "=" instead (and turn every cell into text), so they
# are not used.

# Texts Excel (or LibreOffice, or a CSV round trip) may take for a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def sheet_cell(sheet: Any, value: object) -> Cell:
    """An openpyxl cell for `sheet.append`: numbers, dates and booleans keep their type;
    every text is a string cell, marked as typed text (the leading-apostrophe flag)
    when it starts like a formula, so editing it in Excel does not turn it into one."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        # Control characters cannot be stored in a workbook at all.
        cell = Cell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    else:
        try:
            cell = Cell(sheet, value=value)
        except ValueError:  # a type openpyxl does not know: its text
            return sheet_cell(sheet, str(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def append_row(sheet: Any, values: Iterable[object]) -> None:
    """Append one row of values to an openpyxl worksheet as safe cells (see `sheet_cell`)."""
    sheet.append([sheet_cell(sheet, value) for value in values])


# Cell formats of an exported workbook.
DATE_FORMAT = "yyyy-mm-dd"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
WAN_YUAN_FORMAT = "#,##0.00"  # money columns given in 万元
MAX_COLUMN_WIDTH = 60
WIDTH_PADDING = 2
SEPARATED_FROM = 10_000


def display_width(value: object) -> int:
    """How many character widths a value takes in a cell: CJK (wide) characters count two."""
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        text = value.isoformat()[:10]
    elif isinstance(value, float | Decimal | int) and not isinstance(value, bool):
        text = f"{value:,.2f}"
    else:
        text = str(value)
    widest = 0
    for line in text.splitlines() or [""]:
        widest = max(widest, sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line))
    return widest


def format_cells(cells: Iterable[Cell]) -> None:
    """Number formats by type: dates as yyyy-mm-dd, whole numbers with thousands separators."""
    for cell in cells:
        value = cell.value
        if isinstance(value, datetime.datetime | datetime.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, bool):
            continue
        elif not isinstance(value, int | float | Decimal) or cell.number_format != "General":
            continue
        elif value == int(value):
            # Thousands separators from 10,000 on: a year (2026) or a small count reads as is.
            if abs(Decimal(value)) >= SEPARATED_FROM:
                cell.number_format = INTEGER_FORMAT
        else:
            cell.number_format = DECIMAL_FORMAT


def style_header(sheet: Any, row: int) -> None:
    """A bold header row, frozen (it stays in view while scrolling)."""
    bold = Font(bold=True)
    for cell in sheet[row]:
        cell.font = bold
    sheet.freeze_panes = f"A{row + 1}"


def fit_columns(sheet: Any, *, skip_rows: int = 0) -> None:
    """Every column as wide as its widest cell (CJK characters counted double), capped;
    the first `skip_rows` rows (a title) are left out of the measure."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=skip_rows + 1):
        for cell in row:
            if cell.value is None or getattr(cell, "data_type", "") == "f":
                continue
            widths[cell.column] = max(widths.get(cell.column, 0), display_width(cell.value))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width, MAX_COLUMN_WIDTH) + WIDTH_PADDING


def workbook_bytes(dataset: tablib.Dataset) -> bytes:
    """A dataset as an .xlsx file: bold, frozen header row, typed cells (numbers, dates as
    yyyy-mm-dd), columns as wide as their text."""
    book = Workbook()
    sheet = book.active
    if dataset.title:
        sheet.title = re.sub(r"[\\*?:/\[\]]", "-", dataset.title)[:31]
    if dataset.headers:
        append_row(sheet, dataset.headers)
        style_header(sheet, 1)
    for row in dataset:
        append_row(sheet, row)
        format_cells(sheet[sheet.max_row])
    fit_columns(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_bytes(resource: ScopedResource) -> bytes:
    headers = [fld.column_name for fld in resource.get_import_fields()]
    return workbook_bytes(tablib.Dataset(headers=headers))


def export_bytes(resource: ScopedResource, queryset: QuerySet[Any]) -> bytes:
    return workbook_bytes(resource.export(queryset=queryset, typed_cells=True))


@dataclass
class Sheet:
    dataset: tablib.Dataset
    row_numbers: list[int]  # spreadsheet row of each dataset row
    problems: list[RowError]


class SafeXLSX(import_formats.XLSX):
    """The .xlsx format of the administration's import and export (django-import-export,
    `core.admin.VersionedAdmin.formats`): an upload is inspected like every import, an
    export is written by `workbook_bytes` (text cells stay text)."""

    def create_dataset(self, in_stream: Any) -> tablib.Dataset:
        inspect_workbook(bytes(in_stream))
        return super().create_dataset(in_stream)

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        return workbook_bytes(dataset)


def may_import(user: Actor, model: type[Model]) -> bool:
    """Whether the user's role may change records of this model at all (an import adds
    and changes records): the rule of `xiezuo.core.scoping`, asked, not copied."""
    return scope_filter(model, user, Action.CHANGE) != NOTHING


def import_refusal(user: Actor, model: type[Model]) -> str | None:
    """Why this user may not import these records (None: they may)."""
    if may_import(user, model):
        return None
    return _("Your role cannot change these records, so it cannot import them.")


def _open(data: bytes, title: str) -> tuple[Any, Any]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                      keep_links=False)
        sheet = book[title]
        sheet.reset_dimensions()  # some writers declare wrong dimensions
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise damaged_workbook(exc) from exc
    return book, sheet


def _check_headers(headers: list[str], resource: ScopedResource) -> list[str]:
    aliases = resource.header_aliases()
    canonical = [aliases.get(h.lower(), h) for h in headers]
    unknown = [h for h, c in zip(headers, canonical, strict=True)
               if h and c == h and h.lower() not in aliases]
    missing = [resource.fields[n].column_name for n in resource.required_columns
               if resource.fields[n].column_name not in canonical]
    problems = []
    if missing:
        problems.append(_("missing columns: %(cols)s") % {"cols": "、".join(missing)})
    if unknown:
        problems.append(_("unknown columns: %(cols)s") % {"cols": "、".join(unknown)})
    if problems:
        raise ImportFileError(
            _("The header row does not match the template (%(problems)s).")
            % {"problems": "; ".join(problems)}
        )
    return canonical


def _formulas_without_value(data: bytes, title: str, canonical: list[str]) -> list[RowError]:
    """Formulas whose computed value the file does not hold (it was not saved by Excel):
    the formulas and the values are read side by side, row by row."""
    width = max(len(canonical), 1)
    formulas_book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
    values_book, values = _open(data, title)
    problems = []
    try:
        formulas = formulas_book[title]
        formulas.reset_dimensions()
        rows = zip(formulas.iter_rows(min_row=HEADER_ROW + 1, max_col=width),
                   values.iter_rows(min_row=HEADER_ROW + 1, max_col=width, values_only=True),
                   strict=False)
        for row_index, (row, row_values) in enumerate(rows, start=HEADER_ROW + 1):
            for col_index, cell in enumerate(row[: len(canonical)]):
                if getattr(cell, "data_type", None) == "f" and row_values[col_index] is None:
                    problems.append(RowError(row_index, canonical[col_index], _(
                        "A formula without a computed value: paste the values instead.")))
    finally:
        formulas_book.close()
        values_book.close()
    return problems


def read_workbook(data: bytes, resource: ScopedResource) -> Sheet:
    """The sheet to import as a dataset, with its spreadsheet row numbers, and the
    problems that no row can be imported with: merged cells and formulas without a value.

    The upload is inspected first (`inspect_workbook`: size, rows, cells, refused before
    anything is loaded), then read once, row by row (openpyxl's read-only mode), keeping
    only the columns under the headers."""
    facts = inspect_workbook(data)
    book, sheet = _open(data, facts.sheet_title)
    try:
        first = next(sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), None)
        if first is None:
            raise ImportFileError(_("The workbook is empty."))
        headers = [str(h if h is not None else "").strip() for h in first]
        while headers and not headers[-1]:
            headers.pop()
        canonical = _check_headers(headers, resource)
        width = len(canonical)
        problems: list[RowError] = []
        for ref in facts.merged:
            try:
                merged = CellRange(ref)
            except (ValueError, TypeError):
                raise damaged_workbook(f"mergeCell {ref[:20]!r}") from None
            if merged.max_row > HEADER_ROW:
                column = canonical[merged.min_col - 1] if merged.min_col <= width else ""
                problems.append(RowError(merged.min_row, column, _(
                    "Merged cells (%(range)s): unmerge them and fill in every row.") % {"range": str(merged)}))
        if facts.has_formulas:
            problems += _formulas_without_value(data, facts.sheet_title, canonical)
        dataset = tablib.Dataset(headers=canonical)
        numbers: list[int] = []
        rows = sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=max(width, 1), values_only=True)
        for number, row in enumerate(rows, start=HEADER_ROW + 1):
            cells = list(row[:width]) + [None] * (width - len(row))
            if all(v in (None, "") for v in cells):
                continue  # Excel keeps formatted blank rows
            dataset.append(cells)
            numbers.append(number)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise damaged_workbook(exc) from exc
    finally:
        book.close()
    max_rows = import_limits().rows
    if len(dataset) > max_rows:  # counted while streaming already; kept as a last guard
        raise ImportFileError(
            _("The workbook has %(n)s rows; at most %(max)s are taken at once.")
            % {"n": len(dataset), "max": max_rows}
        )
    return Sheet(dataset, numbers, problems)


def run_import(*, resource: ScopedResource, data: bytes, file_name: str = "") -> ImportOutcome:
    """Import a workbook completely or not at all; report every bad row.

    An applied import is recorded as an ImportBatch that lists what it created and
    changed, so it can be reverted (`xiezuo.core.imports.revert_batch`).
    """
    refusal = import_refusal(resource.actor, resource._meta.model)
    if refusal:  # before the file is even opened
        return ImportOutcome(errors=[RowError(0, "", refusal)])
    sheet = read_workbook(data, resource)
    outcome = ImportOutcome(errors=list(sheet.problems))
    if outcome.errors:
        outcome.errors.sort(key=lambda e: (e.row, e.column))
        return outcome
    dataset = sheet.dataset

    def row_of(number: int) -> int:  # import-export numbers data rows from 1
        return sheet.row_numbers[number - 1]

    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=False,
            raise_errors=False,
            use_transactions=False,
            collect_failed_rows=False,
        )
        for number, errors in result.row_errors():
            for error in errors:
                outcome.errors.append(RowError(row_of(number), "", _error_text(error.error)))
        columns = {f.attribute: f.column_name for f in resource.fields.values() if f.attribute}
        columns.update({name: f.column_name for name, f in resource.fields.items()})
        for invalid in result.invalid_rows:
            for fname, messages in invalid.error_dict.items():
                column = "" if fname == NON_FIELD_ERRORS else columns.get(fname, fname)
                for message in messages:
                    outcome.errors.append(RowError(row_of(invalid.number), column, str(message)))
        if outcome.errors:
            transaction.set_rollback(True)
            outcome.errors.sort(key=lambda e: (e.row, e.column))
            return outcome
        outcome.created = result.totals.get("new", 0)
        outcome.updated = result.totals.get("update", 0)
        outcome.batch = record_batch(resource, result, file_name)
        changed(resource._meta.model)
    return outcome


def record_batch(resource: ScopedResource, result: Any, file_name: str) -> ImportBatch:
    model = resource._meta.model
    batch = ImportBatch.objects.create(
        resource=model._meta.label_lower, file_name=file_name[:255], actor=signed_in(resource.actor),
        created_count=result.totals.get("new", 0), updated_count=result.totals.get("update", 0),
    )
    content_type = ContentType.objects.get_for_model(model)
    records = []
    for row in result.rows:
        if row.import_type not in ("new", "update") or row.object_id is None:
            continue
        history_id = None
        if row.import_type == "update" and hasattr(model, "history"):
            history_id = model.history.filter(id=row.object_id).latest("history_id").history_id
        records.append(ImportedRecord(
            batch=batch, content_type=content_type, object_id=row.object_id,
            action="created" if row.import_type == "new" else "updated", history_id=history_id,
        ))
    ImportedRecord.objects.bulk_create(records, batch_size=2000)
    return batch


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)

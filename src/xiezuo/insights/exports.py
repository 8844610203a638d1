"""Figures and records as cells, chart options data, and the annual report as .xlsx / .docx."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from xiezuo.core.excel import (
    INTEGER_FORMAT,
    WAN_YUAN_FORMAT,
    append_row,
    fit_columns,
    format_cells,
    style_header,
)
from xiezuo.core.formatting import plain
from xiezuo.core.types import Actor
from xiezuo.documents.official import OfficialDocument, chinese_date
from xiezuo.documents.selectors import issuing_office, pairing_name
from xiezuo.insights.measures import Source, drill_sources, source_total
from xiezuo.insights.selection import Selection, build_selection
from xiezuo.insights.selectors import AnnualReport, Figure, annual_report, unit_of
from xiezuo.reference.models import Measure
from xiezuo.regions.models import Pairing

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORD_ROWS_PER_SOURCE = 200  # the Word file is for printing; the Excel file lists every record

# Called with the number of figures done while a report file is made (a background job).
Progress = Callable[[int], object]


def _resolve(record: object, path: str) -> Any:
    value = record
    for part in path.split("."):
        value = getattr(value, part, None)
        if callable(value):
            value = value()
        if value is None:
            return ""
    return value


def cell_text(value: object) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (Decimal, int, float)):
        return plain(value)
    return str(value)


def row_cells(source: Source, record: object) -> dict[str, Any]:
    """One record as the texts of the source's columns, with the link to its page."""
    if source.key.startswith("metric_"):
        target = getattr(record, "activity", None)
    elif source.key.startswith("report_"):
        target = getattr(record, "document", None)  # a report figure is shown by its source report
    else:
        target = record
    url = target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else ""
    return {"cells": [cell_text(_resolve(record, c.path)) for c in source.columns], "url": url}


def record_blocks(sel: Selection, sources: list[Source], *, page_of: Callable[[int], int | str | None],
                  per_page: int) -> list[dict[str, Any]]:
    """The drill-down of a figure: per source its subtotal and one page of its records as
    cells (`page_of(index)` is the page asked for the index-th source)."""
    blocks = []
    for index, source in enumerate(sources):
        page = Paginator(source.records(sel).select_related(), per_page).get_page(page_of(index))
        if source.key.startswith("report_") and not page.paginator.count:
            continue  # no report figure of this measure: no empty block beside the records
        blocks.append({"source": source, "index": index, "page": page, "total": source_total(source, sel),
                       "rows": [row_cells(source, record) for record in page.object_list]})
    return blocks


def _summary_rows(report: AnnualReport) -> Iterator[tuple[str, Figure]]:
    for section in report.sections:
        for figure in section.figures:
            yield section.title, figure


# Figures that count records (people, classes, projects …), unlike sums (funds, person-times).
RECORD_MEASURES = {Measure.CADRES_SENT, Measure.CADRES_RECEIVED, Measure.PROFESSIONALS_SENT,
                   Measure.PROFESSIONALS_RECEIVED, Measure.EXPERTS_ENGAGED, Measure.TRAINEES,
                   Measure.TRAINING_SESSIONS, Measure.PAIRS, Measure.NEEDS_FILLED, Measure.PROJECTS}


def listed_records(report: AnnualReport) -> int:
    """About how many records the report's files list; large reports are made by a job."""
    return int(sum(f.value for f in report.figures if f.measure in RECORD_MEASURES))


def report_file(report: AnnualReport, fmt: str, progress: Progress | None = None) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return report_xlsx(report, progress), XLSX_MIME
    return report_docx(report, progress), DOCX_MIME


def report_job(*, actor: Actor, params: dict[str, Any], progress: Progress) -> bytes:
    """Worker side of a large report download (see views.AnnualReportDownload)."""
    selection = build_selection(user=actor, year=params.get("year"), pairing=params.get("pairing"),
                                side=params.get("side"), region=params.get("region"))
    return report_file(annual_report(selection), params.get("format", "docx"), progress)[0]


def _pairing_text(selection: Selection) -> str:
    """山东—重庆 for a pairing; the side's label (山东省（东部，全部结对）) for a side's set."""
    chosen = selection.query.get("pairing")
    if chosen is None:
        return selection.label
    pairing = (selection.scoped(Pairing).select_related("east_region", "west_region", "east_org", "west_org")
               .filter(pk=int(chosen)).first())
    return pairing_name(pairing) if pairing is not None else selection.label


def _title(report: AnnualReport) -> str:
    return _("%(pairing)s East–West cooperation talent exchange: annual report %(year)s") % {
        "pairing": _pairing_text(report.selection), "year": report.selection.year}


def report_file_names(selection: Selection, fmt: str) -> tuple[str, str]:
    """The download's name (山东—重庆东西部协作人才交流2026年度报告.docx) and its ASCII fallback."""
    title = _("%(pairing)s East–West cooperation talent exchange: annual report %(year)s") % {
        "pairing": _pairing_text(selection), "year": selection.year}
    name = re.sub(r'[\\/:*?"<>|]', "-", title).strip()
    return f"{name}.{fmt}", f"annual-report-{selection.year}.{fmt}"


# ---- Excel ------------------------------------------------------------------------------------

MONEY_MEASURES = {Measure.FUNDS, Measure.CONSUMPTION_SALES}
YUAN_PER_WAN = Decimal(10_000)
EXCEL_CHUNK = 2000  # records read at a time for the Excel file
TITLE_SIZE = 14


def excel_value(value: object) -> Any:
    """A record's value as a typed cell: numbers and dates keep their type, yes/no and
    records become text."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (datetime.date, Decimal, int, float)):
        return value
    return str(value)


def counted_values(source: Source, records: Iterable[Any]) -> Iterator[tuple[Any, Decimal]]:
    """Each record with what it adds to the figure, in the order given (the source's
    order): the summed value, or 1 for each record counted (a distinct person once, at
    their first record), so that the column adds up to the figure."""
    part = source.parts[0]
    seen: set[object] = set()
    for record in records:
        if part.agg is Sum:
            yield record, Decimal(getattr(record, str(part.expr)) or 0)
        elif source.key == "mentorship_pairs":
            yield record, Decimal(len(record.apprentices.all()))
        elif part.distinct:
            key = record.identity if source.key == "trainee_people" else (
                getattr(record, f"{part.expr}_id", None) or getattr(record, str(part.expr)))
            yield record, Decimal(key not in seen)
            seen.add(key)
        else:
            yield record, Decimal(1)


def _write_records(sheet: Any, figure: Figure, source: Source, selection: Selection) -> str | None:
    """One source's block on a figure's sheet: its name, its header, its records with what
    each adds, and a subtotal by formula; the subtotal's cell (None: no records)."""
    money = figure.measure in MONEY_MEASURES
    count_header = (_("counted (%(unit)s)") % {"unit": _("10,000 yuan")} if money
                    else _("counted (%(unit)s)") % {"unit": figure.unit})
    records = source.records(selection).select_related()  # the columns read the related records
    if source.key == "mentorship_pairs":
        records = records.prefetch_related("apprentices")
    if not records.exists():
        return None
    append_row(sheet, [str(source.label)])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    append_row(sheet, [str(c.label) for c in source.columns] + [count_header])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    if sheet.freeze_panes is None:
        sheet.freeze_panes = f"A{header_row + 1}"
    count_column = len(source.columns) + 1
    for record, counted in counted_values(source, records.iterator(chunk_size=EXCEL_CHUNK)):
        value: Decimal = counted / YUAN_PER_WAN if money else counted
        append_row(sheet, [excel_value(_resolve(record, c.path)) for c in source.columns] + [value])
        format_cells(sheet[sheet.max_row])
        if money:
            sheet.cell(sheet.max_row, count_column).number_format = WAN_YUAN_FORMAT
    letter = get_column_letter(count_column)
    append_row(sheet, [_("Subtotal")] + [None] * (count_column - 2))
    subtotal = sheet.cell(sheet.max_row, count_column)
    subtotal.value = f"=SUM({letter}{header_row + 1}:{letter}{sheet.max_row - 1})"
    subtotal.number_format = WAN_YUAN_FORMAT if money else INTEGER_FORMAT
    sheet.cell(sheet.max_row, 1).font = subtotal.font = Font(bold=True)
    append_row(sheet, [])
    return subtotal.coordinate


def figure_value(figure: Figure) -> Decimal:
    """The figure as the Excel file gives it: money in 万元 (as the page shows it)."""
    return figure.value / YUAN_PER_WAN if figure.measure in MONEY_MEASURES else figure.value


def figure_unit(figure: Figure) -> str:
    return str(_("10,000 yuan")) if figure.measure in MONEY_MEASURES else str(figure.unit)


def report_xlsx(report: AnnualReport, progress: Progress | None = None) -> bytes:
    """A summary sheet and one sheet per figure listing its records; each record sheet ends
    with a total by formula (=SUM of the sources' subtotals) equal to the figure. Cells are
    typed (numbers, dates as yyyy-mm-dd; money in 万元) and every row goes through
    `core.excel.append_row`: record texts (names, titles) stay text cells, never formulas."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    append_row(sheet, [_title(report)])
    sheet["A1"].font = Font(bold=True, size=TITLE_SIZE)
    append_row(sheet, [_("Section"), _("Measure"), _("Value"), _("Unit"), _("Target"), _("Status")])
    style_header(sheet, 2)
    for title, figure in _summary_rows(report):
        target = figure.target
        if target is not None and figure.measure in MONEY_MEASURES:
            target = target / YUAN_PER_WAN
        append_row(sheet, [title, str(figure.label), figure_value(figure), figure_unit(figure), target,
                           str(figure.status_label)])
        format_cells(sheet[sheet.max_row])
        if figure.measure in MONEY_MEASURES:
            sheet.cell(sheet.max_row, 3).number_format = WAN_YUAN_FORMAT
    fit_columns(sheet, skip_rows=1)
    for done, figure in enumerate(report.figures):
        if progress is not None:
            progress(done)
        records = book.create_sheet(str(figure.label)[:31])
        append_row(records, [_("%(label)s: %(value)s %(unit)s") % {
            "label": figure.label, "value": plain(figure_value(figure)), "unit": figure_unit(figure)}])
        records["A1"].font = Font(bold=True, size=TITLE_SIZE)
        subtotals = [cell for source in drill_sources(figure.measure)
                     if (cell := _write_records(records, figure, source, report.selection)) is not None]
        append_row(records, [_("Total")])
        total = records.cell(records.max_row, 2)
        total.value = "=" + "+".join(subtotals) if subtotals else 0
        total.number_format = WAN_YUAN_FORMAT if figure.measure in MONEY_MEASURES else INTEGER_FORMAT
        records.cell(records.max_row, 1).font = total.font = Font(bold=True)
        fit_columns(records, skip_rows=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---- Word ---------------------------------------------------------------------------------------

SECTION_NUMBERS = "一二三四五六七八九十"


def report_docx(report: AnnualReport, progress: Progress | None = None) -> bytes:
    """The annual report in the official layout (documents.official): title, period, the
    figures against their targets, the records behind each figure, issuing office and date."""
    selection = report.selection
    document = OfficialDocument()
    document.title(_title(report))
    document.paragraph(_("Period: %(start)s to %(end)s. Scope: %(label)s.") % {
        "start": chinese_date(selection.start), "end": chinese_date(selection.end), "label": selection.label})
    document.heading1(_("1. Figures of the year"))
    document.table([_("Measure"), _("Value"), _("Unit"), _("Target"), _("Status")],
                   [[str(f.label), plain(f.value), str(f.unit), plain(f.target), str(f.status_label)]
                    for _section, f in _summary_rows(report)],
                   numeric=(False, True, False, True, False))
    document.heading1(_("2. Underlying records"))
    number = 0
    for done, figure in enumerate(report.figures):
        if progress is not None:
            progress(done)
        if not figure.value:
            continue
        number += 1
        document.heading2(f"（{_chinese_number(number)}）{figure.label}：{plain(figure.value)} "
                          f"{unit_of(figure.measure)}")
        for source in drill_sources(figure.measure):
            records = source.records(selection).select_related()
            count = records.count()
            if not count:
                continue
            document.paragraph(f"{source.label}（{count}）")
            document.table([str(column.label) for column in source.columns],
                           (row_cells(source, record)["cells"] for record in records[:WORD_ROWS_PER_SOURCE]))
            if count > WORD_ROWS_PER_SOURCE:
                document.paragraph(_("%(more)s more records are listed in the Excel file.")
                                   % {"more": count - WORD_ROWS_PER_SOURCE})
    document.signature(issuing_office(selection.user), datetime.date.today())
    return document.save()


def _chinese_number(number: int) -> str:
    """一 … 十, 十一 … 九十九 (section numbers)."""
    tens, ones = divmod(number, 10)
    if tens == 0:
        return SECTION_NUMBERS[ones - 1]
    head = "" if tens == 1 else SECTION_NUMBERS[tens - 1]
    return head + "十" + (SECTION_NUMBERS[ones - 1] if ones else "")

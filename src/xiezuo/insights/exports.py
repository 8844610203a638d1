"""Figures and records as cells, chart options data, and the annual report as .xlsx / .docx."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from xiezuo.core.excel import append_row
from xiezuo.core.formatting import plain
from xiezuo.core.types import Actor
from xiezuo.insights.measures import Source, drill_sources, source_total
from xiezuo.insights.selection import Selection, build_selection
from xiezuo.insights.selectors import AnnualReport, Dashboard, Figure, annual_report, unit_of
from xiezuo.reference.models import Measure

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


def chart_data(board: Dashboard) -> dict[str, Any]:
    """What the dashboard's charts draw (read by static/insights/dashboard.js)."""
    return {
        "years": board.years,
        "trends": [{"name": str(Measure(m).label), "data": [float(v) for v in values]}
                   for m, values in board.trends.items()],
        "flows": {direction: {"nodes": sorted({n for link in links for n in (link["source"], link["target"])}),
                              "links": links}
                  for direction, links in board.flows.items()},
        "labels": {"east_west": _("East → west"), "west_east": _("West → east"),
                   "people": _("people")},
    }


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


def _title(report: AnnualReport) -> str:
    return _("Annual report %(year)s: %(label)s") % {"year": report.selection.year,
                                                       "label": report.selection.label}


def report_xlsx(report: AnnualReport, progress: Progress | None = None) -> bytes:
    """Every row goes through `core.excel.append_row`: record texts (names, titles) stay
    text cells, never formulas."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    append_row(sheet, [_title(report)])
    sheet["A1"].font = Font(bold=True, size=14)
    header = [_("Section"), _("Measure"), _("Value"), _("Unit"), _("Target"), _("Status")]
    append_row(sheet, header)
    for title, figure in _summary_rows(report):
        append_row(sheet, [title, str(figure.label), float(figure.value), str(figure.unit),
                           float(figure.target) if figure.target is not None else None,
                           str(figure.status_label)])
    for done, figure in enumerate(report.figures):
        if progress is not None:
            progress(done)
        records = book.create_sheet(str(figure.label)[:31])
        append_row(records, [str(figure.label), float(figure.value), str(figure.unit)])
        for source in drill_sources(figure.measure):
            append_row(records, [])
            append_row(records, [str(source.label)])
            append_row(records, [str(c.label) for c in source.columns])
            for record in source.records(report.selection).iterator(chunk_size=2000):
                append_row(records, row_cells(source, record)["cells"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_docx(report: AnnualReport, progress: Progress | None = None) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")  # Chinese text in 宋体
    document.add_heading(_title(report), level=0)
    document.add_paragraph(_("Period: %(start)s to %(end)s. Generated on %(today)s.") % {
        "start": report.selection.start, "end": report.selection.end, "today": datetime.date.today()})
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("Measure"), _("Value"), _("Unit"), _("Target"), _("Status")],
                          strict=True):
        cell.text = text
    for _section, figure in _summary_rows(report):
        cells = table.add_row().cells
        cells[0].text = str(figure.label)
        cells[1].text = plain(figure.value)
        cells[2].text = str(figure.unit)
        cells[3].text = plain(figure.target)
        cells[4].text = str(figure.status_label)
    document.add_heading(_("Underlying records"), level=1)
    for done, figure in enumerate(report.figures):
        if progress is not None:
            progress(done)
        if not figure.value:
            continue
        document.add_heading(f"{figure.label}: {plain(figure.value)} {unit_of(figure.measure)}", level=2)
        for source in drill_sources(figure.measure):
            records = source.records(report.selection)
            count = records.count()
            if not count:
                continue
            document.add_paragraph(f"{source.label} ({count})")
            grid = document.add_table(rows=1, cols=len(source.columns))
            grid.style = "Table Grid"
            for cell, column in zip(grid.rows[0].cells, source.columns, strict=True):
                cell.text = str(column.label)
            for record in records[:WORD_ROWS_PER_SOURCE]:
                for cell, text in zip(grid.add_row().cells, row_cells(source, record)["cells"], strict=True):
                    cell.text = text
            if count > WORD_ROWS_PER_SOURCE:
                document.add_paragraph(_("%(more)s more records are listed in the Excel file.")
                                       % {"more": count - WORD_ROWS_PER_SOURCE})
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

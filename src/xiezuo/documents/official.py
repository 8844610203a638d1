"""Word documents in the official-document layout (党政机关公文格式, GB/T 9704-2012).

Every Word file the application writes is built here (`OfficialDocument`): A4 paper with
the standard margins, 22 lines of 28 characters, the title in 方正小标宋简体 二号, the body in
仿宋_GB2312 三号, headings in 黑体 (一、) and 楷体_GB2312 (（一）), tables in 仿宋 小四 with the
header row repeated on every page, page numbers "— 1 —" in 宋体 四号 in the footer, and the
issuing office (发文机关署名) with the date (成文日期) at the end, on the right.

Chinese font names are written on `w:eastAsia` of each run's fonts (`rFonts`): Word
chooses the font of Chinese text from that attribute alone, not from `font.name`.
No Django here: the callers pass the texts.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Paper and margins (GB/T 9704-2012, 5.2.1 and 5.2.2).
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
FOOTER_DISTANCE = Mm(23)  # the page number (4号, ~5 mm) sits about 7 mm below the last line
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH = Pt(28.9)  # 225 mm of text height / 22 lines, rounded as Word's grid does

# Fonts and sizes (号 → points: 二号 22, 三号 16, 四号 14, 小四 12).
TITLE_FONT, TITLE_SIZE = "方正小标宋简体", Pt(22)
BODY_FONT, BODY_SIZE = "仿宋_GB2312", Pt(16)
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
TABLE_FONT, TABLE_SIZE = "仿宋_GB2312", Pt(12)
PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE = "宋体", Pt(14)
LATIN_FONT = "Times New Roman"  # digits and Latin letters in the body
TWO_CHARS = BODY_SIZE * 2  # first-line indent of a body paragraph
TWIPS_PER_POINT = 20


def chinese_date(day: datetime.date) -> str:
    """成文日期 in Arabic numerals, without leading zeros: 2026年12月6日."""
    return f"{day.year}年{day.month}月{day.day}日"


def set_font(run: Run, east_asia: str, size: Pt, *, bold: bool = False, latin: str = LATIN_FONT) -> None:
    """The run's Chinese font (w:eastAsia), Latin font and size."""
    run.font.name = latin
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _exact_lines(paragraph: Paragraph, pitch: Pt = LINE_PITCH) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = pitch
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _page_field(paragraph: Paragraph) -> Run:
    """A PAGE field (its shown value 1 until Word updates it) as one run's field chars."""
    run = paragraph.add_run()
    begin, instruction, separate, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"),
                                         OxmlElement("w:fldChar"), OxmlElement("w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, shown, end):
        run._element.append(element)
    return run


class OfficialDocument:
    """A Word document in the official layout; add content in reading order, then `save()`."""

    def __init__(self, template: bytes | None = None) -> None:
        self.document: DocxDocument = Document(io.BytesIO(template)) if template else Document()
        self._setup_styles()
        for section in self.document.sections:
            self._setup_section(section)

    def _setup_styles(self) -> None:
        normal = self.document.styles["Normal"]
        normal.font.name = LATIN_FONT
        normal.font.size = BODY_SIZE
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), BODY_FONT)
        fonts.set(qn("w:ascii"), LATIN_FONT)
        fonts.set(qn("w:hAnsi"), LATIN_FONT)
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = LINE_PITCH
        normal.paragraph_format.space_after = Pt(0)

    def _setup_section(self, section: Section) -> None:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.footer_distance = FOOTER_DISTANCE
        # The document grid: 22 lines a page, 28 characters a line.
        sect = section._sectPr
        grid = sect.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * TWIPS_PER_POINT)))
        text_width_pt = (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / Pt(1)
        spare = text_width_pt / CHARS_PER_LINE - BODY_SIZE.pt
        grid.set(qn("w:charSpace"), str(int(spare * 4096)))  # in 1/4096 pt beyond the font size
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        if not paragraph.text and not paragraph._element.findall(".//" + qn("w:fldChar")):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in (paragraph.add_run("— "), _page_field(paragraph), paragraph.add_run(" —")):
                set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin=PAGE_NUMBER_FONT)

    # ---- content ------------------------------------------------------------------------

    def title(self, text: str) -> Paragraph:
        """The title (标题): 方正小标宋简体 二号, centred, followed by an empty line."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _exact_lines(paragraph, Pt(TITLE_SIZE.pt * 1.6))
        set_font(paragraph.add_run(text), TITLE_FONT, TITLE_SIZE, latin=TITLE_FONT)
        self.blank()
        return paragraph

    def blank(self) -> Paragraph:
        paragraph = self.document.add_paragraph()
        _exact_lines(paragraph)
        return paragraph

    def paragraph(self, text: str, *, indent: bool = True, align: WD_ALIGN_PARAGRAPH | None = None,
                  font: str = BODY_FONT, bold: bool = False) -> Paragraph:
        """A body paragraph: 仿宋_GB2312 三号, first line indented by two characters."""
        paragraph = self.document.add_paragraph()
        _exact_lines(paragraph)
        if indent:
            paragraph.paragraph_format.first_line_indent = TWO_CHARS
        if align is not None:
            paragraph.alignment = align
        set_font(paragraph.add_run(text), font, BODY_SIZE, bold=bold)
        return paragraph

    def heading1(self, text: str) -> Paragraph:
        """A first-level heading (一、…) in 黑体."""
        return self.paragraph(text, font=HEADING1_FONT)

    def heading2(self, text: str) -> Paragraph:
        """A second-level heading (（一）…) in 楷体_GB2312."""
        return self.paragraph(text, font=HEADING2_FONT)

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], *,
              numeric: Sequence[bool] = ()) -> Table:
        """A table in 仿宋 小四, its header row bold and repeated on every page; columns
        flagged in `numeric` are aligned right."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header_row = table.rows[0]
        properties = header_row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
        for cell, text in zip(header_row.cells, headers, strict=True):
            self._cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for values in rows:
            for index, (cell, text) in enumerate(zip(table.add_row().cells, values, strict=True)):
                right = index < len(numeric) and numeric[index]
                self._cell(cell, text, align=WD_ALIGN_PARAGRAPH.RIGHT if right else None)
        return table

    def _cell(self, cell: _Cell, text: str, *, bold: bool = False,
              align: WD_ALIGN_PARAGRAPH | None = None) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.first_line_indent = Pt(0)
        if align is not None:
            paragraph.alignment = align
        set_font(paragraph.add_run(text), TABLE_FONT, TABLE_SIZE, bold=bold)

    def signature(self, office: str, day: datetime.date | str) -> None:
        """The issuing office and the date at the end, on the right (发文机关署名, 成文日期):
        two empty lines after the body, the date under the office, four characters from the
        right edge."""
        self.blank()
        self.blank()
        for text in (office, chinese_date(day) if isinstance(day, datetime.date) else day):
            paragraph = self.paragraph(text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            paragraph.paragraph_format.right_indent = BODY_SIZE * 4

    def save(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

"""The official layout (GB/T 9704-2012) of every Word file, read back with python-docx."""

import datetime
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from xiezuo.documents.official import OfficialDocument, chinese_date


def east_asia(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def check_layout(document) -> None:
    """A4, the margins, the footer's "— PAGE —" in 宋体 四号: shared by every Word output."""
    for section in document.sections:
        # Word stores twips: compare in millimetres.
        assert [round(x.mm, 1) for x in (section.page_width, section.page_height)] == [210, 297]
        assert [round(x.mm, 1) for x in (section.top_margin, section.bottom_margin)] == [37, 35]
        assert [round(x.mm, 1) for x in (section.left_margin, section.right_margin)] == [28, 26]
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:linePitch")) == "578"  # 28.9 pt: 22 lines a page
        footer = section.footer.paragraphs[0]
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert [i.text.strip() for i in footer._element.iter(qn("w:instrText"))] == ["PAGE"]
        assert {east_asia(r) for r in footer.runs} == {"宋体"}
        assert {r.font.size for r in footer.runs} == {Pt(14)}
    normal = document.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)


def test_the_builder_writes_the_official_layout():
    doc = OfficialDocument()
    doc.title("关于开展东西部协作工作的通知")
    doc.heading1("一、总体情况")
    doc.heading2("（一）干部人才交流")
    doc.paragraph("2026年选派专业技术人才136人。")
    doc.table(["指标", "数值"], [["选派", "136"]] * 3, numeric=(False, True))
    doc.signature("巫山县东西部协作工作办公室", datetime.date(2026, 12, 6))
    document = Document(io.BytesIO(doc.save()))
    check_layout(document)
    title, _blank, h1, h2, body, *rest = document.paragraphs
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert east_asia(h1.runs[0]) == "黑体" and east_asia(h2.runs[0]) == "楷体_GB2312"
    assert east_asia(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing == Pt(28.9)
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters
    office, date = rest[-2:]
    assert (office.text, date.text) == ("巫山县东西部协作工作办公室", "2026年12月6日")
    assert office.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    table = document.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    cell_run = table.rows[1].cells[0].paragraphs[0].runs[0]
    assert east_asia(cell_run) == "仿宋_GB2312" and cell_run.font.size == Pt(12)
    assert table.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_dates_are_written_as_in_official_documents():
    assert chinese_date(datetime.date(2026, 1, 6)) == "2026年1月6日"

"""The annual report's Word (official layout) and Excel (typed cells, totals by formula)
files, read back with python-docx and openpyxl and compared with the page's figures."""

import datetime
import io
import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from xiezuo.documents.official import chinese_date
from xiezuo.documents.tests.test_official import check_layout, east_asia
from xiezuo.insights import selectors
from xiezuo.insights.selection import build_selection
from xiezuo.insights.tests import world as W
from xiezuo.reference.models import Measure

pytestmark = pytest.mark.django_db
MONEY = {"funds", "consumption_sales"}


@pytest.fixture
def data(refdata):
    return W.build()


def evaluate(sheet, formula: str) -> Decimal:
    """The value of our formulas: =SUM(G4:G9) and =G10+G20 (cells that are such formulas)."""
    total = Decimal(0)
    body = formula.lstrip("=")
    for term in body.split("+"):
        match = re.fullmatch(r"SUM\((\w+):(\w+)\)", term)
        if match:
            min_col, min_row, max_col, max_row = range_boundaries(f"{match[1]}:{match[2]}")
            for row in sheet.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col):
                for cell in row:
                    assert isinstance(cell.value, (int, float)), (cell.coordinate, cell.value)
                    total += Decimal(str(cell.value))
        else:
            value = sheet[term].value
            total += evaluate(sheet, value) if isinstance(value, str) else Decimal(str(value))
    return total


def test_the_word_report_is_an_official_document(data, make_user, client_for):
    wushan = make_user("ws", region="500237")
    response = client_for(wushan).get(f"/insights/report.docx?pairing={data['p1'].pk}&year=2025")
    assert response.status_code == 200
    name = "烟台—巫山东西部协作人才交流2025年度报告.docx"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"annual-report-2025.docx\"; filename*=UTF-8''{quote(name)}")
    document = Document(io.BytesIO(response.content))
    check_layout(document)
    title = document.paragraphs[0]
    assert title.text == name.removesuffix(".docx")
    assert east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    body = document.paragraphs[2]
    assert body.text.startswith("统计期间：2025年1月1日至2025年12月31日")
    assert east_asia(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    headings = [p for p in document.paragraphs if p.text.startswith(("一、", "二、"))]
    assert [east_asia(h.runs[0]) for h in headings] == ["黑体", "黑体"]
    assert any(p.text.startswith("（一）") and east_asia(p.runs[0]) == "楷体_GB2312" for p in document.paragraphs)
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[-2:] == ["重庆市巫山县东西部协作工作办公室", chinese_date(datetime.date.today())]
    summary = document.tables[0]
    assert summary.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    figures = {row.cells[0].text: row.cells[1].text for row in summary.rows[1:]}
    assert figures["培训场次"] == "7"  # 5 + 2 sessions of 巫山's two classes, not "2 服务记录"


def test_the_tables_say_what_their_columns_hold(data, admin_user, client_for):
    client = client_for(admin_user)
    document = Document(io.BytesIO(client.get(f"/insights/report.docx?pairing={data['p0'].pk}&year=2025").content))
    headers = {cell.text for table in document.tables for cell in table.rows[0].cells}
    assert {"派驻单位", "接收单位", "结业"} <= headers
    assert "期满结束" not in headers
    units = {row.cells[0].text: row.cells[2].text for row in document.tables[0].rows[1:]}
    assert units["培训场次"] == "场"


def test_the_excel_report_has_typed_cells_and_totals_that_equal_the_page(data, admin_user, client_for):
    client = client_for(admin_user)
    query = f"pairing={data['p0'].pk}&year=2025"
    response = client.get(f"/insights/report.xlsx?{query}")
    assert "filename*=UTF-8''" + quote("山东—重庆东西部协作人才交流2025年度报告.xlsx") in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    summary = book.worksheets[0]
    assert summary.freeze_panes == "A3" and summary["A2"].font.b
    assert summary.column_dimensions["B"].width >= 2 * len("专业技术人才（派出）") - 4
    rows = {row[1]: row for row in summary.iter_rows(min_row=3, values_only=True)}
    sel = build_selection(user=admin_user, year=2025, pairing=data["p0"].pk)
    report = selectors.annual_report(sel)
    for figure in report.figures:
        label = str(figure.label)
        value = rows[label][2]
        assert isinstance(value, (int, float)), label
        expected = W.EXPECTED_2025[figure.measure]
        screen = Decimal(expected) / 10_000 if figure.measure in MONEY else Decimal(expected)
        assert Decimal(str(value)) == screen, label
        if figure.measure in MONEY:
            assert rows[label][3] == "万元"
        sheet = book[label[:31]]
        total_row = sheet.max_row
        assert sheet.cell(total_row, 1).value == "合计"
        formula = sheet.cell(total_row, 2).value
        assert (evaluate(sheet, formula) if isinstance(formula, str) else formula) == screen, label
    postings = book[str(Measure.PROFESSIONALS_SENT.label)[:31]]
    assert postings.freeze_panes == "A4"
    header = [c.value for c in postings[3]]
    start_col = header.index("开始") + 1 if "开始" in header else 4
    dates = [postings.cell(r, start_col) for r in range(4, postings.max_row - 2)]
    dates = [c for c in dates if c.value is not None]
    assert dates and all(isinstance(c.value, datetime.datetime) for c in dates)
    assert {c.number_format for c in dates} == {"yyyy-mm-dd"}
    funds = book[str(Measure.FUNDS.label)[:31]]
    amounts = [row for row in funds.iter_rows(min_row=4, values_only=True) if row[0] == "医共体建设"]
    assert amounts and amounts[0][2] == 1_000_000  # the exact yuan, as a number

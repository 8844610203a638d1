"""Exported workbooks (list exports through core.excel): typed cells, date format, widths
that count CJK characters double, a bold frozen header; and they import back unchanged."""

import datetime
import io
from decimal import Decimal

import pytest
import tablib
from openpyxl import load_workbook

from xiezuo.cooperation.models import Project
from xiezuo.cooperation.resources import ProjectResource
from xiezuo.core.excel import display_width, export_bytes, run_import, workbook_bytes
from xiezuo.core.tests.factories import region
from xiezuo.regions.models import Pairing


def test_cjk_characters_count_double():
    assert display_width("巫山县") == 6
    assert display_width("ab") == 2
    assert display_width(datetime.date(2026, 12, 6)) == len("2026-12-06")
    assert display_width(None) == 0


def test_a_dataset_becomes_typed_cells():
    data = tablib.Dataset(headers=["名称", "日期", "资金（元）", "年份"], title="项目")
    data.append(["乡村医生培训", datetime.date(2026, 3, 1), Decimal("1200000.50"), 2026])
    sheet = load_workbook(io.BytesIO(workbook_bytes(data))).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    name, day, money, year = sheet[2]
    assert isinstance(day.value, datetime.datetime) and day.number_format == "yyyy-mm-dd"
    assert money.value == 1200000.5 and money.number_format == "#,##0.00"
    assert year.value == 2026 and year.number_format == "General"  # a year has no separator
    assert sheet.column_dimensions["A"].width == display_width("乡村医生培训") + 2


@pytest.mark.django_db
def test_a_list_export_is_typed_and_imports_back(refdata, admin_user):
    pairing = Pairing.objects.create(level="city_county", east_region=region("370600"),
                                     west_region=region("500237"), start=datetime.date(2021, 1, 1))
    Project.objects.create(name="医共体建设", category="health", pairing=pairing, year=2026,
                           funds=Decimal("1000000"), start=datetime.date(2026, 3, 1))
    data = export_bytes(ProjectResource(actor=admin_user), Project.objects.all())
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    start = row[next(h for h in header if h in ("开始", "Start", "开始日期"))]
    assert isinstance(start.value, datetime.datetime) and start.number_format == "yyyy-mm-dd"
    funds = row[next(h for h in header if "元" in h or "yuan" in h)]
    assert funds.value == 1_000_000 and funds.number_format == "#,##0"
    outcome = run_import(resource=ProjectResource(actor=admin_user), data=data, file_name="back.xlsx")
    assert outcome.applied, outcome.errors
    project = Project.objects.get()
    assert (project.funds, project.start, project.year) == (Decimal("1000000"), datetime.date(2026, 3, 1), 2026)

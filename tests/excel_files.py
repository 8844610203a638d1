"""Builders of Excel test files, shared by the bad-file and the fault tests."""

import io

import openpyxl

PEOPLE_HEADERS = ["姓名", "性别", "所在单位", "领域", "专业", "职称", "职称级别", "职务", "电话",
                  "身份证号", "可派出起", "可派出止", "派出方式"]


def person_row(i: int, org: str = "烟台山医院") -> list:
    return [f"导入人员{i}", "男", org, "医疗卫生", "骨科", "主治医师", None, None,
            "１３９１２３４５６７８", None, "2025年3月1日", "2026-02-28", "长期派驻"]


def workbook_bytes(rows, *, edit=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def people_file(count: int, *, bad_every: int = 0, org: str = "烟台山医院") -> tuple[bytes, set[int]]:
    """`count` people; every `bad_every`-th has an unreadable date. Returns the bytes and
    the spreadsheet rows that are bad."""
    rows, bad = [PEOPLE_HEADERS], set()
    for i in range(count):
        row = person_row(i, org)
        if bad_every and i % bad_every == bad_every - 1:
            row[10] = "明年春天"
            bad.add(i + 2)
        rows.append(row)
    return workbook_bytes(rows), bad

"""iCalendar (RFC 5545) and Excel import/export of postings."""

import datetime
import io

import openpyxl
import pytest

from xiezuo.core.excel import run_import
from xiezuo.exchange import ical
from xiezuo.exchange.models import Posting
from xiezuo.exchange.resources import PostingResource

D = datetime.date


def test_escape_and_fold():
    assert ical.escape_text("a,b;c\\d\nе") == "a\\,b\\;c\\\\d\\nе"
    line = "SUMMARY:" + "施宏志·巫山县中医院神经外科," * 6
    folded = ical.fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
    body = ical.calendar([ical.event_lines(
        uid="posting-1@x", start=D(2025, 3, 1), end=D(2025, 3, 31), summary="甲, 乙; 丙",
        stamp=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))], name="日历")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith(
        "END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert "DTSTART;VALUE=DATE:20250301\r\n" in body
    assert "DTEND;VALUE=DATE:20250401\r\n" in body  # exclusive end
    assert "SUMMARY:甲\\, 乙\\; 丙\r\n" in body


@pytest.mark.django_db
def test_calendar_view(world, admin_user, client_for, make_posting):
    make_posting(kind="short_visit", start=D(2025, 5, 10), end=D(2025, 5, 14), post="义诊, 讲座")
    response = client_for(admin_user).get("/exchange/calendar.ics?kind=short_visit")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20250510" in body and "DTEND;VALUE=DATE:20250515" in body
    assert "义诊\\, 讲座" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def workbook(rows, headers=None):
    headers = headers or ["Person name", "Person's organisation", "ID number",
                          "Host organisation", "direction", "kind", "batch", "post",
                          "Planned start", "Planned end"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


@pytest.mark.django_db
def test_excel_round_trip_and_bad_rows(world, admin_user, client_for, make_posting):
    make_posting(person="zhang", kind="cadre", batch="第八批")
    client = client_for(admin_user)
    exported = client.get("/exchange/postings/export.xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(2, 1).value == "张树栋"
    Posting.objects.all().delete()
    outcome = run_import(resource=PostingResource(actor=admin_user), data=exported)
    assert outcome.applied and outcome.created == 1, outcome.errors
    assert Posting.objects.get().batch == "第八批"
    assert len(headers) >= 10

    good = ["施宏志", "烟台山医院", "", "巫山县中医院", "east_west", "medical", "第八批",
            "科室主任", "2025/3/1", "2026年2月28日"]
    bad_person = ["无名氏", "", "", "巫山县中医院", "", "medical", "", "", "2025-03-01",
                  "2026-02-28"]
    bad_host = ["王医生", "烟台山医院", "", "火星医院", "", "medical", "", "", "2025-03-01",
                "2026-02-28"]
    overlap = ["施宏志", "烟台山医院", "", "开州区人民医院", "", "medical", "", "", "2025-06-01",
               "2025-12-31"]
    resource = PostingResource(actor=admin_user)
    outcome = run_import(resource=resource, data=workbook([good, bad_person, bad_host, overlap],
                                                           headers=None))
    assert not outcome.applied
    found = {(e.row, e.column) for e in outcome.errors}
    assert (3, resource.fields["person"].column_name) in found
    assert (4, resource.fields["host"].column_name) in found
    assert (5, resource.fields["planned_start"].column_name) in found
    assert Posting.objects.count() == 1  # nothing of the bad file was kept

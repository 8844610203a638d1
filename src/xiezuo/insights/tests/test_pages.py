"""Dashboard, drill-down, coverage and annual-report pages, downloads and the API."""

import io
import re
from decimal import Decimal

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from xiezuo.core.models import Job
from xiezuo.core.tests.workers import run_worker
from xiezuo.insights.tests import world as W
from xiezuo.reference.models import Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(refdata):
    return W.build()


def _text(response) -> str:
    return response.content.decode()


def test_dashboard_shows_the_figures_and_links_to_records(data, admin_user, client_for):
    client = client_for(admin_user)
    page = _text(client.get(f"/insights/?pairing={data['p0'].pk}&year=2025"))
    assert 'id="dashboard-data"' in page and "echarts.min.js" in page
    link = re.search(r'href="([^"]+)" data-measure="professionals_sent"', page).group(1)
    records = _text(client.get(link.replace("&amp;", "&")))
    assert re.search(r'id="figure-total">3<', records)
    assert "医生甲" in records and "医生丁" in records and "教师丙" in records


def test_drill_down_of_a_coverage_cell(data, admin_user, client_for):
    client = client_for(admin_user)
    page = _text(client.get(f"/insights/coverage/?pairing={data['p0'].pk}&year=2025"))
    assert "巫山县" in page and "gap" in page
    cell = _text(client.get(f"/insights/records/?pairing={data['p0'].pk}&year=2025"
                            "&county=500154&domain=education&stage="))
    assert re.search(r'id="figure-total">3<', cell) and "示范课" in cell and "开州教师班" in cell
    assert client.get(f"/insights/records/?pairing={data['p0'].pk}&year=2025&county=500154&domain=x"
                      ).status_code == 404


def test_annual_report_page_and_downloads_hold_the_same_numbers(data, admin_user, client_for):
    client = client_for(admin_user)
    query = f"pairing={data['p0'].pk}&year=2025"
    page = _text(client.get(f"/insights/report/?{query}"))
    assert "not met" in page or "未完成" in page
    docx = client.get(f"/insights/report.docx?{query}")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    document = Document(io.BytesIO(docx.content))
    summary = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    with translation.override("zh-hans"):  # the request's (default) language
        label = str(Measure.PROFESSIONALS_SENT.label)
    assert summary[label] == "3"
    assert "3,000,000" in summary.values()
    xlsx = load_workbook(io.BytesIO(client.get(f"/insights/report.xlsx?{query}").content))
    rows = list(xlsx.worksheets[0].iter_rows(min_row=3, values_only=True))
    assert sum(1 for r in rows if r[2] == 3.0) >= 1
    assert len(xlsx.worksheets) == 1 + len(W.EXPECTED_2025)


def test_api_gives_the_same_numbers(data, admin_user, client_for):
    client = client_for(admin_user)
    report = client.get(f"/api/insights/annual-report?pairing={data['p0'].pk}&year=2025").json()
    values = {f["measure"]: Decimal(str(f["value"])) for s in report["sections"] for f in s["figures"]}
    assert values == {k: Decimal(v) for k, v in W.EXPECTED_2025.items()}
    board = client.get(f"/api/insights/dashboard?pairing={data['p0'].pk}&year=2025").json()
    assert {f["measure"]: Decimal(str(f["value"])) for f in board["headline"]}["funds"] == 3_000_000
    assert board["coverage"]["gaps"] >= 1
    records = client.get(f"/api/insights/records?pairing={data['p0'].pk}&year=2025&measure=trainees").json()
    assert Decimal(str(records["total"])) == W.EXPECTED_2025["trainees"]


@pytest.mark.parametrize(("query", "status"), [
    ("year=2025", 400), ("pairing=1&year=1800", 422), ("year=2025&side=north&region=370000", 422),
    ("year=2025&side=east&region=999999", 400), ("pairing=99999&year=2025", 404),
])
def test_api_bad_input(data, admin_user, client_for, query, status):
    response = client_for(admin_user).get(f"/api/insights/annual-report?{query}")
    assert response.status_code == status, response.content
    assert "detail" in response.json()


def test_pages_refuse_bad_input_with_a_message(data, admin_user, client_for):
    client = client_for(admin_user)
    page = client.get("/insights/report/?pairing=x&year=2025")
    assert page.status_code == 200 and "Choose a pairing" in _text(page) or "请选择" in _text(page)
    assert client.get("/insights/?pairing=99999&year=2025").status_code == 404
    assert client.get(f"/insights/records/?pairing={data['p0'].pk}&year=2025&measure=nope").status_code == 404


def test_a_county_user_sees_only_their_pairing(data, make_user, client_for):
    client = client_for(make_user("ws", region="500237"))
    page = _text(client.get("/insights/?year=2025"))  # defaults to the widest pairing in scope
    assert "烟台市" in page and "巫山县" in page
    assert client.get(f"/insights/?pairing={data['p0'].pk}&year=2025").status_code == 404
    assert client.get(f"/insights/report.docx?pairing={data['p2'].pk}&year=2025").status_code == 404
    api = client.get(f"/api/insights/annual-report?pairing={data['p2'].pk}&year=2025")
    assert api.status_code == 404


def test_one_sides_whole_set_from_the_form(data, admin_user, client_for):
    client = client_for(admin_user)
    page = _text(client.get(f"/insights/report/?pairing={data['p1'].pk}&side=east&region=370000&year=2025"))
    # Issue 13: a large sum reads in 万元 on the page, the exact figure on hover; the Word
    # and Excel reports keep the exact figure.
    assert re.search(r'data-measure="funds">.*?<a [^>]*title="3,000,000 元">300</a></td>\s*<td>万元</td>',
                     page, re.S)
    docx = client.get("/insights/report.docx?side=east&region=370000&year=2025")
    assert docx.status_code == 200
    bad = _text(client.get("/insights/report/?pairing=&side=east&region=12&year=2025"))
    assert "没有名为“12”的地区" in bad
    # Issue 13: the region by name, as people say it; the box then shows the name.
    by_name = client.get("/insights/report/?side=east&region=山东省&year=2025").content.decode()
    assert re.search(r'<input[^>]*name="region"[^>]*value="山东省"', by_name)
    assert re.search(r'data-measure="funds">.*?title="3,000,000 元"', by_name, re.S)
    assert 'role="combobox"' in by_name and "region code" not in by_name


def test_a_large_report_is_made_by_a_background_job(data, admin_user, client_for, settings):
    settings.XIEZUO_BACKGROUND_ROWS = 5
    client = client_for(admin_user)
    response = client.get(f"/insights/report.docx?pairing={data['p0'].pk}&year=2025")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    run_worker()
    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == job.total
    download = client.get(f"/jobs/{job.pk}/download")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    summary = Document(io.BytesIO(download.content)).tables[0]
    assert "3,000,000" in [row.cells[1].text for row in summary.rows]


def test_dashboard_money_reads_in_wan_yuan_this_year_and_last(data, admin_user, client_for):
    """Issue 13: 300 万元 with the exact sum on hover, and the previous year alike (30 万元),
    never 3,000,000 元 or 300,000 on the page."""
    page = _text(client_for(admin_user).get(f"/insights/?pairing={data['p0'].pk}&year=2025"))
    funds = page.split('data-measure="funds"', 1)[1].split("</a>", 1)[0]
    assert 'title="3,000,000 元">300</span>' in funds and "万元" in funds
    assert 'title="300,000 元">上年 30 万元</span>' in funds
    assert "3,000,000</span>" not in funds

"""A real browser opens the dashboard, drills from a figure to its records and downloads
the annual report; the Word file holds the figures shown on screen."""

import pytest
from docx import Document
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_drill_down_and_annual_report(live_server, page, refdata, make_user, tmp_path):
    from xiezuo.insights.tests import world as W

    data = W.build()
    make_user("shandong", region="370000")
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if "Refused to" in msg.text else None)
    page.goto(f"{live_server.url}/accounts/login/?next=/insights/")
    page.fill("#id_username", "shandong")
    page.fill("#id_password", "pw-123456!")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url("**/insights/")

    # Choose the province pair and the year on the dashboard.
    page.select_option("select[name=pairing]", str(data["p0"].pk))
    page.select_option("select[name=year]", "2025")
    with page.expect_navigation():
        page.click(".insights-selector button[type=submit]")
    figure = page.locator('a.figure[data-measure="professionals_sent"] .figure-value')
    expect(figure).to_have_text("3")
    expect(page.locator("#trend-professionals_sent canvas")).to_have_count(1)  # ECharts drew the trends
    expect(page.locator(".multiples [data-trend] canvas")).to_have_count(8)
    expect(page.locator("#flow-east-west canvas")).to_have_count(1)

    # Drill down: the figure's records add up to it.
    with page.expect_navigation():
        page.click('a.figure[data-measure="professionals_sent"]')
    expect(page.locator("#figure-total")).to_have_text("3")
    records = page.locator("table.records")
    for name in ("医生甲", "教师丙", "医生丁"):
        expect(records).to_contain_text(name)

    # The annual report: read the figures on screen, download the Word file, compare.
    page.goto(f"{live_server.url}/insights/report/?pairing={data['p0'].pk}&year=2025")
    shown = {}
    for measure in ("professionals_sent", "trainees", "training_person_times", "funds", "jobs"):
        link = page.locator(f'tr[data-measure="{measure}"] td.num a')
        # The exact figure is on hover (a large sum reads in 万元 on the page, issue 13).
        shown[measure] = (link.get_attribute("title") or "").rsplit(" ", 1)[0]
    assert shown["trainees"] == "16" and shown["training_person_times"] == "328"
    funds = page.locator('tr[data-measure="funds"]')
    assert funds.locator("td.num a").inner_text().strip() == "300"
    assert "万元" in funds.inner_text()
    with page.expect_download() as download_info:
        page.click("#download-docx")
    path = tmp_path / "report.docx"
    download_info.value.save_as(path)
    document = Document(str(path))
    summary = document.tables[0]
    labels = {}
    for row in page.locator("table.report tbody tr").all():
        labels[row.get_attribute("data-measure")] = row.locator("td").first.inner_text().strip()
    in_word = {row.cells[0].text: row.cells[1].text for row in summary.rows[1:]}
    for measure, value in shown.items():
        assert in_word[labels[measure]] == value, measure
    assert errors == []


BULLETIN = """烟台市与巫山县深化东西部协作 人才交流再上台阶

本报讯 2025年5月8日，烟台市与重庆市巫山县召开东西部协作联席会议。烟台市先后选派挂职干部4人、专业技术人才9人到巫山县开展帮扶。
"""


def test_an_accepted_report_figure_counts_and_names_its_report(live_server, page, refdata, make_user, settings,
                                                               tmp_path, shoot):
    """巫山's coordinator accepts a bulletin's 挂职干部4人: the dashboard's cadres figure goes
    from 0 to 4 and its drill-down names the bulletin, linked."""
    from xiezuo.insights.tests import world as W
    from xiezuo.reports.services import accept_fact, upload_reports

    settings.MEDIA_ROOT = tmp_path / "media"
    data = W.build()
    wushan = make_user("wushan", region="500237")
    (outcome,) = upload_reports(actor=wushan, files=[("简报.txt", BULLETIN.encode())], background=False)
    document = outcome.document
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "wushan")
    page.fill("#id_password", "pw-123456!")
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    url = f"{live_server.url}/insights/?pairing={data['p1'].pk}&year=2025"
    page.goto(url)
    cadres = page.locator('a.figure[data-measure="cadres_sent"] .figure-value')
    expect(cadres).to_have_text("0")

    accept_fact(actor=wushan, fact=document.facts.get(kind="quantity", data__indicator="cadres_sent"))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url)
    expect(cadres).to_have_text("4")
    shoot(page, "dashboard-report-figure-1366", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "dashboard-report-figure-390", full_page=False)
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_navigation():
        page.click('a.figure[data-measure="cadres_sent"]')
    expect(page.locator("#figure-total")).to_have_text("4")
    link = page.locator(f'table.records a[href="/reports/{document.pk}/"]')
    expect(link).to_have_text(str(document))
    shoot(page, "dashboard-report-drilldown-1366", full_page=False)

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
    expect(page.locator("#trend-chart canvas")).to_have_count(1)  # ECharts drew the trend
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

"""The map and the dashboard's charts in a real browser, at 1366 and 390 px: the map draws
China with the pairings as lines and people by region as circles; clicking a county's
circle or a pairing's line opens its records, which add up to the figure shown."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-123456!")
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/")


def _click_on_map(page, series: int, index: int) -> None:
    """Click the map where ECharts drew item `index` of `series` (a circle, or a line's middle)."""
    box = page.locator("#map-chart").bounding_box()
    x, y = page.evaluate(
        """([series, index]) => {
          const chart = echarts.getInstanceByDom(document.getElementById('map-chart'));
          const option = chart.getOption().series[series].data[index];
          if (option.coords) {
            const a = chart.convertToPixel('geo', option.coords[0]), b = chart.convertToPixel('geo', option.coords[1]);
            // The middle of the curved line (curveness 0.2): the quadratic curve's midpoint.
            const mx = (a[0] + b[0]) / 2, my = (a[1] + b[1]) / 2;
            const cx = mx + (b[1] - a[1]) * 0.2, cy = my - (b[0] - a[0]) * 0.2;
            return [0.25 * a[0] + 0.5 * cx + 0.25 * b[0], 0.25 * a[1] + 0.5 * cy + 0.25 * b[1]];
          }
          return chart.convertToPixel('geo', option.value);
        }""", [series, index])
    page.mouse.click(box["x"] + x, box["y"] + y)


def _wait_for_map(page):
    expect(page.locator("#map-chart canvas").first).to_be_visible()
    page.wait_for_function("""() => { const el = document.getElementById('map-chart');
      const c = el && window.echarts && echarts.getInstanceByDom(el); return c && c.getOption().series.length === 2; }""")
    page.wait_for_timeout(700)  # the first frame is drawn


def test_the_map_draws_and_leads_to_the_records(live_server, page, refdata, make_user, shoot):
    from xiezuo.insights.tests import world as W

    data = W.build()
    make_user("shandong", region="370000")
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if "Refused to" in msg.text else None)
    _login(page, live_server, "shandong")
    url = f"{live_server.url}/insights/map/?pairing={data['p0'].pk}&year=2025"

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url)
    _wait_for_map(page)
    lines = page.locator("table.map-lines tbody tr")
    expect(lines).to_have_count(2)
    expect(page.locator('table.map-lines tr[data-west="500237"]')).to_contain_text("烟台市")
    expect(page.locator('table.map-points tr[data-code="500237"] td.num')).to_have_text("2")
    expect(page.locator('table.map-points tr[data-code="370600"] td.num')).to_have_text("3")
    assert "巫山县" in page.locator("#map-chart").get_attribute("aria-label")
    shoot(page, "map-shandong-chongqing-1366")

    # Click 巫山县's circle: its records, two people (医生甲 went, 医生戊 came to learn).
    points = page.evaluate("() => echarts.getInstanceByDom(document.getElementById('map-chart'))"
                           ".getOption().series[1].data.map(d => d.name)")
    with page.expect_navigation():
        _click_on_map(page, 1, points.index("巫山县"))
    expect(page.locator("h1")).to_have_text("人才交流：巫山县")
    expect(page.locator("#figure-total")).to_have_text("2")
    expect(page.locator("table.records")).to_contain_text("医生戊")

    # Click the pairing line 潍坊市 → 开州区: one person (教师丙).
    page.goto(url)
    _wait_for_map(page)
    names = page.evaluate("() => echarts.getInstanceByDom(document.getElementById('map-chart'))"
                          ".getOption().series[0].data.map(d => d.name)")
    with page.expect_navigation():
        _click_on_map(page, 0, names.index("潍坊市 → 开州区"))
    expect(page.locator("h1")).to_contain_text("潍坊市")
    expect(page.locator("#figure-total")).to_have_text("1")
    expect(page.locator("table.records")).to_contain_text("教师丙")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    _wait_for_map(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    shoot(page, "map-shandong-chongqing-390")
    page.evaluate("() => document.getElementById('map-heading').scrollIntoView()")
    shoot(page, "map-shandong-chongqing-390-screen", full_page=False)
    assert errors == []


def test_dashboard_charts_at_both_widths(live_server, page, refdata, make_user, shoot):
    from xiezuo.insights.tests import world as W

    data = W.build()
    make_user("shandong", region="370000")
    _login(page, live_server, "shandong")
    url = f"{live_server.url}/insights/?pairing={data['p0'].pk}&year=2025"
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        expect(page.locator(".multiples [data-trend] canvas")).to_have_count(8)
        expect(page.locator("#flow-east-west canvas")).to_have_count(1)
        page.wait_for_timeout(700)
        flows = page.locator("#flow-table-east_west tbody tr")
        expect(flows).to_have_count(3)
        expect(page.locator("#flow-table-east_west")).not_to_contain_text("潍城区")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        shoot(page, f"dashboard-charts-{width}")
        if width < 700:  # what a phone shows of the trends and the flows, screen by screen
            page.locator("#trends-heading").scroll_into_view_if_needed()
            page.evaluate("() => document.getElementById('trends-heading').scrollIntoView()")
            shoot(page, "dashboard-trends-390", full_page=False)
            page.evaluate("() => document.getElementById('flows-heading').scrollIntoView()")
            shoot(page, "dashboard-flows-390", full_page=False)
    # The table beside a chart downloads as CSV (UTF-8 with a BOM, for Excel).
    with page.expect_download() as download_info:
        page.click('a.download-csv[data-table="flow-table-east_west"]')
    text = open(download_info.value.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0] == '"派出地","接收地","人数"' and '"潍坊市","开州区","1"' in text
    # By province: 山东省 sends to both counties.
    with page.expect_navigation():
        page.click(".level-switch a >> text=按省份")
    expect(page.locator("#flow-table-east_west tbody tr").first).to_contain_text("山东省")
    # A flow's number leads to its records.
    with page.expect_navigation():
        page.locator("#flow-table-east_west tbody tr").first.locator("a").click()
    expect(page.locator("#figure-total")).to_have_text("2")

"""The flows and the map: people aggregated to the sending city (or province) and the
receiving county, figures per region and per pairing, each adding up to its records."""

import re

import pytest
from django.utils.http import urlencode

from xiezuo.insights import charts, selectors
from xiezuo.insights.geography import Places, geography, point_of, region_points
from xiezuo.insights.selection import build_selection
from xiezuo.insights.tests import world as W

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(refdata):
    return W.build()


def _selection(user, data, year=2025):
    return build_selection(user=user, year=year, pairing=data["p0"].pk)


def _links(found):
    return {(link["source"], link["target"]): link["value"] for link in found}


def test_a_district_is_lifted_to_its_city_and_a_municipal_district_to_its_municipality(refdata):
    places = Places(["370702", "110105", "500237"])
    assert places.lift("370702", "city").name == "潍坊市"
    assert places.lift("370702", "province").name == "山东省"
    assert places.lift("110105", "city").name == "北京市"  # 朝阳区 sits directly under 北京
    assert places.lift("500237", "city").name == "重庆市"
    assert places.get("500237").name == "巫山县"
    assert places.lift("999999", "city") is None


def test_flows_name_the_sending_city_and_the_receiving_county(data, admin_user):
    board = selectors.dashboard(_selection(admin_user, data))
    east_west = _links(board.flows["east_west"])
    # 甲 (烟台山医院, 芝罘区) → 巫山; 丁 (烟台) and 丙 (潍坊一中, 潍城区) → 开州; never a district.
    assert east_west == {("烟台市", "巫山县"): 1, ("烟台市", "开州区"): 1, ("潍坊市", "开州区"): 1}
    assert _links(board.flows["west_east"]) == {("巫山县", "烟台市"): 1}
    names = {n for link in board.flows["east_west"] for n in (link["source"], link["target"])}
    assert not names & {"芝罘区", "潍城区"}


def test_flows_by_province(data, admin_user):
    board = selectors.dashboard(_selection(admin_user, data), "province")
    assert _links(board.flows["east_west"]) == {("山东省", "开州区"): 2, ("山东省", "巫山县"): 1}
    assert _links(board.flows["west_east"]) == {("巫山县", "山东省"): 1}


def test_map_figures_per_pairing_and_per_region(data, admin_user):
    geo = geography(_selection(admin_user, data))
    lines = {(line.east.name, line.west.name): line.value for line in geo.lines}
    # 烟台↔巫山: 甲 sent, 戊 came to learn; 潍坊↔开州: 丙 (丁 went from 烟台 to 开州: no such pairing).
    assert lines == {("烟台市", "巫山县"): 2, ("潍坊市", "开州区"): 1}
    points = {(p.place.name, p.side): p.value for p in geo.points}
    assert points == {("巫山县", "west"): 2, ("开州区", "west"): 2, ("烟台市", "east"): 3, ("潍坊市", "east"): 1}
    by_province = {(p.place.name, p.side): p.value for p in geography(_selection(admin_user, data), "province").points}
    assert by_province[("山东省", "east")] == 4


def test_every_map_and_flow_figure_adds_up_to_its_records(data, admin_user, client_for):
    client = client_for(admin_user)
    sel = _selection(admin_user, data)
    geo = geography(sel)
    figures = [(line.url, line.value) for line in geo.lines] + [(p.url, p.value) for p in geo.points]
    figures += [(link["url"], link["value"]) for found in selectors.dashboard(sel).flows.values() for link in found]
    assert len(figures) == 2 + 4 + 4
    for url, value in figures:
        page = client.get(url).content.decode()
        assert re.search(rf'id="figure-total">{value}<', page), url
    wushan = next(p for p in geo.points if p.place.code == "500237")
    page = client.get(wushan.url).content.decode()
    assert "<h1>人才交流：巫山县</h1>" in page
    assert "医生甲" in page and "医生戊" in page and "医生丁" not in page


def test_records_filters_refuse_unknown_regions_and_directions(data, admin_user, client_for):
    client = client_for(admin_user)
    base = {"pairing": data["p0"].pk, "year": 2025, "measure": "exchanged"}
    assert client.get("/insights/records/?" + urlencode({**base, "place": "999999"})).status_code == 404
    assert client.get("/insights/records/?" + urlencode(
        {**base, "east": "370600", "west": "500237", "direction": "sideways"})).status_code == 404


def test_a_county_coordinator_sees_only_its_own_county(data, make_user):
    wushan = make_user("wushan", region="500237")
    geo = geography(build_selection(user=wushan, year=2025, pairing=data["p1"].pk))
    assert {p.place.name for p in geo.points} == {"巫山县", "烟台市"}
    assert [(line.east.name, line.west.name, line.value) for line in geo.lines] == [("烟台市", "巫山县", 2)]


def test_points_come_from_the_installed_geojson(refdata):
    if not region_points():
        pytest.skip("front-end assets not installed (scripts/vendor_assets.py)")
    lon, lat = point_of("500237")  # 巫山县
    assert 109 < lon < 111 and 30 < lat < 32
    assert point_of("370702") != point_of("370600")  # 潍城区 has its own point; 潍坊市 the mean
    assert point_of("500299") == point_of("500000")  # unknown county of 重庆: the municipality's


def test_trend_charts_show_money_in_ten_thousand_yuan(data, admin_user):
    board = selectors.dashboard(_selection(admin_user, data))
    rows = {row.measure: row for row in charts.trend_rows(board)}
    assert rows["funds"].cells[-1].shown == "300"  # 3,000,000 元
    assert rows["jobs"].cells[-1].shown == "60"
    chart = charts.dashboard_data(board, list(rows.values()))
    funds = next(t for t in chart["trends"] if t["measure"] == "funds")
    assert funds["data"][-1] == 300.0 and funds["unit"] in ("万元", "10,000 yuan")

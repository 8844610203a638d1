"""Tests for xiezuo.vocab.regions."""

from __future__ import annotations

import time

import pytest

from xiezuo.vocab import regions
from xiezuo.vocab.regions import (
    Region,
    all_regions,
    ancestors,
    children,
    full_name,
    gazetteer,
    get,
    is_within,
    resolve,
)


def get_region(code: str) -> Region:
    found = get(code)
    assert found is not None, code
    return found


QIANNAN_COUNTIES = {
    "都匀市",
    "福泉市",
    "荔波县",
    "贵定县",
    "瓮安县",
    "独山县",
    "平塘县",
    "罗甸县",
    "长顺县",
    "龙里县",
    "惠水县",
    "三都水族自治县",
}


def codes(found: list[regions.Region]) -> list[str]:
    return [r.code for r in found]


@pytest.mark.parametrize(
    ("code", "name", "level", "parent", "role"),
    [
        ("370600", "烟台市", "city", "370000", "east"),
        ("370700", "潍坊市", "city", "370000", "east"),
        ("500237", "巫山县", "county", "500000", "west"),
        ("500154", "开州区", "county", "500000", "west"),
        ("500240", "石柱土家族自治县", "county", "500000", "west"),
        ("320116", "六合区", "county", "320100", "east"),
        ("630123", "湟源县", "county", "630100", "west"),
        ("330108", "滨江区", "county", "330100", "east"),
        ("510812", "朝天区", "county", "510800", "west"),
        ("522700", "黔南布依族苗族自治州", "city", "520000", "west"),
        ("500000", "重庆市", "province", None, "west"),
        ("370000", "山东省", "province", None, "east"),
        ("440100", "广州市", "city", "440000", "east"),
        ("410000", "河南省", "province", None, "none"),
    ],
)
def test_known_regions(code: str, name: str, level: str, parent: str | None, role: str) -> None:
    region = get(code)
    assert region is not None
    assert (region.name, region.level, region.parent_code, region.role) == (
        name,
        level,
        parent,
        role,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开州", ["500154"]),
        ("开州区", ["500154"]),
        ("石柱县", ["500240"]),
        ("石柱", ["500240"]),
        ("石柱土家族自治县", ["500240"]),
        ("黔南州", ["522700"]),
        ("黔南", ["522700"]),
        ("巫山", ["500237"]),
        ("巫山县", ["500237"]),
        ("烟台", ["370600"]),
        ("潍坊市", ["370700"]),
        ("六合区", ["320116"]),
        ("湟源", ["630123"]),
        ("滨江区", ["330108"]),
        ("朝天区", ["510812"]),
        ("朝天", ["510812"]),
        ("重庆", ["500000"]),
        ("广西", ["450000"]),
        ("宁夏", ["640000"]),
        ("新疆", ["650000"]),
        ("内蒙古", ["150000"]),
        ("西藏", ["540000"]),
        ("三都县", ["522732"]),
        ("伊犁州", ["654000"]),
        ("喀左", ["211324"]),
        (" 巫 山 ", ["500237"]),
        ("不存在的地方", []),
    ],
)
def test_resolve(text: str, expected: list[str]) -> None:
    assert codes(resolve(text)) == expected


def test_resolve_ambiguous_prefers_roles_then_level() -> None:
    found = codes(resolve("鼓楼区"))
    assert set(found) == {"320106", "320302", "350102", "410204"}
    assert found[-1] == "410204"  # Kaifeng (role none) last
    chaoyang = codes(resolve("朝阳"))
    assert chaoyang[0] == "110105"  # Beijing's 朝阳区 (east) first
    assert chaoyang.index("211300") < chaoyang.index("211321")  # city before county


def test_resolve_province_short_form_beats_districts() -> None:
    assert codes(resolve("河北"))[0] == "130000"
    assert codes(resolve("海南"))[0] == "460000"
    assert codes(resolve("河南")) == ["410000", "632324"]


def test_resolve_within() -> None:
    assert codes(resolve("鼓楼区", within="320000")) == ["320106", "320302"]
    assert codes(resolve("鼓楼区", within="35")) == ["350102"]
    assert codes(resolve("朝阳区", within="110000")) == ["110105"]
    assert codes(resolve("朝天区", within="510000")) == ["510812"]
    assert resolve("朝天区", within="370000") == []


def test_qiannan_children() -> None:
    kids = children("522700")
    assert {r.name for r in kids} == QIANNAN_COUNTIES
    assert all(r.level == "county" and r.role == "west" for r in kids)
    assert children("5227") == kids


def test_municipality_counties_hang_off_the_province() -> None:
    kids = children("500000")
    assert len(kids) > 30
    assert {r.level for r in kids} == {"county"}
    assert children("500237") == []


def test_get_accepts_short_codes() -> None:
    assert get("50") == get("500000")
    assert get("3706") == get("370600")
    assert get("999999") is None
    assert get("") is None


def test_full_name() -> None:
    assert full_name("500237") == "重庆市巫山县"
    assert full_name("522701") == "贵州省黔南布依族苗族自治州都匀市"
    assert full_name("370600") == "山东省烟台市"
    assert full_name("320116") == "江苏省南京市六合区"
    assert full_name("330108") == "浙江省杭州市滨江区"
    assert full_name("510812") == "四川省广元市朝天区"
    assert full_name("50") == "重庆市"
    assert full_name("000000") == ""


def test_ancestors_and_is_within() -> None:
    assert codes(ancestors("522701")) == ["520000", "522700"]
    assert codes(ancestors("500237")) == ["500000"]
    assert ancestors("500000") == []
    assert is_within("522701", "522700")
    assert is_within("522701", "52")
    assert is_within("500237", "500237")
    assert not is_within("500237", "370000")
    assert not is_within("370000", "370600")


def test_all_regions_order_and_shape() -> None:
    found = all_regions()
    levels = [r.level for r in found]
    assert levels == sorted(levels, key=("province", "city", "county").index)
    for level in ("province", "city", "county"):
        level_codes = [r.code for r in found if r.level == level]
        assert level_codes == sorted(level_codes)
    assert sum(1 for r in found if r.level == "province") == 34
    assert all(len(r.code) == 6 and r.code.isdigit() for r in found)
    assert len({r.code for r in found}) == len(found)
    by_code = {r.code for r in found}
    assert all(r.parent_code in by_code for r in found if r.parent_code)


def test_roles_cover_whole_provinces_and_the_cities_that_take_part() -> None:
    cities = {**regions.EAST_CITIES, **regions.WEST_CITIES}
    for region in all_regions():
        if region.code[:4] in cities and region.level != "province":
            assert region.role == get_region(region.code[:4] + "00").role
        else:
            assert region.role == get_region(region.code[:2]).role
    assert get_region("210200").role == get_region("210213").role == "east"  # 大连 and its districts
    assert get_region("210000").role == "none"  # not the rest of 辽宁
    assert get_region("433100").role == get_region("422800").role == "west"  # 湘西, 恩施


def test_short_forms_rules() -> None:
    for region in all_regions():
        assert all(len(f) >= 2 and f != region.name for f in region.short_names), region
    assert get_region("522700").short_names[:2] == ("黔南州", "黔南自治州")
    assert "鄂温克旗" in get_region("150724").short_names
    assert "积石山县" in get_region("622927").short_names
    assert "龙胜县" in get_region("450328").short_names
    assert get_region("150000").short_names == ("内蒙古",)
    assert get_region("500233").short_names == ()  # 忠县 -> no one-character form


def test_gazetteer() -> None:
    gaz = gazetteer()
    assert all(len(key) >= 2 for key in gaz)
    assert gaz["开州"] == ["500154"]
    assert gaz["黔南布依族苗族自治州"] == ["522700"]
    assert gaz["石柱"] == ["500240"]
    assert "城区" not in gaz and "和平" not in gaz and "东方" not in gaz
    assert resolve("和平")  # still resolvable
    stop = regions._stopwords()
    assert {"城区", "郊区", "矿区"} <= stop
    for region in all_regions():
        if region.name not in stop:
            assert region.code in gaz[region.name]


def test_build_is_fast() -> None:
    regions._load.cache_clear()
    start = time.perf_counter()
    regions._load()
    assert time.perf_counter() - start < 0.5

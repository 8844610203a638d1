"""Tests for xiezuo.vocab.departments."""

from __future__ import annotations

import pytest

from xiezuo.vocab.departments import (
    all_departments,
    ancestors_of,
    get_department,
    label,
    related,
    resolve_department,
)


def test_list_shape() -> None:
    depts = all_departments()
    codes = [d.code for d in depts]
    assert len(codes) == len(set(codes))
    by_code = set(codes)
    assert all(d.parent_code in by_code for d in depts if d.parent_code)
    assert all(d.code.startswith(d.parent_code + ".") for d in depts if d.parent_code)
    for code, name in [
        ("01", "预防保健科"),
        ("02", "全科医疗科"),
        ("03", "内科"),
        ("03.01", "呼吸内科专业"),
        ("03.11", "其他"),
        ("04", "外科"),
        ("04.01", "普通外科专业"),
        ("04.02", "神经外科专业"),
        ("04.03", "骨科专业"),
        ("05", "妇产科"),
        ("07", "儿科"),
        ("10", "眼科"),
        ("11", "耳鼻咽喉科"),
        ("12", "口腔科"),
        ("13", "皮肤科"),
        ("15", "精神科"),
        ("16", "传染科"),
        ("20", "急诊医学科"),
        ("26", "麻醉科"),
        ("30", "医学检验科"),
        ("32", "医学影像科"),
        ("50", "中医科"),
        ("51", "民族医学科"),
        ("52", "中西医结合科"),
    ]:
        dept = get_department(code)
        assert dept is not None and dept.name == name
    neurosurgery = get_department("04.02")
    assert neurosurgery is not None and len(neurosurgery.aliases) >= 1
    assert get_department("99") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("神经外科专业", "04.02"),
        ("神经外科", "04.02"),
        ("脑外科", "04.02"),
        ("耳鼻喉科", "11"),
        ("耳鼻咽喉科", "11"),
        ("耳鼻咽喉", "11"),
        ("骨外科", "04.03"),
        ("骨科", "04.03"),
        ("心内科", "03.04"),
        ("心血管内科", "03.04"),
        ("消化科", "03.02"),
        ("急诊科", "20"),
        ("急诊医学科", "20"),
        ("放射科", "32"),
        ("检验科", "30"),
        ("小儿推拿", "50.14"),
        ("妇科", "05.01"),
        ("产科", "05.02"),
        ("妇产科", "05"),
        ("内科", "03"),
        ("外科", "04"),
        ("中医内科", "50.01"),
        ("中医", "50"),
        ("针灸", "50.13"),
        ("ICU", "28"),
        ("icu", "28"),
        ("神经外科门诊", "04.02"),
        (" 眼 科 ", "10"),
        ("中西医结合科", "52"),
        ("藏医", "51.02"),
    ],
)
def test_resolve_department(text: str, code: str) -> None:
    dept = resolve_department(text)
    assert dept is not None and dept.code == code


@pytest.mark.parametrize("text", ["", None, "其他", "不存在科", "语文"])
def test_resolve_department_unknown(text: str | None) -> None:
    assert resolve_department(text) is None


def test_related() -> None:
    assert related("04.02", "04.03")  # siblings under 外科
    assert related("04", "04.02")  # parent and child
    assert related("04.02", "04")
    assert related("04.01.01", "04")  # grandchild
    assert related("04.02", "04.02")
    assert not related("03", "04")  # top-level subjects are not related to each other
    assert not related("03.01", "04.01")
    assert not related("04.02", "99")


def test_labels_and_ancestors() -> None:
    assert label("50.01") == "中医科·内科专业"
    assert label("04.09") == "外科·其他"
    assert label("04.02") == "神经外科专业"
    assert ancestors_of("04.01.01") == ["04.01", "04"]

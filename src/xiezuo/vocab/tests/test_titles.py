"""Tests for xiezuo.vocab.titles."""

from __future__ import annotations

import pytest

from xiezuo.vocab.titles import (
    TITLE_LEVELS,
    concrete_titles,
    level_code,
    level_label,
    title_level,
)

SERIES: dict[str, list[str | None]] = {
    "doctors": ["医士", "医师", "主治医师", "副主任医师", "主任医师"],
    "nurses": ["护士", "护师", "主管护师", "副主任护师", "主任护师"],
    "pharmacists": ["药士", "药师", "主管药师", "副主任药师", "主任药师"],
    "technicians": ["技士", "技师", "主管技师", "副主任技师", "主任技师"],
    "teachers": ["三级教师", "二级教师", "一级教师", "高级教师", "正高级教师"],
    "old_secondary": ["中学三级教师", "中学二级教师", "中学一级教师", "中学高级教师", None],
    "engineers": ["技术员", "助理工程师", "工程师", "高级工程师", "正高级工程师"],
    "agronomists": ["农业技术员", "助理农艺师", "农艺师", "高级农艺师", "农业技术推广研究员"],
    "animal": ["畜牧技术员", "助理畜牧师", "畜牧师", "高级畜牧师", "正高级畜牧师"],
    "vets": ["兽医技术员", "助理兽医师", "兽医师", "高级兽医师", "正高级兽医师"],
    "accountants": ["会计员", "助理会计师", "会计师", "高级会计师", "正高级会计师"],
    "economists": ["经济员", "助理经济师", "经济师", "高级经济师", "正高级经济师"],
}


@pytest.mark.parametrize("series", sorted(SERIES))
def test_series_levels(series: str) -> None:
    for level, title in enumerate(SERIES[series], start=1):
        if title is not None:
            assert title_level(title) == level, title


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("教授", 5),
        ("副教授", 4),
        ("讲师", 3),
        ("助教", 2),
        ("研究员", 5),
        ("副研究员", 4),
        ("助理研究员", 3),
        ("研究实习员", 2),
        ("小学高级教师", 3),
        ("主任中医师", 5),
        ("主治中医师", 3),
    ],
)
def test_other_titles(title: str, level: int) -> None:
    assert title_level(title) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("正高", 5),
        ("正高级", 5),
        ("副高", 4),
        ("副高级职称", 4),
        ("副高及以上", 4),
        ("高级职称", 4),
        ("中级", 3),
        ("中级职称", 3),
        ("初级", 2),
        ("助理级", 2),
        ("员级", 1),
        ("外科副主任医师", 4),
        ("高级工程师（电气）", 4),
        (" 主任医师 ", 5),
    ],
)
def test_level_words_and_noise(text: str, level: int) -> None:
    assert title_level(text) == level


@pytest.mark.parametrize("text", ["", None, "院长", "处长"])
def test_unknown(text: str | None) -> None:
    assert title_level(text) is None


def test_tables() -> None:
    assert [t[0] for t in TITLE_LEVELS] == [5, 4, 3, 2, 1]
    assert [t[1] for t in TITLE_LEVELS] == [
        "senior_full",
        "senior_associate",
        "intermediate",
        "assistant",
        "junior",
    ]
    assert level_label(5) == "正高级" and level_label(1) == "员级"
    assert level_code(3) == "intermediate"
    with pytest.raises(ValueError):
        level_label(6)
    titles = concrete_titles()
    assert titles["主任医师"] == 5 and len(titles) > 80
    assert set(titles.values()) == {1, 2, 3, 4, 5}

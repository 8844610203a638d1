"""Tests for xiezuo.vocab.stages."""

from __future__ import annotations

import pytest

from xiezuo.vocab.stages import all_stages, get_stage, resolve_stage


def test_stages() -> None:
    assert [(s.code, s.zh) for s in all_stages()] == [
        ("kindergarten", "幼儿园"),
        ("primary", "小学"),
        ("junior", "初中"),
        ("senior", "高中"),
        ("secondary_vocational", "中职"),
        ("higher_vocational", "高职"),
        ("undergraduate", "本科"),
    ]
    senior = get_stage("senior")
    assert senior is not None and senior.en == "senior secondary"
    assert get_stage("nope") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("幼儿园", "kindergarten"),
        ("学前", "kindergarten"),
        ("小学", "primary"),
        ("初中", "junior"),
        ("高中", "senior"),
        ("中职", "secondary_vocational"),
        ("中专", "secondary_vocational"),
        ("职高", "secondary_vocational"),
        ("高职", "higher_vocational"),
        ("本科", "undergraduate"),
        ("senior", "senior"),
        ("巫山县高级中学", "senior"),
        ("开州区中等职业技术学校", "secondary_vocational"),
        ("烟台职业技术学院", "higher_vocational"),
        ("南京师范大学附属小学", "primary"),
        ("石柱县实验幼儿园", "kindergarten"),
        ("重庆三峡学院", "undergraduate"),
    ],
)
def test_resolve_stage(text: str, code: str) -> None:
    stage = resolve_stage(text)
    assert stage is not None and stage.code == code


@pytest.mark.parametrize("text", ["", None, "中学", "巫山中学", "重庆大学附属中学", "医院"])
def test_resolve_stage_unknown(text: str | None) -> None:
    assert resolve_stage(text) is None

"""Tests for xiezuo.vocab.specialties."""

from __future__ import annotations

from collections import Counter

import pytest

from xiezuo.vocab.specialties import (
    DOMAINS,
    all_specialties,
    get_specialty,
    related_specialties,
    resolve_specialty,
)


def test_domains() -> None:
    assert [d[0] for d in DOMAINS] == [
        "medical",
        "education",
        "agriculture",
        "science_tech",
        "culture_tourism",
        "labour",
        "management",
        "other",
    ]
    assert DOMAINS[0][1] == "医疗卫生"


def test_vocabulary_shape() -> None:
    specs = all_specialties()
    assert len({s.code for s in specs}) == len(specs)
    by_code = {s.code: s for s in specs}
    for spec in specs:
        assert spec.code.split(":")[0] in {"med", "edu", "agr", "sci", "ct", "lab", "mgt", "oth"}
        if spec.parent_code:
            assert by_code[spec.parent_code].domain == spec.domain
    counts = Counter(s.domain for s in specs)
    for domain in ("science_tech", "culture_tourism", "labour", "management"):
        assert counts[domain] >= 12
    assert all(s.domain == "education" for s in all_specialties("education"))


def test_names_unique_within_domain() -> None:
    for domain, *_ in DOMAINS:
        if domain == "medical":
            continue
        forms = Counter(form for s in all_specialties(domain) for form in (s.name, *s.aliases))
        assert [f for f, n in forms.items() if n > 1] == [], domain


@pytest.mark.parametrize(
    ("text", "domain", "code"),
    [
        ("神经外科", None, "med:04.02"),
        ("脑外科", "medical", "med:04.02"),
        ("语文", None, "edu:chinese"),
        ("数学", "education", "edu:math"),
        ("道德与法治", None, "edu:politics"),
        ("政治", None, "edu:politics"),
        ("信息技术", None, "edu:it"),
        ("信息技术", "science_tech", "sci:information"),
        ("心理健康", None, "edu:mental_health"),
        ("学前教育", None, "edu:preschool"),
        ("特殊教育", None, "edu:special"),
        ("学校管理", None, "edu:school_management"),
        ("食用菌", None, "agr:edible_fungi"),
        ("茶叶", None, "agr:tea"),
        ("中药材", None, "agr:herbs"),
        ("兽医", None, "agr:veterinary"),
        ("电商", None, "agr:ecommerce"),
        ("农机", None, "agr:machinery"),
        ("非遗", None, "ct:intangible"),
        ("厨师", None, "lab:cooking"),
        ("党建", None, "mgt:party_building"),
        ("其他", None, "oth:general"),
    ],
)
def test_resolve_specialty(text: str, domain: str | None, code: str) -> None:
    spec = resolve_specialty(text, domain)
    assert spec is not None and spec.code == code


def test_resolve_specialty_unknown() -> None:
    assert resolve_specialty("语文", "medical") is None
    assert resolve_specialty("") is None
    assert resolve_specialty("量子引力") is None


def test_medical_specialties_mirror_departments() -> None:
    spec = get_specialty("med:04.02")
    assert spec is not None
    assert (spec.domain, spec.name, spec.parent_code) == ("medical", "神经外科专业", "med:04")
    assert "脑外科" in spec.aliases


def test_related_specialties() -> None:
    assert "edu:physics" in related_specialties("edu:math")
    assert "edu:sciences" in related_specialties("edu:math")
    assert "edu:chinese" not in related_specialties("edu:math")
    assert "med:04.03" in related_specialties("med:04.02")
    assert "med:03.01" not in related_specialties("med:04.02")
    assert set(related_specialties("agr:crops")) >= {"agr:tea", "agr:edible_fungi"}
    assert related_specialties("nope") == []

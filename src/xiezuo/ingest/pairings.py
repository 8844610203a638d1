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
    r"东西部|协作|对口|结对|帮扶|支援|支医|支教|支农|挂职|援建|援助|派驻|选派|组团|援[疆藏青甘川滇黔桂渝宁蒙陕鄂]|援建"
)
GENERIC = re.compile(r"合作|携手|两地|之间|交流|对接|共建|牵手")
VISIT = re.compile(r"(?:到|赴|来到|深入|前往|走进|考察|调研|参观|看望|实地)$")


@dataclass(frozen=True)
class Pairing:
    east_code: str
    west_code: str
    evidence: str
    from_abbreviation: bool = False


def _sides(hits: list[PlaceHit]) -> tuple[list[PlaceHit], list[PlaceHit]]:
    east = [h for h in hits if role(h.code) == "east"]
    west = [h for h in hits if role(h.code) == "west"]
    keep_e = set(most_specific([h.code for h in east]))
    keep_w = set(most_specific([h.code for h in west]))
    return [h for h in east if h.code in keep_e], [h for h in west if h.code in keep_w]


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
    hits = find_places(sentence, context, abbreviations=False)
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
                out.append(Pairing(east_code, west_code, sentence))
        return out
    # several on both sides: pair each western place with the nearest eastern one
    for w in west:
        nearest = min(east, key=lambda e: abs(e.start - w.start))
        out.append(Pairing(nearest.code, w.code, sentence))
    return out


def consolidate(pairs: list[Pairing]) -> list[Pairing]:
    """One pairing per (east, west); drop vaguer copies sharing one side."""
    uniq: dict[tuple[str, str], Pairing] = {}
    for p in pairs:
        old = uniq.get((p.east_code, p.west_code))
        if old is None or (old.from_abbreviation and not p.from_abbreviation):
            uniq[(p.east_code, p.west_code)] = p
    def depth(code: str) -> int:
        r = region(code)
        return {"province": 0, "city": 1, "county": 2}.get(r.level, 0) if r else 0

    # most specific first; a pair is vaguer than a *kept* one sharing one side
    ranked = sorted(uniq, key=lambda k: -(depth(k[0]) + depth(k[1])))
    kept: list[tuple[str, str]] = []
    for e, w in ranked:
        vaguer = uniq[(e, w)].from_abbreviation and any(
            is_within(e2, e) and is_within(w2, w) and (e2 == e or w2 == w)
            for (e2, w2) in kept
        )
        if not vaguer:
            kept.append((e, w))
    return [p for k, p in uniq.items() if k in kept]

"""Pairings between an eastern and a western party, from one sentence at a time.

A sentence states a pairing when it names an eastern and a western region *and* uses
cooperation language (协作, 对口, 结对, 帮扶, 支援, 支医/支教/挂职, 携手, 两地, 之间 …), or
uses a two-abbreviation pair name (鲁渝协作, 粤黔两地). Each side is reduced to its most
specific region in the sentence (烟台市 rather than 山东省). A sentence that only visits
or mentions places (no cooperation word) gives no pairing. Afterwards a pairing that is
only a vaguer copy of another one with one identical side (广州市↔贵州省 next to
广州市↔黔南州) is dropped; a broader pairing with both sides different (山东省↔重庆市
next to 烟台市↔巫山县) is a pairing of its own and kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xiezuo.ingest import places

COOP = re.compile(
    r"东西部协作|协作|对口|结对|帮扶|支援|支医|支教|支农|挂职|援建|援助|合作|携手|两地|之间|"
    r"对接|共建|牵手|派驻|选派|组团"
)


@dataclass(frozen=True)
class Pairing:
    east_code: str
    west_code: str
    evidence: str


def _sides(hits: list[places.PlaceHit]) -> tuple[list[places.PlaceHit], list[places.PlaceHit]]:
    east = [h for h in hits if places.role(h.code) == "east"]
    west = [h for h in hits if places.role(h.code) == "west"]
    keep_e = set(places.most_specific([h.code for h in east]))
    keep_w = set(places.most_specific([h.code for h in west]))
    return [h for h in east if h.code in keep_e], [h for h in west if h.code in keep_w]


def pairings_in_sentence(sentence: str, context: list[str]) -> list[Pairing]:
    out: list[Pairing] = []
    # a pair name (鲁渝协作, 粤黔两地) states a pairing of its own
    for m in places.PAIR_ABBR.finditer(sentence):
        a, b = places.ABBREVIATIONS[m.group(1)], places.ABBREVIATIONS[m.group(2)]
        if places.role(a) == "east" and places.role(b) == "west":
            out.append(Pairing(a, b, sentence))
    if not COOP.search(sentence):
        return out
    hits = places.find_places(sentence, context)
    east, west = _sides(hits)
    if not east or not west:
        return out
    east_codes = list(dict.fromkeys(h.code for h in east))
    west_codes = list(dict.fromkeys(h.code for h in west))
    if len(east_codes) == 1 or len(west_codes) == 1:
        for e in east_codes:
            for w in west_codes:
                out.append(Pairing(e, w, sentence))
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
        uniq.setdefault((p.east_code, p.west_code), p)
    out: list[Pairing] = []
    for (e, w), p in uniq.items():
        vaguer = any(
            (e2, w2) != (e, w)
            and places.is_within(e2, e) and places.is_within(w2, w)
            and (e2 == e or w2 == w)
            for (e2, w2) in uniq
        )
        if not vaguer:
            out.append(p)
    return out

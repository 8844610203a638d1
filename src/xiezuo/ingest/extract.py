"""Facts of one relevant segment: quantities, pairings, people and organisations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from xiezuo.ingest.facts import Organisation, Person
from xiezuo.ingest.indicator_model import indicator_of
from xiezuo.ingest.indicators import QuantityContext
from xiezuo.ingest.normalise import MASK
from xiezuo.ingest.numbers import Quantity, find_quantities
from xiezuo.ingest.orgs import find_orgs
from xiezuo.ingest.pairings import Pairing, consolidate, pairings_in_sentence
from xiezuo.ingest.people import find_people
from xiezuo.ingest.places import find_places

_SENT = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?[”」]?")
_CLAUSE = re.compile(r"(?:[^，,；;。！？!?：:]|(?<=\d),(?=\d{3}))+")  # keeps 1,500 whole
# Verbs and function words that end a subject noun phrase (after) or start one (before).
_SUBJ_STOP = re.compile(
    r"，|。|、|；|：|到|赴|在|与|和|为|从|向|对|将|已|并|及|等|入驻|参加|报名|参与|开展|进行|完成|"
    r"接受|获得|作为|承担|是|来|去|前往|抵达|到达|深入|实现|结对|签订|\(|（|（|\s"
)
_LEAD_VERBS = re.compile(
    r".*(?:选派|派出|派驻|选拔|组织|举办|开展|培训|深入|解决|提出|达成|签订|实施|引进|聘请|邀请|"
    r"建立|建成|设立|输送|投入|提供|帮助|惠及|带动|共有|共计|累计|先后|共|有|了)"
)


@dataclass(frozen=True)
class SegmentQuantity:
    """A quantity of one segment (`facts.Quantity` without the segment index)."""

    value: float | int
    qualifier: str
    unit: str
    subject: str
    indicator: str
    evidence: str
    pos: int  # offset of the match in the segment


@dataclass
class SegmentFacts:
    quantities: list[SegmentQuantity] = field(default_factory=list)
    pairings: list[Pairing] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)


def sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _SENT.finditer(text) if m.group().strip()]


def _subject(sentence: str, q_end: int, q_start: int, clause_start: int) -> str:
    after = sentence[q_end : q_end + 14]
    stop = _SUBJ_STOP.search(after)
    noun = after[: stop.start()] if stop else after
    if "的" in noun and not noun.endswith("的"):
        noun = noun.rsplit("的", 1)[1]
    noun = noun.rstrip("的")
    if noun and re.match(r"[\u4e00-\u9fff]", noun):
        return noun[:10]
    before = sentence[clause_start:q_start]
    before = re.sub(r"(?:近|约|共计|共|累计|达|逾|超过|上|将近|接近|大约|不到|不足)$", "", before)
    cut = _LEAD_VERBS.match(before)
    tail = before[cut.end() :] if cut and cut.end() < len(before) else before
    tail = re.split(r"[、，\s]", tail)[-1]
    return tail[-10:]


def quantity_contexts(sentence: str) -> Iterator[tuple[Quantity, QuantityContext, int]]:
    """Each candidate quantity of one sentence with its context and its offset in it."""
    for cm in _CLAUSE.finditer(sentence):
        clause, c0 = cm.group(), cm.start()
        prev_end = 0
        for q in find_quantities(clause):
            if MASK in clause[max(0, q.start - 3) : q.end + 1]:
                prev_end = q.end
                continue
            subject = _subject(clause, q.end, q.start, prev_end)
            local = clause[prev_end : q.num_start]
            yield q, QuantityContext(q.unit, local, subject, clause, sentence), c0 + q.start
            prev_end = q.end


def _quantities(sentence: str, offset_note: int) -> list[SegmentQuantity]:
    out: list[SegmentQuantity] = []
    for q, ctx, at in quantity_contexts(sentence):
        out.append(SegmentQuantity(
            value=q.value, qualifier=q.qualifier, unit=q.unit, subject=ctx.subject,
            indicator=indicator_of(ctx), evidence=sentence.strip(), pos=offset_note + at))
    return out


def extract_segment(text: str, index: int, context: list[str]) -> SegmentFacts:
    """All facts of one (relevant) segment's text."""
    facts = SegmentFacts()
    seen_orgs: dict[str, Organisation] = {}
    roles: dict[str, list[str]] = {}  # person name -> roles, in order of first mention
    employer: dict[str, str | None] = {}
    pairs: list[Pairing] = []
    for pos, sent in sentences(text):
        facts.quantities.extend(_quantities(sent, pos))
        pairs.extend(pairings_in_sentence(sent, context))
        orgs = [o for o in find_orgs(sent, context) if MASK not in o.name]
        for o in orgs:
            seen_orgs.setdefault(o.name, Organisation(name=o.name, kind=o.kind,
                                                      region_code=o.region_code, segment=index))
        for p in find_people(sent, [(o.name, o.start, o.end) for o in orgs]):
            if MASK in p.name:
                continue
            known = roles.setdefault(p.name, [])
            known.extend(r for r in p.roles if r not in known)
            if employer.get(p.name) is None:
                employer[p.name] = p.organisation
    facts.pairings = consolidate(pairs)
    facts.people = [Person(name=name, roles=tuple(rs), organisation=employer[name], segment=index)
                    for name, rs in roles.items()]
    facts.organisations = list(seen_orgs.values())
    return facts


def document_context(text: str) -> list[str]:
    """Regions named in the document: used to choose among homonymous place names."""
    return list(dict.fromkeys(h.code for h in find_places(text)))

"""Thin adapter between the ingest engine (plain Python) and the reports app.

Reads an uploaded file, has the engine normalise it once and extract its facts (the
result carries the normalised text the offsets refer to), turns the engine's typed output
into fact rows (the JSON stored in the database), finds the main pairing and the report
date, and builds the near-duplicate index from the stored segments' MinHash signatures.

`extract_and_compare` is what the background worker runs in its time- and memory-limited
child process (`xiezuo.reports.limits.run_limited`): read (bounded), extract, sketch the
new report's relevant segments and look them up in the index of the stored ones (built by
the worker from stored signatures before the child starts; the child inherits it).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import docx  # noqa: F401 - loaded once here; forked extractions inherit it
import pdfminer.high_level  # noqa: F401 - likewise

from xiezuo.ingest import DocumentFacts, DuplicateIndex, Signature, read_bytes
from xiezuo.ingest.facts import Organisation, Pairing, Person, Quantity, Segment
from xiezuo.ingest.pipeline import extract_text
from xiezuo.ingest.read import NO_LIMITS, ReadLimits

SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?]?")
REPORT_DATE = re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日")
# A year the report is about (2024年, 2024年度, 2024年全年); not a starting point such as
# 2013年以来 / 2013年起, not part of a range (2021年至2025年), not a full date.
REPORT_YEAR = re.compile(r"(?<![\d至到—～~-])(20\d\d)年(?!\d|以来|起|至|到|—|-|～|~)")


@dataclass(frozen=True)
class FactRow:
    """One fact as the database stores it (`models.Fact`): its JSON data, without the
    segment and the evidence, which have columns of their own."""

    kind: str  # a `models.FactKind` value
    data: dict[str, Any]
    segment: int
    evidence: str


@dataclass
class Extracted:
    result: DocumentFacts
    facts: list[FactRow] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The normalised text; segment offsets and evidence refer to it."""
        return self.result.text

    @property
    def relevant_segments(self) -> tuple[Segment, ...]:
        return self.result.relevant_segments

    def stored_segments(self) -> list[dict[str, Any]]:
        """The segments as the report stores them (JSON)."""
        return [s.to_dict() for s in self.result.segments]


def extract(data: bytes, name: str, limits: ReadLimits = NO_LIMITS) -> Extracted:
    """Read and extract one file; raises `IngestReadError` when it cannot be read
    (`IngestLimitError` beyond the limits). The engine normalises the text once."""
    extracted = Extracted(result=extract_text(read_bytes(data, name, limits), name))
    extracted.facts = fact_rows(extracted.result)
    return extracted


_warm = False


def warm_up() -> None:
    """Load the engine's dictionaries once in this process, so that each forked extraction
    inherits them instead of loading them again (the readers' libraries, `docx` and
    `pdfminer`, are imported with this module for the same reason)."""
    global _warm
    if not _warm:
        extract_text("烟台市与巫山县深化东西部协作，选派干部12人。", "warm-up")
        _warm = True


# The signature of each relevant segment of a new report, by segment index.
Signatures = dict[int, Signature]


def extract_and_compare(data: bytes, name: str, limits: ReadLimits, index: SegmentIndex
                        ) -> tuple[Extracted, dict[int, int], Signatures]:
    """The extraction of one report, {segment index: id of the stored report it copies}
    and the signatures of its relevant segments (stored with it, for later uploads)
    (``index``: the stored reports' relevant segments, see `duplicate_index`)."""
    extracted = extract(data, name, limits)
    signatures = segment_signatures(extracted.result)
    return extracted, duplicate_segments(index, signatures), signatures


def sentence_with(text: str, needle: str) -> str:
    """The sentence of `text` in which `needle` first occurs ('' when it does not)."""
    if not needle:
        return ""
    at = text.find(needle)
    if at < 0:
        return ""
    start = max(text.rfind(c, 0, at) for c in "。！？!?\n") + 1
    ends = [e for e in (text.find(c, at) for c in "。！？!?\n") if e >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def fact_rows(result: DocumentFacts) -> list[FactRow]:
    """The rows of every fact, in the engine's order (pairings, quantities, people,
    organisations). People and organisations carry no evidence of their own: the sentence
    of their segment that names them is taken."""
    rows: list[FactRow] = []
    items: list[tuple[str, Sequence[Pairing | Quantity | Person | Organisation]]] = [
        ("pairing", result.pairings), ("quantity", result.quantities),
        ("person", result.people), ("organisation", result.organisations)]
    for kind, facts in items:
        for item in facts:
            data = {k: v for k, v in item.to_dict().items() if k not in ("segment", "evidence")}
            if isinstance(item, Pairing | Quantity):
                evidence = item.evidence
            else:
                evidence = sentence_with(result.segment_text(item.segment), item.name)
            rows.append(FactRow(kind=kind, data=data, segment=item.segment,
                                evidence=evidence.strip()))
    return rows


def specificity(code: str | None) -> int:
    if not code:
        return 0
    return 1 if code.endswith("0000") else 2 if code.endswith("00") else 3


def main_pairing(pairings: Sequence[Pairing]) -> Pairing | None:
    """The most specific pairing the report names (a city ↔ county before provinces)."""
    if not pairings:
        return None
    return max(pairings, key=lambda p: specificity(p.east_code) + specificity(p.west_code))


def report_date(text: str) -> datetime.date | None:
    """The first full date written in the report (2024年8月23日), if any."""
    for match in REPORT_DATE.finditer(text):
        try:
            return datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            continue
    return None


def report_period(text: str) -> tuple[datetime.date, datetime.date] | None:
    """The period the report states: the day of its first full date (2024年8月23日), else the
    whole year it first names (2024年 → 2024-01-01..2024-12-31); None when it states neither."""
    day = report_date(text)
    if day is not None:
        return day, day
    match = REPORT_YEAR.search(text)
    if match is None:
        return None
    year = int(match.group(1))
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# Segments of stored reports, keyed by (document id, segment index).
SegmentIndex = DuplicateIndex[tuple[int, int]]


def segment_signatures(result: DocumentFacts) -> Signatures:
    """The signature of each relevant segment of an extracted report."""
    return {seg.index: Signature.of(result.text[seg.start:seg.end])
            for seg in result.relevant_segments}


def stored_signatures(text: str, segments: Iterable[dict[str, Any]]) -> Signatures:
    """The signatures of a stored report's relevant segments (its text and its segments'
    JSON): for reports stored before signatures were."""
    found = (Segment.from_dict(s) for s in segments)
    return {seg.index: Signature.of(text[seg.start:seg.end]) for seg in found if seg.relevant}


def duplicate_index(signatures: Iterable[tuple[int, int, bytes | memoryview, int]]) -> SegmentIndex:
    """The index of stored segments from their stored signatures: (document id, segment
    index, hash values as bytes, shingle count) each. No text is read or shingled."""
    index = SegmentIndex()
    for doc_id, seg_index, hashvalues, size in signatures:
        if (doc_id, seg_index) not in index:
            index.add_signature((doc_id, seg_index), Signature.from_bytes(hashvalues, size))
    return index


def duplicate_segments(index: SegmentIndex, signatures: Signatures) -> dict[int, int]:
    """{segment index: id of the stored report it copies} for the new report's segments."""
    found = {}
    for seg_index, signature in signatures.items():
        matches = index.matches_signature(signature)
        if matches:
            found[seg_index] = matches[0][0][0]
    return found

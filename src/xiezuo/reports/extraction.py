"""Thin adapter between the ingest engine (plain Python) and the reports app.

Reads an uploaded file, keeps the normalised text the engine's offsets refer to, turns
the engine's output into fact rows, finds the main pairing and the report date, and
builds the near-duplicate index over the stored reports' relevant segments.

`extract_and_compare` is what the background worker runs in its time- and memory-limited
child process (`xiezuo.reports.limits.run_limited`): read (bounded), extract, and look the
new report's relevant segments up in the index of the stored ones (built by the worker from
stored data before the child starts; the child inherits it).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import docx  # noqa: F401 - loaded once here; forked extractions inherit it
import pdfminer.high_level  # noqa: F401 - likewise

from xiezuo.ingest import DuplicateIndex, read_bytes
from xiezuo.ingest.normalise import normalise
from xiezuo.ingest.pipeline import extract_text
from xiezuo.ingest.read import NO_LIMITS, ReadLimits

SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?]?")
REPORT_DATE = re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日")
# A year the report is about (2024年, 2024年度, 2024年全年); not a starting point such as
# 2013年以来 / 2013年起, not part of a range (2021年至2025年), not a full date.
REPORT_YEAR = re.compile(r"(?<![\d至到—～~-])(20\d\d)年(?!\d|以来|起|至|到|—|-|～|~)")


@dataclass
class Extracted:
    text: str  # the normalised text; segment offsets and evidence refer to it
    result: dict[str, Any]
    facts: list[dict] = field(default_factory=list)

    @property
    def relevant_segments(self) -> list[dict]:
        return [s for s in self.result["segments"] if s["relevant"]]


def extract(data: bytes, name: str, limits: ReadLimits = NO_LIMITS) -> Extracted:
    """Read and extract one file; raises `IngestReadError` when it cannot be read
    (`IngestLimitError` beyond the limits)."""
    raw = read_bytes(data, name, limits)
    text = normalise(raw).text
    result = extract_text(raw, name)
    extracted = Extracted(text=text, result=dict(result))
    extracted.facts = fact_rows(extracted)
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


def extract_and_compare(data: bytes, name: str, limits: ReadLimits,
                        index: SegmentIndex) -> tuple[Extracted, dict[int, int]]:
    """The extraction of one report and {segment index: id of the stored report it copies}
    (``index``: the stored reports' relevant segments, see `duplicate_index`)."""
    extracted = extract(data, name, limits)
    return extracted, duplicate_segments(index, extracted.text, extracted.result["segments"])


def segment_text(text: str, segments: list[dict], index: int) -> str:
    for seg in segments:
        if seg["index"] == index:
            return text[seg["start"]:seg["end"]]
    return ""


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


def fact_rows(extracted: Extracted) -> list[dict]:
    """(kind, data, segment, evidence) of every fact, in the engine's order."""
    result, rows = extracted.result, []
    for kind, key in (("pairing", "pairings"), ("quantity", "quantities"),
                      ("person", "people"), ("organisation", "organisations")):
        for item in result[key]:
            data = {k: v for k, v in item.items() if k not in ("segment", "evidence")}
            seg = item.get("segment", 0)
            evidence = item.get("evidence") or sentence_with(
                segment_text(extracted.text, result["segments"], seg), item.get("name", ""))
            rows.append({"kind": kind, "data": data, "segment": seg, "evidence": evidence.strip()})
    return rows


def specificity(code: str | None) -> int:
    if not code:
        return 0
    return 1 if code.endswith("0000") else 2 if code.endswith("00") else 3


def main_pairing(pairings: list[dict]) -> dict | None:
    """The most specific pairing the report names (a city ↔ county before provinces)."""
    if not pairings:
        return None
    return max(pairings, key=lambda p: specificity(p.get("east_code")) + specificity(p.get("west_code")))


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


def duplicate_index(documents: Iterable[tuple[int, str, list[dict[str, Any]]]]) -> SegmentIndex:
    """Index the relevant segments of stored reports under (document id, segment index)."""
    index = SegmentIndex()
    for doc_id, text, segments in documents:
        add_segments(index, doc_id, text, segments)
    return index


def add_segments(index: SegmentIndex, doc_id: int, text: str, segments: list[dict]) -> None:
    for seg in segments:
        if seg.get("relevant") and (doc_id, seg["index"]) not in index:
            index.add((doc_id, seg["index"]), text[seg["start"]:seg["end"]])


def duplicate_segments(index: SegmentIndex, text: str, segments: list[dict]) -> dict[int, int]:
    """{segment index: id of the stored report it copies} for the new report's segments."""
    found = {}
    for seg in segments:
        if not seg.get("relevant"):
            continue
        matches = index.matches(text[seg["start"]:seg["end"]])
        if matches:
            found[seg["index"]] = matches[0][0][0]
    return found

"""The output of report ingestion, typed: one document's facts as frozen data classes.

`DocumentFacts.to_dict()` gives exactly the JSON object of the contract in
spec/report-facts.md (`xiezuo ingest extract --format json` prints it); everything else
reads the attributes. Sequences are tuples so that a result cannot be changed by whoever
reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Segment:
    """One article of the document (offsets into the normalised text)."""

    index: int
    title: str
    relevant: bool
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "title": self.title, "relevant": self.relevant,
                "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segment:
        """A segment as stored in JSON (the inverse of `to_dict`)."""
        return cls(index=int(data["index"]), title=str(data.get("title") or ""),
                   relevant=bool(data.get("relevant")), start=int(data["start"]),
                   end=int(data["end"]))


@dataclass(frozen=True)
class Pairing:
    """An eastern and a western region the text pairs."""

    east: str
    east_code: str
    west: str
    west_code: str
    segment: int
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"east": self.east, "east_code": self.east_code, "west": self.west,
                "west_code": self.west_code, "segment": self.segment, "evidence": self.evidence}


@dataclass(frozen=True)
class Quantity:
    """A counted fact: 选派挂职干部76人 → 76 人 exact, indicator cadres_sent."""

    value: float | int
    qualifier: str  # exact, approx, at_least, at_most
    unit: str
    subject: str
    indicator: str
    segment: int
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "qualifier": self.qualifier, "unit": self.unit,
                "subject": self.subject, "indicator": self.indicator, "segment": self.segment,
                "evidence": self.evidence}


@dataclass(frozen=True)
class Person:
    name: str
    roles: tuple[str, ...]
    organisation: str | None
    segment: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "roles": list(self.roles), "organisation": self.organisation,
                "segment": self.segment}


@dataclass(frozen=True)
class Organisation:
    name: str
    kind: str
    region_code: str | None
    segment: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "region_code": self.region_code,
                "segment": self.segment}


@dataclass(frozen=True)
class DocumentFacts:
    """Everything extracted from one document.

    ``text`` is the normalised text that the segments' offsets (and the evidence) refer
    to: ``text[seg.start:seg.end]`` is the segment. It is not part of the JSON contract.
    """

    source: str
    script: str  # "hans" or "hant": the script the input was written in
    segments: tuple[Segment, ...] = ()
    pairings: tuple[Pairing, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    people: tuple[Person, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    text: str = field(default="", repr=False)

    @property
    def relevant_segments(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.relevant)

    def segment_text(self, index: int) -> str:
        """The text of the segment numbered ``index`` ('' when there is none)."""
        for seg in self.segments:
            if seg.index == index:
                return self.text[seg.start : seg.end]
        return ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of spec/report-facts.md (keys in the contract's order)."""
        return {
            "source": self.source,
            "script": self.script,
            "segments": [s.to_dict() for s in self.segments],
            "pairings": [p.to_dict() for p in self.pairings],
            "quantities": [q.to_dict() for q in self.quantities],
            "people": [p.to_dict() for p in self.people],
            "organisations": [o.to_dict() for o in self.organisations],
        }

"""The output of report ingestion, typed: one document's facts as JSON-ready dicts
(the contract in spec/report-facts.md; `xiezuo ingest extract --format json` prints them)."""

from __future__ import annotations

from typing import TypedDict


class SegmentInfo(TypedDict):
    """One article of the document (offsets into the normalised text)."""

    index: int
    title: str
    relevant: bool
    start: int
    end: int


class PairingFact(TypedDict):
    east: str
    east_code: str
    west: str
    west_code: str
    segment: int
    evidence: str


class QuantityFact(TypedDict):
    value: float | int
    qualifier: str  # exact, approx, at_least, at_most
    unit: str
    subject: str
    indicator: str
    segment: int
    evidence: str


class PersonFact(TypedDict):
    name: str
    roles: list[str]
    organisation: str | None
    segment: int


class OrganisationFact(TypedDict):
    name: str
    kind: str
    region_code: str | None
    segment: int


class DocumentFacts(TypedDict):
    source: str
    script: str  # "hans" or "hant": the script the input was written in
    segments: list[SegmentInfo]
    pairings: list[PairingFact]
    quantities: list[QuantityFact]
    people: list[PersonFact]
    organisations: list[OrganisationFact]

"""The whole ingestion: read → normalise → segment → extract → one `DocumentFacts`.

The text is normalised once: `extract_text` normalises and hands over to
`extract_normalised`, whose result carries that normalised text (`DocumentFacts.text`,
to which the segments' offsets refer). A caller that already holds normalised text calls
`extract_normalised` directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from xiezuo.ingest.extract import document_context, extract_segment
from xiezuo.ingest.facts import DocumentFacts, Organisation, Pairing, Person, Quantity, Segment
from xiezuo.ingest.normalise import normalise
from xiezuo.ingest.places import display_name
from xiezuo.ingest.read import IngestReadError, read_bytes, read_path
from xiezuo.ingest.segment import split_articles

__all__ = ["IngestReadError", "extract_document", "extract_normalised", "extract_paths",
           "extract_text"]


def extract_text(text: str, source: str) -> DocumentFacts:
    """Facts of an already decoded text (see spec/report-facts.md for the shape)."""
    norm = normalise(text)
    return extract_normalised(norm.text, norm.script, source)


def extract_normalised(text: str, script: str, source: str) -> DocumentFacts:
    """Facts of a text that `xiezuo.ingest.normalise.normalise` has already normalised
    (``script``: the script it reported). The segments' offsets refer to ``text``."""
    segments = tuple(Segment(index=s.index, title=s.title, relevant=s.relevant,
                             start=s.start, end=s.end) for s in split_articles(text))
    context = document_context(text)
    pairings: list[Pairing] = []
    quantities: list[Quantity] = []
    people: list[Person] = []
    organisations: list[Organisation] = []
    seen_pairs: set[tuple[str, str]] = set()
    seen_people: set[str] = set()
    seen_orgs: set[str] = set()
    for seg in segments:
        if not seg.relevant:
            continue
        facts = extract_segment(text[seg.start : seg.end], seg.index, context)
        for p in facts.pairings:
            if (p.east_code, p.west_code) in seen_pairs:
                continue
            seen_pairs.add((p.east_code, p.west_code))
            pairings.append(Pairing(
                east=display_name(p.east_code), east_code=p.east_code,
                west=display_name(p.west_code), west_code=p.west_code,
                segment=seg.index, evidence=p.evidence.strip()))
        for q in facts.quantities:
            quantities.append(Quantity(
                value=q.value, qualifier=q.qualifier, unit=q.unit, subject=q.subject,
                indicator=q.indicator, segment=seg.index, evidence=q.evidence))
        for person in facts.people:
            if person.name not in seen_people:
                seen_people.add(person.name)
                people.append(person)
        for org in facts.organisations:
            if org.name not in seen_orgs:
                seen_orgs.add(org.name)
                organisations.append(org)
    return DocumentFacts(source=source, script=script, segments=segments,
                         pairings=tuple(pairings), quantities=tuple(quantities),
                         people=tuple(people), organisations=tuple(organisations), text=text)


def extract_document(text_or_bytes: str | bytes, source: str) -> DocumentFacts:
    """Facts of one document given as text or as the raw bytes of a file.

    Raises :class:`IngestReadError` when bytes cannot be decoded.
    """
    if isinstance(text_or_bytes, bytes):
        text = read_bytes(text_or_bytes, source)
    else:
        text = text_or_bytes
    return extract_text(text, source)


def extract_paths(
    paths: Iterable[str | Path],
) -> Iterator[tuple[str, DocumentFacts | None, IngestReadError | None]]:
    """(path, result, error) for each path; exactly one of result/error is None."""
    for path in paths:
        try:
            text = read_path(path)
        except IngestReadError as exc:
            yield str(path), None, exc
            continue
        yield str(path), extract_text(text, Path(path).name), None

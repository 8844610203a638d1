"""The engine's typed output (issue 16): frozen data classes, `to_dict` giving the JSON of
spec/report-facts.md, text normalised once, and MinHash signatures that can be stored."""

import dataclasses
import json

import pytest

from xiezuo.ingest import (
    DuplicateIndex,
    Signature,
    extract_document,
    extract_normalised,
    extract_text,
)
from xiezuo.ingest.facts import DocumentFacts, Pairing, Quantity, Segment
from xiezuo.ingest.normalise import normalise

TRADITIONAL = (
    "煙臺市與巫山縣深化東西部協作\n\n"
    "本報訊 煙臺市與重慶市巫山縣召開東西部協作聯席會議。煙臺市選派掛職幹部12人、專業技術人才85人到巫山縣開展幫扶。"
    "煙臺山醫院副主任醫師施宏志被聘為巫山縣中醫院首席專家。\n"
)
SEGMENT_KEYS = ["index", "title", "relevant", "start", "end"]
QUANTITY_KEYS = ["value", "qualifier", "unit", "subject", "indicator", "segment", "evidence"]
PAIRING_KEYS = ["east", "east_code", "west", "west_code", "segment", "evidence"]
PERSON_KEYS = ["name", "roles", "organisation", "segment"]
ORG_KEYS = ["name", "kind", "region_code", "segment"]


def test_typed_result_and_its_json() -> None:
    result = extract_text(TRADITIONAL, "t.txt")
    assert isinstance(result, DocumentFacts)
    assert all(isinstance(s, Segment) for s in result.segments)
    assert all(isinstance(q, Quantity) for q in result.quantities)
    assert all(isinstance(p, Pairing) for p in result.pairings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.script = "hans"  # type: ignore[misc]
    out = result.to_dict()
    assert list(out) == ["source", "script", "segments", "pairings", "quantities", "people",
                         "organisations"]
    assert out["script"] == "hant" and "text" not in out
    assert [list(s) for s in out["segments"]] == [SEGMENT_KEYS] * len(result.segments)
    assert {tuple(q) for q in out["quantities"]} == {tuple(QUANTITY_KEYS)}
    assert {tuple(p) for p in out["pairings"]} == {tuple(PAIRING_KEYS)}
    assert {tuple(p) for p in out["people"]} == {tuple(PERSON_KEYS)}
    assert {tuple(o) for o in out["organisations"]} == {tuple(ORG_KEYS)}
    person = next(p for p in out["people"] if p["name"] == "施宏志")
    assert isinstance(person["roles"], list) and "首席专家" in person["roles"]
    assert {(q["value"], q["indicator"]) for q in out["quantities"]} >= {
        (12, "cadres_sent"), (85, "professionals_sent")}
    # JSON-ready: plain types only, and the same object whatever the entry point.
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out
    assert extract_document(TRADITIONAL.encode("big5"), "t.txt").to_dict() == out


def test_text_is_normalised_once_and_offsets_refer_to_it() -> None:
    norm = normalise(TRADITIONAL)
    result = extract_normalised(norm.text, norm.script, "t.txt")
    assert result == extract_text(TRADITIONAL, "t.txt")
    assert result.text == norm.text and "烟台市" in result.text and "煙臺" not in result.text
    for seg in result.segments:
        assert seg.title in result.text[seg.start:seg.end]
        assert result.segment_text(seg.index) == result.text[seg.start:seg.end]
    for q in result.quantities:
        assert q.evidence in result.segment_text(q.segment)
    assert Segment.from_dict(result.segments[0].to_dict()) == result.segments[0]


def test_signature_round_trip_and_index_from_signatures() -> None:
    text = normalise(TRADITIONAL).text
    sig = Signature.of(text)
    data = sig.to_bytes()
    assert len(data) == 1024 and sig.size > 50
    back = Signature.from_bytes(memoryview(data), sig.size)  # PostgreSQL gives memoryviews
    assert back.to_bytes() == data and back.minhash.jaccard(sig.minhash) == 1.0
    with pytest.raises(ValueError):
        Signature.from_bytes(data[:-8], sig.size)

    by_text, by_signature = DuplicateIndex[str](), DuplicateIndex[str]()
    by_text.add("a", text)
    by_signature.add_signature("a", back)
    copy = "转载：" + text[: len(text) * 4 // 5]
    assert by_text.matches(copy) == by_signature.matches(copy) != []
    assert by_signature.matches_signature(Signature.of(copy)) == by_signature.matches(copy)
    assert by_signature.add_signature("b", Signature.of(copy)).original_id == "a"  # type: ignore[union-attr]
    assert by_signature.matches_signature(Signature.of("")) == []

"""The annotated texts of report ingestion and how a result is scored against them.

* :func:`annotated` -- the two real samples (family ``samples``) and the development set
  (``bench/devset/<family>/<id>.txt`` + ``<id>.json``);
* :func:`score` -- one result against its gold: counts, summed over documents by
  :class:`Tally` (micro averages);
* :func:`examples` -- the indicator model's training examples: the extractor's own context
  of every candidate quantity that matches a gold quantity, labelled with the gold indicator.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from xiezuo.ingest.extract import quantity_contexts, sentences  # noqa: E402
from xiezuo.ingest.indicator_model import Example  # noqa: E402
from xiezuo.ingest.normalise import normalise  # noqa: E402
from xiezuo.ingest.segment import split_articles  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "samples"
GOLD = ROOT / "bench" / "gold"
DEVSET = ROOT / "bench" / "devset"
HOLDOUT = ROOT / "bench" / "holdout"
_PLAIN = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Annotated:
    name: str
    family: str
    text: str
    gold: dict[str, Any]


def annotated(samples: bool = True, devset: bool = True, holdout: bool = False) -> list[Annotated]:
    """The annotated texts: the samples, the development set and (only when asked) the
    held-out set, which is never used to fit the model."""
    docs = []
    if samples:
        for path in sorted(SAMPLES.glob("*.txt")):
            gold = json.loads((GOLD / f"{path.stem}.json").read_text("utf-8"))
            docs.append(Annotated(path.stem, "samples", path.read_text("utf-8"), gold))
    folders = [folder for folder, wanted in ((DEVSET, devset), (HOLDOUT, holdout)) if wanted]
    for folder in folders:
        for path in sorted(folder.glob("*/*.txt")):
            gold_path = path.with_suffix(".json")
            if not gold_path.exists():
                continue
            gold = json.loads(gold_path.read_text("utf-8"))
            docs.append(Annotated(path.stem, gold.get("family") or path.parent.name,
                                  path.read_text("utf-8"), gold))
    return docs


def plain(text: str) -> str:
    return _PLAIN.sub("", text)


def as_dict(result: Any) -> dict[str, Any]:
    return result.to_dict() if hasattr(result, "to_dict") else dict(result)


def _key(q: dict[str, Any]) -> tuple[Any, ...]:
    return (float(q["value"]), q["qualifier"], q["unit"])


def _same_sentence(a: str, b: str) -> bool:
    a, b = plain(a), plain(b)
    return bool(a and b) and (a in b or b in a)


def match_quantities(pred: list[dict[str, Any]], gold: list[dict[str, Any]]
                     ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(predicted, gold) pairs agreeing on value, qualifier and unit: first those in the
    same sentence, then the rest."""
    pool, pairs, rest = list(gold), [], list(pred)
    for strict in (True, False):
        left = []
        for q in rest:
            hit = next((g for g in pool if _key(g) == _key(q) and (
                not strict or _same_sentence(g.get("evidence", ""), q.get("evidence", "")))), None)
            if hit is None:
                left.append(q)
                continue
            pool.remove(hit)
            pairs.append((q, hit))
        rest = left
    return pairs


@dataclass
class Tally:
    """Counts summed over documents."""

    docs: int = 0
    gold_q: int = 0
    pred_q: int = 0
    matched: int = 0
    correct: int = 0
    gold_pairs: int = 0
    found_pairs: int = 0
    extra_pairs: int = 0
    gold_people: int = 0
    found_people: int = 0
    extra_people: int = 0
    gold_orgs: int = 0
    found_orgs: int = 0
    extra_orgs: int = 0
    leaked: int = 0
    per_indicator: Counter[tuple[str, bool]] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("docs", "gold_q", "pred_q", "matched", "correct", "gold_pairs", "found_pairs",
                     "extra_pairs", "gold_people", "found_people", "extra_people", "gold_orgs",
                     "found_orgs", "extra_orgs", "leaked"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.per_indicator.update(other.per_indicator)
        self.confusion.update(other.confusion)
        self.misses.extend(other.misses)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    def row(self) -> list[Any]:
        return [self.docs, self.gold_q, self._ratio(self.matched, self.gold_q),
                self._ratio(self.matched, self.pred_q), self._ratio(self.correct, self.matched),
                self._ratio(self.found_pairs, self.gold_pairs), self.extra_pairs,
                self._ratio(self.found_people, self.gold_people), self.extra_people,
                self._ratio(self.found_orgs, self.gold_orgs), self.extra_orgs, self.leaked]

    HEADER = ["texts", "quantities", "q_recall", "q_precision", "indicator_acc", "pair_recall",
              "extra_pairs", "people_recall", "extra_people", "org_recall", "extra_orgs", "leaked"]


def _leaked(q: dict[str, Any], noise: Iterable[str]) -> bool:
    ev = plain(q.get("evidence", ""))
    return any(ev and (ev in plain(n) or plain(n) in ev) for n in noise if plain(n))


def score(result: Any, doc: Annotated, noise: Iterable[str] = ()) -> Tally:
    """One result against its gold. ``noise``: texts that are not the article (numbers found
    in them are counted as leaked) besides the gold's own ``noise`` list."""
    r, gold = as_dict(result), doc.gold
    t = Tally(docs=1, gold_q=len(gold["quantities"]), pred_q=len(r["quantities"]))
    pairs = match_quantities(r["quantities"], gold["quantities"])
    t.matched = len(pairs)
    for q, g in pairs:
        ok = q["indicator"] == g["indicator"]
        t.correct += ok
        t.per_indicator[(g["indicator"], ok)] += 1
        t.confusion[(g["indicator"], q["indicator"])] += 1
        if not ok:
            t.misses.append(f"{doc.name}: {g['value']}{g['unit']} {g['indicator']} → "
                            f"{q['indicator']} ({q['subject']})")
    matched_pred = {id(q) for q, _ in pairs}
    matched_gold = {id(g) for _, g in pairs}
    for g in gold["quantities"]:
        if id(g) not in matched_gold:
            t.misses.append(f"{doc.name}: missed {g['value']}{g['unit']} [{g['qualifier']}] "
                            f"{g['indicator']} «{g['evidence'][:40]}»")
    noise = [*noise, *gold.get("noise", []), *gold.get("noise_hans", [])]
    for q in r["quantities"]:
        if id(q) not in matched_pred:
            t.leaked += _leaked(q, noise)
            t.misses.append(f"{doc.name}: extra {q['value']}{q['unit']} [{q['qualifier']}] "
                            f"{q['indicator']} «{q['evidence'][:40]}»")
    gp = {(p["east_code"], p["west_code"]) for p in gold["pairings"]}
    rp = {(p["east_code"], p["west_code"]) for p in r["pairings"]}
    t.gold_pairs, t.found_pairs, t.extra_pairs = len(gp), len(gp & rp), len(rp - gp)
    t.misses.extend(f"{doc.name}: pairing missed {p}" for p in gp - rp)
    t.misses.extend(f"{doc.name}: pairing extra {p}" for p in rp - gp)
    gn = {p["name"] for p in gold["people"]}
    rn = {p["name"] for p in r["people"]}
    t.gold_people, t.found_people, t.extra_people = len(gn), len(gn & rn), len(rn - gn)
    t.misses.extend(f"{doc.name}: person missed {n}" for n in gn - rn)
    t.misses.extend(f"{doc.name}: person extra {n}" for n in rn - gn)
    go = {o["name"] for o in gold["organisations"]}
    ro = {o["name"] for o in r["organisations"]}
    t.gold_orgs, t.found_orgs, t.extra_orgs = len(go), len(go & ro), len(ro - go)
    t.misses.extend(f"{doc.name}: organisation missed {n}" for n in go - ro)
    t.misses.extend(f"{doc.name}: organisation extra {n}" for n in ro - go)
    return t


def candidates(text: str) -> Iterator[tuple[dict[str, Any], Any]]:
    """Every candidate quantity the extractor considers in the relevant articles of a text:
    ({value, qualifier, unit, evidence}, its context)."""
    body = normalise(text).text
    for seg in split_articles(body):
        if not seg.relevant:
            continue
        for _, sent in sentences(body[seg.start : seg.end]):
            for q, ctx, _ in quantity_contexts(sent):
                yield ({"value": q.value, "qualifier": q.qualifier, "unit": q.unit,
                        "evidence": sent.strip()}, ctx)


def shipped_examples(docs: Iterable[Annotated]) -> list[Example]:
    """The examples shipped in the package: those of our own texts only. The two real
    samples are third-party text; their sentences stay out of the product (they still count
    in every score, and the leave-one-family-out table fits without them anyway)."""
    return examples(d for d in docs if d.family != "samples")


def examples(docs: Iterable[Annotated]) -> list[Example]:
    """Training examples of the indicator model from annotated texts."""
    out = []
    for doc in docs:
        cands = list(candidates(doc.text))
        by_id = {id(c): ctx for c, ctx in cands}
        for q, g in match_quantities([c for c, _ in cands], doc.gold["quantities"]):
            out.append(Example(by_id[id(q)], g["indicator"], doc.name, doc.family))
    return out

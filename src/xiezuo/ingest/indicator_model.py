"""The indicator of a quantity as a model: logistic regression over character n-grams of
the quantity's context and a few hand features, trained on the annotated development
texts.

The training examples (`data/indicator_examples.jsonl`, shipped in the package and
written by ``bench/ingest_eval.py --write-examples``) are the contexts the extractor
itself builds for the quantities of the development set (texts of our own), each with
its annotated indicator. The model is fitted from them on first use in a process (a
fraction of a second; deterministic), so it can never be out of step with the examples,
and nothing is downloaded. Prediction is a sparse dot product done here with the fitted
coefficients, not through scikit-learn, so that one quantity costs microseconds.

The rules of :mod:`xiezuo.ingest.indicators` stay: their verdict is one of the model's
features, and where they are certain they decide alone -- a verdict that was right on
every training example that got it (`certain_rules`), and money in 元 always.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

import numpy as np

from xiezuo.ingest.indicators import CERTAIN, QuantityContext, classify_rules, direction

EXAMPLES = "indicator_examples.jsonl"
_HAN = re.compile(r"[\u4e00-\u9fff]")
_VERBS = re.compile(
    r"选派|派出|派驻|输送|选拔|组织|举办|开展|培训|培养|带教|接收|接纳|引进|聘请|邀请|入驻|"
    r"建立|建成|设立|创建|打造|投入|捐赠|销售|采购|提供|帮助|惠及|带动|覆盖|解决|提出|达成|签订|签约|"
    r"实施|落地|诊治|接诊|义诊|坐诊|手术|转移|就业|招聘|结对|结成|互访|考察|调研|走访|交流"
)


@dataclass(frozen=True)
class Example:
    """One annotated quantity: the extractor's context and the indicator it should get."""

    context: QuantityContext
    indicator: str
    document: str = ""
    family: str = ""

    def to_json(self) -> str:
        return json.dumps({**asdict(self.context), "indicator": self.indicator,
                           "document": self.document, "family": self.family},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> Example:
        raw = json.loads(line)
        indicator, document, family = raw.pop("indicator"), raw.pop("document", ""), raw.pop("family", "")
        return cls(QuantityContext(**raw), indicator, document, family)


def _grams(prefix: str, text: str, sizes: Sequence[int]) -> Iterable[str]:
    for n in sizes:
        for i in range(len(text) - n + 1):
            gram = text[i : i + n]
            if _HAN.search(gram):
                yield f"{prefix}{gram}"


def features(ctx: QuantityContext) -> list[str]:
    """The model's features of one quantity (strings; a feature is present or not)."""
    rule = classify_rules(ctx)
    local = ctx.local[-14:]
    out = [f"u={ctx.unit}", f"r={rule}", f"ur={ctx.unit}|{rule}", f"d={direction(ctx)}"]
    out.extend(_grams("l:", local, (1, 2, 3)))
    out.extend(_grams("s:", ctx.subject, (1, 2)))
    out.extend(f"su:{ctx.subject[-2:]}|{ctx.unit}" for _ in (0,) if ctx.subject)
    out.extend(_grams("c:", ctx.clause, (2,)))
    out.extend(f"v:{m.group()}" for m in _VERBS.finditer(local))
    out.extend(f"vs:{m.group()}" for m in _VERBS.finditer(ctx.sentence))
    return out


@dataclass(frozen=True)
class IndicatorModel:
    labels: tuple[str, ...]
    columns: dict[str, int]
    coef: np.ndarray  # (features, labels)
    intercept: np.ndarray  # (labels,)
    # verdicts of the rules that were never wrong on the training examples (and said often
    # enough to tell): where the rules say one of these, they decide
    certain: frozenset[str] = frozenset()

    def scores(self, ctx: QuantityContext) -> np.ndarray:
        idx = [self.columns[f] for f in set(features(ctx)) if f in self.columns]
        total: np.ndarray = self.intercept + self.coef[idx].sum(axis=0)
        return total

    def predict(self, ctx: QuantityContext) -> str:
        rule = classify_rules(ctx)
        if rule in self.certain or (rule in CERTAIN and CERTAIN[rule](ctx)) or not self.labels:
            return rule
        return self.labels[int(np.argmax(self.scores(ctx)))]


# The rules alone, to compare with (see `using`).
RULES_ONLY = IndicatorModel((), {}, np.zeros((0, 0)), np.zeros(0))
C = 0.5  # inverse regularisation strength, chosen by leave-one-family-out accuracy
CERTAIN_SUPPORT = 3  # a rule's verdict is certain after this many training examples, all right


def certain_rules(examples: Sequence[Example]) -> frozenset[str]:
    """The rules' verdicts that were right on every training example where they were given."""
    said: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for e in examples:
        rule = classify_rules(e.context)
        said[rule] += 1
        wrong[rule] += rule != e.indicator
    return frozenset(k for k, n in said.items() if n >= CERTAIN_SUPPORT and not wrong[k] and k != "other")


def fit(examples: Sequence[Example], c: float = C) -> IndicatorModel:
    """Fit the model on annotated examples (scikit-learn's logistic regression)."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    if not examples:
        return RULES_ONLY
    certain = certain_rules(examples)
    vectorizer = CountVectorizer(analyzer=features, binary=True, lowercase=False)
    matrix = vectorizer.fit_transform([e.context for e in examples])
    labels = [e.indicator for e in examples]
    classes = sorted(set(labels))
    if len(classes) == 1:  # nothing to learn: always that one
        return IndicatorModel((classes[0],), {}, np.zeros((0, 1)), np.zeros(1), certain)
    lr = LogisticRegression(C=c, max_iter=5000)
    lr.fit(matrix, labels)
    coef, intercept = lr.coef_, lr.intercept_
    if len(lr.classes_) == 2:  # binary: one row for the second class
        coef = np.vstack([-coef[0], coef[0]]) / 2
        intercept = np.array([-intercept[0], intercept[0]]) / 2
    return IndicatorModel(tuple(str(c) for c in lr.classes_),
                          {str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
                          np.ascontiguousarray(coef.T), np.asarray(intercept), certain)


def load_examples() -> list[Example]:
    text = resources.files("xiezuo.ingest.data").joinpath(EXAMPLES).read_text("utf-8")
    return [Example.from_json(line) for line in text.splitlines() if line.strip()]


@cache
def shipped_model() -> IndicatorModel | None:
    """The model fitted on the shipped examples (None when none are shipped)."""
    examples = load_examples()
    return fit(examples) if examples else None


_chosen: list[IndicatorModel] = []


@contextmanager
def using(model: IndicatorModel | None) -> Iterator[None]:
    """Extract with this model instead of the shipped one (None: the shipped one; RULES_ONLY:
    none) -- for evaluation, e.g. a model fitted without a family of texts."""
    if model is None:
        yield
        return
    _chosen.append(model)
    try:
        yield
    finally:
        _chosen.pop()


def indicator_of(ctx: QuantityContext) -> str:
    """The indicator code of one quantity: a certain rule, else the model (the rules alone
    when no model is shipped)."""
    model = _chosen[-1] if _chosen else shipped_model()
    return (model or RULES_ONLY).predict(ctx)

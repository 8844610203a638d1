"""Score parts of candidate pairs (each in [0, 1], fairness in [-1, 0]) and their total.

score = sum over parts of weight * part, in points (the default weights add up to 95
positive points, minus up to 5 for fairness).

* specialty   — 1.0 exact code, 0.6 related code, 0.2 + 0.4 * similarity (<= 0.6) by text.
* title       — 0.85 when the title meets the minimum, +0.05 per level above (at most 1.0).
* pairing     — 1.0 when the person's eastern region is paired with the need's county.
* availability— fraction of the need's whole period covered by the person's best window.
* continuity  — 1.0 when the person has served the host organisation before.
* fairness    — minus the load pressure on the person's eastern organisation (see below).
* priority    — need priority / 5.

Fairness is linearised so the problem stays an assignment problem: a convex cost on
the number of people taken from one organisation is replaced by its slope at the
expected load. The expected load of organisation o is its share of all candidate pairs
times the total number of slots; divided by o's size it is the expected number of
postings per member ("pressure"); the part is -min(1, pressure), a constant per
organisation, so people from organisations that every need competes for cost a little
more. Hard per-round limits are `Problem.org_caps` (an org layer in the flow).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

from .arrays import FloatArray, IntArray
from .candidates import Candidates, pressure_of
from .encode import paired
from .model import Problem, Weights

PARTS: tuple[str, ...] = (
    "specialty", "title", "pairing", "availability", "continuity", "fairness", "priority",
)


def score_parts(problem: Problem, c: Candidates, edges: IntArray | None = None
                ) -> dict[str, FloatArray]:
    """The parts (unweighted) of every candidate pair, or of the pairs `edges` only."""
    pa, na = c.pa, c.na
    nj, pi = (c.need, c.person) if edges is None else (c.need[edges], c.person[edges])
    fit = c.fit if edges is None else c.fit[edges]
    excess = pa.title[pi] - na.min_title[nj]
    title = np.minimum(1.0, 0.85 + 0.05 * np.maximum(excess, 0))
    pair = paired(pa, na, nj, pi).astype(float)
    start, end = na.start[nj][:, None], na.end[nj][:, None]
    over = np.minimum(pa.win_end[pi], end) - np.maximum(pa.win_start[pi], start) + 1
    length = (na.end[nj] - na.start[nj] + 1).astype(float)
    avail = (np.clip(over, 0, None).max(axis=1, initial=0) / length if over.size
             else np.zeros(nj.size))
    return {
        "specialty": fit.astype(float),
        "title": title,
        "pairing": pair,
        "availability": np.minimum(1.0, avail),
        "continuity": _continuity(problem, c, nj, pi),
        "fairness": -org_pressure(c)[pa.org[pi]],
        "priority": na.priority[nj] / 5.0,
    }


def _continuity(problem: Problem, c: Candidates, nj: IntArray, pi: IntArray) -> FloatArray:
    host = {name: k for k, name in enumerate(dict.fromkeys(c.na.org_names))}
    n_h = max(len(host), 1)
    keys = [i * n_h + host[h] for i, p in enumerate(problem.people)
            for h in p.previous_hosts if h in host]
    if not keys:
        return np.zeros(nj.size)
    need_host = np.array([host[o] for o in c.na.org_names], dtype=np.int64)
    has_hosts = np.array([bool(p.previous_hosts) for p in problem.people])
    sub = np.flatnonzero(has_hosts[pi])  # only people who served somewhere
    out = np.zeros(nj.size)
    edge_keys = pi[sub] * n_h + need_host[nj[sub]]
    out[sub] = np.isin(edge_keys, np.array(keys, dtype=np.int64))
    return out


def org_pressure(c: Candidates) -> FloatArray:
    """Per eastern organisation, min(1, its load pressure) over all candidate pairs (the
    fairness part of its people is minus this)."""
    if c.pressure is not None:
        return c.pressure
    n_org = int(c.pa.org.max(initial=-1)) + 1
    return pressure_of(np.bincount(c.pa.org[c.person], minlength=n_org), c.pa, c.na)


def total_score(parts: Mapping[str, FloatArray], weights: Weights) -> FloatArray:
    out = np.zeros(next(iter(parts.values())).shape[0])
    for name in PARTS:
        out += float(getattr(weights, name)) * parts[name]
    return out


def total_score_of(problem: Problem, c: Candidates) -> FloatArray:
    """`total_score(score_parts(problem, c), problem.weights)`: the score that candidate
    generation computed with the problem's weights, or computed here."""
    if c.score is not None:
        return c.score
    return total_score(score_parts(problem, c), problem.weights)


class EdgeParts(Mapping[str, FloatArray]):
    """The score parts in points (weight x part) per candidate pair, computed when asked:
    `at(edges)` for some pairs (the explanations), `parts[name]` for all of them."""

    def __init__(self, problem: Problem, c: Candidates) -> None:
        self._problem, self._c = problem, c
        self._all: dict[str, FloatArray] | None = None

    def at(self, edges: IntArray) -> dict[str, FloatArray]:
        raw = score_parts(self._problem, self._c, edges)
        return {k: float(getattr(self._problem.weights, k)) * v for k, v in raw.items()}

    def _full(self) -> dict[str, FloatArray]:
        if self._all is None:
            raw = score_parts(self._problem, self._c)
            self._all = {k: float(getattr(self._problem.weights, k)) * v for k, v in raw.items()}
        return self._all

    def __getitem__(self, name: str) -> FloatArray:
        return self._full()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(PARTS)

    def __len__(self) -> int:
        return len(PARTS)

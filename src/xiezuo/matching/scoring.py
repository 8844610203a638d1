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

import numpy as np

from .arrays import FloatArray
from .candidates import Candidates
from .encode import paired
from .model import Problem, Weights

PARTS: tuple[str, ...] = (
    "specialty", "title", "pairing", "availability", "continuity", "fairness", "priority",
)


def score_parts(problem: Problem, c: Candidates) -> dict[str, FloatArray]:
    pa, na = c.pa, c.na
    nj, pi = c.need, c.person
    excess = pa.title[pi] - na.min_title[nj]
    title = np.minimum(1.0, 0.85 + 0.05 * np.maximum(excess, 0))
    pair = paired(pa, na, nj, pi).astype(float)
    start, end = na.start[nj][:, None], na.end[nj][:, None]
    over = np.minimum(pa.win_end[pi], end) - np.maximum(pa.win_start[pi], start) + 1
    length = (na.end[nj] - na.start[nj] + 1).astype(float)
    avail = (np.clip(over, 0, None).max(axis=1, initial=0) / length if over.size
             else np.zeros(nj.size))
    return {
        "specialty": c.fit.astype(float),
        "title": title,
        "pairing": pair,
        "availability": np.minimum(1.0, avail),
        "continuity": _continuity(problem, c),
        "fairness": _fairness(c),
        "priority": na.priority[nj] / 5.0,
    }


def _continuity(problem: Problem, c: Candidates) -> FloatArray:
    host = {name: k for k, name in enumerate(dict.fromkeys(c.na.org_names))}
    n_h = max(len(host), 1)
    keys = [i * n_h + host[h] for i, p in enumerate(problem.people)
            for h in p.previous_hosts if h in host]
    if not keys:
        return np.zeros(c.need.size)
    need_host = np.array([host[o] for o in c.na.org_names], dtype=np.int64)
    has_hosts = np.array([bool(p.previous_hosts) for p in problem.people])
    sub = np.flatnonzero(has_hosts[c.person])  # only people who served somewhere
    out = np.zeros(c.need.size)
    edge_keys = c.person[sub] * n_h + need_host[c.need[sub]]
    out[sub] = np.isin(edge_keys, np.array(keys, dtype=np.int64))
    return out


def _fairness(c: Candidates) -> FloatArray:
    if c.need.size == 0:
        return np.zeros(0)
    n_org = int(c.pa.org.max(initial=-1)) + 1
    org_edges = np.bincount(c.pa.org[c.person], minlength=n_org).astype(float)
    org_size = np.maximum(np.bincount(c.pa.org, minlength=n_org), 1).astype(float)
    total_slots = float(c.na.slots.sum())
    pressure = org_edges / org_edges.sum() * total_slots / org_size
    capped: FloatArray = np.minimum(1.0, pressure)
    return -capped[c.pa.org[c.person]]


def total_score(parts: dict[str, FloatArray], weights: Weights) -> FloatArray:
    out = np.zeros(next(iter(parts.values())).shape[0])
    for name in PARTS:
        out += float(getattr(weights, name)) * parts[name]
    return out

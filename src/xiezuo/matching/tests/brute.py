"""Brute-force optimum of tiny graphs (enumerates every subset of candidate pairs)."""

from __future__ import annotations

import itertools

import numpy as np

from xiezuo.matching.solvers.graph import MatchGraph, TeamSpec, check_solution


def brute_force(g: MatchGraph) -> float | None:
    """Best objective over all feasible subsets, None when nothing is feasible."""
    best: float | None = None
    m = g.n_edges
    for bits in itertools.product((False, True), repeat=m):
        chosen = np.array(bits, dtype=bool)
        if check_solution(g, chosen):
            continue
        val = float(g.edge_score[chosen].sum())
        if best is None or val > best:
            best = val
    return best


def random_graph(rng: np.random.Generator, teams: bool, caps: bool = False) -> MatchGraph:
    """A tiny random graph (at most 12 edges) with optional teams and group caps."""
    n_p = int(rng.integers(2, 6))
    n_n = int(rng.integers(2, 5))
    pairs = [(n, p) for n in range(n_n) for p in range(n_p)]
    m = int(rng.integers(1, min(12, len(pairs)) + 1))
    pick = rng.choice(len(pairs), size=m, replace=False)
    e_need = np.array([pairs[i][0] for i in pick], dtype=np.int64)
    e_person = np.array([pairs[i][1] for i in pick], dtype=np.int64)
    score = np.round(rng.uniform(-20, 100, size=m), 2)
    specs = []
    if teams and n_n >= 2:
        k = int(rng.integers(2, n_n + 1))
        members = rng.choice(n_n, size=k, replace=False).astype(np.int64)
        specs.append(TeamSpec(np.sort(members), bool(rng.integers(0, 2)) or True,
                              "group" if rng.integers(0, 2) else None))
    g = MatchGraph(
        capacity=rng.integers(0, 3, size=n_p).astype(np.int64),
        slots=rng.integers(1, 3, size=n_n).astype(np.int64),
        edge_need=e_need,
        edge_person=e_person,
        edge_score=score,
        teams=specs,
        labels={"group": rng.integers(0, 2, size=n_p).astype(np.int64)},
    )
    if caps:
        g.cap_group = rng.integers(-1, 2, size=n_p).astype(np.int64)
        g.group_cap = rng.integers(0, 3, size=2).astype(np.int64)
    return g

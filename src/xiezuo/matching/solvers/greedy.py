"""Greedy baseline (best score first), kept only for comparison in tests and the bench.

Teams are tried first, best greedy team value first: each team is filled greedily from
each allowed source group and kept all-or-nothing; then single pairs by score.
"""

from __future__ import annotations

import time

import numpy as np

from .graph import MatchGraph, Solution


def solve_greedy(g: MatchGraph) -> Solution:
    t0 = time.perf_counter()
    cap = g.capacity.astype(np.int64).copy()
    slots = g.slots.astype(np.int64).copy()
    gcap = None if g.group_cap is None else g.group_cap.astype(np.int64).copy()
    grp = g.cap_group
    chosen = np.zeros(g.n_edges, dtype=bool)
    team_of = g.team_of_need()
    forced = g.forced_mask()

    def take(e: int) -> None:
        chosen[e] = True
        cap[g.edge_person[e]] -= 1
        slots[g.edge_need[e]] -= 1
        if gcap is not None and grp is not None and grp[g.edge_person[e]] >= 0:
            gcap[grp[g.edge_person[e]]] -= 1

    def ok(e: int) -> bool:
        p = g.edge_person[e]
        if chosen[e] or cap[p] <= 0 or slots[g.edge_need[e]] <= 0:
            return False
        return gcap is None or grp is None or grp[p] < 0 or gcap[grp[p]] > 0

    for pinned in np.flatnonzero(forced & (team_of[g.edge_need] < 0)):
        take(int(pinned))
    order = np.argsort(-g.edge_score, kind="stable")
    et = team_of[g.edge_need[order]]
    team_edges: dict[int, list[int]] = {}
    for e, t in zip(order[et >= 0].tolist(), et[et >= 0].tolist(), strict=True):
        team_edges.setdefault(t, []).append(e)
    for t, spec in enumerate(g.teams):
        if t not in team_edges:
            continue
        edges_all = np.array(team_edges[t], dtype=np.int64)  # best score first
        labels = (np.zeros(edges_all.size, dtype=np.int64) if spec.same is None
                  else g.labels[spec.same][g.edge_person[edges_all]])
        best: list[int] | None = None
        best_val = -np.inf
        for lab in np.unique(labels).tolist():
            trial: list[int] = []
            used: set[int] = set()
            left = {int(j): int(slots[j]) for j in spec.needs}
            g_used: dict[int, int] = {}
            for e in edges_all[labels == lab].tolist():
                p, j = int(g.edge_person[e]), int(g.edge_need[e])
                o = -1 if grp is None else int(grp[p])
                if gcap is not None and o >= 0 and gcap[o] - g_used.get(o, 0) <= 0:
                    continue
                if left[j] > 0 and p not in used and ok(e):
                    trial.append(e)
                    used.add(p)
                    left[j] -= 1
                    g_used[o] = g_used.get(o, 0) + 1
            if all(v == 0 for v in left.values()):
                val = float(g.edge_score[trial].sum())
                if val > best_val:
                    best, best_val = trial, val
        if best is not None and best_val > 0:
            for e in best:
                take(e)
    for e in order[(et < 0) & (g.edge_score[order] > 0)].tolist():
        if ok(e):
            take(e)
    obj = float(g.edge_score[chosen].sum())
    return Solution(chosen, "feasible", obj, float("inf"),
                    {"solver": "greedy", "seconds": time.perf_counter() - t0})

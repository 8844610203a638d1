"""Provably optimal max-weight b-matching by OR-Tools min-cost flow.

Network: source -> [org node ->] person (capacity) -> need (1, cost -score) -> sink
(slots), plus a zero-cost bypass source -> sink so that the flow may stop wherever more
flow would not pay. Costs are the scores scaled to integers (see `cost_scale`); the
objective is reported in the original units. The graph is split into connected
components that are solved separately (optionally on several processes).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .graph import MatchGraph, Solution, cost_scale

CHUNK_EDGES = 200_000  # small components are packed together up to this many edges
PARALLEL_EDGES = 1_500_000  # below this total, a second process does not pay


def _flow_chunk(
    args: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                np.ndarray | None, np.ndarray | None],
) -> np.ndarray:
    """Solve one chunk. Edges use local person/need ids; returns chosen flags per edge."""
    e_need, e_person, e_cost, cap, slots, _, p_group, g_cap = args
    n_p, n_n = cap.shape[0], slots.shape[0]
    n_g = 0 if g_cap is None else g_cap.shape[0]
    src, snk = 0, 1
    g0, p0 = 2, 2 + n_g
    n0 = p0 + n_p
    tails = [np.array([src]), p0 + e_person, n0 + np.arange(n_n)]
    heads = [np.array([snk]), n0 + e_need, np.full(n_n, snk)]
    total = int(min(cap.sum(), slots.sum()))
    caps = [np.array([total]), np.ones(e_need.shape[0], dtype=np.int64), slots]
    costs = [np.array([0]), e_cost, np.zeros(n_n, dtype=np.int64)]
    if p_group is not None and g_cap is not None:
        tails += [np.full(n_g, src), np.where(p_group >= 0, g0 + p_group, src)]
        heads += [g0 + np.arange(n_g), p0 + np.arange(n_p)]
        caps += [g_cap, cap]
        costs += [np.zeros(n_g, dtype=np.int64), np.zeros(n_p, dtype=np.int64)]
    else:
        tails.append(np.full(n_p, src))
        heads.append(p0 + np.arange(n_p))
        caps.append(cap)
        costs.append(np.zeros(n_p, dtype=np.int64))
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    supplies = np.zeros(n0 + n_n, dtype=np.int64)
    supplies[src], supplies[snk] = total, -total
    smcf.set_nodes_supplies(np.arange(n0 + n_n, dtype=np.int32), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    m = e_need.shape[0]
    first = 1  # the edge arcs follow the bypass arc
    flows = smcf.flows(np.arange(first, first + m, dtype=np.int32))
    return np.asarray(flows) > 0


def _components(g: MatchGraph, active: np.ndarray) -> np.ndarray:
    """Component label per active edge (people, needs and capped org nodes linked)."""
    n_p, n_n = g.n_people, g.n_needs
    rows = [g.edge_person[active]]
    cols = [n_p + g.edge_need[active]]
    n_nodes = n_p + n_n
    if g.cap_group is not None:
        has = np.flatnonzero(g.cap_group >= 0)
        rows.append(has)
        cols.append(n_p + n_n + g.cap_group[has])
        n_nodes += int(g.cap_group.max(initial=-1)) + 1
    r, c = np.concatenate(rows), np.concatenate(cols)
    adj = coo_matrix((np.ones(r.shape[0], dtype=np.int8), (r, c)), shape=(n_nodes, n_nodes))
    _, lab = connected_components(adj, directed=False)
    return lab[g.edge_person[active]]


def _chunks(labels: np.ndarray, split: bool) -> list[np.ndarray]:
    """Edge index arrays, one per chunk of whole components."""
    if not split or labels.size == 0:
        return [np.arange(labels.size)]
    order = np.argsort(labels, kind="stable")
    lab_sorted = labels[order]
    bounds = np.flatnonzero(np.diff(lab_sorted)) + 1
    parts = np.split(order, bounds)
    parts.sort(key=len, reverse=True)
    out: list[np.ndarray] = []
    pending: list[np.ndarray] = []
    size = 0
    for part in parts:
        if len(part) >= CHUNK_EDGES:
            out.append(part)
            continue
        pending.append(part)
        size += len(part)
        if size >= CHUNK_EDGES:
            out.append(np.concatenate(pending))
            pending, size = [], 0
    if pending:
        out.append(np.concatenate(pending))
    return out


def solve_flow(
    g: MatchGraph,
    *,
    split: bool = True,
    workers: int | None = None,
    active: np.ndarray | None = None,
) -> Solution:
    """Optimal b-matching of `g`, ignoring its teams (every need is a single need).

    `split=False` solves the whole candidate graph as one network (the reference).
    `workers=None` uses two processes only for large graphs.
    """
    t0 = time.perf_counter()
    forced = g.forced_mask()
    cap = g.capacity.astype(np.int64).copy()
    slots = g.slots.astype(np.int64).copy()
    np.subtract.at(cap, g.edge_person[forced], 1)
    np.subtract.at(slots, g.edge_need[forced], 1)
    group_cap = None if g.group_cap is None else g.group_cap.astype(np.int64).copy()
    if group_cap is not None and g.cap_group is not None:
        gp = g.cap_group[g.edge_person[forced]]
        np.subtract.at(group_cap, gp[gp >= 0], 1)
        if np.any(group_cap < 0):
            return _infeasible(g, t0, "pins exceed an organisation cap")
    if np.any(cap < 0) or np.any(slots < 0):
        return _infeasible(g, t0, "pins exceed a capacity or slot count")
    if active is None:
        active = np.ones(g.n_edges, dtype=bool)
    active = active & ~forced & (g.edge_score > 0)
    active &= (cap[g.edge_person] > 0) & (slots[g.edge_need] > 0)
    idx = np.flatnonzero(active)
    chosen = forced.copy()
    scale = cost_scale(g.edge_score[idx])
    labels = _components(g, active) if split else np.zeros(idx.size, dtype=np.int64)
    chunks = _chunks(labels, split)
    tasks = []
    for ch in chunks:
        e = idx[ch]
        pu, pl = np.unique(g.edge_person[e], return_inverse=True)
        nu, nl = np.unique(g.edge_need[e], return_inverse=True)
        cost = -np.rint(g.edge_score[e] * scale).astype(np.int64)
        p_group = g_cap = None
        if g.cap_group is not None and group_cap is not None:
            raw = g.cap_group[pu]
            gu, gl = np.unique(raw[raw >= 0], return_inverse=True)
            p_group = np.full(pu.shape[0], -1, dtype=np.int64)
            p_group[raw >= 0] = gl
            g_cap = group_cap[gu]
        tasks.append((nl, pl, cost, cap[pu], slots[nu], e, p_group, g_cap))
    n_workers = workers
    if n_workers is None:
        n_workers = 2 if idx.size >= PARALLEL_EDGES and (os.cpu_count() or 1) > 1 else 1
    n_workers = max(1, min(n_workers, len(tasks)))
    t1 = time.perf_counter()
    if n_workers > 1:
        with mp.get_context("fork").Pool(n_workers) as pool:
            results = pool.map(_flow_chunk, tasks, chunksize=1)
    else:
        results = [_flow_chunk(t) for t in tasks]
    for task, res in zip(tasks, results, strict=True):
        chosen[task[5][res]] = True
    obj = float(g.edge_score[chosen].sum())
    stats = {
        "solver": "flow",
        "edges": int(idx.size),
        "chunks": len(tasks),
        "workers": n_workers,
        "build_seconds": t1 - t0,
        "solve_seconds": time.perf_counter() - t1,
    }
    return Solution(chosen, "optimal", obj, obj, stats)


def _infeasible(g: MatchGraph, t0: float, why: str) -> Solution:
    return Solution(
        np.zeros(g.n_edges, dtype=bool), "infeasible", 0.0, 0.0,
        {"solver": "flow", "reason": why, "solve_seconds": time.perf_counter() - t0},
    )

"""Provably optimal max-weight b-matching by OR-Tools min-cost flow.

Network (see `network.py`): source -> [org ->] person -> need -> sink, costs = scores
scaled to integers (`cost_scale`), a zero-cost bypass lets the flow stop where more
flow would not pay. The objective is reported in the original units.

Large graphs are solved by *certified pruning* (column generation on the flow):
solve on each need's best candidates and each person's best needs, compute node
potentials (LP duals) of that optimum, price every pruned pair with them, add the pairs
with negative reduced cost and repeat. When no pair prices out, the potentials prove the
solution optimal for the full candidate graph. Each round's graph is split into
connected components, solved on two processes when it is large.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..arrays import BoolArray, IntArray
from ..passes import integer_costs, price, score_range, top_mask
from .graph import Duals, MatchGraph, Solution, Stats, cost_scale
from .network import (
    Network,
    build_network,
    dual_prices,
    flows_from_chosen,
    pair_potentials,
    potentials,
    run_network,
)

CHUNK_EDGES = 200_000  # small components are packed together up to this many edges
PARALLEL_EDGES = 400_000  # below this many edges in a round, a second process does not pay
PRUNE_EDGES = 3_000_000  # above this many candidate pairs, use certified pruning (measured:
# at 0.7M pairs one network solves in a third of the time of six pruning rounds)
TOP_NEED, TOP_PERSON = 10, 0  # initial candidates kept per need slot and per person (0: none
# by person; measured at national scale, 43.5M and 20.6M pairs: 10/0 solves in 7.1-8.6 s where
# 6/2 took 8.2-12.0 s — the person pass costs ~0.8 s and its pairs made later rounds slower)
MAX_ROUNDS = 30
SPLIT_ROUND0 = False  # round 0 by department: measured no faster overall (more violations)
GROW_ROUNDS = 2  # rounds that add to the kept pairs; later rounds keep only tight ones
PRICE_MARGIN = 3.0  # points: when pricing finds improving pairs, also add near-zero ones
# (measured at national scale, 43.5M and 20.6M pairs: 3 rounds instead of 4, 8-20% faster
# than 1 grow round with a 1-point margin)


def _components(g: MatchGraph, active: BoolArray) -> IntArray:
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
    lab: IntArray = connected_components(adj, directed=False)[1]
    return lab[g.edge_person[active]]


def _chunks(labels: IntArray, split: bool) -> list[IntArray]:
    """Positions (into the label array), one array per chunk of whole components."""
    if not split or labels.size == 0:
        return [np.arange(labels.size)]
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    parts = sorted(np.split(order, bounds), key=len, reverse=True)
    out: list[IntArray] = []
    pending: list[IntArray] = []
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


@dataclass(frozen=True)
class _Task:
    """The arrays of one round, shared with the forked workers."""

    edges: IntArray
    need: IntArray
    person: IntArray
    cost: IntArray
    cap: IntArray
    slots: IntArray
    cap_group: IntArray | None
    group_cap: IntArray | None
    n_people: int
    n_needs: int


_TASK: list[_Task] = []  # the current round's task (set before the workers fork)


def _solve_chunk(pos: IntArray) -> BoolArray:
    """Worker: solve the chunk of edges `pos` (positions into the round's arrays)."""
    t = _TASK[0]
    e = t.edges[pos]
    net = build_network(e, t.need[e], t.person[e], t.cost[e], t.cap, t.slots,
                        t.cap_group, t.group_cap, t.n_people, t.n_needs)
    flow = run_network(net)
    return flow[1:1 + e.size] > 0


def _solve_edges(g: MatchGraph, edges: IntArray, cost: IntArray, cap: IntArray,
                 slots: IntArray, group_cap: IntArray | None, split: bool,
                 workers: int | None) -> tuple[BoolArray, Stats]:
    """Optimal choice among `edges` (global ids); returns a flag per edge and stats."""
    active = np.zeros(g.n_edges, dtype=bool)
    active[edges] = True
    labels = _components(g, active) if split else np.zeros(edges.size, dtype=np.int64)
    # `_components` returns labels in global edge order == sorted `edges` order
    order = np.argsort(edges)
    chunks = [order[c] for c in _chunks(labels, split)]
    n_workers = workers
    if n_workers is None:
        n_workers = 2 if edges.size >= PARALLEL_EDGES and (os.cpu_count() or 1) > 1 else 1
    n_workers = max(1, min(n_workers, len(chunks)))
    _TASK.clear()
    _TASK.append(_Task(edges=edges, need=g.edge_need, person=g.edge_person, cost=cost, cap=cap,
                       slots=slots, cap_group=g.cap_group, group_cap=group_cap,
                       n_people=g.n_people, n_needs=g.n_needs))
    if n_workers > 1:
        with mp.get_context("fork").Pool(n_workers) as pool:
            results = pool.map(_solve_chunk, chunks, chunksize=1)
    else:
        results = [_solve_chunk(c) for c in chunks]
    _TASK.clear()
    chosen = np.zeros(edges.size, dtype=bool)
    for pos, res in zip(chunks, results, strict=True):
        chosen[pos[res]] = True
    return chosen, {"chunks": len(chunks), "workers": n_workers}


def solve_flow(
    g: MatchGraph,
    *,
    split: bool = True,
    workers: int | None = None,
    active: BoolArray | None = None,
    prune: bool | None = None,
    duals: bool = False,
    deadline: float | None = None,
) -> Solution:
    """Optimal b-matching of `g` ignoring its teams (every need is a single need).

    `active` restricts the usable pairs; `split=False, prune=False, workers=1` solves
    the whole candidate graph as one network (the benchmark's reference).
    `duals=True` adds the LP prices and the proven upper bound from them
    (`Solution.duals`). `deadline` (a `time.perf_counter()` value) stops certified
    pruning after the round that passes it: the plan is then optimal on the pairs kept
    so far, status "feasible", and the bound comes from that round's LP prices, which
    bound the full graph by weak duality.
    """
    t0 = time.perf_counter()
    forced = g.forced_mask()
    if active is not None:
        forced = forced & active
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
    act = g.edge_score > 0
    if active is not None:
        act &= active
    if forced.any():
        act &= ~forced
    if cap.min(initial=1) <= 0:
        act &= cap[g.edge_person] > 0
    if slots.min(initial=1) <= 0:
        act &= slots[g.edge_need] > 0
    idx = np.flatnonzero(act)
    every = idx.size == g.n_edges
    lo, hi = score_range(g.edge_score if every else g.edge_score[idx])
    scale = cost_scale(np.array([lo, hi]))
    cost = integer_costs(g.edge_score, scale, None if every else act)
    chosen = forced.copy()
    if prune is None:
        prune = idx.size > PRUNE_EDGES
    stats: Stats = {"solver": "flow", "edges": int(idx.size), "pruned": bool(prune)}
    dist_net: tuple[IntArray, Network] | None = None  # (potentials, network) for duals
    if not prune:
        res, st = _solve_edges(g, idx, cost, cap, slots, group_cap, split, workers)
        stats.update(st, rounds=1)
        if duals:
            net = build_network(idx, g.edge_need[idx], g.edge_person[idx], cost[idx], cap,
                                slots, g.cap_group, group_cap, g.n_people, g.n_needs)
            flow = flows_from_chosen(net, res.astype(np.int64), 0, g.cap_group)
            dist_net = (potentials(net, flow), net)
    else:
        res, st, dist_net = _certified(g, idx, cost, cap, slots, group_cap, split, workers,
                                       deadline, scale)
        stats.update(st)
    chosen[idx[res]] = True
    certified = bool(stats.get("certified", True))
    prices: Duals | None = None
    if (duals or not certified) and dist_net is not None:
        v, u = dual_prices(dist_net[1], dist_net[0], scale, g.n_people, g.n_needs)
        slack = np.maximum(0.0, g.edge_score[idx] - v[g.edge_person[idx]] - u[g.edge_need[idx]])
        bound = float((cap * v).sum() + (slots * u).sum() + slack.sum())
        bound += float(g.edge_score[forced].sum())
        prices = Duals(person_price=v, need_price=u, bound=bound)
    obj = float(g.edge_score[chosen].sum())
    stats["solve_seconds"] = time.perf_counter() - t0
    if not certified:
        bound = max(obj, prices.bound) if prices is not None else float("inf")
        return Solution(chosen, "feasible", obj, bound, stats, prices if duals else None)
    return Solution(chosen, "optimal", obj, obj, stats, prices)


def _certified(g: MatchGraph, idx: IntArray, cost: IntArray, cap: IntArray,
               slots: IntArray, group_cap: IntArray | None, split: bool,
               workers: int | None, deadline: float | None, scale: float
               ) -> tuple[BoolArray, Stats, tuple[IntArray, Network] | None]:
    """Certified pruning: chosen flags over `idx`, per-round stats and the final
    (potentials, network) when certified, or the last round's when `deadline` passed
    (stats "certified": False)."""
    if idx.size == g.n_edges:  # every pair is usable: views, no copies
        e_need, e_person, e_cost, score = g.edge_need, g.edge_person, cost, g.edge_score
    else:
        e_need, e_person, e_cost = g.edge_need[idx], g.edge_person[idx], cost[idx]
        score = g.edge_score[idx]
    keep = top_mask(e_need, score, TOP_NEED * np.maximum(slots, 1), g.n_needs)
    if TOP_PERSON:
        keep |= top_mask(e_person, score, TOP_PERSON * np.maximum(cap, 1), g.n_people)
    rounds: list[Stats] = []
    margin = int(PRICE_MARGIN * scale)
    first = keep
    if SPLIT_ROUND0 and g.need_group is not None:
        # round 0 by department: each person only in the group of their best pair, so
        # the graph falls apart into departments (solved in parallel); pricing then
        # brings back whatever crosses departments
        sub = np.flatnonzero(keep)
        o = sub[np.argsort(score[sub], kind="stable")]
        home = np.full(g.n_people, -1, dtype=np.int64)
        home[e_person[o]] = g.need_group[e_need[o]]  # the last (best) write wins
        first = keep & (g.need_group[e_need] == home[e_person])
    for r in range(MAX_ROUNDS):
        t = time.perf_counter()
        sub = np.flatnonzero(first if r == 0 else keep)
        res, st = _solve_edges(g, idx[sub], cost, cap, slots, group_cap, split, workers)
        t1 = time.perf_counter()
        net = build_network(idx[sub], e_need[sub], e_person[sub], e_cost[sub], cap, slots,
                            g.cap_group, group_cap, g.n_people, g.n_needs)
        flow = flows_from_chosen(net, res.astype(np.int64), 0, g.cap_group)
        dist = potentials(net, flow)
        d_person, d_need = pair_potentials(net, dist, g.cap_group)
        chosen = np.zeros(idx.size, dtype=bool)
        chosen[sub[res]] = True
        # the next round's pairs: the first round adds the improving pairs and those
        # close to it (fewer rounds); later rounds keep only the pairs (nearly) tight
        # under the current duals
        violations, keep = price(e_cost, e_person, e_need, d_person, d_need, margin,
                                 first if r == 0 else keep, keep if r < GROW_ROUNDS else chosen)
        rounds.append({"edges": int(sub.size), "violations": violations,
                       "flow_seconds": round(t1 - t, 3),
                       "price_seconds": round(time.perf_counter() - t1, 3)} | st)
        if not violations:
            return (chosen, {"rounds": len(rounds), "round_stats": rounds, "certified": True},
                    (dist, net))
        if deadline is not None and time.perf_counter() >= deadline:
            return (chosen, {"rounds": len(rounds), "round_stats": rounds, "certified": False,
                             "stopped": "time limit"}, (dist, net))
    if deadline is not None and time.perf_counter() >= deadline:
        return (chosen, {"rounds": len(rounds), "round_stats": rounds, "certified": False,
                         "stopped": "time limit"}, (dist, net))
    # not converged: solve the whole graph (still optimal, just slower)
    res, st = _solve_edges(g, idx, cost, cap, slots, group_cap, split, workers)
    return res, {"rounds": len(rounds) + 1, "round_stats": rounds, "certified": False} | st, None


def _infeasible(g: MatchGraph, t0: float, why: str) -> Solution:
    return Solution(
        np.zeros(g.n_edges, dtype=bool), "infeasible", 0.0, 0.0,
        {"solver": "flow", "reason": why, "solve_seconds": time.perf_counter() - t0},
    )

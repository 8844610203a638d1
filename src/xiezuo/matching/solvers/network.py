"""The flow network of a b-matching and its dual potentials.

Nodes: 0 = source, 1 = sink, then organisation nodes (only with group caps), persons
and needs. Arcs: bypass source -> sink, candidate edges person -> need (capacity 1,
cost -score), source -> [org ->] person (capacity), need -> sink (slots).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from ..arrays import FloatArray, IntArray

SRC, SNK = 0, 1


@dataclass
class Network:
    edges: IntArray  # global edge ids of the candidate arcs
    tails: IntArray
    heads: IntArray
    caps: IntArray
    costs: IntArray
    n_nodes: int
    person_node: IntArray  # global person -> node, -1 when absent
    need_node: IntArray  # global need -> node, -1 when absent
    org_node: IntArray | None  # global group -> node, -1 when absent
    person_arc: IntArray  # arc index of source/org -> person, per present person
    persons: IntArray  # present persons (global ids), same order as person_arc
    needs: IntArray
    orgs: IntArray


def build_network(edges: IntArray, e_need: IntArray, e_person: IntArray,
                  e_cost: IntArray, cap: IntArray, slots: IntArray,
                  cap_group: IntArray | None, group_cap: IntArray | None,
                  n_people: int, n_needs: int) -> Network:
    """Network over the candidate `edges` (global ids; e_* already restricted to them)."""
    persons, p_loc = np.unique(e_person, return_inverse=True)
    needs, n_loc = np.unique(e_need, return_inverse=True)
    org_of: IntArray | None = None
    if cap_group is not None and group_cap is not None:
        raw = cap_group[persons]
        orgs, o_loc = np.unique(raw[raw >= 0], return_inverse=True)
        org_of = np.full(persons.size, -1, dtype=np.int64)
        org_of[raw >= 0] = o_loc
    else:
        orgs = np.zeros(0, dtype=np.int64)
    o0 = 2
    p0 = o0 + orgs.size
    n0 = p0 + persons.size
    m = edges.size
    total = int(min(cap[persons].sum(), slots[needs].sum()))
    feed = np.full(persons.size, SRC, dtype=np.int64) if org_of is None else np.where(
        org_of >= 0, o0 + org_of, SRC)
    tails = np.concatenate([[SRC], p0 + p_loc, feed, n0 + np.arange(needs.size),
                            np.full(orgs.size, SRC)])
    heads = np.concatenate([[SNK], n0 + n_loc, p0 + np.arange(persons.size),
                            np.full(needs.size, SNK), o0 + np.arange(orgs.size)])
    caps = np.concatenate([[total], np.ones(m, dtype=np.int64), cap[persons], slots[needs],
                           np.zeros(0, dtype=np.int64) if group_cap is None
                           else group_cap[orgs]]).astype(np.int64)
    costs = np.concatenate([[0], e_cost, np.zeros(persons.size + needs.size + orgs.size,
                                                  dtype=np.int64)]).astype(np.int64)
    person_node = np.full(n_people, -1, dtype=np.int64)
    person_node[persons] = p0 + np.arange(persons.size)
    need_node = np.full(n_needs, -1, dtype=np.int64)
    need_node[needs] = n0 + np.arange(needs.size)
    org_node = None
    if cap_group is not None and group_cap is not None:
        org_node = np.full(group_cap.size, -1, dtype=np.int64)
        org_node[orgs] = o0 + np.arange(orgs.size)
    return Network(edges, tails, heads, caps, costs, n0 + needs.size, person_node, need_node,
                   org_node, 1 + m + np.arange(persons.size), persons, needs, orgs)


def run_network(net: Network) -> IntArray:
    """Min-cost flow on the network; returns the flow of every arc."""
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(
        net.tails.astype(np.int32), net.heads.astype(np.int32), net.caps, net.costs)
    supplies = np.zeros(net.n_nodes, dtype=np.int64)
    supplies[SRC], supplies[SNK] = net.caps[0], -net.caps[0]
    smcf.set_nodes_supplies(np.arange(net.n_nodes, dtype=np.int32), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return np.asarray(smcf.flows(np.arange(net.tails.size, dtype=np.int32)), dtype=np.int64)


def flows_from_chosen(net: Network, chosen_edge: IntArray, n_orgs: int,
                      cap_group: IntArray | None) -> IntArray:
    """Arc flows of the network implied by a choice of its candidate arcs."""
    m = net.edges.size
    flow = np.zeros(net.tails.size, dtype=np.int64)
    flow[1:1 + m] = chosen_edge
    p_idx = net.tails[1:1 + m] - (2 + net.orgs.size)  # local person positions
    used = np.bincount(p_idx[chosen_edge > 0], minlength=net.persons.size)
    flow[1 + m:1 + m + net.persons.size] = used
    n_idx = net.heads[1:1 + m] - (2 + net.orgs.size + net.persons.size)
    filled = np.bincount(n_idx[chosen_edge > 0], minlength=net.needs.size)
    start = 1 + m + net.persons.size
    flow[start:start + net.needs.size] = filled
    if net.orgs.size and cap_group is not None:
        org_of = cap_group[net.persons]
        per = np.bincount(np.searchsorted(net.orgs, org_of[org_of >= 0]),
                          weights=used[org_of >= 0], minlength=net.orgs.size)
        flow[start + net.needs.size:] = per.astype(np.int64)
    flow[0] = net.caps[0] - filled.sum()
    return flow


def potentials(net: Network, flow: IntArray, max_rounds: int = 100_000) -> IntArray:
    """Node potentials d with c(u,v) + d[u] - d[v] >= 0 on every residual arc.

    Shortest distances from a virtual root joined to every node at cost 0, by a
    frontier Bellman-Ford vectorised with numpy (the residual graph of an optimal flow
    has no negative cycle, so this terminates).
    """
    fw = flow < net.caps
    bw = flow > 0
    rt = np.concatenate([net.tails[fw], net.heads[bw]])
    rh = np.concatenate([net.heads[fw], net.tails[bw]])
    rc = np.concatenate([net.costs[fw], -net.costs[bw]])
    order = np.argsort(rt, kind="stable")
    rt, rh, rc = rt[order], rh[order], rc[order]
    start = np.searchsorted(rt, np.arange(net.n_nodes + 1))
    dist = np.zeros(net.n_nodes, dtype=np.int64)
    active = np.arange(net.n_nodes)
    for _ in range(max_rounds):
        cnt = start[active + 1] - start[active]
        total = int(cnt.sum())
        if total == 0:
            break
        offs = np.repeat(start[active] - np.cumsum(np.r_[0, cnt[:-1]]), cnt) + np.arange(total)
        cand = dist[rt[offs]] + rc[offs]
        heads = rh[offs]
        better = cand < dist[heads]
        if not better.any():
            break
        np.minimum.at(dist, heads[better], cand[better])
        active = np.unique(heads[better])
    else:
        raise RuntimeError("potentials did not converge (negative cycle?)")
    return dist


def pair_potentials(net: Network, dist: IntArray, cap_group: IntArray | None
                    ) -> tuple[IntArray, IntArray]:
    """Potential of every person and every need under `dist`, also of those outside the
    network (absent persons take the potential of their feeder, absent needs that of the
    sink: the most permissive values their zero-flow arcs allow). The reduced cost of a
    candidate arc is cost + d_person[person] - d_need[need] (`passes.price`)."""
    feeder = np.full(net.person_node.size, dist[SRC], dtype=np.int64)
    if cap_group is not None and net.org_node is not None:
        has = cap_group >= 0
        on = net.org_node[cap_group[has]]
        feeder[np.flatnonzero(has)] = np.where(on >= 0, dist[np.maximum(on, 0)], dist[SRC])
    d_person = np.where(net.person_node >= 0, dist[np.maximum(net.person_node, 0)], feeder)
    d_need = np.where(net.need_node >= 0, dist[np.maximum(net.need_node, 0)], dist[SNK])
    return d_person, d_need


def dual_prices(net: Network, dist: IntArray, scale: float, n_people: int, n_needs: int
                ) -> tuple[FloatArray, FloatArray]:
    """LP duals (person price v, need price u, in score units) from potentials.

    v_p = max(0, d[p] - d[S]) and u_j = max(0, d[S] - d[j]) satisfy v_p + u_j >= w_pj on
    every pair whose arc is residual (reduced cost >= 0); pairs in the flow may need an
    extra slack, added by the caller. Absent nodes get 0.
    """
    v = np.zeros(n_people)
    u = np.zeros(n_needs)
    d_s = dist[SRC]
    v[net.persons] = np.maximum(0, dist[net.person_node[net.persons]] - d_s) / scale
    u[net.needs] = np.maximum(0, d_s - dist[net.need_node[net.needs]]) / scale
    return v, u

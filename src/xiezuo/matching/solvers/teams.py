"""Team formation (all-or-nothing, same source) jointly with single needs.

Two methods:

* `joint` — one MIP (scipy's HiGHS `milp`) over the components that contain team needs:
  x per candidate pair, y per team, z per (team, source group). Exact within the time
  limit; the MIP dual bound gives the gap. Components without teams go to the flow.
* `two_stage` — for large instances (MATCHING-NOTES: from ~500 teams). Person prices v
  are estimated from the singles-only optimum; each team's best fill per source group
  is computed with weights w - v (`options.py`); a small set-packing MIP picks the
  options; the single needs are then solved optimally by flow on what is left.
  The bound is Lagrangian: sum(cap * v) + flow_singles(w - v) + sum_t max(0, best_t(w - v)),
  valid because the shared person capacities are relaxed with multipliers v >= 0.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from ..arrays import BoolArray, FloatArray, IntArray
from .flow import _components, solve_flow
from .graph import MatchGraph, Solution, Stats, relative_gap
from .lagrange import class_bound, team_bound
from .options import select_options, team_options

JOINT_MAX_EDGES = 60_000


def solve_teams(g: MatchGraph, *, time_limit: float = 60.0, method: str = "auto") -> Solution:
    """Best plan for a graph with teams; `method` is 'auto', 'joint' or 'two_stage'."""
    if not g.teams:
        return solve_flow(g)
    team_of = g.team_of_need()
    in_team = team_of[g.edge_need] >= 0
    useful = in_team | (g.edge_score > 0) | g.forced_mask()
    labels = _components(g, useful)
    team_labels = np.unique(labels[in_team[useful]])
    mip_part = np.zeros(g.n_edges, dtype=bool)
    mip_part[np.flatnonzero(useful)[np.isin(labels, team_labels)]] = True
    if method == "auto":
        method = "joint" if int(mip_part.sum()) <= JOINT_MAX_EDGES else "two_stage"
    if method == "two_stage":
        return _two_stage(g, time_limit)
    t0 = time.perf_counter()
    rest = solve_flow(g, active=useful & ~mip_part) if np.any(useful & ~mip_part) else None
    sol = _joint_mip(g, np.flatnonzero(mip_part), time_limit)
    if rest is not None:
        # the flow also marks forced edges of every component; keep only its own part
        sol.chosen |= rest.chosen & ~mip_part
        extra = float(g.edge_score[rest.chosen & ~mip_part].sum())
        sol.objective += extra
        sol.bound += extra
    sol.stats["seconds"] = time.perf_counter() - t0
    return sol


def _joint_mip(g: MatchGraph, idx: IntArray, time_limit: float) -> Solution:
    """Exact MIP on edges `idx` (whole components, so capacities are not shared)."""
    t0 = time.perf_counter()
    chosen = np.zeros(g.n_edges, dtype=bool)
    m = idx.size
    if m == 0:
        return Solution(chosen, "optimal", 0.0, 0.0, {"solver": "joint_mip"})
    e_need, e_person = g.edge_need[idx], g.edge_person[idx]
    w = g.edge_score[idx]
    team_of = g.team_of_need()
    n_t = len(g.teams)
    # z variables: one per (team, label) pair that occurs among the team's candidates
    z_keys: list[tuple[int, int]] = []
    z_of_edge = np.full(m, -1, dtype=np.int64)
    for t, spec in enumerate(g.teams):
        if spec.same is None:
            continue
        sel = np.flatnonzero(team_of[e_need] == t)
        labs = g.labels[spec.same][e_person[sel]]
        uniq, inv = np.unique(labs, return_inverse=True)
        z_of_edge[sel] = len(z_keys) + inv
        z_keys.extend((t, int(u)) for u in uniq)
    n_z = len(z_keys)
    n_var = m + n_t + n_z
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    vals: list[FloatArray] = []
    lo: list[FloatArray] = []
    hi: list[FloatArray] = []
    r0 = 0

    def add(r: IntArray, c: IntArray, v: FloatArray, n_rows: int, lb: FloatArray,
            ub: FloatArray) -> None:
        nonlocal r0
        rows.append(r0 + r)
        cols.append(c)
        vals.append(v)
        lo.append(lb)
        hi.append(ub)
        r0 += n_rows

    ones = np.ones(m)
    pu, pinv = np.unique(e_person, return_inverse=True)
    add(pinv, np.arange(m), ones, pu.size, np.full(pu.size, -np.inf),
        g.capacity[pu].astype(np.float64))
    team_needs = np.concatenate([s.needs for s in g.teams]).astype(np.int64)
    nu = np.union1d(e_need, team_needs)
    ninv = np.searchsorted(nu, e_need)
    nt = team_of[nu]
    spec_aon = np.array([s.all_or_nothing for s in g.teams] + [False])
    aon = (nt >= 0) & spec_aon[nt]
    y_r = np.flatnonzero(nt >= 0)
    add(
        np.concatenate([ninv, y_r]),
        np.concatenate([np.arange(m), m + nt[y_r]]),
        np.concatenate([ones, -g.slots[nu[y_r]] * 1.0]),
        nu.size,
        np.where(aon, 0.0, -np.inf),
        np.where(nt >= 0, 0.0, g.slots[nu] * 1.0),
    )
    same_teams = np.array([t for t, s in enumerate(g.teams) if s.same is not None], dtype=np.int64)
    if same_teams.size:
        rank = np.full(n_t, -1, dtype=np.int64)
        rank[same_teams] = np.arange(same_teams.size)
        zt = np.array([k[0] for k in z_keys], dtype=np.int64)
        add(
            np.concatenate([rank[zt], np.arange(same_teams.size)]),
            np.concatenate([m + n_t + np.arange(n_z), m + same_teams]),
            np.concatenate([np.ones(n_z), -np.ones(same_teams.size)]),
            same_teams.size,
            np.zeros(same_teams.size), np.zeros(same_teams.size),
        )
    if n_z:
        # per (need, z): sum of x over the group's candidates <= slots * z
        has = np.flatnonzero(z_of_edge >= 0)
        key = ninv[has] * n_z + z_of_edge[has]
        ku, kinv = np.unique(key, return_inverse=True)
        k_need, k_z = ku // n_z, ku % n_z
        add(
            np.concatenate([kinv, np.arange(ku.size)]),
            np.concatenate([has, m + n_t + k_z]),
            np.concatenate([np.ones(has.size), -g.slots[nu[k_need]] * 1.0]),
            ku.size,
            np.full(ku.size, -np.inf), np.zeros(ku.size),
        )
    if g.cap_group is not None and g.group_cap is not None:
        grp = g.cap_group[e_person]
        has = np.flatnonzero(grp >= 0)
        gu, ginv = np.unique(grp[has], return_inverse=True)
        add(ginv, has, np.ones(has.size), gu.size, np.full(gu.size, -np.inf),
            g.group_cap[gu].astype(np.float64))
    a = coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(r0, n_var)
    ).tocsr()
    c = np.concatenate([-w, np.zeros(n_t + n_z)])
    lb = np.zeros(n_var)
    lb[:m] = g.forced_mask()[idx]
    res = milp(
        c,
        constraints=LinearConstraint(a, np.concatenate(lo), np.concatenate(hi)),
        integrality=np.ones(n_var),
        bounds=Bounds(lb, np.ones(n_var)),
        options={"time_limit": max(1.0, float(time_limit)), "mip_rel_gap": 1e-9},
    )
    stats = {"solver": "joint_mip", "mip_edges": m, "mip_status": int(res.status),
             "nodes": getattr(res, "mip_node_count", None)}
    if res.x is None:
        status = "infeasible" if res.status == 2 else "feasible"
        return Solution(chosen, status, 0.0, 0.0 if status == "infeasible" else float("inf"),
                        stats | {"seconds": time.perf_counter() - t0})
    chosen[idx[res.x[:m] > 0.5]] = True
    obj = float(g.edge_score[chosen].sum())
    dual = getattr(res, "mip_dual_bound", None)
    bound = obj if res.status == 0 or dual is None or not np.isfinite(dual) else -float(dual)
    bound = max(bound, obj)
    status = "optimal" if res.status == 0 else "feasible"
    stats["seconds"] = time.perf_counter() - t0
    return Solution(chosen, status, obj, bound, stats)


def _two_stage(g: MatchGraph, time_limit: float) -> Solution:
    t0 = time.perf_counter()
    team_of = g.team_of_need()
    single = team_of[g.edge_need] < 0
    # the single needs alone, with LP prices of people (v) and a dual bound D
    first = solve_flow(g, active=single, duals=True)
    if first.duals is None:  # solve_flow with duals=True always returns them
        raise RuntimeError("the singles' flow returned no LP prices")
    v = first.duals.person_price
    singles_ub = first.duals.bound
    t1 = time.perf_counter()
    # team fills valued at score - v: what a team adds over the singles' use of its people
    opts = team_options(g, v)
    # bound (Lagrangian with multipliers v on the shared capacities):
    #   D + teams(w - v) <= D + class_bound(fills at w - v)
    team_ub = class_bound(g, opts)
    b_stats: Stats = {"class_bound": round(team_ub, 1)}
    # selection gets what is left after reserving a second singles solve (like the first)
    left = time_limit - (time.perf_counter() - t0) - 1.2 * (t1 - t0) - 1.0
    picked, sel_stats = select_options(g, opts, v, time_limit=max(1.0, left))
    chosen = np.zeros(g.n_edges, dtype=bool)
    for k in picked:
        chosen[opts.edges[k]] = True
    # stage 2: singles on the remaining capacities (pins of single needs stay forced)
    second = solve_flow(_residual(g, chosen, single), active=single)
    chosen |= second.chosen & single
    obj = float(g.edge_score[chosen].sum())
    left = time_limit - (time.perf_counter() - t0)
    if relative_gap(obj, singles_ub + team_ub) > 1e-3 and left > 2:
        dw_ub, _, dw_stats = team_bound(g, opts, base=v, time_limit=left / 2)
        team_ub = min(team_ub, dw_ub)
        b_stats |= dw_stats
    bound = max(singles_ub + team_ub, obj)
    status = "optimal" if relative_gap(obj, bound) < 1e-9 else "feasible"
    stats = {"solver": "two_stage", "options": len(opts.edges), "teams_formed": len(picked),
             "singles_alone": first.objective, "singles_bound": singles_ub,
             "teams_bound": team_ub, "singles_seconds": round(t1 - t0, 2),
             "seconds": time.perf_counter() - t0}
    return Solution(chosen, status, obj, bound, stats | sel_stats | b_stats)


def _residual(g: MatchGraph, chosen: BoolArray, single: BoolArray) -> MatchGraph:
    """`g` with the capacities used by `chosen` removed (team needs keep their slots)."""
    cap = g.capacity - np.bincount(g.edge_person[chosen], minlength=g.n_people)
    group_cap = g.group_cap
    if g.cap_group is not None and g.group_cap is not None:
        grp = g.cap_group[g.edge_person[chosen]]
        group_cap = g.group_cap - np.bincount(grp[grp >= 0], minlength=g.group_cap.shape[0])
    forced = None if g.forced is None else g.forced & single & ~chosen
    return MatchGraph(np.maximum(cap, 0), g.slots, g.edge_need, g.edge_person, g.edge_score,
                      cap_group=g.cap_group, group_cap=group_cap, forced=forced)

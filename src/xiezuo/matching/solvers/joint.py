"""The joint team MIP: x per candidate pair, y per team, z per (team, source group).

Exact within its deadline (HiGHS, `highs.py`, optionally started from a feasible plan);
used on the components with teams (`teams.solve_teams`, method `joint`), on the
neighbourhood of a two-stage plan (`polish`), per source group (`sources.py`) and as the
whole-graph reference of `bench/matching_teams.py`.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.sparse import coo_matrix

from ..arrays import BoolArray, FloatArray, IntArray
from .graph import MatchGraph, Solution, Stats
from .highs import solve_mip


def joint_mip(g: MatchGraph, idx: IntArray, deadline: float,
               start: BoolArray | None = None) -> Solution:
    """MIP on edges `idx` (every other pair stays out); `start`: a feasible plan (per
    edge of g, inside `idx`) HiGHS starts from. Exact over `idx` within the deadline."""
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
    et = team_of[e_need]
    present = np.unique(et[et >= 0]).tolist()  # teams with pairs here; the others stay out
    for t in present:
        spec = g.teams[t]
        if spec.same is None:
            continue
        sel = np.flatnonzero(et == t)
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
    team_needs = np.concatenate([g.teams[t].needs for t in present]
                                + [np.zeros(0, dtype=np.int64)]).astype(np.int64)
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
    same_teams = np.array([t for t in present if g.teams[t].same is not None], dtype=np.int64)
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
    ).tocsc()
    c = np.concatenate([-w, np.zeros(n_t + n_z)])
    lb = np.zeros(n_var)
    lb[:m] = g.forced_mask()[idx]
    x0 = None
    if start is not None:
        x0 = np.zeros(n_var)
        x0[:m] = start[idx]
        on = np.flatnonzero(x0[:m] > 0.5)
        t_on = team_of[e_need[on]]
        x0[m + np.unique(t_on[t_on >= 0])] = 1.0
        z_on = z_of_edge[on]
        x0[m + n_t + np.unique(z_on[z_on >= 0])] = 1.0
    res = solve_mip(c, a, np.concatenate(lo), np.concatenate(hi), lb, np.ones(n_var),
                    time_limit=deadline - time.perf_counter(), start=x0)
    stats: Stats = {"solver": "joint_mip", "mip_edges": m, "mip_status": res.status,
                    "nodes": res.nodes}
    if res.x is None:
        status = "infeasible" if res.status == "infeasible" else "feasible"
        bound = 0.0 if status == "infeasible" else (
            -res.dual_bound if np.isfinite(res.dual_bound) else float("inf"))
        return Solution(chosen, status, 0.0, bound, stats | {"seconds": time.perf_counter() - t0})
    chosen[idx[res.x[:m] > 0.5]] = True
    obj = float(g.edge_score[chosen].sum())
    if res.status == "optimal":
        bound = obj
    else:
        bound = max(obj, -res.dual_bound if np.isfinite(res.dual_bound) else float("inf"))
    status = "optimal" if res.status == "optimal" else "feasible"
    stats["seconds"] = time.perf_counter() - t0
    return Solution(chosen, status, obj, bound, stats)

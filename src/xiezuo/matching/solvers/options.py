"""Team options for the two-stage team solver.

An option is one complete fill of one team from one source group, optimal for that
(team, group) alone under adjusted weights w - v (v = estimated person prices).
Pruning each role to its best S candidates per group (S = the team's total slots) is
exact: an optimal fill that used a worse candidate could swap in a free one of the S.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import coo_matrix

from ..arrays import BoolArray, FloatArray, IntArray
from .graph import MatchGraph, Stats

BIG = 1e7  # weight added to pinned pairs so that a fill includes them


@dataclass
class Options:
    team: list[int] = field(default_factory=list)
    edges: list[IntArray] = field(default_factory=list)
    value: list[float] = field(default_factory=list)  # adjusted by person prices
    pinned: list[bool] = field(default_factory=list)  # team has pins (must be formed)
    label: list[int] = field(default_factory=list)  # source group of the fill (0 if none)
    best: dict[int, float] = field(default_factory=dict)  # best adjusted value per team
    skipped: list[int] = field(default_factory=list)  # teams not evaluated (time limit)

    def best_per_team_sum(self) -> float:
        return float(sum(max(0.0, b) for b in self.best.values()))


def _fill_mip(n_inv: IntArray, p_inv: IntArray, w: FloatArray, slots: IntArray,
              cap: IntArray) -> IntArray | None:
    """Exact fill when a person may take several roles of one team (capacity > 1)."""
    m = w.size
    rows = np.concatenate([n_inv, slots.size + p_inv])
    a = coo_matrix((np.ones(2 * m), (rows, np.tile(np.arange(m), 2))),
                   shape=(slots.size + cap.size, m))
    lo = np.concatenate([slots, np.full(cap.size, -np.inf)])
    hi = np.concatenate([slots, cap]).astype(float)
    res = milp(-w, constraints=LinearConstraint(a, lo, hi), integrality=np.ones(m),
               bounds=Bounds(0, 1))
    if res.x is None:
        return None
    return np.flatnonzero(res.x > 0.5)


def _fill(rows: IntArray, e_need: IntArray, e_person: IntArray, w: FloatArray,
          slots: IntArray, cap: IntArray | None = None) -> IntArray | None:
    """Best complete fill: edge positions chosen, or None if the roles cannot all be filled."""
    need_u, n_inv = np.unique(e_need, return_inverse=True)
    if need_u.size < rows.size:
        return None
    pers_u, p_inv = np.unique(e_person, return_inverse=True)
    if cap is not None and np.any(cap[pers_u] > 1) and need_u.size > 1:
        return _fill_mip(n_inv, p_inv, w, slots[need_u], cap[pers_u])
    row_need = np.repeat(np.arange(need_u.size), slots[need_u])
    if row_need.size > pers_u.size:
        return None
    cost = np.full((need_u.size, pers_u.size), np.inf)
    cost[n_inv, p_inv] = -w
    big = cost[row_need]
    try:
        assigned: tuple[IntArray, IntArray] = linear_sum_assignment(big)
    except ValueError:
        return None
    r, c = assigned
    if r.size < row_need.size or not np.all(np.isfinite(big[r, c])):
        return None
    lookup = np.full((need_u.size, pers_u.size), -1, dtype=np.int64)
    lookup[n_inv, p_inv] = np.arange(e_need.size)
    return lookup[row_need[r], c]


def team_options(g: MatchGraph, v: FloatArray, blocked: BoolArray | None = None,
                 teams: list[int] | None = None, deadline: float | None = None) -> Options:
    """Options for `teams` (default all); persons flagged in `blocked` are not used.
    Teams not reached by `deadline` (a `time.perf_counter()` value) are listed in
    `skipped`, without options or `best`."""
    opts = Options()
    team_of = g.team_of_need()
    et = team_of[g.edge_need]
    order = np.argsort(et, kind="stable")
    starts = np.searchsorted(et[order], np.arange(len(g.teams) + 1))
    forced = g.forced_mask()
    todo = list(range(len(g.teams))) if teams is None else list(teams)
    for n_done, t in enumerate(todo):
        if deadline is not None and time.perf_counter() >= deadline:
            opts.skipped.extend(todo[n_done:])
            break
        spec = g.teams[t]
        idx = order[starts[t]:starts[t + 1]]
        if blocked is not None:
            idx = idx[~blocked[g.edge_person[idx]]]
        pins = idx[forced[idx]]
        w = g.edge_score[idx] - v[g.edge_person[idx]] + BIG * forced[idx]
        total = int(g.slots[spec.needs].sum())
        labs = (np.zeros(idx.size, dtype=np.int64) if spec.same is None
                else g.labels[spec.same][g.edge_person[idx]])
        # keep per (label, need) the best `total` candidates (exact, see module doc)
        key = np.lexsort((-w, g.edge_need[idx], labs))
        idx, w, labs = idx[key], w[key], labs[key]
        grp = labs * (g.n_needs + 1) + g.edge_need[idx]
        first = np.r_[0, np.flatnonzero(np.diff(grp)) + 1]
        rank = np.arange(idx.size) - np.repeat(first, np.diff(np.r_[first, idx.size]))
        keep = rank < total
        idx, w, labs = idx[keep], w[keep], labs[keep]
        best = -np.inf
        bounds = np.r_[0, np.flatnonzero(np.diff(labs)) + 1, idx.size]
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            if b - a < total:
                continue
            pos = _fill(spec.needs, g.edge_need[idx[a:b]], g.edge_person[idx[a:b]], w[a:b],
                        g.slots, g.capacity)
            if pos is None:
                continue
            chosen = idx[a:b][pos]
            if pins.size and not np.all(np.isin(pins, chosen)):
                continue
            val = float(g.edge_score[chosen].sum() - v[g.edge_person[chosen]].sum())
            best = max(best, val)
            opts.team.append(t)
            opts.label.append(int(labs[a]))
            opts.edges.append(chosen)
            opts.value.append(val)
            opts.pinned.append(bool(pins.size))
        opts.best[t] = best if np.isfinite(best) else 0.0
    return opts


def role_bound(g: MatchGraph, v: FloatArray, teams: list[int]) -> float:
    """Upper bound on sum_t max(0, best_t(w - v)) over `teams`, without filling them:
    each role takes its best candidate (at w - v) for every slot, ignoring that one person
    cannot take two slots and the one-source rule. Cheap (vectorised), loose."""
    if not teams:
        return 0.0
    needs = np.concatenate([g.teams[t].needs for t in teams]).astype(np.int64)
    owner = np.repeat(np.arange(len(teams)), [g.teams[t].needs.size for t in teams])
    is_role = np.zeros(g.n_needs, dtype=bool)
    is_role[needs] = True
    sel = np.flatnonzero(is_role[g.edge_need])
    top = np.full(g.n_needs, -np.inf)
    np.maximum.at(top, g.edge_need[sel], g.edge_score[sel] - v[g.edge_person[sel]])
    per_role = g.slots[needs] * top[needs]  # -inf: a role nobody can take
    per_team = np.bincount(owner, weights=np.where(np.isfinite(per_role), per_role, -1e18),
                           minlength=len(teams))
    return float(np.maximum(per_team, 0.0).sum())


def _select(g: MatchGraph, opts: Options, cap: IntArray, group_cap: IntArray | None,
            time_limit: float, mip: bool = True) -> tuple[list[int], Stats]:
    keep = [k for k in range(len(opts.team)) if opts.value[k] > 0 or opts.pinned[k]]
    if not keep:
        return [], {"select_status": "empty"}
    if not mip:
        return _greedy_pick(g, opts, keep, cap, group_cap), {"select": "greedy"}
    n = len(keep)
    teams_u, t_inv = np.unique([opts.team[k] for k in keep], return_inverse=True)
    rows, cols = [t_inv], [np.arange(n)]
    lo = [np.where(np.isin(teams_u, [opts.team[k] for k in keep if opts.pinned[k]]), 1.0, 0.0)]
    hi = [np.ones(teams_u.size)]
    r0 = teams_u.size
    members = np.concatenate([g.edge_person[opts.edges[k]] for k in keep])
    owner = np.repeat(np.arange(n), [opts.edges[k].size for k in keep])
    pu, p_inv = np.unique(members, return_inverse=True)
    rows.append(r0 + p_inv)
    cols.append(owner)
    lo.append(np.full(pu.size, -np.inf))
    hi.append(cap[pu].astype(float))
    r0 += pu.size
    if g.cap_group is not None and group_cap is not None:
        grp = g.cap_group[members]
        has = grp >= 0
        gu, g_inv = np.unique(grp[has], return_inverse=True)
        rows.append(r0 + g_inv)
        cols.append(owner[has])
        lo.append(np.full(gu.size, -np.inf))
        hi.append(group_cap[gu].astype(float))
        r0 += gu.size
    r, c = np.concatenate(rows), np.concatenate(cols)
    a = coo_matrix((np.ones(r.size), (r, c)), shape=(r0, n)).tocsr()
    res = milp(-np.array([opts.value[k] for k in keep]),
               constraints=LinearConstraint(a, np.concatenate(lo), np.concatenate(hi)),
               integrality=np.ones(n), bounds=Bounds(0, 1),
               options={"time_limit": time_limit, "mip_rel_gap": 1e-6})
    greedy = _greedy_pick(g, opts, keep, cap, group_cap)
    g_val = sum(opts.value[k] for k in greedy)
    if res.x is None:
        return greedy, {"select_status": int(res.status), "select": "greedy"}
    by_mip = [keep[i] for i in np.flatnonzero(res.x > 0.5)]
    if sum(opts.value[k] for k in by_mip) < g_val - 1e-9:  # time limit hit on a poor incumbent
        return greedy, {"select_status": int(res.status), "select": "greedy"}
    return by_mip, {"select_status": int(res.status), "select": "mip"}


def _greedy_pick(g: MatchGraph, opts: Options, keep: list[int], cap: IntArray,
                 group_cap: IntArray | None) -> list[int]:
    """Fills by value, best first, when their team is open and their people are free."""
    left = cap.astype(np.int64).copy()
    gleft = None if group_cap is None else group_cap.astype(np.int64).copy()
    pinned_teams = {opts.team[k] for k in keep if opts.pinned[k]}
    order = sorted(keep, key=lambda k: (opts.team[k] not in pinned_teams, -opts.value[k]))
    formed: set[int] = set()
    out: list[int] = []
    for k in order:
        t = opts.team[k]
        if t in formed:
            continue
        people = g.edge_person[opts.edges[k]]
        nz, need = np.unique(people, return_counts=True)
        if np.any(left[nz] < need):
            continue
        if gleft is not None and g.cap_group is not None:
            grp = g.cap_group[people]
            grp = grp[grp >= 0]
            cnt = np.bincount(grp, minlength=gleft.size)
            if np.any(cnt > gleft):
                continue
            gleft -= cnt
        left[nz] -= need
        formed.add(t)
        out.append(k)
    return out


REPAIR_ROUNDS = 8
MIP_OPTIONS = 20_000  # above this many fills the set packing is picked greedily (measured:
# at 50k fills HiGHS did not beat the greedy pick within its time limit)


def select_options(g: MatchGraph, opts: Options, v: FloatArray,
                   time_limit: float) -> tuple[list[int], Stats]:
    """Pick at most one option per team (set packing MIP), then repair rounds that
    recompute the options of unformed teams on the people still free (each (team,
    source) has one fill per round, so teams sharing a source need several rounds).
    Everything stops at `time_limit` (the MIP's own limit is a share of it)."""
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    group_cap = g.group_cap
    picked, stats = _select(g, opts, g.capacity, group_cap, max(0.1, time_limit / 4),
                            mip=len(opts.team) <= MIP_OPTIONS)
    rounds = 0
    while rounds < REPAIR_ROUNDS and time.perf_counter() < deadline:
        used = np.zeros(g.n_people, dtype=np.int64)
        for k in picked:
            np.add.at(used, g.edge_person[opts.edges[k]], 1)
        formed = {opts.team[k] for k in picked}
        rest = [t for t in range(len(g.teams)) if t not in formed]
        if not rest:
            break
        more = team_options(g, v, blocked=used >= g.capacity, teams=rest, deadline=deadline)
        gcap2 = None
        if g.cap_group is not None and group_cap is not None:
            grp = g.cap_group[used > 0]
            cnt = np.bincount(grp[grp >= 0], weights=used[used > 0][grp >= 0],
                              minlength=group_cap.size)
            gcap2 = group_cap - cnt.astype(np.int64)
        left = max(0.1, (deadline - time.perf_counter()) / 4)
        # small MIPs while cheap, greedy picks for large repair rounds
        extra, _ = _select(g, more, g.capacity - used, gcap2, left,
                           mip=len(more.team) <= MIP_OPTIONS)
        rounds += 1
        if not extra:
            break
        base = len(opts.team)
        for k in extra:
            opts.team.append(more.team[k])
            opts.label.append(more.label[k])
            opts.edges.append(more.edges[k])
            opts.value.append(more.value[k])
            opts.pinned.append(more.pinned[k])
        picked += list(range(base, base + len(extra)))
    stats["teams_formed"] = len(picked)
    stats["repair_rounds"] = rounds
    return picked, stats

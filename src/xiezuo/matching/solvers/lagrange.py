"""Upper bound on what the teams can add, by Dantzig-Wolfe / Lagrangian pricing.

Relax the person capacities shared by the teams with prices pi >= 0: for any pi,

    teams(w) <= sum_p cap_p * pi_p + sum_t max(0, best_t(w - pi))

where best_t is the best complete fill of team t alone (`team_options`). The prices
come from the LP master over the fills generated so far (at most one fill per team,
person capacities), whose duals price out the people many teams compete for. A few
rounds bring the bound close to the LP relaxation of the team problem.

`class_bound` is the other bound on the teams (usually the tighter one at national
scale): an LP over (team, source) fills with rows for the scarce roles of each source
and, given the prices, rows for what the distinct people of a source are worth.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from ..arrays import FloatArray, IntArray
from .graph import MatchGraph, Stats
from .options import Options, role_bound, team_options


def _master(g: MatchGraph, pool: list[IntArray], teams: list[int], values: FloatArray
            ) -> tuple[float, FloatArray]:
    """LP over fills: returns its value and the person prices (duals of capacities)."""
    n = len(pool)
    members = np.concatenate(pool)
    owner = np.repeat(np.arange(n), [e.size for e in pool])
    persons = g.edge_person[members]
    pu, p_inv = np.unique(persons, return_inverse=True)
    tu, t_inv = np.unique(np.asarray(teams), return_inverse=True)
    rows = np.concatenate([t_inv, tu.size + p_inv])
    cols = np.concatenate([np.arange(n), owner])
    a = coo_matrix((np.ones(rows.size), (rows, cols)), shape=(tu.size + pu.size, n)).tocsr()
    b = np.concatenate([np.ones(tu.size), g.capacity[pu].astype(float)])
    res = linprog(-values, A_ub=a, b_ub=b, bounds=(0, 1), method="highs")
    prices = np.zeros(g.n_people)
    if res.status != 0:
        return float("inf"), prices
    prices[pu] = np.maximum(0.0, -res.ineqlin.marginals[tu.size:])
    return float(-res.fun), prices


def team_bound(g: MatchGraph, first: Options, rounds: int = 6, time_limit: float = 20.0,
               base: FloatArray | None = None) -> tuple[float, Options, Stats]:
    """(upper bound on the teams' total of score - base, all fills generated, stats).

    `first` are the fills priced at `base` (default zero prices).
    """
    base = np.zeros(g.n_people) if base is None else base
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    pool = list(first.edges)
    teams = list(first.team)
    bound = first.best_per_team_sum() + role_bound(g, base, first.skipped)
    history = [bound]
    extra = Options()
    for _ in range(rounds):
        if not pool or time.perf_counter() - t0 > time_limit:
            break
        values = np.array([float((g.edge_score[e] - base[g.edge_person[e]]).sum())
                           for e in pool])
        master, prices = _master(g, pool, teams, values)
        opts = team_options(g, base + prices, deadline=deadline)
        lagr = (float((g.capacity * prices).sum()) + opts.best_per_team_sum()
                + role_bound(g, base + prices, opts.skipped))
        bound = min(bound, lagr)
        history.append(lagr)
        seen = {(t, tuple(np.sort(e))) for t, e in zip(teams, pool, strict=True)}
        added = 0
        for t, e in zip(opts.team, opts.edges, strict=True):
            key = (t, tuple(np.sort(e)))
            if key not in seen:
                seen.add(key)
                pool.append(e)
                teams.append(t)
                extra.team.append(t)
                extra.label.append(-1)
                extra.edges.append(e)
                extra.value.append(float((g.edge_score[e] - base[g.edge_person[e]]).sum()))
                extra.pinned.append(False)
                added += 1
        if added == 0 or bound - master <= 1e-6 * max(1.0, abs(bound)):
            break
    return bound, extra, {"team_bound_rounds": len(history) - 1,
                          "team_bound_history": [round(h, 1) for h in history],
                          "team_bound_seconds": round(time.perf_counter() - t0, 2)}


def _need_classes(g: MatchGraph) -> IntArray:
    """Class per need: `g.need_class`, else needs with identical candidate sets."""
    if g.need_class is not None:
        return g.need_class
    order = np.lexsort((g.edge_person, g.edge_need))
    cls = np.full(g.n_needs, -1, dtype=np.int64)
    seen: dict[bytes, int] = {}
    bounds = np.searchsorted(g.edge_need[order], np.arange(g.n_needs + 1))
    for spec in g.teams:
        for j in spec.needs.tolist():
            key = g.edge_person[order[bounds[j]:bounds[j + 1]]].tobytes()
            cls[j] = seen.setdefault(key, len(seen))
    return cls


def class_bound(g: MatchGraph, plain: Options, time_limit: float | None = None,
                prices: FloatArray | None = None) -> float:
    """Teams bound from scarce roles: an LP over (team, source) fills valued at their
    best score, where the fills taking roles of one class from one source share the
    capacity of the people in that source qualifying for any of them. Any partition of
    the roles into classes gives valid rows; three are used together: by specialty
    (`need_class`), by department (`need_group`) and all roles as one class.
    With `prices` (the v the fills in `plain` were valued at) the LP also gets the
    value rows of `_value_rows`: k teams taking one class from one source get at most
    the k best people's scores there, not k times the best.
    Only the teams with fills in `plain` count; +inf when the LP stops at `time_limit`.
    """
    keep = [k for k in range(len(plain.team)) if plain.value[k] > 0]
    if not keep:
        return 0.0
    team_of = g.team_of_need()
    keys = sorted({s.same or "" for s in g.teams})
    key_of_team = np.array([keys.index(s.same or "") for s in g.teams], dtype=np.int64)
    te = np.flatnonzero(team_of[g.edge_need] >= 0)
    t_e = team_of[g.edge_need[te]]
    lab = np.zeros(te.size, dtype=np.int64)
    for k, name in enumerate(keys):
        if name:
            sel = key_of_team[t_e] == k
            lab[sel] = g.labels[name][g.edge_person[te[sel]]]
    n_lab = int(lab.max(initial=0)) + 1
    opt_team = np.array([plain.team[k] for k in keep], dtype=np.int64)
    opt_label = np.array([plain.label[k] for k in keep], dtype=np.int64)
    teams_u, t_row = np.unique(opt_team, return_inverse=True)
    # every (fill, role) pair, vectorised: role needs of each fill's team
    flat = np.concatenate([s.needs for s in g.teams]).astype(np.int64)
    n_roles = np.array([s.needs.size for s in g.teams], dtype=np.int64)
    start = np.r_[0, np.cumsum(n_roles)[:-1]]
    cnt = n_roles[opt_team]
    fill = np.repeat(np.arange(len(keep)), cnt)
    role = flat[np.repeat(start[opt_team] - np.r_[0, np.cumsum(cnt)[:-1]], cnt)
                + np.arange(int(cnt.sum()))]
    rows: list[IntArray] = [t_row]
    cols: list[IntArray] = [np.arange(len(keep))]
    vals: list[FloatArray] = [np.ones(len(keep))]
    caps: list[FloatArray] = [np.ones(teams_u.size)]
    r0 = teams_u.size
    partitions = [_need_classes(g), np.zeros(g.n_needs, dtype=np.int64)]
    if g.need_group is not None:
        partitions.append(g.need_group - int(g.need_group.min(initial=0)))
    value = np.array([plain.value[k] for k in keep])
    first_rows: tuple[IntArray, IntArray, IntArray] | None = None
    for cls in partitions:
        row_key = (cls[g.edge_need[te]] * len(keys) + key_of_team[t_e]) * n_lab + lab
        cap_key, key_inv = np.unique(row_key, return_inverse=True)
        pair_key = key_inv * g.n_people + g.edge_person[te]  # (row, person), compact
        if first_rows is None:  # the value rows need each team pair's (row, person) too
            pair, pair_inv = np.unique(pair_key, return_inverse=True)
        else:
            pair = np.unique(pair_key)
        caps.append(np.bincount(pair // g.n_people,
                                weights=g.capacity[pair % g.n_people].astype(float),
                                minlength=cap_key.size).astype(np.float64, copy=False))
        rk = np.searchsorted(
            cap_key, (cls[role] * len(keys) + key_of_team[opt_team[fill]]) * n_lab
            + opt_label[fill])
        rows.append(r0 + rk)
        cols.append(fill)
        vals.append(g.slots[role].astype(float))
        r0 += cap_key.size
        if first_rows is None:
            first_rows = (pair, pair_inv, rk)
    n_var = len(keep)
    c = -value
    lb, ub = np.zeros(n_var), np.ones(n_var)
    if prices is not None and first_rows is not None:
        lp = _value_rows(g, prices, te, lab, n_lab, first_rows, fill, role, opt_label, value)
        rows += [r0 + r for r in lp.rows]
        cols += lp.cols
        vals += lp.vals
        caps.append(np.zeros(lp.n_rows))
        r0 += lp.n_rows
        n_var += lp.n_vars
        c = np.concatenate([np.zeros(len(keep)), lp.c])
        lb, ub = np.concatenate([lb, lp.lb]), np.concatenate([ub, lp.ub])
    rows_a, cols_a, vals_a = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    a = coo_matrix((vals_a, (rows_a, cols_a)), shape=(r0, n_var)).tocsr()
    res = linprog(c, A_ub=a, b_ub=np.concatenate(caps), bounds=np.stack([lb, ub], axis=1),
                  method="highs",
                  options=None if time_limit is None else {"time_limit": max(0.1, time_limit)})
    return float(-res.fun) if res.status == 0 else float("inf")


@dataclass
class _LpBlock:
    """Extra LP columns (after the fills' z) and rows (each `<= 0`), local numbering."""

    rows: list[IntArray]
    cols: list[IntArray]
    vals: list[FloatArray]
    n_rows: int
    n_vars: int
    c: FloatArray  # objective (minimised) of the extra columns
    lb: FloatArray
    ub: FloatArray


def _value_rows(g: MatchGraph, prices: FloatArray, te: IntArray, lab: IntArray, n_lab: int,
                keys: tuple[IntArray, IntArray, IntArray], fill: IntArray, role: IntArray,
                opt_label: IntArray, value: FloatArray) -> _LpBlock:
    """Value rows of the class LP: the objective becomes sum_g R_g over the groups g
    (class, source) of the roles, with

        sum_g R_g <= sum_k z_k value_k                                (fills at their best)
        R_g <= sum_(k, j in g) z_k slots_j top_(j, source)        (each role at its best pair)
        R_g <= sum_(k, j in g) z_k slots_j delta_(j, source) + sum_(p in g) pi_pg y_pg
        sum_(k, j in g) z_k slots_j <= sum_(p in g) y_pg,    0 <= y_pg <= cap_p

    pi_pg is person p's best adjusted score (w - prices) on any role of group g, and
    delta_(j, s) = max over j's candidates p in s of (w_pj - prices_p - pi_pg) <= 0, so
    every pair keeps w_pj - prices_p <= pi_pg + delta_(j, s): a plan's roles of group g
    are worth at most their deltas plus the pi of the distinct people taking them (y =
    how often each is taken). Valid for any plan; it stops the LP from crediting every
    team of a source with the same best people.
    """
    # the distinct (row * n_people + person), each team pair's among them, the row of
    # every (fill, role); rows of the first partition (`need_class`)
    kp, kp_inv, fill_key = keys
    adj = g.edge_score[te] - prices[g.edge_person[te]]
    pi = np.full(kp.size, -np.inf)
    np.maximum.at(pi, kp_inv, adj)
    jl, jl_inv = np.unique(g.edge_need[te] * n_lab + lab, return_inverse=True)
    delta = np.full(jl.size, -np.inf)
    np.maximum.at(delta, jl_inv, adj - pi[kp_inv])
    top = np.full(jl.size, -np.inf)
    np.maximum.at(top, jl_inv, adj)
    groups = np.unique(fill_key)
    n_fill, n_grp = value.size, groups.size
    in_use = np.isin(kp // g.n_people, groups)
    y_grp = np.searchsorted(groups, kp[in_use] // g.n_people)
    y_cap = g.capacity[kp[in_use] % g.n_people].astype(np.float64)
    n_y = y_grp.size
    r_of = n_fill + np.arange(n_grp)  # column of R_g
    y_col = n_fill + n_grp + np.arange(n_y)
    f_grp = np.searchsorted(groups, fill_key)
    slots = g.slots[role].astype(np.float64)
    f_jl = np.searchsorted(jl, role * n_lab + opt_label[fill])
    grp_rows = np.arange(n_grp)
    return _LpBlock(
        rows=[np.zeros(n_grp + n_fill, dtype=np.int64),
              1 + np.concatenate([grp_rows, f_grp]),
              1 + n_grp + np.concatenate([grp_rows, f_grp, y_grp]),
              1 + 2 * n_grp + np.concatenate([f_grp, y_grp])],
        cols=[np.concatenate([r_of, np.arange(n_fill)]),
              np.concatenate([r_of, fill]),
              np.concatenate([r_of, fill, y_col]),
              np.concatenate([fill, y_col])],
        vals=[np.concatenate([np.ones(n_grp), -value]),
              np.concatenate([np.ones(n_grp), -slots * top[f_jl]]),
              np.concatenate([np.ones(n_grp), -slots * delta[f_jl], -pi[in_use]]),
              np.concatenate([slots, -np.ones(n_y)])],
        n_rows=1 + 3 * n_grp, n_vars=n_grp + n_y,
        c=np.concatenate([-np.ones(n_grp), np.zeros(n_y)]),
        lb=np.concatenate([np.full(n_grp, -np.inf), np.zeros(n_y)]),
        ub=np.concatenate([np.full(n_grp, np.inf), y_cap]),
    )

"""Upper bound on what the teams can add, by Dantzig-Wolfe / Lagrangian pricing.

Relax the person capacities shared by the teams with prices pi >= 0: for any pi,

    teams(w) <= sum_p cap_p * pi_p + sum_t max(0, best_t(w - pi))

where best_t is the best complete fill of team t alone (`team_options`). The prices
come from the LP master over the fills generated so far (at most one fill per team,
person capacities), whose duals price out the people many teams compete for. A few
rounds bring the bound close to the LP relaxation of the team problem.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from .graph import MatchGraph
from .options import Options, team_options


def _master(g: MatchGraph, pool: list[np.ndarray], teams: list[int], values: np.ndarray
            ) -> tuple[float, np.ndarray]:
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


def team_bound(g: MatchGraph, first: Options, rounds: int = 6, time_limit: float = 20.0
               ) -> tuple[float, Options, dict]:
    """(upper bound on the teams' total score, all fills generated, stats).

    `first` are fills priced with zero prices (their `value` is the plain score).
    """
    t0 = time.perf_counter()
    pool = list(first.edges)
    teams = list(first.team)
    bound = first.best_per_team_sum()
    history = [bound]
    extra = Options()
    for _ in range(rounds):
        if not pool or time.perf_counter() - t0 > time_limit:
            break
        values = np.array([float(g.edge_score[e].sum()) for e in pool])
        master, prices = _master(g, pool, teams, values)
        opts = team_options(g, prices)
        lagr = float((g.capacity * prices).sum()) + opts.best_per_team_sum()
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
                extra.edges.append(e)
                extra.value.append(float(g.edge_score[e].sum()))
                extra.pinned.append(False)
                added += 1
        if added == 0 or bound - master <= 1e-6 * max(1.0, abs(bound)):
            break
    return bound, extra, {"team_bound_rounds": len(history) - 1,
                          "team_bound_history": [round(h, 1) for h in history],
                          "team_bound_seconds": round(time.perf_counter() - t0, 2)}

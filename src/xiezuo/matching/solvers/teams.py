"""Team formation (all-or-nothing, same source) jointly with single needs.

Every method works against a deadline (`time_limit` seconds from the call) and returns
the best plan found with a proven upper bound: status "optimal" when the bound meets the
plan, "feasible" otherwise.

* `joint` — one MIP (HiGHS) over the components that contain team needs: x per
  candidate pair, y per team, z per (team, source group). Exact within the time limit;
  the MIP dual bound gives the gap. Components without teams go to the flow. Used when
  those components are small (`JOINT_MAX_EDGES`).
* `two_stage` — person prices v are estimated from the singles-only optimum; each
  team's best fill per source group is computed with weights w - v (`options.py`); a
  small set-packing MIP picks the fills, and one exact MIP per source group improves the
  pick (`sources.py`); the single needs are then solved by flow on what is left. The
  bound is Lagrangian: sum(cap * v) + flow_singles(w - v) + a bound on what the teams add
  at w - v (`lagrange.py`), valid because the person capacities shared by singles and
  teams are relaxed with multipliers v >= 0.
* `polish` (used by `auto` for up to `JOINT_MAX_TEAMS` teams) — the two-stage plan,
  then a large-neighbourhood MIP (HiGHS, started from that plan, `highs.py`): every
  team's pairs from its best few source groups, the single pairs of the people in them
  and of the needs those people can take are free, the rest of the plan stays. The
  bound stays the two-stage bound. (Reduced-cost fixing of the whole joint MIP was
  measured useless here: the two-stage gap, ~120 points at 10k people, is larger than
  any pair's score, so no pair can be fixed; and HiGHS's presolve of the whole 300k-pair
  MIP alone takes 14 s without watching the time limit.)
* `quick` — when the time limit is too short for the two-stage flows (national scale,
  a few seconds): singles only, greedy on each need's best candidates; bound: every
  need slot takes its best pair (valid, loose: ~30% at national scale).

When a flow stops at the deadline (`solve_flow(deadline=...)`) its plan is optimal on the
pairs priced so far and its bound comes from that round's LP prices.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from ..arrays import BoolArray, FloatArray
from ..passes import top_mask
from .flow import _components, solve_flow
from .graph import (
    MatchGraph,
    Solution,
    Stats,
    capacities_left,
    check_solution,
    deadline_for,
    relative_gap,
)
from .joint import joint_mip
from .lagrange import class_bound, team_bound
from .options import Options, role_bound, select_options, team_options
from .sources import improve_by_source

JOINT_MAX_EDGES = 60_000  # component MIP when the team components have at most this many pairs
COMPONENT_CHECK_EDGES = 2_000_000  # above: no component split (labelling alone costs seconds)
JOINT_MAX_TEAMS = 400  # `auto` polishes the two-stage plan by the neighbourhood MIP up to this many
# teams (MATCHING-NOTES: joint within 0.1% up to ~250 teams; two-stage from ~500)
POLISH_GAP = 1e-4  # polish only while the two-stage plan is further than this from its bound
POLISH_MAX_EDGES = 80_000  # neighbourhood MIPs above this many pairs are not tried (HiGHS's
# presolve does not watch the time limit: 14 s for the whole 300k-pair graph at 10k people)
POLISH_CITIES = 3  # source groups per team in the neighbourhood (best by adjusted value)
POLISH_SECONDS_PER_PAIR = 4e-4  # time left needed per pair to start the neighbourhood MIP
POLISH_MIN_SECONDS = 1.0  # time left needed to start the neighbourhood MIP
FLOW_SECONDS_PER_PAIR = 1e-6  # singles flow: about 24 s for 18M single pairs (national, 2 cores)
QUICK_FACTOR = 3.0  # the full two-stage needs about this many singles flows of time
QUICK_TOP = 3  # candidates per need slot kept by the quick plan
METHODS = ("auto", "joint", "two_stage", "polish", "quick")


@dataclass
class _Prices:
    """What the neighbourhood MIP needs from the two-stage solve."""

    person: FloatArray  # v
    need: FloatArray  # u (0 for team needs)
    single: BoolArray  # per edge: of a single need
    options: Options  # the team fills priced at v


def solve_teams(g: MatchGraph, *, time_limit: float = 60.0, method: str = "auto") -> Solution:
    """Best plan for a graph with teams; `method` one of METHODS (see the module doc)."""
    t0 = time.perf_counter()
    deadline = deadline_for(time_limit, t0)
    if method not in METHODS:
        raise ValueError(f"unknown team method {method!r}")
    if not g.teams:
        return solve_flow(g, deadline=deadline)
    if method == "joint" or (method == "auto" and g.n_edges <= COMPONENT_CHECK_EDGES):
        useful, mip_part = _team_part(g)
        if method == "joint" or int(mip_part.sum()) <= JOINT_MAX_EDGES:
            sol = _joint_components(g, useful, mip_part, deadline)
            sol.stats["seconds"] = time.perf_counter() - t0
            return sol
    if method == "quick":
        sol = _quick(g, g.team_of_need()[g.edge_need] < 0, deadline)
    else:
        sol, prices = _two_stage(g, deadline, allow_quick=method == "auto")
        polish = method == "polish" or (method == "auto" and len(g.teams) <= JOINT_MAX_TEAMS)
        if (polish and prices is not None
                and (method == "polish" or sol.gap > POLISH_GAP)
                and deadline - time.perf_counter() >= POLISH_MIN_SECONDS):
            sol = _polish(g, sol, prices, deadline)
    sol.stats["seconds"] = time.perf_counter() - t0
    return sol


def _team_part(g: MatchGraph) -> tuple[BoolArray, BoolArray]:
    """(useful pairs, the useful pairs in components that contain team needs)."""
    team_of = g.team_of_need()
    in_team = team_of[g.edge_need] >= 0
    useful = in_team | (g.edge_score > 0) | g.forced_mask()
    labels = _components(g, useful)
    team_labels = np.unique(labels[in_team[useful]])
    mip_part = np.zeros(g.n_edges, dtype=bool)
    mip_part[np.flatnonzero(useful)[np.isin(labels, team_labels)]] = True
    return useful, mip_part


def _joint_components(g: MatchGraph, useful: BoolArray, mip_part: BoolArray,
                      deadline: float) -> Solution:
    """The exact MIP on the team components (started from the two-stage plan, which is
    also the answer when the MIP finds nothing in time), the flow on the rest."""
    t0 = time.perf_counter()
    base, _ = _two_stage(g, t0 + 0.3 * (deadline - t0))
    rest = (solve_flow(g, active=useful & ~mip_part, deadline=deadline)
            if np.any(useful & ~mip_part) else None)
    sol = joint_mip(g, np.flatnonzero(mip_part), deadline, start=base.chosen & mip_part)
    if rest is not None:
        # the flow also marks forced edges of every component; keep only its own part
        sol.chosen |= rest.chosen & ~mip_part
        extra = float(g.edge_score[rest.chosen & ~mip_part].sum())
        sol.objective += extra
        sol.bound += extra + (rest.bound - rest.objective)
        if rest.status != "optimal" and sol.status == "optimal":
            sol.status = "feasible"
    if sol.stats.get("mip_status") == "infeasible":
        return Solution(np.zeros(g.n_edges, dtype=bool), "infeasible", 0.0, 0.0, sol.stats)
    bound = min(sol.bound, base.bound)
    base_ok = base.status != "infeasible" and not check_solution(g, base.chosen)
    if not base_ok and check_solution(g, sol.chosen):
        # neither plan keeps every rule (pins of a team the MIP could not finish in time)
        return Solution(np.zeros(g.n_edges, dtype=bool), "infeasible", 0.0, 0.0,
                        sol.stats | {"reason": "no plan keeping the pins in time"})
    if base_ok and (base.objective > sol.objective + 1e-9 or check_solution(g, sol.chosen)):
        sol.chosen, sol.objective = base.chosen, base.objective
    sol.bound = max(bound, sol.objective)
    sol.status = "optimal" if relative_gap(sol.objective, sol.bound) < 1e-9 else "feasible"
    return sol


def _polish(g: MatchGraph, sol: Solution, prices: _Prices, deadline: float) -> Solution:
    """Large-neighbourhood MIP around the two-stage plan `sol` (HiGHS, warm start).

    Free: every team's pairs from its `POLISH_CITIES` best source groups (at w - v) and
    from its current group, the single pairs of the people in them, and the single
    needs those people can take, with the people free or in the neighbourhood. Every
    other pair of the plan stays as it is (capacities reduced by it). The bound stays
    the two-stage bound: the neighbourhood proves nothing beyond itself.
    """
    t0 = time.perf_counter()
    z, ub = sol.objective, sol.bound
    stats = dict(sol.stats)
    single = prices.single
    opts = prices.options
    team_of = g.team_of_need()
    et = team_of[g.edge_need]
    # (team, group) pairs kept: best few per team by adjusted value, and the plan's own
    keep_pairs: set[tuple[int, int]] = set()
    by_team: dict[int, list[tuple[float, int]]] = {}
    for t, lab, val in zip(opts.team, opts.label, opts.value, strict=True):
        by_team.setdefault(t, []).append((val, lab))
    for t, cand in by_team.items():
        keep_pairs.update((t, lab) for _, lab in sorted(cand, reverse=True)[:POLISH_CITIES])
    lab_e = np.full(g.n_edges, -1, dtype=np.int64)
    for t, spec in enumerate(g.teams):
        sel = np.flatnonzero(et == t)
        lab_e[sel] = 0 if spec.same is None else g.labels[spec.same][g.edge_person[sel]]
    on = np.flatnonzero(sol.chosen & (et >= 0))
    keep_pairs.update(zip(et[on].tolist(), lab_e[on].tolist(), strict=True))
    tl = np.flatnonzero(et >= 0)
    if keep_pairs:
        key = et[tl] * (int(lab_e.max(initial=0)) + 2) + lab_e[tl]
        want = np.array([t * (int(lab_e.max(initial=0)) + 2) + lab for t, lab in keep_pairs])
        team_free = tl[np.isin(key, want)]
    else:
        team_free = tl[:0]
    free = np.zeros(g.n_edges, dtype=bool)
    free[team_free] = True
    free |= sol.chosen & (et >= 0) | (g.forced_mask() & (et >= 0))
    in_nb = np.zeros(g.n_people, dtype=bool)
    in_nb[g.edge_person[free]] = True
    used = np.bincount(g.edge_person[sol.chosen], minlength=g.n_people)
    spare = used < g.capacity
    touched = np.zeros(g.n_needs, dtype=bool)
    touched[g.edge_need[single & in_nb[g.edge_person] & (g.edge_score > 0)]] = True
    free |= single & touched[g.edge_need] & (g.edge_score > 0) & (
        in_nb[g.edge_person] | spare[g.edge_person] | sol.chosen)
    idx = np.flatnonzero(free)
    stats |= {"polish_pairs": int(idx.size)}
    if idx.size > POLISH_MAX_EDGES or (deadline - time.perf_counter()
                                       < POLISH_SECONDS_PER_PAIR * idx.size):
        return Solution(sol.chosen, sol.status, z, ub, stats | {"polish": "skipped"})
    fixed = sol.chosen & ~free
    cap, group_cap = capacities_left(g, fixed)
    slots = g.slots - np.bincount(g.edge_need[fixed], minlength=g.n_needs)
    sub = replace(g, capacity=cap, slots=slots, group_cap=group_cap)
    mip = joint_mip(sub, idx, deadline, start=sol.chosen)
    stats |= {"polish_status": mip.stats.get("mip_status"), "nodes": mip.stats.get("nodes"),
              "polish_seconds": round(time.perf_counter() - t0, 2)}
    chosen, obj = sol.chosen, z
    plan = fixed | mip.chosen
    val = float(g.edge_score[plan].sum())
    if val > z + 1e-9 and not check_solution(g, plan):
        chosen, obj = plan, val
    bound = max(obj, ub)
    status = "optimal" if relative_gap(obj, bound) < 1e-9 else "feasible"
    stats |= {"solver": "two_stage+polish", "polish_gain": round(obj - z, 3),
              "teams_formed": _n_formed(g, chosen)}
    return Solution(chosen, status, obj, bound, stats)


def _n_formed(g: MatchGraph, chosen: BoolArray) -> int:
    team_of = g.team_of_need()
    t = team_of[g.edge_need[chosen]]
    return int(np.unique(t[t >= 0]).size)


def _quick(g: MatchGraph, single: BoolArray, deadline: float) -> Solution:
    """Singles only, greedy (best pair first) on each need's best candidates: a few
    vectorised passes over the pair arrays, then a loop over a small subset. Bound:
    every need slot takes its best pair (valid with teams, loose)."""
    t0 = time.perf_counter()
    forced = g.forced_mask()
    top = top_mask(g.edge_need, g.edge_score, QUICK_TOP * np.maximum(g.slots, 1),
                   g.n_needs)
    sub = np.flatnonzero(top)  # every need's best pair is in its top candidates
    best = np.zeros(g.n_needs)
    np.maximum.at(best, g.edge_need[sub], g.edge_score[sub])
    bound = float((g.slots * best).sum())
    sub = sub[single[sub] & (g.edge_score[sub] > 0)]
    sub = sub[~forced[sub]]
    order = sub[np.argsort(-g.edge_score[sub], kind="stable")]
    pins = np.flatnonzero(forced & single)
    cap = g.capacity.astype(np.int64).tolist()
    slots = g.slots.astype(np.int64).tolist()
    grp = None if g.cap_group is None or g.group_cap is None else g.cap_group.tolist()
    gcap = None if g.group_cap is None else g.group_cap.astype(np.int64).tolist()
    taken: list[int] = []
    for e, p, j in zip(np.concatenate([pins, order]).tolist(),
                       g.edge_person[np.concatenate([pins, order])].tolist(),
                       g.edge_need[np.concatenate([pins, order])].tolist(), strict=True):
        o = -1 if grp is None else grp[p]
        if cap[p] <= 0 or slots[j] <= 0 or (gcap is not None and o >= 0 and gcap[o] <= 0):
            continue
        cap[p] -= 1
        slots[j] -= 1
        if gcap is not None and o >= 0:
            gcap[o] -= 1
        taken.append(e)
    chosen = np.zeros(g.n_edges, dtype=bool)
    chosen[np.asarray(taken, dtype=np.int64)] = True
    obj = float(g.edge_score[chosen].sum())
    bound = max(bound, obj)
    return Solution(chosen, "feasible", obj, bound,
                    {"solver": "quick", "pairs": int(sub.size), "teams_formed": 0,
                     "quick_seconds": round(time.perf_counter() - t0, 2)})


def _two_stage(g: MatchGraph, deadline: float, allow_quick: bool = True
               ) -> tuple[Solution, _Prices | None]:
    t0 = time.perf_counter()
    budget = deadline - t0
    team_of = g.team_of_need()
    single = team_of[g.edge_need] < 0
    team_pins = bool(np.any(g.forced_mask() & ~single))
    est = FLOW_SECONDS_PER_PAIR * int(np.count_nonzero(single))
    if allow_quick and not team_pins and budget < QUICK_FACTOR * est:
        return _quick(g, single, deadline), None
    # the single needs alone, with LP prices of people (v) and a dual bound D
    first = solve_flow(g, active=single, duals=True, deadline=t0 + 0.45 * budget)
    if first.duals is None:  # solve_flow with duals=True always returns them
        raise RuntimeError("the singles' flow returned no LP prices")
    v = first.duals.person_price
    singles_ub = first.duals.bound
    t1 = time.perf_counter()
    flow_s = t1 - t0
    # time kept for the second flow: on the pairs within SECOND_MARGIN of tight (large
    # graphs) it costs about 0.7-0.9 of the first (measured at national scale), else about
    # the same
    reserve = (0.9 if est > SECOND_FULL_SECONDS else 1.2) * flow_s + 0.5
    left = max(0.0, deadline - t1 - reserve)  # shared by fills, their bound and the pick
    # team fills valued at score - v: what a team adds over the singles' use of its people
    opts = team_options(g, v, deadline=t1 + 0.35 * left)
    # bound (Lagrangian with multipliers v on the shared capacities):
    #   D + teams(w - v) <= D + class_bound(fills at w - v) [+ role bound of teams not reached]
    skipped_ub = role_bound(g, v, opts.skipped)
    cb = class_bound(g, opts, time_limit=max(0.1, 0.3 * left), prices=v)
    team_ub = min(cb, opts.best_per_team_sum()) + skipped_ub
    b_stats: Stats = {"class_bound": round(cb, 1), "teams_skipped": len(opts.skipped)}
    left = deadline - time.perf_counter() - reserve
    picked, sel_stats = select_options(g, opts, v, time_limit=max(0.1, SELECT_SHARE * left))
    chosen = np.zeros(g.n_edges, dtype=bool)
    for k in picked:
        chosen[opts.edges[k]] = True
    # the pick, improved by one exact MIP per source (a city's teams and its people)
    chosen, src_stats = improve_by_source(g, v, opts, chosen, deadline=deadline - reserve)
    # stage 2: singles on the remaining capacities (pins of single needs stay forced);
    # only pairs near tight under the first prices (the rest hardly ever pays)
    u = first.duals.need_price
    near = single
    if est > SECOND_FULL_SECONDS:
        near = single & ((g.edge_score - v[g.edge_person] - u[g.edge_need] > -SECOND_MARGIN)
                         | first.chosen | g.forced_mask())
    # a pricing round runs to its end: stop a round's length (~1/4 of the first flow at
    # national scale) before the deadline
    second = solve_flow(_residual(g, chosen, single), active=near,
                        deadline=deadline - 0.25 * flow_s)
    chosen |= second.chosen & single
    obj = float(g.edge_score[chosen].sum())
    left = deadline - time.perf_counter()
    if relative_gap(obj, singles_ub + team_ub) > 1e-3 and left > 2:
        dw_ub, _, dw_stats = team_bound(g, opts, base=v, time_limit=left / 2)
        team_ub = min(team_ub, dw_ub)
        b_stats |= dw_stats
    bound = max(singles_ub + team_ub, obj)
    status = "optimal" if relative_gap(obj, bound) < 1e-9 else "feasible"
    stats = {"solver": "two_stage", "options": len(opts.edges),
             "singles_alone": first.objective, "singles_bound": singles_ub,
             "singles_status": first.status, "teams_bound": team_ub,
             "singles_seconds": round(flow_s, 2), "seconds": time.perf_counter() - t0}
    sol = Solution(chosen, status, obj, bound, stats | sel_stats | src_stats | b_stats
                   | {"teams_formed": _n_formed(g, chosen)})
    return sol, _Prices(v, u, single, opts)


SELECT_SHARE = 0.3  # of the time left for the pick: the set packing and its repair rounds;
# the rest goes to the per-source MIPs (`sources.py`)
SECOND_MARGIN = 20.0  # points: pairs this far from tight under the first prices stay out
# (measured at national scale: at 10 points the singles lost 3.9k points, 0.12 %, to pairs that
# turn tight once the teams take their people; at 20 points none, in 6.8 s instead of 3.9 s)
SECOND_FULL_SECONDS = 4.0  # ... of the second flow, when the first is estimated above this


def _residual(g: MatchGraph, chosen: BoolArray, single: BoolArray) -> MatchGraph:
    """`g` with the capacities used by `chosen` removed (team needs keep their slots)."""
    cap, group_cap = capacities_left(g, chosen)
    forced = None if g.forced is None else g.forced & single & ~chosen
    return MatchGraph(np.maximum(cap, 0), g.slots, g.edge_need, g.edge_person, g.edge_score,
                      cap_group=g.cap_group, group_cap=group_cap, forced=forced)

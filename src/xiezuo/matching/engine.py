"""`solve(problem)`: candidates -> scores -> solver -> explanations."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .arrays import FloatArray, IntArray
from .candidates import Candidates, check_pins, generate
from .explain import explain_assignments, explain_unfilled
from .model import MatchingInputError, Problem, Result, validate
from .scoring import EdgeParts, total_score_of
from .solvers import MatchGraph, TeamSpec, deadline_for, solve_flow, solve_greedy
from .solvers.teams import solve_teams

NO_CAP = 1 << 40


@dataclass
class Built:
    candidates: Candidates
    parts: Mapping[str, FloatArray]  # in points (weight * part), summing to the score;
    # computed when read (`EdgeParts.at` for some pairs)
    score: FloatArray
    graph: MatchGraph
    seconds: float


def build(problem: Problem) -> Built:
    """Validate, generate candidates, score them and build the solver graph."""
    t0 = time.perf_counter()
    validate(problem)
    c = generate(problem, problem.weights)
    score = total_score_of(problem, c)
    parts = EdgeParts(problem, c)
    forced = check_pins(problem, c)
    pa, na = c.pa, c.na
    teams = [
        TeamSpec(np.array([na.index[n] for n in t.member_need_ids], dtype=np.int64),
                 all_or_nothing=True, same=t.same_source)
        for t in problem.teams
    ]
    cap_group = group_cap = None
    caps = {o: k for k, o in enumerate(pa.org_names) if o in problem.org_caps}
    if caps:
        group_cap = np.full(len(pa.org_names), NO_CAP, dtype=np.int64)
        for o, k in caps.items():
            group_cap[k] = problem.org_caps[o]
        cap_group = np.where(np.isin(pa.org, list(caps.values())), pa.org, -1)
    pinned_per_person = np.bincount(c.person[forced], minlength=len(pa.ids))
    over = np.flatnonzero(pinned_per_person > pa.capacity)
    if over.size:
        raise MatchingInputError(f"pins (person {pa.ids[over[0]]!r})",
                                 "more pins than the person's capacity")
    pinned_per_need = np.bincount(c.need[forced], minlength=len(na.ids))
    over = np.flatnonzero(pinned_per_need > na.slots)
    if over.size:
        raise MatchingInputError(f"pins (need {na.ids[over[0]]!r})", "more pins than slots")
    if cap_group is not None and group_cap is not None:
        # Pins count against an organisation's cap like any match: more pins than the cap
        # is a contradiction in the input (the team solver would drop a pin to keep the cap).
        pinned_groups = cap_group[c.person[forced]]
        pinned_per_group = np.bincount(pinned_groups[pinned_groups >= 0],
                                       minlength=len(group_cap))
        over = np.flatnonzero(pinned_per_group > group_cap)
        if over.size:
            raise MatchingInputError(f"pins (organisation {pa.org_names[over[0]]!r})",
                                     "more pins than the organisation's cap")
    g = MatchGraph(
        need_group=_departments(problem),
        need_class=_specialties(problem),
        capacity=pa.capacity, slots=na.slots, edge_need=c.need, edge_person=c.person,
        edge_score=score, teams=teams, labels={"org": pa.org, "city": pa.city},
        cap_group=cap_group, group_cap=group_cap, forced=forced if forced.any() else None,
    )
    return Built(c, parts, score, g, time.perf_counter() - t0)


def _departments(problem: Problem) -> IntArray:
    """Per need, the connected group of its specialty in the relatedness map (-1: no code)."""
    codes = sorted({n.specialty_code for n in problem.needs if n.specialty_code}
                   | set(problem.related) | {r for v in problem.related.values() for r in v})
    index = {c: i for i, c in enumerate(codes)}
    rows = [index[a] for a, rel in problem.related.items() for _ in rel]
    cols = [index[b] for rel in problem.related.values() for b in rel]
    adj = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(codes), len(codes)))
    _, comp = connected_components(adj, directed=False)
    return np.array([comp[index[n.specialty_code]] if n.specialty_code else -1
                     for n in problem.needs], dtype=np.int64)


def _specialties(problem: Problem) -> IntArray:
    """Per need, an id of its specialty code (uncoded needs: a class of their own)."""
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(n.specialty_code or f"\x00{n.id}", len(ids))
                     for n in problem.needs], dtype=np.int64)


def solve(problem: Problem, time_limit: float = 60.0, *, method: str = "auto") -> Result:
    """Match needs to people. `method`: 'auto' (flow, or the team solver when there are
    teams), 'flow', 'joint', 'two_stage' or 'greedy' (baseline, for comparison)."""
    t0 = time.perf_counter()
    b = build(problem)
    t1 = time.perf_counter()
    g = b.graph
    if method == "greedy":
        sol = solve_greedy(g)
    elif method == "flow" or (method == "auto" and not g.teams):
        if g.teams:
            raise MatchingInputError("method", "'flow' cannot solve team needs")
        sol = solve_flow(g, deadline=deadline_for(time_limit, t1))
    else:
        sol = solve_teams(g, time_limit=time_limit,
                          method="auto" if method == "auto" else method)
    t2 = time.perf_counter()
    assignments = explain_assignments(problem, b.candidates, b.parts, b.score, sol.chosen)
    unfilled = explain_unfilled(problem, b.candidates, b.score, sol.chosen)
    t3 = time.perf_counter()
    stats = {k: v for k, v in sol.stats.items() if not isinstance(v, np.ndarray)}
    stats.update({
        "candidates": int(g.n_edges),
        "candidate_seconds": t1 - t0,
        "solve_seconds": t2 - t1,
        "explain_seconds": t3 - t2,
    })
    bound = sol.bound if np.isfinite(sol.bound) else float("inf")
    return Result(
        status=sol.status,
        objective=round(sol.objective, 6),
        bound=round(bound, 6) if np.isfinite(bound) else bound,
        gap=sol.gap if np.isfinite(bound) else float("inf"),
        assignments=assignments,
        unfilled=unfilled,
        seconds=time.perf_counter() - t0,
        stats=stats,
    )

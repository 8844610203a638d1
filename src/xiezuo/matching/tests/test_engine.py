"""The typed API: brute-force optimum and hard-constraint properties."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from xiezuo.matching import MatchingInputError, Problem
from xiezuo.matching.engine import build, solve
from xiezuo.matching.model import Assignment, Result

from .problems import feasible_pair, problems, violations


def _brute(problem: Problem) -> float:
    """Enumerate every set of feasible pairs (scores from the engine's scoring)."""
    b = build(problem)
    c = b.candidates
    cand = {(c.na.ids[j], c.pa.ids[p]): float(s)
            for j, p, s in zip(c.need.tolist(), c.person.tolist(), b.score.tolist(), strict=True)}
    feasible = [(n.id, p.id) for n in problem.needs for p in problem.people
                if feasible_pair(problem, n.id, p.id)]
    assert set(feasible) == set(cand), "candidate generation disagrees with the filters"
    best = 0.0
    for bits in itertools.product((False, True), repeat=len(feasible)):
        pairs = [fp for fp, on in zip(feasible, bits, strict=True) if on]
        fake = Result("x", 0, 0, 0, [_a(n, p) for n, p in pairs], [], 0)
        if not violations(problem, fake):
            best = max(best, sum(cand[fp] for fp in pairs))
    return best


def _a(n: str, p: str) -> Assignment:  # minimal Assignment for the checker
    return Assignment(n, p, 0.0, {})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_people=4, max_needs=3, dense=True))
def test_objective_equals_brute_force(problem: Problem) -> None:
    b = build(problem)
    assume(2 <= b.graph.n_edges <= 11)
    result = solve(problem, time_limit=10)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(_brute(problem), abs=1e-3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_people=6, max_needs=4), st.data())
def test_hard_constraints_hold(problem: Problem, data: st.DataObject) -> None:
    b = build(problem)
    c = b.candidates
    if c.need.size and data.draw(st.booleans()):
        k = data.draw(st.integers(0, c.need.size - 1))
        pin = (c.na.ids[int(c.need[k])], c.pa.ids[int(c.person[k])])
        problem = Problem(**{**problem.__dict__, "pins": frozenset({pin}),
                             "exclusions": problem.exclusions - {pin}})
    try:
        result = solve(problem, time_limit=10)
    except MatchingInputError:
        return  # e.g. the pin exceeds an org cap of zero
    if result.status == "infeasible":
        return  # a pinned team that cannot be completed
    assert violations(problem, result) == []
    assert result.objective == pytest.approx(sum(a.score for a in result.assignments), abs=1e-2)
    for a in result.assignments:
        assert sum(a.parts.values()) == pytest.approx(a.score, abs=1e-2)
    filled = {n.id: sum(1 for a in result.assignments if a.need_id == n.id)
              for n in problem.needs}
    for u in result.unfilled:
        assert u.slots == next(n.slots for n in problem.needs if n.id == u.need_id) - filled[u.need_id]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(teams=True, max_people=6, max_needs=4))
def test_greedy_never_beats_the_engine(problem: Problem) -> None:
    best = solve(problem, time_limit=10)
    greedy = solve(problem, method="greedy")
    assert violations(problem, greedy) == []
    assert greedy.objective <= best.objective + 1e-6

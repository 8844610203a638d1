"""The team solver: warm-started MIPs against brute force, time limits, method choice."""

from __future__ import annotations

import time

import numpy as np
import pytest

from xiezuo.matching.engine import build
from xiezuo.matching.generator import generate_problem
from xiezuo.matching.solvers import check_solution, solve_flow
from xiezuo.matching.solvers import flow as flow_mod
from xiezuo.matching.solvers import teams as teams_mod
from xiezuo.matching.solvers.graph import MatchGraph
from xiezuo.matching.solvers.joint import joint_mip
from xiezuo.matching.solvers.options import role_bound, team_options
from xiezuo.matching.solvers.teams import solve_teams

from .brute import brute_force, random_graph


@pytest.fixture(scope="module")
def moderate() -> MatchGraph:
    """2,000 people, 600 single needs and 30 teams of five roles (one city each)."""
    return build(generate_problem(2000, 600, 30, seed=3)).graph


@pytest.mark.parametrize("seed", range(40))
def test_warm_started_joint_mip_equals_brute_force(seed: int) -> None:
    """The MIP over the whole graph, started from the two-stage plan, is exact."""
    g = random_graph(np.random.default_rng(5000 + seed), teams=True, caps=seed % 3 == 0)
    best = brute_force(g)
    assert best is not None
    start = solve_teams(g, time_limit=10, method="two_stage")
    sol = joint_mip(g, np.arange(g.n_edges), time.perf_counter() + 10, start=start.chosen)
    assert not check_solution(g, sol.chosen)
    assert sol.status == "optimal"
    assert sol.objective == pytest.approx(best, abs=1e-6)


@pytest.mark.parametrize("seed", range(40))
def test_polished_plan_is_feasible_and_bounded(seed: int) -> None:
    """Two-stage plus the neighbourhood MIP: never worse than the two-stage plan, never
    above the optimum, and its bound is at least the optimum."""
    g = random_graph(np.random.default_rng(6000 + seed), teams=True, caps=seed % 3 == 0)
    best = brute_force(g)
    assert best is not None
    base = solve_teams(g, time_limit=10, method="two_stage")
    sol = solve_teams(g, time_limit=10, method="polish")
    assert not check_solution(g, sol.chosen)
    assert base.objective - 1e-6 <= sol.objective <= best + 1e-6
    assert sol.bound >= best - 1e-6


def test_polish_reaches_the_optimum_on_small_team_graphs() -> None:
    """On tiny graphs the neighbourhood covers (nearly) everything: the polished plan is
    optimal on most of them (the two-stage plan alone is not)."""
    hits = base_hits = 0
    for seed in range(40):
        g = random_graph(np.random.default_rng(7000 + seed), teams=True)
        best = brute_force(g)
        assert best is not None
        hits += abs(solve_teams(g, time_limit=10, method="polish").objective - best) < 1e-6
        base_hits += abs(solve_teams(g, time_limit=10, method="two_stage").objective
                         - best) < 1e-6
    assert hits >= base_hits
    assert hits >= 36


@pytest.mark.parametrize("method", ["auto", "two_stage", "polish", "quick"])
def test_tiny_time_limit_returns_a_feasible_plan_with_a_bound(moderate: MatchGraph,
                                                             method: str) -> None:
    g = moderate
    sol = solve_teams(g, time_limit=0.001, method=method)
    assert not check_solution(g, sol.chosen)
    assert sol.status in ("feasible", "optimal")
    assert np.isfinite(sol.bound)
    assert sol.bound >= sol.objective - 1e-6
    # the bound is a real upper bound: no better than what the full solver proves
    full = solve_teams(g, time_limit=60, method="two_stage")
    assert sol.bound >= full.objective - 1e-6


def test_auto_takes_the_quick_plan_when_the_flows_do_not_fit(
        moderate: MatchGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(teams_mod, "JOINT_MAX_EDGES", 0)
    monkeypatch.setattr(teams_mod, "FLOW_SECONDS_PER_PAIR", 1.0)
    sol = solve_teams(moderate, time_limit=5)
    assert sol.stats["solver"] == "quick"
    assert sol.status == "feasible"
    assert sol.bound >= sol.objective
    assert not check_solution(moderate, sol.chosen)


def test_two_stage_for_many_teams_polish_for_hundreds(
        moderate: MatchGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(teams_mod, "JOINT_MAX_EDGES", 0)  # no component MIP
    monkeypatch.setattr(teams_mod, "POLISH_GAP", -1.0)  # polish whenever allowed
    few = solve_teams(moderate, time_limit=60)
    assert few.stats["solver"] == "two_stage+polish"
    monkeypatch.setattr(teams_mod, "JOINT_MAX_TEAMS", 20)  # 30 teams: "thousands"
    many = solve_teams(moderate, time_limit=60)
    assert many.stats["solver"] == "two_stage"
    assert few.objective >= many.objective - 1e-6
    for sol in (few, many):
        assert not check_solution(moderate, sol.chosen)
        assert sol.bound >= sol.objective


def test_small_team_components_still_go_to_the_joint_mip(moderate: MatchGraph) -> None:
    sol = solve_teams(moderate, time_limit=60, method="joint")
    assert sol.stats["solver"] == "joint_mip"
    assert not check_solution(moderate, sol.chosen)
    two = solve_teams(moderate, time_limit=60, method="two_stage")
    assert sol.objective >= two.objective - 1e-6
    assert sol.objective <= two.bound + 1e-6


@pytest.mark.parametrize("seed", range(3))
def test_flow_deadline_stops_pricing_with_a_valid_bound(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(seed)
    n_p, n_n, m = 300, 120, 4000
    key = rng.choice(n_p * n_n, size=m, replace=False)
    g = MatchGraph(capacity=rng.integers(1, 3, n_p), slots=rng.integers(1, 4, n_n),
                   edge_need=key // n_p, edge_person=key % n_p,
                   edge_score=np.round(rng.uniform(1, 100, m), 3))
    full = solve_flow(g, prune=False, split=False)
    monkeypatch.setattr(flow_mod, "TOP_NEED", 1)
    monkeypatch.setattr(flow_mod, "TOP_PERSON", 1)
    cut = solve_flow(g, prune=True, deadline=time.perf_counter() - 1.0)
    assert cut.stats["certified"] is False
    assert cut.status == "feasible"
    assert not check_solution(g, cut.chosen)
    assert cut.objective <= full.objective + 1e-6
    assert cut.bound >= full.objective - 1e-6


@pytest.mark.parametrize("seed", range(30))
def test_role_bound_is_above_every_teams_best_fill(seed: int) -> None:
    g = random_graph(np.random.default_rng(8000 + seed), teams=True)
    if not g.teams:
        return
    v = np.random.default_rng(seed).uniform(0, 30, g.n_people)
    opts = team_options(g, v)
    assert role_bound(g, v, list(range(len(g.teams)))) >= opts.best_per_team_sum() - 1e-6


def test_team_options_stop_at_the_deadline(moderate: MatchGraph) -> None:
    opts = team_options(moderate, np.zeros(moderate.n_people),
                        deadline=time.perf_counter() - 1.0)
    assert opts.skipped == list(range(len(moderate.teams)))
    assert not opts.team

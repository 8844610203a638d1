"""Solvers on tiny random graphs against brute force."""

from __future__ import annotations

import numpy as np
import pytest

from xiezuo.matching.solvers import check_solution, solve_flow, solve_greedy
from xiezuo.matching.solvers import flow as flow_mod
from xiezuo.matching.solvers.graph import MatchGraph
from xiezuo.matching.solvers.teams import solve_teams

from .brute import brute_force, random_graph


@pytest.mark.parametrize("seed", range(60))
def test_flow_equals_brute_force(seed: int) -> None:
    g = random_graph(np.random.default_rng(seed), teams=False, caps=seed % 2 == 0)
    best = brute_force(g)
    sol = solve_flow(g)
    assert not check_solution(g, sol.chosen)
    assert sol.status == "optimal"
    assert sol.objective == pytest.approx(best, abs=1e-6)
    assert sol.bound == pytest.approx(sol.objective)


@pytest.mark.parametrize("seed", range(60))
def test_teams_joint_equals_brute_force(seed: int) -> None:
    g = random_graph(np.random.default_rng(1000 + seed), teams=True, caps=seed % 3 == 0)
    best = brute_force(g)
    sol = solve_teams(g, time_limit=10, method="joint")
    assert not check_solution(g, sol.chosen)
    assert sol.status == "optimal"
    assert sol.objective == pytest.approx(best, abs=1e-6)


@pytest.mark.parametrize("seed", range(40))
def test_two_stage_is_feasible_with_valid_bound(seed: int) -> None:
    g = random_graph(np.random.default_rng(2000 + seed), teams=True, caps=seed % 3 == 0)
    best = brute_force(g)
    assert best is not None
    sol = solve_teams(g, time_limit=10, method="two_stage")
    assert not check_solution(g, sol.chosen)
    assert sol.objective <= best + 1e-6
    assert sol.bound >= best - 1e-6


@pytest.mark.parametrize("seed", range(30))
def test_greedy_is_feasible(seed: int) -> None:
    g = random_graph(np.random.default_rng(3000 + seed), teams=seed % 2 == 1, caps=True)
    sol = solve_greedy(g)
    assert not check_solution(g, sol.chosen)
    best = brute_force(g)
    assert best is not None
    assert sol.objective <= best + 1e-6


@pytest.mark.parametrize("seed", range(5))
def test_certified_pruning_matches_full_flow(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pruning to 1 candidate per need/person forces several pricing rounds."""
    rng = np.random.default_rng(seed)
    n_p, n_n, m = 300, 120, 4000
    key = rng.choice(n_p * n_n, size=m, replace=False)
    g = MatchGraph(
        capacity=rng.integers(1, 3, n_p), slots=rng.integers(1, 4, n_n),
        edge_need=key // n_p, edge_person=key % n_p,
        edge_score=np.round(rng.uniform(1, 100, m), 3),
        cap_group=rng.integers(-1, 10, n_p) if seed % 2 else None,
        group_cap=rng.integers(3, 30, 10) if seed % 2 else None,
    )
    full = solve_flow(g, prune=False, split=False)
    monkeypatch.setattr(flow_mod, "TOP_NEED", 1)
    monkeypatch.setattr(flow_mod, "TOP_PERSON", 1)
    pruned = solve_flow(g, prune=True)
    assert pruned.stats["certified"] is True
    rounds = pruned.stats["rounds"]
    assert isinstance(rounds, int) and rounds >= 2
    assert not check_solution(g, pruned.chosen)
    assert pruned.objective == pytest.approx(full.objective, abs=1e-6)


@pytest.mark.parametrize("seed", range(40))
def test_flow_dual_bound_is_valid(seed: int) -> None:
    g = random_graph(np.random.default_rng(4000 + seed), teams=False, caps=seed % 2 == 0)
    sol = solve_flow(g, duals=True)
    assert sol.duals is not None
    assert sol.duals.bound >= sol.objective - 1e-6
    assert np.all(sol.duals.person_price >= 0)

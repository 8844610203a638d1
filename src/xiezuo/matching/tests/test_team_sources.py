"""The team bound's value rows and the per-source team MIPs, against brute force."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from xiezuo.matching.solvers import check_solution
from xiezuo.matching.solvers.graph import MatchGraph, TeamSpec
from xiezuo.matching.solvers.lagrange import class_bound
from xiezuo.matching.solvers.options import select_options, team_options
from xiezuo.matching.solvers.sources import improve_by_source
from xiezuo.matching.solvers.teams import solve_teams

from .brute import brute_force


def _two_teams_one_city() -> MatchGraph:
    """Teams A (needs 0, 1) and B (needs 2, 3), one city, four people. Each team's best
    fill takes person 0; A's is worth more (21 against 20), so picking best fills forms A
    alone, while A with person 1 (20) and B with person 0 (20) are worth 40."""
    pairs = [(0, 0, 10.0), (0, 1, 9.0), (1, 2, 11.0), (2, 0, 10.0), (3, 3, 10.0),
             (3, 2, 1.0)]
    return MatchGraph(
        capacity=np.ones(4, dtype=np.int64), slots=np.ones(4, dtype=np.int64),
        edge_need=np.array([p[0] for p in pairs], dtype=np.int64),
        edge_person=np.array([p[1] for p in pairs], dtype=np.int64),
        edge_score=np.array([p[2] for p in pairs]),
        teams=[TeamSpec(np.array([0, 1]), True, "city"), TeamSpec(np.array([2, 3]), True, "city")],
        labels={"city": np.zeros(4, dtype=np.int64)},
        need_class=np.array([0, 1, 0, 1], dtype=np.int64),
    )


def _random_team_graph(rng: np.random.Generator) -> MatchGraph:
    """Only team needs: two or three teams of one or two roles, two cities, at most 12
    pairs, people of capacity 1 or 2, role classes at random."""
    n_teams = int(rng.integers(2, 4))
    sizes = rng.integers(1, 3, size=n_teams)
    n_needs = int(sizes.sum())
    n_people = int(rng.integers(3, 7))
    pairs = [(j, p) for j in range(n_needs) for p in range(n_people)]
    pick = rng.choice(len(pairs), size=min(12, len(pairs)), replace=False)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    return MatchGraph(
        capacity=rng.integers(1, 3, size=n_people).astype(np.int64),
        slots=np.ones(n_needs, dtype=np.int64),
        edge_need=np.array([pairs[i][0] for i in pick], dtype=np.int64),
        edge_person=np.array([pairs[i][1] for i in pick], dtype=np.int64),
        edge_score=np.round(rng.uniform(-5, 40, size=pick.size), 2),
        teams=[TeamSpec(np.arange(s, s + k, dtype=np.int64), True, "city")
               for s, k in zip(starts.tolist(), sizes.tolist(), strict=True)],
        labels={"city": rng.integers(0, 2, size=n_people).astype(np.int64)},
        need_class=rng.integers(0, 2, size=n_needs).astype(np.int64),
    )


def _plan_of(g: MatchGraph, prices: np.ndarray) -> np.ndarray:
    opts = team_options(g, prices)
    picked, _ = select_options(g, opts, prices, time_limit=5)
    chosen = np.zeros(g.n_edges, dtype=bool)
    for k in picked:
        chosen[opts.edges[k]] = True
    return chosen


def test_value_rows_stop_crediting_two_teams_with_the_same_best_person() -> None:
    g = _two_teams_one_city()
    v = np.zeros(g.n_people)
    opts = team_options(g, v)
    assert class_bound(g, opts) == pytest.approx(41.0)
    assert class_bound(g, opts, prices=v) == pytest.approx(40.0)
    assert brute_force(g) == pytest.approx(40.0)


def test_per_source_mip_forms_both_teams_where_the_pick_forms_one() -> None:
    g = _two_teams_one_city()
    v = np.zeros(g.n_people)
    picked = _plan_of(g, v)
    assert float(g.edge_score[picked].sum()) == pytest.approx(21.0)
    plan, stats = improve_by_source(g, v, team_options(g, v), picked,
                                    deadline=time.perf_counter() + 5)
    assert not check_solution(g, plan)
    assert float(g.edge_score[plan].sum()) == pytest.approx(40.0)
    assert stats["source_gain"] == pytest.approx(19.0)


def test_two_stage_proves_the_optimum_of_the_two_teams() -> None:
    sol = solve_teams(_two_teams_one_city(), time_limit=10, method="two_stage")
    assert sol.objective == pytest.approx(40.0)
    assert sol.status == "optimal"


def test_per_source_mip_keeps_pinned_teams_as_they_are() -> None:
    g = _two_teams_one_city()
    g = replace(g, forced=np.array([False, False, False, True, True, False]))  # B: 0 and 3
    v = np.zeros(g.n_people)
    start = np.zeros(g.n_edges, dtype=bool)
    start[[3, 4]] = True
    plan, _ = improve_by_source(g, v, team_options(g, v), start,
                                deadline=time.perf_counter() + 5)
    assert plan[[3, 4]].all()
    assert not check_solution(g, plan)


def test_per_source_mip_stops_at_its_deadline() -> None:
    g = _two_teams_one_city()
    v = np.zeros(g.n_people)
    picked = _plan_of(g, v)
    plan, stats = improve_by_source(g, v, team_options(g, v), picked,
                                    deadline=time.perf_counter() - 1)
    assert (plan == picked).all()
    assert stats["source_mips"] == 0


@pytest.mark.parametrize("seed", range(40))
def test_value_rows_keep_the_bound_above_the_optimum(seed: int) -> None:
    rng = np.random.default_rng(9100 + seed)
    g = _random_team_graph(rng)
    v = rng.uniform(0, 10, g.n_people)
    adjusted = replace(g, edge_score=g.edge_score - v[g.edge_person])
    best = brute_force(adjusted)
    assert best is not None  # forming no team is always feasible
    opts = team_options(g, v)
    tight = class_bound(g, opts, prices=v)
    assert tight >= best - 1e-6
    assert tight <= class_bound(g, opts) + 1e-6


@pytest.mark.parametrize("seed", range(40))
def test_per_source_mip_is_feasible_and_never_worse(seed: int) -> None:
    rng = np.random.default_rng(9200 + seed)
    g = _random_team_graph(rng)
    v = rng.uniform(0, 10, g.n_people)
    adjusted = g.edge_score - v[g.edge_person]
    start = _plan_of(g, v)
    plan, _ = improve_by_source(g, v, team_options(g, v), start,
                                deadline=time.perf_counter() + 5)
    assert not check_solution(g, plan)
    assert adjusted[plan].sum() >= adjusted[start].sum() - 1e-6
    best = brute_force(replace(g, edge_score=adjusted))
    assert best is not None
    assert adjusted[plan].sum() <= best + 1e-6

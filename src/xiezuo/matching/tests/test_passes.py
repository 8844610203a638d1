"""Passes over every pair, slice by slice on two threads (`matching.passes`): the same
results as one numpy expression over the whole arrays, whatever the slice size."""

from __future__ import annotations

import numpy as np
import pytest

from xiezuo.matching import passes
from xiezuo.matching.engine import build
from xiezuo.matching.generator import generate_problem
from xiezuo.matching.solvers import solve_flow
from xiezuo.matching.solvers.flow import PRUNE_EDGES


def _whole_top_mask(group: np.ndarray, score: np.ndarray, k: np.ndarray, n: int) -> np.ndarray:
    """The histogram rule written as one expression over the whole arrays."""
    lo, hi = float(score.min()), float(score.max())
    b = np.minimum(((score - lo) * (passes.BUCKETS / (hi - lo + 1e-12))).astype(np.int64),
                   passes.BUCKETS - 1)
    cnt = np.bincount(group * passes.BUCKETS + b, minlength=n * passes.BUCKETS)
    cum = np.cumsum(cnt.reshape(n, passes.BUCKETS)[:, ::-1], axis=1)
    thr = passes.BUCKETS - 1 - np.argmax(cum >= k[:, None], axis=1)
    thr[cum[:, -1] < k] = 0
    out: np.ndarray = b >= thr[group]
    return out


@pytest.fixture(params=[5, 64, 1 << 20], ids=["slices-5", "slices-64", "one-slice"])
def slice_size(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(passes, "SLICE", request.param)
    return int(request.param)


def test_top_mask_keeps_each_groups_best_as_one_pass_would(slice_size: int) -> None:
    rng = np.random.default_rng(3)
    n_groups, m = 40, 3000
    group = rng.integers(0, n_groups, m)
    score = rng.uniform(10, 90, m)
    k = rng.integers(1, 6, n_groups)
    got = passes.top_mask(group, score, k, n_groups)
    assert np.array_equal(got, _whole_top_mask(group, score, k, n_groups))
    for gr in range(n_groups):  # at least k per group, and every kept pair beats the rest
        mine = group == gr
        kept, rest = score[mine & got], score[mine & ~got]
        assert kept.size >= min(k[gr], mine.sum())
        if rest.size and kept.size:
            assert kept.min() >= rest.max() - 80 / passes.BUCKETS


def test_price_counts_violations_and_keeps_the_near_tight_pairs(slice_size: int) -> None:
    rng = np.random.default_rng(4)
    m, n_p, n_n = 2500, 60, 30
    cost = rng.integers(-1000, 0, m)
    person, need = rng.integers(0, n_p, m), rng.integers(0, n_n, m)
    d_person, d_need = rng.integers(-500, 500, n_p), rng.integers(-500, 500, n_n)
    kept, base = rng.random(m) < 0.3, rng.random(m) < 0.1
    rc = cost + d_person[person] - d_need[need]
    violations, nxt = passes.price(cost, person, need, d_person, d_need, 50, kept, base)
    assert violations == int(((rc < 0) & ~kept).sum())
    assert np.array_equal(nxt, base | (rc < 50))


def test_integer_costs_and_score_range(slice_size: int) -> None:
    rng = np.random.default_rng(5)
    score = rng.uniform(-5, 95, 1000)
    active = rng.random(1000) < 0.7
    assert passes.score_range(score) == (score.min(), score.max())
    assert np.array_equal(passes.integer_costs(score, 1e6, active),
                          np.where(active, -np.rint(score * 1e6), 0).astype(np.int64))
    assert np.array_equal(passes.integer_costs(score, 1e6, None),
                          (-np.rint(score * 1e6)).astype(np.int64))


def test_certified_pruning_in_slices_is_optimal(slice_size: int) -> None:
    """Pruning rounds priced slice by slice (threads) reach the whole network's optimum."""
    g = build(generate_problem(1500, 500, 0, seed=6)).graph
    assert g.n_edges < PRUNE_EDGES  # pruning is forced here, as at national scale
    pruned = solve_flow(g, prune=True)
    whole = solve_flow(g, prune=False, split=False, workers=1)
    assert pruned.status == whole.status == "optimal"
    assert int(str(pruned.stats["rounds"])) >= 2  # pricing found pairs to add: the passes did work
    assert pruned.objective == pytest.approx(whole.objective, abs=1e-6)

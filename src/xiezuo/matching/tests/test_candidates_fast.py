"""The block-wise candidate generation and scoring against a straightforward reference.

The reference walks every (need, person) pair in plain Python: specialty (code, related
code, or the text matches), title and management, mode, availability without a busy
period, exclusions; then the seven score parts and their weighted sum in `PARTS` order,
with Python floats. The engine must find exactly the same pairs with exactly the same
scores (bit for bit), and its explanations must pick the same runner-ups.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import numpy as np
import pytest

from xiezuo.matching.candidates import (
    FIT_EXACT,
    FIT_RELATED,
    _text_matches,
    generate,
    text_fit,
)
from xiezuo.matching.encode import MODE_BIT
from xiezuo.matching.engine import build, solve
from xiezuo.matching.explain import _best_unchosen
from xiezuo.matching.generator import generate_problem
from xiezuo.matching.model import Busy, Problem, Weights, region_ancestors, region_contains
from xiezuo.matching.scoring import PARTS, EdgeParts, score_parts

Pair = tuple[str, str]


def _fit(problem: Problem, j: int, i: int, text: dict[tuple[int, int], float]) -> float | None:
    n, p = problem.needs[j], problem.people[i]
    best: float | None = None
    if n.specialty_code and n.specialty_code in p.specialty_codes:
        best = FIT_EXACT
    elif n.specialty_code and set(p.specialty_codes) & problem.related.get(n.specialty_code, set()):
        best = FIT_RELATED
    if (j, i) in text and (not n.specialty_code or not p.specialty_codes):
        f = float(text_fit(np.array([text[(j, i)]]))[0])
        best = f if best is None else max(best, f)
    return best


def reference(problem: Problem) -> dict[Pair, float]:
    """Every feasible pair and its score, one pair at a time."""
    tn, tp, ts = _text_matches(problem, problem.text_threshold)
    text = {(int(a), int(b)): float(s) for a, b, s in zip(tn, tp, ts, strict=True)}
    busy: dict[str, list[Busy]] = {}
    for b in problem.busy:
        busy.setdefault(b.person_id, []).append(b)
    east = {pr.east_code for pr in problem.pairings}
    fits: dict[tuple[int, int], float] = {}
    for j, n in enumerate(problem.needs):
        start, end = n.start.toordinal(), n.end.toordinal()
        req_end = min(end, start + max(n.min_days - 1, 0))
        for i, p in enumerate(problem.people):
            fit = _fit(problem, j, i, text)
            if fit is None or p.title_level < n.min_title_level:
                continue
            if n.requires_management and not p.management_experience:
                continue
            if not sum(MODE_BIT[m] for m in p.modes) & MODE_BIT[n.mode]:
                continue
            if not any(w.start.toordinal() <= start and w.end.toordinal() >= req_end
                       for w in p.availability):
                continue
            if any(b.start.toordinal() <= req_end and b.end.toordinal() >= start
                   for b in busy.get(p.id, ())):
                continue
            if (n.id, p.id) in problem.exclusions:
                continue
            fits[(j, i)] = fit
    org_index: dict[str, int] = {}
    for p in problem.people:
        org_index.setdefault(p.org_id, len(org_index))
    org_edges = Counter(problem.people[i].org_id for _, i in fits)
    org_size = Counter(p.org_id for p in problem.people)
    total_edges = float(sum(org_edges.values()))
    total_slots = float(sum(n.slots for n in problem.needs))
    w = problem.weights
    out: dict[Pair, float] = {}
    for (j, i), fit in fits.items():
        n, p = problem.needs[j], problem.people[i]
        start, end = n.start.toordinal(), n.end.toordinal()
        keys = {c for c in region_ancestors(p.region_code) + region_ancestors(p.city_code)
                if c in east}
        paired = any(pr.east_code in keys and region_contains(pr.west_code, n.region_code)
                     for pr in problem.pairings)
        over = max([0] + [min(x.end.toordinal(), end) - max(x.start.toordinal(), start) + 1
                          for x in p.availability])
        pressure = (float(org_edges[p.org_id]) / total_edges * total_slots
                    / float(max(org_size[p.org_id], 1)))
        parts = {
            "specialty": fit,
            "title": min(1.0, 0.85 + 0.05 * max(p.title_level - n.min_title_level, 0)),
            "pairing": 1.0 if paired else 0.0,
            "availability": min(1.0, over / float(end - start + 1)),
            "continuity": 1.0 if n.org_id in p.previous_hosts else 0.0,
            "fairness": -min(1.0, pressure),
            "priority": n.priority / 5.0,
        }
        score = 0.0
        for name in PARTS:
            score += float(getattr(w, name)) * parts[name]
        out[(n.id, p.id)] = score
    return out


def _problem(seed: int, people: int = 700, *, exclusions: int = 0,
             weights: Weights | None = None) -> Problem:
    problem = generate_problem(people, int(people * 0.3), people // 60, seed)
    if not exclusions and weights is None:
        return problem
    rng = np.random.default_rng(seed)
    b = build(problem)
    picked = rng.choice(b.candidates.need.size, size=min(exclusions, b.candidates.need.size),
                        replace=False)
    excluded = frozenset((b.candidates.na.ids[int(b.candidates.need[k])],
                          b.candidates.pa.ids[int(b.candidates.person[k])]) for k in picked)
    return dataclasses.replace(problem, exclusions=excluded, weights=weights or Weights())


CASES = [
    pytest.param(_problem(1), id="seed1"),
    pytest.param(_problem(2, people=1000), id="seed2"),
    pytest.param(_problem(3, exclusions=40), id="exclusions"),
    pytest.param(_problem(4, weights=Weights(3.0, 7.5, 0.0, 11.0, 40.0, 9.0, 2.5)),
                 id="weights"),
]


@pytest.mark.parametrize("problem", CASES)
def test_pairs_and_scores_equal_the_reference(problem: Problem) -> None:
    b = build(problem)
    c = b.candidates
    got = {(c.na.ids[j], c.pa.ids[i]): s
           for j, i, s in zip(c.need.tolist(), c.person.tolist(), b.score.tolist(), strict=True)}
    assert len(got) == c.need.size  # no pair twice
    want = reference(problem)
    assert len(want) > 500
    assert got.keys() == want.keys()
    assert got == want  # bit for bit
    # the parts in points add up to the score, for all pairs and for a few
    parts = b.parts
    assert isinstance(parts, EdgeParts)
    raw = score_parts(problem, c)
    for name in PARTS:
        assert np.array_equal(parts[name], float(getattr(problem.weights, name)) * raw[name])
    some = np.arange(0, c.need.size, 7)
    at = parts.at(some)
    assert all(np.array_equal(at[k], parts[k][some]) for k in PARTS)


@pytest.mark.parametrize("problem", CASES[1:3])
def test_two_processes_find_the_same_pairs_in_the_same_order(problem: Problem) -> None:
    one = generate(problem, problem.weights, workers=1)
    two = generate(problem, problem.weights, workers=2)
    assert one.score is not None and two.score is not None and one.need.size > 500
    for name in ("need", "person", "fit", "score", "pressure"):
        assert np.array_equal(getattr(one, name), getattr(two, name)), name


def test_the_parts_in_points_add_up_to_the_score_bit_for_bit() -> None:
    problem = _problem(5)
    b = build(problem)
    from_parts = np.zeros(b.score.size)
    for name in PARTS:
        from_parts += b.parts[name]
    assert np.array_equal(from_parts, b.score)


def _best_unchosen_reference(need: np.ndarray, score: np.ndarray, chosen: np.ndarray
                             ) -> dict[int, int]:
    best: dict[int, int] = {}
    for e in range(need.size):
        if chosen[e]:
            continue
        j = int(need[e])
        if j not in best or score[e] > score[best[j]]:
            best[j] = e
    return best


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_runner_ups_are_the_best_unchosen_pairs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    need = np.sort(rng.integers(0, 40, 600))
    need = np.concatenate([need, rng.integers(0, 40, 100)])  # a few runs per need
    score = rng.integers(0, 30, need.size).astype(float)  # many ties
    chosen = rng.random(need.size) < 0.3
    assert _best_unchosen(need, score, chosen, 45) == _best_unchosen_reference(
        need, score, chosen)


def test_explanations_name_the_best_runner_up() -> None:
    problem = _problem(6)
    b = build(problem)
    result = solve(problem)
    c = b.candidates
    chosen_pairs = {(a.need_id, a.person_id) for a in result.assignments}
    for a in result.assignments[:50]:
        j = c.na.index[a.need_id]
        others = [(float(b.score[e]), -e) for e in np.flatnonzero(c.need == j)
                  if (a.need_id, c.pa.ids[int(c.person[e])]) not in chosen_pairs]
        if not others:
            assert a.runner_up is None
            continue
        _, e = max(others)
        assert a.runner_up is not None
        assert a.runner_up.person_id == c.pa.ids[int(c.person[-e])]
        assert sum(a.parts.values()) == pytest.approx(a.score, abs=1e-2)

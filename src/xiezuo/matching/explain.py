"""Explanations: score breakdown and runner-up per assignment, reasons for unfilled slots.

The reason of an unfilled need is the first filter, applied in order to the full pool
of people (specialty -> title -> mode -> availability/busy -> exclusions -> team
source), after which fewer people remain than the need has slots. When enough people
pass every filter the binding constraint is "capacity": they were taken by
better-scoring needs or are held back by organisation caps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .arrays import BoolArray, FloatArray, IntArray
from .candidates import Candidates
from .encode import stage_masks
from .model import Assignment, Problem, RunnerUp, TeamNeed, Unfilled
from .scoring import EdgeParts

REASONS = {
    "no_specialty": "Nobody has this or a related specialty",
    "title_too_low": "Not enough candidates with the required title level",
    "mode_not_accepted": "Not enough candidates accept this mode",
    "not_available": "Candidates are busy or unavailable in this period",
    "excluded": "The remaining candidates are excluded for this need",
    "source_constraint": "No single eastern source can supply the whole team",
    "capacity": "Candidates exist but were taken by better-scoring needs or organisation caps",
    "team_incomplete": "Another role of the team cannot be filled, so the team was not formed",
}


def filter_counts(problem: Problem, c: Candidates, j: int,
                  cache: dict[int, list[tuple[str, int]]] | None = None
                  ) -> list[tuple[str, int]]:
    """People left after each hard filter for need j: (reason if it binds, count)."""
    if cache is not None and j in cache:
        return cache[j]
    pool, _ = c.spec.pool(problem, j)
    counts = [("no_specialty", int(pool.size))]
    alive = np.ones(pool.size, dtype=bool)
    nj = np.full(pool.size, j, dtype=np.int64)
    for code, mask in stage_masks(c.pa, c.na, nj, pool):
        alive &= mask
        counts.append((code, int(alive.sum())))
    nid = problem.needs[j].id
    excluded = {pid for n, pid in problem.exclusions if n == nid}
    if excluded:
        alive &= ~np.isin(pool, [c.pa.index[p] for p in excluded])
    counts.append(("excluded", int(alive.sum())))
    if cache is not None:
        cache[j] = counts
    return counts


def _first_binding(counts: list[tuple[str, int]], slots: int) -> str | None:
    for code, n in counts:
        if n < slots:
            return code
    return None


def explain_unfilled(problem: Problem, c: Candidates, edge_score: FloatArray,
                     chosen: BoolArray) -> list[Unfilled]:
    filled = np.bincount(c.need[chosen], minlength=len(problem.needs))
    cache: dict[int, list[tuple[str, int]]] = {}
    team_of = {nid: t for t in problem.teams for nid in t.member_need_ids}
    unfilled = np.flatnonzero(filled < c.na.slots)
    if unfilled.size == 0:
        return []
    cand_per_need = np.bincount(c.need, minlength=len(problem.needs))
    by_need = _PairsByNeed(c.need, len(problem.needs))
    out: list[Unfilled] = []
    for j in unfilled.tolist():
        need = problem.needs[j]
        left = int(need.slots - filled[j])
        counts = filter_counts(problem, c, j, cache)
        details: dict[str, Any] = {"pool": dict(counts), "slots": need.slots,
                                   "filled": int(filled[j])}
        code = _first_binding(counts, need.slots)
        team = team_of.get(need.id)
        if code is None and team is not None:
            details["team_id"] = team.id
            code = _team_reason(problem, c, team, details, by_need, cache)
        if code is None:
            code = "capacity"
            details["candidates"] = int(cand_per_need[j])
            if problem.org_caps:
                details["org_caps"] = True
        out.append(Unfilled(need.id, left, code, REASONS[code], details))
    return out


class _PairsByNeed:
    """Each need's pairs, sorted out on first use (a national round has tens of millions
    of pairs and seldom a team left unformed)."""

    def __init__(self, need: IntArray, n_needs: int) -> None:
        self.need, self.n_needs = need, n_needs
        self.order: IntArray | None = None
        self.starts: IntArray | None = None

    def of(self, j: int) -> IntArray:
        if self.order is None or self.starts is None:
            self.order = np.argsort(self.need, kind="stable")
            self.starts = np.searchsorted(self.need[self.order], np.arange(self.n_needs + 1))
        return self.order[self.starts[j]:self.starts[j + 1]]


def _team_reason(problem: Problem, c: Candidates, team: TeamNeed, details: dict[str, Any],
                 by_need: _PairsByNeed, cache: dict[int, list[tuple[str, int]]]) -> str | None:
    """Why a team whose role is itself fillable was not formed (None: capacity)."""
    for nid in team.member_need_ids:
        k = c.na.index[nid]
        sib = _first_binding(filter_counts(problem, c, k, cache), problem.needs[k].slots)
        if sib is not None:
            details["blocking_role"] = {"need_id": nid, "reason_code": sib}
            return "team_incomplete"
    if team.same_source is None:
        return None
    labels = c.pa.org if team.same_source == "org" else c.pa.city
    ok: BoolArray | None = None
    for nid in team.member_need_ids:
        k = c.na.index[nid]
        lab = labels[c.person[by_need.of(k)]]
        per = np.bincount(lab, minlength=int(labels.max(initial=-1)) + 1)
        have = per >= problem.needs[k].slots
        ok = have if ok is None else ok & have
    if ok is None or not ok.any():
        details["same_source"] = team.same_source
        return "source_constraint"
    details["feasible_sources"] = int(ok.sum())
    return None


def _best_unchosen(need: IntArray, score: FloatArray, chosen: BoolArray, n_needs: int
                   ) -> dict[int, int]:
    """Per need, its best-scoring unchosen pair (the lowest pair index among equal scores),
    without sorting every pair: the maximum per run of pairs of one need (candidate
    generation emits each need's pairs in a few runs), the best run per need, and the
    first pair in it reaching that maximum."""
    if need.size == 0:
        return {}
    s = score.copy()
    s[chosen] = -np.inf
    starts = np.flatnonzero(need[1:] != need[:-1]) + 1
    starts = np.r_[0, starts]
    ends = np.r_[starts[1:], need.size]
    run_need = need[starts]
    run_best = np.maximum.reduceat(s, starts)
    best = np.full(n_needs, -np.inf)
    np.maximum.at(best, run_need, run_best)
    good = np.flatnonzero((run_best == best[run_need]) & (run_best > -np.inf))
    # the first run (lowest pair indices) per need among those reaching its best
    needs_of_good, first = np.unique(run_need[good], return_index=True)
    out: dict[int, int] = {}
    for j, run in zip(needs_of_good.tolist(), good[first].tolist(), strict=True):
        a, b = int(starts[run]), int(ends[run])
        out[j] = a + int(np.argmax(s[a:b] == best[j]))
    return out


def explain_assignments(problem: Problem, c: Candidates, parts: Mapping[str, FloatArray],
                        score: FloatArray, chosen: BoolArray) -> list[Assignment]:
    """Assignments with their score parts and the best unchosen candidate of the need."""
    team_of = {nid: t.id for t in problem.teams for nid in t.member_need_ids}
    idx = np.flatnonzero(chosen)
    best_other = _best_unchosen(c.need, score, chosen, len(c.na.ids))
    person_got: dict[int, int] = {}
    for p, j in zip(c.person[idx].tolist(), c.need[idx].tolist(), strict=True):
        person_got.setdefault(p, j)
    at = parts.at(idx) if isinstance(parts, EdgeParts) else {k: v[idx] for k, v in parts.items()}
    names = list(at)
    columns = [[round(v, 4) for v in at[k].tolist()] for k in names]
    scores = [round(v, 3) for v in score[idx].tolist()]
    out: list[Assignment] = []
    for k, (j, p) in enumerate(zip(c.need[idx].tolist(), c.person[idx].tolist(), strict=True)):
        ru = None
        if j in best_other:
            r = best_other[j]
            rp = int(c.person[r])
            got = person_got.get(rp)
            ru = RunnerUp(c.pa.ids[rp], round(float(score[r]), 3),
                          None if got is None else c.na.ids[got])
        need_id = c.na.ids[j]
        out.append(Assignment(
            need_id, c.pa.ids[p], scores[k],
            {name: col[k] for name, col in zip(names, columns, strict=True)}, ru,
            team_of.get(need_id),
        ))
    return out

"""Explanations: score breakdown and runner-up per assignment, reasons for unfilled slots.

The reason of an unfilled need is the first filter, applied in order to the full pool
of people (specialty -> title -> mode -> availability/busy -> exclusions -> team
source), after which fewer people remain than the need has slots. When enough people
pass every filter the binding constraint is "capacity": they were taken by
better-scoring needs or are held back by organisation caps.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .arrays import BoolArray, FloatArray, IntArray
from .candidates import Candidates
from .encode import stage_masks
from .model import Assignment, Problem, RunnerUp, TeamNeed, Unfilled

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
    by_need = np.argsort(c.need, kind="stable")
    starts = np.searchsorted(c.need[by_need], np.arange(len(problem.needs) + 1))
    team_of = {nid: t for t in problem.teams for nid in t.member_need_ids}
    cand_per_need = np.bincount(c.need, minlength=len(problem.needs))
    out: list[Unfilled] = []
    for j, need in enumerate(problem.needs):
        left = int(need.slots - filled[j])
        if left <= 0:
            continue
        counts = filter_counts(problem, c, j, cache)
        details: dict[str, Any] = {"pool": dict(counts), "slots": need.slots,
                                   "filled": int(filled[j])}
        code = _first_binding(counts, need.slots)
        team = team_of.get(need.id)
        if code is None and team is not None:
            details["team_id"] = team.id
            code = _team_reason(problem, c, team, details, by_need, starts, cache)
        if code is None:
            code = "capacity"
            details["candidates"] = int(cand_per_need[j])
            if problem.org_caps:
                details["org_caps"] = True
        out.append(Unfilled(need.id, left, code, REASONS[code], details))
    return out


def _team_reason(problem: Problem, c: Candidates, team: TeamNeed, details: dict[str, Any],
                 by_need: IntArray, starts: IntArray,
                 cache: dict[int, list[tuple[str, int]]]) -> str | None:
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
        lab = labels[c.person[by_need[starts[k]:starts[k + 1]]]]
        per = np.bincount(lab, minlength=int(labels.max(initial=-1)) + 1)
        have = per >= problem.needs[k].slots
        ok = have if ok is None else ok & have
    if ok is None or not ok.any():
        details["same_source"] = team.same_source
        return "source_constraint"
    details["feasible_sources"] = int(ok.sum())
    return None


def explain_assignments(problem: Problem, c: Candidates, parts: dict[str, FloatArray],
                        score: FloatArray, chosen: BoolArray) -> list[Assignment]:
    """Assignments with their score parts and the best unchosen candidate of the need."""
    team_of = {nid: t.id for t in problem.teams for nid in t.member_need_ids}
    idx = np.flatnonzero(chosen)
    other = np.flatnonzero(~chosen)
    order = other[np.lexsort((-score[other], c.need[other]))]
    first = np.r_[True, c.need[order][1:] != c.need[order][:-1]] if order.size else order
    best_other = dict(zip(c.need[order][first].tolist(), order[first].tolist(), strict=True))
    person_got: dict[int, int] = {}
    for e in idx.tolist():
        person_got.setdefault(int(c.person[e]), int(c.need[e]))
    out: list[Assignment] = []
    for e in idx.tolist():
        j, p = int(c.need[e]), int(c.person[e])
        ru = None
        if j in best_other:
            r = best_other[j]
            rp = int(c.person[r])
            got = person_got.get(rp)
            ru = RunnerUp(c.pa.ids[rp], round(float(score[r]), 3),
                          None if got is None else c.na.ids[got])
        need_id = c.na.ids[j]
        out.append(Assignment(
            need_id, c.pa.ids[p], round(float(score[e]), 3),
            {k: round(float(v[e]), 4) for k, v in parts.items()}, ru, team_of.get(need_id),
        ))
    return out

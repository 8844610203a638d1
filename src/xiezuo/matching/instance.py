"""Instance files (docs/spec matching-instance.md): load, validate, solve, write plans."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from .solvers import MatchGraph, TeamSpec, solve_graph


class InstanceError(ValueError):
    """An invalid instance file; the message says where and why."""


@dataclass
class Instance:
    person_ids: list[str]
    need_ids: list[str]
    graph: MatchGraph


def _list(data: dict[str, Any], key: str, required: bool = True) -> list[Any]:
    if key not in data:
        if required:
            raise InstanceError(f"missing top-level key {key!r}")
        return []
    value = data[key]
    if not isinstance(value, list):
        raise InstanceError(f"{key!r} must be a list")
    return value


def _int(obj: dict[str, Any], key: str, where: str, default: int) -> int:
    value: object = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{where}: {key!r} must be an integer, got {value!r}")
    if value < 0:
        raise InstanceError(f"{where}: {key!r} must not be negative, got {value}")
    return value


def _bool(obj: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value: object = obj.get(key, default)
    if not isinstance(value, bool):
        raise InstanceError(f"{where}: {key!r} must be true or false, got {value!r}")
    return value


def _id(obj: object, where: str, key: str = "id") -> str:
    if not isinstance(obj, dict):
        raise InstanceError(f"{where}: expected an object, got {obj!r}")
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{where}: {key!r} must be a non-empty string, got {value!r}")
    return value


def load_instance(data: object) -> Instance:
    """Validate an instance (parsed JSON) and build its candidate graph."""
    if not isinstance(data, dict):
        raise InstanceError("an instance must be a JSON object")
    people = _list(data, "people")
    needs = _list(data, "needs")
    cands = _list(data, "candidates")
    teams = _list(data, "teams", required=False)
    p_index: dict[str, int] = {}
    capacity, groups = [], []
    group_ids: dict[str, int] = {}
    for i, p in enumerate(people):
        pid = _id(p, f"people[{i}]")
        if pid in p_index:
            raise InstanceError(f"people[{i}]: duplicate person id {pid!r}")
        p_index[pid] = i
        capacity.append(_int(p, "capacity", f"person {pid!r}", 1))
        grp = p.get("group")
        if grp is not None and not isinstance(grp, str):
            raise InstanceError(f"person {pid!r}: 'group' must be a string, got {grp!r}")
        # a person without a group forms a group of their own
        key = grp if grp is not None else f"\x00{pid}"
        groups.append(group_ids.setdefault(key, len(group_ids)))
    n_index: dict[str, int] = {}
    slots = []
    for i, n in enumerate(needs):
        nid = _id(n, f"needs[{i}]")
        if nid in n_index:
            raise InstanceError(f"needs[{i}]: duplicate need id {nid!r}")
        n_index[nid] = i
        slots.append(_int(n, "slots", f"need {nid!r}", 1))
    e_need = np.empty(len(cands), dtype=np.int64)
    e_person = np.empty(len(cands), dtype=np.int64)
    e_score = np.empty(len(cands), dtype=np.float64)
    for i, c in enumerate(cands):
        nid = _id(c, f"candidates[{i}]", "need")
        pid = _id(c, f"candidates[{i}]", "person")
        if nid not in n_index:
            raise InstanceError(f"candidates[{i}]: unknown need {nid!r}")
        if pid not in p_index:
            raise InstanceError(f"candidates[{i}]: unknown person {pid!r}")
        score = c.get("score")
        if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(
            score
        ):
            raise InstanceError(f"candidates[{i}]: 'score' must be a finite number, got {score!r}")
        e_need[i], e_person[i], e_score[i] = n_index[nid], p_index[pid], float(score)
    if len(cands):
        pair_key = e_need * max(len(people), 1) + e_person
        uniq, first, counts = np.unique(pair_key, return_index=True, return_counts=True)
        if np.any(counts > 1):
            i = int(first[np.argmax(counts > 1)])
            raise InstanceError(
                f"candidates[{i}]: duplicate candidate pair (need {needs[e_need[i]]['id']!r}, "
                f"person {people[e_person[i]]['id']!r})"
            )
    specs: list[TeamSpec] = []
    owner: dict[str, str] = {}
    team_ids: set[str] = set()
    for i, t in enumerate(teams):
        tid = _id(t, f"teams[{i}]")
        if tid in team_ids:
            raise InstanceError(f"teams[{i}]: duplicate team id {tid!r}")
        team_ids.add(tid)
        members = t.get("needs")
        if not isinstance(members, list) or not members:
            raise InstanceError(f"team {tid!r}: 'needs' must be a non-empty list of need ids")
        seen: set[str] = set()
        for nid in members:
            if not isinstance(nid, str) or nid not in n_index:
                raise InstanceError(f"team {tid!r}: unknown need {nid!r}")
            if nid in seen:
                raise InstanceError(f"team {tid!r}: names need {nid!r} twice")
            if nid in owner:
                raise InstanceError(f"team {tid!r}: need {nid!r} is already in team {owner[nid]!r}")
            seen.add(nid)
            owner[nid] = tid
        aon = _bool(t, "all_or_nothing", f"team {tid!r}", True)
        same = _bool(t, "same_group", f"team {tid!r}", False)
        if aon or same:
            idx = np.array([n_index[n] for n in members], dtype=np.int64)
            specs.append(TeamSpec(idx, all_or_nothing=aon, same="group" if same else None))
    graph = MatchGraph(
        capacity=np.array(capacity, dtype=np.int64),
        slots=np.array(slots, dtype=np.int64),
        edge_need=e_need,
        edge_person=e_person,
        edge_score=e_score,
        teams=specs,
        labels={"group": np.array(groups, dtype=np.int64)},
    )
    return Instance(list(p_index), list(n_index), graph)


def solve_instance(instance: Instance, time_limit: float = 60.0) -> dict[str, Any]:
    """Solve and return the plan dict of the spec."""
    t0 = time.perf_counter()
    g = instance.graph
    sol = solve_graph(g, time_limit=time_limit)
    chosen = np.flatnonzero(sol.chosen)
    filled = np.bincount(g.edge_need[chosen], minlength=g.n_needs)
    left = g.slots - filled
    return {
        "status": sol.status,
        "objective": round(sol.objective, 9),
        "bound": round(sol.bound, 9),
        "assignments": [
            {"need": instance.need_ids[g.edge_need[e]], "person": instance.person_ids[g.edge_person[e]]}
            for e in chosen
        ],
        "unfilled": [
            {"need": instance.need_ids[j], "slots": int(left[j])} for j in np.flatnonzero(left > 0)
        ],
        "seconds": round(time.perf_counter() - t0, 3),
    }


def graph_to_instance(g: MatchGraph, person_ids: list[str], need_ids: list[str]) -> dict[str, Any]:
    """Inverse of `load_instance` (used by `generate`): teams must use the 'group' label."""
    groups = g.labels.get("group")
    return {
        "people": [
            {"id": pid, "capacity": int(g.capacity[i])}
            | ({} if groups is None else {"group": f"g{int(groups[i])}"})
            for i, pid in enumerate(person_ids)
        ],
        "needs": [{"id": nid, "slots": int(g.slots[j])} for j, nid in enumerate(need_ids)],
        "candidates": [
            {"need": need_ids[n], "person": person_ids[p], "score": round(float(s), 3)}
            for n, p, s in zip(g.edge_need.tolist(), g.edge_person.tolist(),
                               g.edge_score.tolist(), strict=True)
        ],
        "teams": [
            {"id": f"t{t}", "needs": [need_ids[j] for j in spec.needs],
             "all_or_nothing": spec.all_or_nothing, "same_group": spec.same is not None}
            for t, spec in enumerate(g.teams)
        ],
    }

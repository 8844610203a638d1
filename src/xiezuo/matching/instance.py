"""Instance files (docs/spec matching-instance.md): load, validate, solve, write plans.

Two ways in, one meaning:
- `load_instance(data)` checks parsed JSON (dicts and lists) element by element;
- `read_instance(raw)` is the fast path for a file's bytes: msgspec decodes straight
  into typed structs (types checked while decoding, no dict per candidate), ids become
  indices through one dict lookup per id, and the checks on candidate pairs are numpy
  passes. When msgspec refuses the document (a wrong type, a missing key, JSON it does
  not read such as NaN) the bytes go through `json` and `load_instance`, so every
  message is the one `load_instance` gives.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from typing import Any

import msgspec
import numpy as np

from .arrays import FloatArray, IntArray
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


def _people(people: list[Any]) -> tuple[dict[str, int], list[int], list[int]]:
    """Person index, capacities and group numbers (a person without a group forms a
    group of their own)."""
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
        key = grp if grp is not None else f"\x00{pid}"
        groups.append(group_ids.setdefault(key, len(group_ids)))
    return p_index, capacity, groups


def _needs(needs: list[Any]) -> tuple[dict[str, int], list[int]]:
    n_index: dict[str, int] = {}
    slots = []
    for i, n in enumerate(needs):
        nid = _id(n, f"needs[{i}]")
        if nid in n_index:
            raise InstanceError(f"needs[{i}]: duplicate need id {nid!r}")
        n_index[nid] = i
        slots.append(_int(n, "slots", f"need {nid!r}", 1))
    return n_index, slots


def _candidate(i: int, c: object, n_index: dict[str, int], p_index: dict[str, int]
               ) -> tuple[int, int, float]:
    """Need index, person index and score of candidates[i], or the error naming it."""
    nid = _id(c, f"candidates[{i}]", "need")
    pid = _id(c, f"candidates[{i}]", "person")
    if nid not in n_index:
        raise InstanceError(f"candidates[{i}]: unknown need {nid!r}")
    if pid not in p_index:
        raise InstanceError(f"candidates[{i}]: unknown person {pid!r}")
    assert isinstance(c, dict)  # checked by _id
    score = c.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        raise InstanceError(f"candidates[{i}]: 'score' must be a finite number, got {score!r}")
    return n_index[nid], p_index[pid], float(score)


def _check_pairs(e_need: IntArray, e_person: IntArray, n_people: int,
                 need_ids: list[str], person_ids: list[str]) -> None:
    """No candidate pair twice (the message names the first pair listed twice)."""
    if e_need.size < 2:
        return
    pair_key = e_need * max(n_people, 1) + e_person
    ordered = np.sort(pair_key)
    if not np.any(ordered[1:] == ordered[:-1]):
        return
    uniq, first, counts = np.unique(pair_key, return_index=True, return_counts=True)
    i = int(first[np.argmax(counts > 1)])
    raise InstanceError(
        f"candidates[{i}]: duplicate candidate pair (need {need_ids[e_need[i]]!r}, "
        f"person {person_ids[e_person[i]]!r})"
    )


def _teams(teams: list[Any], n_index: dict[str, int]) -> list[TeamSpec]:
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
    return specs


def _instance(p_index: dict[str, int], n_index: dict[str, int], capacity: object,
              slots: object, groups: object, e_need: IntArray, e_person: IntArray,
              e_score: FloatArray, specs: list[TeamSpec]) -> Instance:
    graph = MatchGraph(
        capacity=np.asarray(capacity, dtype=np.int64),
        slots=np.asarray(slots, dtype=np.int64),
        edge_need=e_need,
        edge_person=e_person,
        edge_score=e_score,
        teams=specs,
        labels={"group": np.asarray(groups, dtype=np.int64)},
    )
    return Instance(list(p_index), list(n_index), graph)


def load_instance(data: object) -> Instance:
    """Validate an instance (parsed JSON) and build its candidate graph."""
    if not isinstance(data, dict):
        raise InstanceError("an instance must be a JSON object")
    people = _list(data, "people")
    needs = _list(data, "needs")
    cands = _list(data, "candidates")
    teams = _list(data, "teams", required=False)
    p_index, capacity, groups = _people(people)
    n_index, slots = _needs(needs)
    e_need = np.empty(len(cands), dtype=np.int64)
    e_person = np.empty(len(cands), dtype=np.int64)
    e_score = np.empty(len(cands), dtype=np.float64)
    for i, c in enumerate(cands):
        e_need[i], e_person[i], e_score[i] = _candidate(i, c, n_index, p_index)
    _check_pairs(e_need, e_person, len(people), list(n_index), list(p_index))
    specs = _teams(teams, n_index)
    return _instance(p_index, n_index, capacity, slots, groups, e_need, e_person, e_score,
                     specs)


# ---- the fast path: bytes -> typed structs -> arrays ------------------------------------


class _Person(msgspec.Struct, gc=False):
    id: str
    capacity: int = 1
    group: str | None = None


class _Need(msgspec.Struct, gc=False):
    id: str
    slots: int = 1


class _Candidate(msgspec.Struct, gc=False):
    need: str
    person: str
    score: float


class _Team(msgspec.Struct, gc=False):
    id: str
    needs: list[str]
    all_or_nothing: bool = True
    same_group: bool = False


class _Document(msgspec.Struct, gc=False):
    people: list[_Person]
    needs: list[_Need]
    candidates: msgspec.Raw  # the candidates array's bytes, decoded once the ids are known
    teams: list[_Team] = []


_DECODER = msgspec.json.Decoder(_Document)
_CANDIDATES = msgspec.json.Decoder(list[_Candidate])


class _Refused(Exception):
    """The fast path leaves this document to `load_instance` (for its exact message)."""


def _index(ids: list[str]) -> dict[str, int]:
    index = dict(zip(ids, range(len(ids)), strict=True))
    if len(index) < len(ids) or "" in index:
        raise _Refused  # a duplicate or empty id: `_people` / `_needs` say which
    return index


def _fast(raw: bytes) -> Instance:
    doc = _DECODER.decode(raw)  # msgspec.ValidationError / DecodeError: refused
    person_ids = [p.id for p in doc.people]
    need_ids = [n.id for n in doc.needs]
    p_index, n_index = _index(person_ids), _index(need_ids)
    capacity = np.fromiter([p.capacity for p in doc.people], dtype=np.int64,
                           count=len(person_ids))
    slots = np.fromiter([n.slots for n in doc.needs], dtype=np.int64, count=len(need_ids))
    if capacity.size and capacity.min() < 0 or slots.size and slots.min() < 0:
        raise _Refused
    group_ids: dict[str, int] = {}
    groups = [group_ids.setdefault(p.group if p.group is not None else f"\x00{p.id}",
                                   len(group_ids)) for p in doc.people]
    section, doc_teams = doc.candidates, doc.teams
    # typed structs with str ids (measured: faster than Literal types of the file's ids,
    # whose decoder costs more to build than the strings it saves)
    cands = _CANDIDATES.decode(section)
    del doc
    m = len(cands)
    n_get, p_get = n_index.get, p_index.get
    e_need = np.fromiter([n_get(c.need, -1) for c in cands], dtype=np.int64, count=m)
    e_person = np.fromiter([p_get(c.person, -1) for c in cands], dtype=np.int64, count=m)
    e_score = np.fromiter([c.score for c in cands], dtype=np.float64, count=m)
    bad = (e_need < 0) | (e_person < 0) | ~np.isfinite(e_score)
    if bad.any():
        i = int(np.argmax(bad))
        _candidate(i, msgspec.structs.asdict(cands[i]), n_index, p_index)  # raises
    del cands
    _check_pairs(e_need, e_person, len(person_ids), need_ids, person_ids)
    return _instance(p_index, n_index, capacity, slots, groups, e_need, e_person, e_score,
                     _teams([msgspec.structs.asdict(t) for t in doc_teams], n_index))


def read_instance(raw: bytes) -> Instance:
    """Validate an instance file's bytes and build its candidate graph (fast path).

    Same result and same messages as `load_instance(json.loads(raw))`; raises
    InstanceError for an invalid instance and json.JSONDecodeError for invalid JSON.
    """
    try:
        return _fast(raw)
    except (msgspec.ValidationError, msgspec.DecodeError, _Refused, OverflowError):
        return load_instance(json.loads(raw))


# ---- plans -------------------------------------------------------------------------------


def solve_instance(instance: Instance, time_limit: float = 60.0) -> dict[str, Any]:
    """Solve and return the plan dict of the spec."""
    t0 = time.perf_counter()
    g = instance.graph
    sol = solve_graph(g, time_limit=time_limit)
    chosen = np.flatnonzero(sol.chosen)
    filled = np.bincount(g.edge_need[chosen], minlength=g.n_needs)
    left = g.slots - filled
    nids, pids = instance.need_ids, instance.person_ids
    return {
        "status": sol.status,
        "objective": round(sol.objective, 9),
        "bound": round(sol.bound, 9),
        "assignments": [{"need": nids[n], "person": pids[p]} for n, p in
                        zip(g.edge_need[chosen].tolist(), g.edge_person[chosen].tolist(),
                            strict=True)],
        "unfilled": [{"need": nids[j], "slots": s} for j, s in
                     zip(np.flatnonzero(left > 0).tolist(), left[left > 0].tolist(),
                         strict=True)],
        "seconds": round(time.perf_counter() - t0, 3),
    }


def plan_bytes(plan: dict[str, Any]) -> bytes:
    """The plan as compact UTF-8 JSON with a final newline."""
    return msgspec.json.encode(plan) + b"\n"


def shortlist(g: MatchGraph, per_need: int) -> MatchGraph:
    """`g` keeping each need's `per_need` best-scoring candidate pairs (ties by order): the
    sparser instance a round exports after shortlisting (`generate --shortlist`)."""
    if per_need < 1:
        raise ValueError("per_need must be at least 1")
    order = np.lexsort((-g.edge_score, g.edge_need))
    need = g.edge_need[order]
    first = np.r_[0, np.flatnonzero(np.diff(need)) + 1] if need.size else np.zeros(0, np.int64)
    start = np.repeat(first, np.diff(np.r_[first, need.size]))
    keep = np.sort(order[np.arange(need.size) - start < per_need])
    return MatchGraph(capacity=g.capacity, slots=g.slots, edge_need=g.edge_need[keep],
                      edge_person=g.edge_person[keep], edge_score=g.edge_score[keep],
                      teams=g.teams, labels=g.labels)


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

"""Array encodings of people and needs used by candidate generation and explanations."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import BitsArray, BoolArray, IntArray
from .model import MODES, Problem, region_ancestors, region_contains

MODE_BIT = {m: 1 << i for i, m in enumerate(sorted(MODES))}
NO_DATE = 10**7  # padding for window/busy starts (never covers anything)


@dataclass
class PeopleArrays:
    ids: list[str]
    index: dict[str, int]
    org: IntArray  # int label
    city: IntArray  # int label
    org_names: list[str]
    title: IntArray
    modes: IntArray  # bit mask
    mgmt: BoolArray
    capacity: IntArray
    win_start: IntArray  # (P, W) ordinal days, padded with NO_DATE
    win_end: IntArray  # (P, W), padded with -1
    busy_start: IntArray  # (P, B), padded with NO_DATE
    busy_end: IntArray  # (P, B), padded with -1
    pair_bits: BitsArray  # (P, words): eastern pairing codes covering the person
    has_codes: BoolArray


@dataclass
class NeedArrays:
    ids: list[str]
    index: dict[str, int]
    org_names: list[str]
    min_title: IntArray
    mgmt: BoolArray
    mode_bit: IntArray
    start: IntArray  # ordinal
    end: IntArray
    req_end: IntArray  # end of the period availability must cover
    slots: IntArray
    priority: IntArray
    pair_bits: BitsArray  # (N, words): eastern codes paired with the need's county


def _pad(rows: list[list[tuple[int, int]]], fill_start: int) -> tuple[IntArray, IntArray]:
    width = max((len(r) for r in rows), default=0)
    start = np.full((len(rows), width), fill_start, dtype=np.int64)
    end = np.full((len(rows), width), -1, dtype=np.int64)
    for i, r in enumerate(rows):
        for k, (a, b) in enumerate(r):
            start[i, k], end[i, k] = a, b
    return start, end


def _bits(keys: list[set[int]], words: int) -> BitsArray:
    out = np.zeros((len(keys), words), dtype=np.uint64)
    for i, ks in enumerate(keys):
        for k in ks:
            out[i, k >> 6] |= np.uint64(1 << (k & 63))
    return out


def encode(problem: Problem) -> tuple[PeopleArrays, NeedArrays]:
    east = sorted({p.east_code for p in problem.pairings})
    east_idx = {c: i for i, c in enumerate(east)}
    words = max(1, (len(east) + 63) // 64)
    people = problem.people
    orgs: dict[str, int] = {}
    cities: dict[str, int] = {}
    person_keys: dict[tuple[str, str], set[int]] = {}
    keys: list[set[int]] = []
    windows: list[list[tuple[int, int]]] = []
    for p in people:
        combo = (p.region_code, p.city_code)
        if combo not in person_keys:
            anc = set(region_ancestors(p.region_code)) | set(region_ancestors(p.city_code))
            person_keys[combo] = {east_idx[c] for c in anc if c in east_idx}
        keys.append(person_keys[combo])
        windows.append([(w.start.toordinal(), w.end.toordinal()) for w in p.availability])
    index = {p.id: i for i, p in enumerate(people)}
    busy_rows: list[list[tuple[int, int]]] = [[] for _ in people]
    for b in problem.busy:
        busy_rows[index[b.person_id]].append((b.start.toordinal(), b.end.toordinal()))
    ws, we = _pad(windows, NO_DATE)
    bs, be = _pad(busy_rows, NO_DATE)
    pa = PeopleArrays(
        ids=[p.id for p in people],
        index=index,
        org=np.array([orgs.setdefault(p.org_id, len(orgs)) for p in people], dtype=np.int64),
        city=np.array([cities.setdefault(p.city_code, len(cities)) for p in people],
                      dtype=np.int64),
        org_names=[],
        title=np.array([p.title_level for p in people], dtype=np.int64),
        modes=np.array([sum(MODE_BIT[m] for m in p.modes) for p in people], dtype=np.int64),
        mgmt=np.array([p.management_experience for p in people], dtype=bool),
        capacity=np.array([p.capacity for p in people], dtype=np.int64),
        win_start=ws, win_end=we, busy_start=bs, busy_end=be,
        pair_bits=_bits(keys, words),
        has_codes=np.array([bool(p.specialty_codes) for p in people], dtype=bool),
    )
    pa.org_names = list(orgs)
    needs = problem.needs
    region_keys: dict[str, set[int]] = {}
    nkeys: list[set[int]] = []
    for n in needs:
        if n.region_code not in region_keys:
            region_keys[n.region_code] = {
                east_idx[pr.east_code] for pr in problem.pairings
                if region_contains(pr.west_code, n.region_code)
            }
        nkeys.append(region_keys[n.region_code])
    start = np.array([n.start.toordinal() for n in needs], dtype=np.int64)
    end = np.array([n.end.toordinal() for n in needs], dtype=np.int64)
    min_days = np.array([n.min_days for n in needs], dtype=np.int64)
    na = NeedArrays(
        ids=[n.id for n in needs],
        index={n.id: j for j, n in enumerate(needs)},
        org_names=[n.org_id for n in needs],
        min_title=np.array([n.min_title_level for n in needs], dtype=np.int64),
        mgmt=np.array([n.requires_management for n in needs], dtype=bool),
        mode_bit=np.array([MODE_BIT[n.mode] for n in needs], dtype=np.int64),
        start=start, end=end,
        req_end=np.minimum(end, start + np.maximum(min_days - 1, 0)),
        slots=np.array([n.slots for n in needs], dtype=np.int64),
        priority=np.array([n.priority for n in needs], dtype=np.int64),
        pair_bits=_bits(nkeys, words),
    )
    return pa, na


def stage_masks(pa: PeopleArrays, na: NeedArrays, nj: IntArray, pi: IntArray
                ) -> list[tuple[str, BoolArray]]:
    """The hard filters after specialty, in explanation order, for pairs (nj[k], pi[k]).

    Arrays broadcast: pass nj[:, None] and pi[None, :] for a dense block.
    """
    title = (pa.title[pi] >= na.min_title[nj]) & (pa.mgmt[pi] | ~na.mgmt[nj])
    mode = (pa.modes[pi] & na.mode_bit[nj]) != 0
    a, b = na.start[nj][..., None], na.req_end[nj][..., None]
    avail = np.any((pa.win_start[pi] <= a) & (pa.win_end[pi] >= b), axis=-1)
    if pa.busy_start.shape[1]:
        avail &= ~np.any((pa.busy_start[pi] <= b) & (pa.busy_end[pi] >= a), axis=-1)
    return [("title_too_low", title), ("mode_not_accepted", mode), ("not_available", avail)]


def paired(pa: PeopleArrays, na: NeedArrays, nj: IntArray, pi: IntArray) -> BoolArray:
    """True where the person is on the eastern side paired with the need's county."""
    out = np.zeros(np.broadcast_shapes(np.shape(nj), np.shape(pi)), dtype=bool)
    for w in range(pa.pair_bits.shape[1]):
        out |= (pa.pair_bits[pi, w] & na.pair_bits[nj, w]) != 0
    return out

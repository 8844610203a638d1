"""Array encodings of people and needs used by candidate generation and explanations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


def _ordinals(days: list[date]) -> IntArray:
    """`date.toordinal()` of many dates at once."""
    # (measured: 30x faster than converting the dates to datetime64, which parses each one)
    return np.fromiter(map(date.toordinal, days), dtype=np.int64, count=len(days))


def _periods(row: IntArray, starts: list[date], ends: list[date], n_rows: int
             ) -> tuple[IntArray, IntArray]:
    """Periods as ordinal days per row, in the given order, padded (starts with
    NO_DATE, ends with -1); `row` (non-decreasing or not) names each period's row."""
    counts = np.bincount(row, minlength=n_rows) if row.size else np.zeros(n_rows, dtype=np.int64)
    width = int(counts.max(initial=0))
    start = np.full((n_rows, width), NO_DATE, dtype=np.int64)
    end = np.full((n_rows, width), -1, dtype=np.int64)
    if row.size:
        order = np.argsort(row, kind="stable")
        first = np.r_[0, np.cumsum(counts)[:-1]]
        col = np.empty(row.size, dtype=np.int64)
        col[order] = np.arange(row.size) - np.repeat(first, counts)
        start[row, col] = _ordinals(starts)
        end[row, col] = _ordinals(ends)
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
    for p in people:
        combo = (p.region_code, p.city_code)
        if combo not in person_keys:
            anc = set(region_ancestors(p.region_code)) | set(region_ancestors(p.city_code))
            person_keys[combo] = {east_idx[c] for c in anc if c in east_idx}
        keys.append(person_keys[combo])
    index = {p.id: i for i, p in enumerate(people)}
    ws, we = _periods(np.repeat(np.arange(len(people)), [len(p.availability) for p in people]),
                      [w.start for p in people for w in p.availability],
                      [w.end for p in people for w in p.availability], len(people))
    bs, be = _periods(np.array([index[b.person_id] for b in problem.busy], dtype=np.int64),
                      [b.start for b in problem.busy], [b.end for b in problem.busy],
                      len(people))
    mode_bits: dict[frozenset[str], int] = {}
    pa = PeopleArrays(
        ids=[p.id for p in people],
        index=index,
        org=np.array([orgs.setdefault(p.org_id, len(orgs)) for p in people], dtype=np.int64),
        city=np.array([cities.setdefault(p.city_code, len(cities)) for p in people],
                      dtype=np.int64),
        org_names=[],
        title=np.array([p.title_level for p in people], dtype=np.int64),
        modes=np.array([mode_bits[p.modes] if p.modes in mode_bits else
                        mode_bits.setdefault(p.modes, sum(MODE_BIT[m] for m in p.modes))
                        for p in people], dtype=np.int64),
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

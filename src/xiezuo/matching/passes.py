"""Passes over every candidate pair, slice by slice, on two threads.

At national scale a round has tens of millions of candidate pairs, and a numpy
expression over all of them allocates temporaries of hundreds of megabytes (each page
touched for the first time costs a fault). Cut into slices of `SLICE` pairs, the
temporaries stay small and are reused, and two threads share the slices (numpy
releases the GIL in its loops). Results are the same as one expression over the whole
arrays, bit for bit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np

from .arrays import BoolArray, FloatArray, IntArray

SLICE = 1 << 20  # pairs per slice
BUCKETS = 64  # score buckets of `top_mask`
COUNT_FACTOR = 2  # measured at national scale (1, 2, 4: best 2)

T = TypeVar("T")


def slices(n: int, size: int = SLICE) -> list[slice]:
    return [slice(s, min(n, s + size)) for s in range(0, n, size)]


def each_slice(n: int, fn: Callable[[slice], T], size: int = SLICE) -> list[T]:
    """fn over consecutive slices of range(n) (`size` each), in order; two threads when
    there are two cores and more than one slice."""
    parts = slices(n, size)
    if len(parts) > 1 and (os.cpu_count() or 1) > 1:
        with ThreadPoolExecutor(2) as pool:
            return list(pool.map(fn, parts))
    return [fn(s) for s in parts]


def score_range(score: FloatArray) -> tuple[float, float]:
    """(min, max) of the scores ((0, 0) when there are none)."""
    if score.size == 0:
        return 0.0, 0.0
    lows_highs = each_slice(score.size, lambda s: (float(score[s].min()), float(score[s].max())))
    return min(lo for lo, _ in lows_highs), max(hi for _, hi in lows_highs)


def integer_costs(score: FloatArray, scale: float, active: BoolArray | None) -> IntArray:
    """-round(score * scale) as int64 per pair, 0 where `active` is False."""
    out = np.empty(score.size, dtype=np.int64)

    def one(s: slice) -> None:
        part = np.multiply(score[s], -scale)
        np.rint(part, out=part)
        if active is not None:
            part[~active[s]] = 0.0
        out[s] = part

    each_slice(score.size, one)
    return out


def buckets_of(score: FloatArray, lo: float, hi: float) -> IntArray:
    """Score bucket 0..BUCKETS-1 (int64) of each score, from the range [lo, hi]."""
    b = (score - lo) * (BUCKETS / (hi - lo + 1e-12))
    return np.minimum(b.astype(np.int64), BUCKETS - 1)


def top_mask(group: IntArray, score: FloatArray, k: IntArray | int, n_groups: int
             ) -> BoolArray:
    """Approximately the best k pairs per group (at least k when the group has them):
    a histogram of score buckets per group instead of sorting (linear passes)."""
    if score.size == 0:
        return np.zeros(0, dtype=bool)
    lo, hi = score_range(score)
    bucket = np.empty(score.size, dtype=np.int8)

    def count(s: slice) -> IntArray:
        b = buckets_of(score[s], lo, hi)
        bucket[s] = b
        b += group[s] * BUCKETS
        counted: IntArray = np.bincount(b, minlength=n_groups * BUCKETS)
        return counted

    cnt = np.zeros(n_groups * BUCKETS, dtype=np.int64)
    # each slice's histogram is as long as `cnt`: slices at least as long keep the adding up cheap
    for part in each_slice(score.size, count, max(SLICE, COUNT_FACTOR * cnt.size)):
        cnt += part
    cum = np.cumsum(cnt.reshape(n_groups, BUCKETS)[:, ::-1], axis=1)
    kk = np.broadcast_to(np.asarray(k), (n_groups,))
    thr = (BUCKETS - 1 - np.argmax(cum >= kk[:, None], axis=1)).astype(np.int8)
    thr[cum[:, -1] < kk] = 0
    out = np.empty(score.size, dtype=bool)

    def mark(s: slice) -> None:
        np.greater_equal(bucket[s], thr[group[s]], out=out[s])

    each_slice(score.size, mark)
    return out


def price(cost: IntArray, person: IntArray, need: IntArray, d_person: IntArray,
          d_need: IntArray, margin: int, kept: BoolArray, base: BoolArray) -> tuple[int, BoolArray]:
    """One pricing pass of certified pruning. With the reduced cost
    rc = cost + d_person[person] - d_need[need] of every pair: the number of pairs with
    rc < 0 outside `kept` (the violations), and the pairs kept next: `base` or rc < margin.
    `base` may be `kept` itself: neither is written, the next kept set is a new array."""
    out = np.empty(cost.size, dtype=bool)

    def one(s: slice) -> int:
        rc = cost[s] + d_person[person[s]]
        rc -= d_need[need[s]]
        violated = int(np.count_nonzero((rc < 0) & ~kept[s]))
        np.logical_or(base[s], rc < margin, out=out[s])
        return violated

    return sum(each_slice(cost.size, one)), out

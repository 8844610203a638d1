"""Candidate generation: the hard filters, vectorised per specialty group, and the scores.

Specialty match (in order of fit): the exact code, a related code (`Problem.related`),
or — when the need or the person has no code — character n-gram TF-IDF similarity of
the Chinese texts >= `Problem.text_threshold`. Then title (and management experience),
mode, availability covering the required period without overlapping a Busy period, and
exclusions. Needs of one specialty are checked as dense blocks against the people of the
specialty and its related ones (narrow dtypes: int32 days, int8 levels and modes), and
the pairs found are scored right there from the block's rows and columns (the parts of
`scoring.score_parts`, added as `scoring.total_score` adds them, bit for bit). On a large
problem two forked processes share the specialty groups: each finds its groups' pairs,
reports how many, and writes them to their final places in shared columns, so the pairs
come out in the order one process finds them.
"""

from __future__ import annotations

import mmap
import multiprocessing as mp
import os
from collections import defaultdict
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import numpy as np
import numpy.typing as npt

from .arrays import BitsArray, BoolArray, FloatArray, IntArray
from .encode import NeedArrays, PeopleArrays, encode, stage_masks
from .model import MatchingInputError, Problem, Weights
from .passes import each_slice
from .tfidf import similarity

BLOCK_CELLS = 2_000_000  # needs x people per dense block
FIT_EXACT, FIT_RELATED = 1.0, 0.6


@dataclass
class SpecialtyIndex:
    """Who matches which specialty (before the other filters)."""

    by_code: dict[str, IntArray]  # code -> sorted person indices holding it
    text_need: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    text_person: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    text_sim: FloatArray = field(default_factory=lambda: np.zeros(0))

    def _text_range(self, j: int) -> tuple[int, int]:
        """Text pairs of need j (the arrays are kept sorted by need)."""
        a = int(np.searchsorted(self.text_need, j, side="left"))
        b = int(np.searchsorted(self.text_need, j, side="right"))
        return a, b

    def pool(self, problem: Problem, j: int) -> tuple[IntArray, FloatArray]:
        """People matching need j by specialty and their fit (1.0 / 0.6 / text)."""
        code = problem.needs[j].specialty_code
        people: list[IntArray] = []
        fits: list[FloatArray] = []
        if code:
            cp, cf = _code_pool(problem, self, code)
            people.append(cp)
            fits.append(cf)
        a, b = self._text_range(j)
        people.append(self.text_person[a:b])
        fits.append(text_fit(self.text_sim[a:b]))
        p = np.concatenate(people).astype(np.int64)
        f = np.concatenate(fits)
        order = np.lexsort((-f, p))  # best fit first per person
        p, f = p[order], f[order]
        first = np.r_[True, p[1:] != p[:-1]] if p.size else np.zeros(0, dtype=bool)
        return p[first], f[first]


def text_fit(sim: FloatArray) -> FloatArray:
    """Specialty fit of a text match: below a related code, growing with similarity."""
    return np.minimum(FIT_RELATED, 0.2 + 0.4 * sim)


def _text_matches(problem: Problem, threshold: float) -> tuple[IntArray, IntArray, FloatArray]:
    """(need, person, similarity) for pairs where the need or the person has no code.

    Similarities are computed between *distinct* texts (a few hundred specialties),
    then expanded to the people and needs carrying them.
    """
    needs_nocode = np.array([j for j, n in enumerate(problem.needs) if not n.specialty_code],
                            dtype=np.int64)
    people_nocode = np.array([i for i, p in enumerate(problem.people) if not p.specialty_codes],
                             dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    if not problem.people or not problem.needs or (not needs_nocode.size and not people_nocode.size):
        return empty, empty, np.zeros(0)  # nothing to compare (an empty pool, or all coded)
    need_text = [f"{n.specialty_text} {n.description}" for n in problem.needs]
    person_text = [p.specialty_text or " ".join(p.specialty_codes) for p in problem.people]
    n_uniq, n_inv = np.unique(np.array(need_text, dtype=object), return_inverse=True)
    p_uniq, p_inv = np.unique(np.array(person_text, dtype=object), return_inverse=True)
    sim = similarity(list(n_uniq), list(p_uniq))
    # people grouped by text id (CSR-like)
    p_order = np.argsort(p_inv, kind="stable")
    p_start = np.searchsorted(p_inv[p_order], np.arange(p_uniq.size + 1))
    out_n: list[IntArray] = []
    out_p: list[IntArray] = []
    out_s: list[FloatArray] = []

    def block(rows: IntArray, cols: IntArray | None) -> None:
        if rows.size == 0 or (cols is not None and cols.size == 0):
            return
        allowed = None
        if cols is not None:
            allowed = np.zeros(len(problem.people), dtype=bool)
            allowed[cols] = True
        for u in np.unique(n_inv[rows]):
            texts = np.flatnonzero(sim[u] >= threshold)
            if texts.size == 0:
                continue
            ppl = np.concatenate([p_order[p_start[v]:p_start[v + 1]] for v in texts])
            vals = np.repeat(sim[u, texts], p_start[texts + 1] - p_start[texts])
            if allowed is not None:
                keep = allowed[ppl]
                ppl, vals = ppl[keep], vals[keep]
            js = rows[n_inv[rows] == u]
            out_n.append(np.repeat(js, ppl.size))
            out_p.append(np.tile(ppl, js.size))
            out_s.append(np.tile(vals, js.size))

    block(needs_nocode, None)
    coded = np.array([j for j, n in enumerate(problem.needs) if n.specialty_code], dtype=np.int64)
    block(coded, people_nocode)
    if not out_n:
        return empty, empty, np.zeros(0)
    return (np.concatenate(out_n).astype(np.int64), np.concatenate(out_p).astype(np.int64),
            np.concatenate(out_s))


def specialty_index(problem: Problem) -> SpecialtyIndex:
    by_code: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(problem.people):
        for c in set(p.specialty_codes):
            by_code[c].append(i)
    idx = SpecialtyIndex({c: np.array(v, dtype=np.int64) for c, v in by_code.items()})
    tn, tp, ts = _text_matches(problem, problem.text_threshold)
    order = np.argsort(tn, kind="stable")
    idx.text_need, idx.text_person, idx.text_sim = tn[order], tp[order], ts[order]
    return idx


@dataclass
class Candidates:
    pa: PeopleArrays
    na: NeedArrays
    spec: SpecialtyIndex
    need: IntArray
    person: IntArray
    fit: FloatArray  # specialty fit per edge
    seconds: float = 0.0
    # The total score per pair (`scoring.total_score` of `scoring.score_parts`, bit for
    # bit), computed block by block while the pairs are found; None without weights.
    score: FloatArray | None = None
    pressure: FloatArray | None = None  # `scoring.org_pressure`, when computed already


def _pair_keys(na: NeedArrays, pa: PeopleArrays, pairs: frozenset[tuple[str, str]]
               ) -> IntArray:
    n_p = max(len(pa.ids), 1)
    return np.array(sorted(na.index[n] * n_p + pa.index[p] for n, p in pairs), dtype=np.int64)


@dataclass
class _Narrow:
    """The columns the hard filters and the first score parts read, in small dtypes
    (int32 days, int8 levels and modes): the dense blocks move a quarter of the bytes."""

    title: npt.NDArray[np.int8]
    mgmt: BoolArray
    modes: npt.NDArray[np.int8]
    win_start: npt.NDArray[np.int32]
    win_end: npt.NDArray[np.int32]
    busy_start: npt.NDArray[np.int32]
    busy_end: npt.NDArray[np.int32]
    pair_bits: BitsArray
    n_title: npt.NDArray[np.int8]
    n_mgmt: BoolArray
    n_mode: npt.NDArray[np.int8]
    n_start: npt.NDArray[np.int32]
    n_end: npt.NDArray[np.int32]
    n_req_end: npt.NDArray[np.int32]
    n_pair_bits: BitsArray


def _narrow(pa: PeopleArrays, na: NeedArrays) -> _Narrow:
    return _Narrow(
        title=pa.title.astype(np.int8), mgmt=pa.mgmt, modes=pa.modes.astype(np.int8),
        win_start=pa.win_start.astype(np.int32), win_end=pa.win_end.astype(np.int32),
        busy_start=pa.busy_start.astype(np.int32), busy_end=pa.busy_end.astype(np.int32),
        pair_bits=pa.pair_bits, n_title=na.min_title.astype(np.int8), n_mgmt=na.mgmt,
        n_mode=na.mode_bit.astype(np.int8), n_start=na.start.astype(np.int32),
        n_end=na.end.astype(np.int32), n_req_end=na.req_end.astype(np.int32),
        n_pair_bits=na.pair_bits,
    )


# title part by levels above the minimum (0..4), as `scoring.score_parts` computes it
TITLE_PART: FloatArray = np.minimum(1.0, 0.85 + 0.05 * np.maximum(np.arange(5, dtype=np.int64), 0))


def _block_mask(w: _Narrow, nj: IntArray, pp: IntArray) -> BoolArray:
    """`stage_masks` of needs nj x people pp, all filters at once (same result)."""
    mask: BoolArray = (w.title[pp][None, :] >= w.n_title[nj][:, None])
    if w.n_mgmt[nj].any():
        mask &= w.mgmt[pp][None, :] | ~w.n_mgmt[nj][:, None]
    mode_rows = w.n_mode[nj]
    modes = w.modes[pp]
    kinds, inv = np.unique(mode_rows, return_inverse=True)
    mask &= ((modes[None, :] & kinds[:, None]) != 0)[inv.reshape(-1)]
    a, b = w.n_start[nj][:, None], w.n_req_end[nj][:, None]
    ws, we = w.win_start[pp], w.win_end[pp]
    avail = (ws[None, :, 0] <= a) & (we[None, :, 0] >= b)
    for k in range(1, ws.shape[1]):
        avail |= (ws[None, :, k] <= a) & (we[None, :, k] >= b)
    mask &= avail
    if w.busy_start.shape[1]:
        bs, be = w.busy_start[pp], w.busy_end[pp]
        for k in range(bs.shape[1]):
            mask &= ~((bs[None, :, k] <= b) & (be[None, :, k] >= a))
    return mask


def pressure_of(org_edges: IntArray, pa: PeopleArrays, na: NeedArrays) -> FloatArray:
    """Per organisation, min(1, load pressure) from its candidate pairs (`org_edges`): its
    share of all pairs times the total slots, divided by its size (`scoring`: fairness)."""
    n_org = org_edges.size
    if not org_edges.any():
        return np.zeros(n_org)  # no pairs: nothing to weigh
    edges = org_edges.astype(float)
    org_size = np.maximum(np.bincount(pa.org, minlength=n_org), 1).astype(float)
    pressure = edges / edges.sum() * float(na.slots.sum()) / org_size
    capped: FloatArray = np.minimum(1.0, pressure)
    return capped


@dataclass
class _Group:
    """Needs `nj` of one specialty code and the people `pp` matching it with fit `pf`
    (the text matches: a group of given pairs `nj[k]`, `pp[k]`, `pairs=True`)."""

    nj: IntArray
    pp: IntArray
    pf: FloatArray
    pairs: bool = False

    @property
    def cells(self) -> int:
        return self.nj.size if self.pairs else self.nj.size * self.pp.size


@dataclass
class _Out:
    """The output columns: every pair at its final position (groups in order)."""

    need: IntArray
    person: IntArray
    fit: FloatArray
    partial: FloatArray


@dataclass
class _GenTask:
    """What the forked workers read (set before they fork) and where they write."""

    problem: Problem
    pa: PeopleArrays
    na: NeedArrays
    w: _Narrow
    weights: Weights | None
    groups: list[_Group]
    share: list[list[int]]  # group indices per worker
    out: _Out | None  # shared columns, large enough for every cell (workers); else later
    keys: IntArray  # continuity: person * n_hosts + host, of people who served there
    has_hosts: BoolArray
    need_host: IntArray
    n_hosts: int


_GEN: list[_GenTask] = []
PARALLEL_CELLS = 4_000_000  # dense cells from which two processes pay


def _partial(t: _GenTask, g: _Group, r: IntArray, c: IntArray) -> FloatArray:
    """specialty + title + pairing + availability + continuity, weighted and added in
    `PARTS` order as `scoring.total_score` adds them (bit for bit); fairness and priority
    are added once every pair is known. The pairs pass the filters, so the title is at
    least the minimum. Reads the group's rows and columns, not every column per pair."""
    w, weights, nj, pp = t.w, t.weights, g.nj, g.pp
    assert weights is not None
    excess = (w.title[pp][c] - w.n_title[nj][r]).astype(np.intp)
    bits, n_bits = w.pair_bits[pp], w.n_pair_bits[nj]
    paired = (bits[c, 0] & n_bits[r, 0]) != 0
    for k in range(1, bits.shape[1]):
        paired |= (bits[c, k] & n_bits[r, k]) != 0
    start, end = w.n_start[nj][r], w.n_end[nj][r]
    ws, we = w.win_start[pp], w.win_end[pp]
    best = np.zeros(r.size, dtype=np.int32)
    for k in range(ws.shape[1]):
        over = np.minimum(we[c, k], end) - np.maximum(ws[c, k], start) + 1
        np.maximum(best, over, out=best)
    length = (end.astype(np.int64) - start + 1).astype(float)
    continuity = np.zeros(r.size)
    if t.keys.size:
        sub = np.flatnonzero(t.has_hosts[pp][c])
        edge_keys = pp[c[sub]] * t.n_hosts + t.need_host[nj[r[sub]]]
        continuity[sub] = np.isin(edge_keys, t.keys)
    out = float(weights.specialty) * g.pf[c]
    out += float(weights.title) * TITLE_PART[excess]
    out += float(weights.pairing) * paired.astype(float)
    out += float(weights.availability) * np.minimum(1.0, best / length)
    out += float(weights.continuity) * continuity
    return out


def _find(t: _GenTask, g: _Group) -> list[tuple[IntArray, IntArray]]:
    """The pairs of a group: (rows, columns) per dense block."""
    if g.pairs:  # the text matches: the other filters, pair by pair
        mask = np.ones(g.nj.size, dtype=bool)
        for _, m in stage_masks(t.pa, t.na, g.nj, g.pp):
            mask &= m
        kept = np.flatnonzero(mask)
        return [(kept, kept)]
    blocks = []
    rows = max(1, BLOCK_CELLS // max(g.pp.size, 1))
    for s in range(0, g.nj.size, rows):
        r, c = np.nonzero(_block_mask(t.w, g.nj[s:s + rows], g.pp))
        blocks.append((r + s, c))
    return blocks


def _write(t: _GenTask, out: _Out, g: _Group, blocks: list[tuple[IntArray, IntArray]],
           pos: int) -> None:
    for r, c in blocks:
        n = r.size
        out.need[pos:pos + n] = g.nj[r]
        out.person[pos:pos + n] = g.pp[c]
        out.fit[pos:pos + n] = g.pf[c]
        if t.weights is not None:
            out.partial[pos:pos + n] = _partial(t, g, r, c)
        pos += n


def _worker(k: int, conn: Connection) -> None:
    """Forked worker k: find the pairs of its groups, send their counts, receive where
    they go, write them into the shared columns."""
    try:
        t = _GEN[0]
        assert t.out is not None
        found = [_find(t, t.groups[gi]) for gi in t.share[k]]
        conn.send([sum(r.size for r, _ in blocks) for blocks in found])
        starts = conn.recv()
        for gi, blocks, pos in zip(t.share[k], found, starts, strict=True):
            _write(t, t.out, t.groups[gi], blocks, pos)
        conn.send(None)
    except BaseException as exc:  # noqa: BLE001 — reported to the parent, which raises
        conn.send(exc)
    finally:
        conn.close()


def _shared(n: int, dtype: type[np.generic]) -> npt.NDArray[Any]:
    """A column of n values in memory shared with forked workers (pages are only taken
    when written, so a generous size costs nothing)."""
    size = max(n, 1) * np.dtype(dtype).itemsize
    return np.frombuffer(mmap.mmap(-1, size), dtype=dtype, count=max(n, 1))


def _positions(share: list[list[int]], counts: list[list[int]], n_groups: int
               ) -> tuple[list[list[int]], int]:
    """Where each worker's groups start when the pairs are laid out in group order."""
    count = [0] * n_groups
    for gis, cs in zip(share, counts, strict=True):
        for gi, n in zip(gis, cs, strict=True):
            count[gi] = n
    start = np.r_[0, np.cumsum(count)].tolist()
    return [[int(start[gi]) for gi in gis] for gis in share], int(start[-1])


def generate(problem: Problem, weights: Weights | None = None,
             workers: int | None = None) -> Candidates:
    """All feasible (need, person) pairs with their specialty fit (and, given weights,
    their total score: `Candidates.score`). The specialty groups are shared among
    `workers` forked processes (default: two on a large problem with two cores), which
    write the pairs straight to their places in shared columns, in the order one process
    finds them."""
    pa, na = encode(problem)
    spec = specialty_index(problem)
    w = _narrow(pa, na)
    by_code: dict[str, list[int]] = defaultdict(list)
    for j, n in enumerate(problem.needs):
        if n.specialty_code:
            by_code[n.specialty_code].append(j)
    groups: list[_Group] = []
    for code, js in by_code.items():
        pool_p, pool_f = _code_pool(problem, spec, code)
        if pool_p.size:
            groups.append(_Group(np.array(js, dtype=np.int64), pool_p, pool_f))
    if spec.text_need.size:
        groups.append(_Group(spec.text_need, spec.text_person, text_fit(spec.text_sim),
                             pairs=True))
    cells = [g.cells for g in groups]
    n_workers = workers or (2 if sum(cells) >= PARALLEL_CELLS and (os.cpu_count() or 1) > 1
                            else 1)
    n_workers = max(1, min(n_workers, len(groups)))
    share: list[list[int]] = [[] for _ in range(n_workers)]
    load = [0] * n_workers
    for gi in sorted(range(len(groups)), key=lambda i: -cells[i]):
        k = load.index(min(load))
        share[k].append(gi)
        load[k] += cells[gi]
    host = {name: k for k, name in enumerate(dict.fromkeys(na.org_names))}
    n_hosts = max(len(host), 1)
    bound = sum(cells)
    task = _GenTask(
        problem=problem, pa=pa, na=na, w=w, weights=weights, groups=groups, share=share, out=None,
        keys=np.array([i * n_hosts + host[h] for i, p in enumerate(problem.people)
                       for h in p.previous_hosts if h in host], dtype=np.int64),
        has_hosts=np.array([bool(p.previous_hosts) for p in problem.people], dtype=bool),
        need_host=np.array([host[o] for o in na.org_names], dtype=np.int64),
        n_hosts=n_hosts,
    )
    if n_workers > 1:
        task.out = _Out(_shared(bound, np.int64), _shared(bound, np.int64),
                        _shared(bound, np.float64),
                        _shared(bound if weights is not None else 0, np.float64))
        total = _run_workers(task, n_workers)
        out = task.out
    else:
        found = [_find(task, g) for g in groups]
        total = sum(r.size for blocks in found for r, _ in blocks)
        out = _Out(np.empty(total, dtype=np.int64), np.empty(total, dtype=np.int64),
                   np.empty(total), np.empty(total if weights is not None else 0))
        pos = 0
        for g, blocks in zip(groups, found, strict=True):
            _write(task, out, g, blocks, pos)
            pos += sum(r.size for r, _ in blocks)
    need, person, fit = out.need[:total], out.person[:total], out.fit[:total]
    # no duplicates: a coded need meets coded people only through its code pool, and
    # text pairs always involve an uncoded need or an uncoded person
    n_p = max(len(pa.ids), 1)
    keep = None
    if problem.exclusions:
        keep = ~np.isin(need * n_p + person, _pair_keys(na, pa, problem.exclusions))
        need, person, fit = need[keep], person[keep], fit[keep]
    score = capped = None
    if weights is not None:
        score = out.partial[:total]
        if keep is not None:
            score = score[keep]
        capped = _add_fairness_and_priority(score, need, person, pa, na, weights)
    return Candidates(pa, na, spec, need, person, fit, score=score, pressure=capped)


def _add_fairness_and_priority(score: FloatArray, need: IntArray, person: IntArray,
                               pa: PeopleArrays, na: NeedArrays, weights: Weights) -> FloatArray:
    """Add the fairness and priority parts to every pair's score (in place, slice by
    slice, as `scoring.total_score` adds them); returns the organisations' pressure."""
    n_org = int(pa.org.max(initial=-1)) + 1
    per_org = each_slice(person.size,
                         lambda s: np.bincount(pa.org[person[s]], minlength=n_org))
    capped = pressure_of(sum(per_org, np.zeros(n_org, dtype=np.int64)), pa, na)
    fairness = float(weights.fairness) * -capped  # per organisation
    priority = float(weights.priority) * (na.priority / 5.0)  # per need

    def add(s: slice) -> None:
        score[s] += fairness[pa.org[person[s]]]
        score[s] += priority[need[s]]

    each_slice(score.size, add)
    return capped


def _run_workers(task: _GenTask, n_workers: int) -> int:
    """Fork the workers, lay their groups out in group order; the number of pairs."""
    ctx = mp.get_context("fork")
    _GEN.clear()
    _GEN.append(task)
    procs, conns = [], []
    try:
        for k in range(n_workers):
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=_worker, args=(k, theirs), daemon=True)
            proc.start()
            theirs.close()
            procs.append(proc)
            conns.append(mine)
        counts = [_receive(c) for c in conns]
        starts, total = _positions(task.share, counts, len(task.groups))
        for c, st in zip(conns, starts, strict=True):
            c.send(st)
        for c in conns:
            _receive(c)
        return total
    finally:
        _GEN.clear()
        for c in conns:
            c.close()
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()


def _receive(conn: Connection) -> Any:
    try:
        message = conn.recv()
    except EOFError as exc:
        raise RuntimeError("a candidate generation worker died") from exc
    if isinstance(message, BaseException):
        raise message
    return message


def _code_pool(problem: Problem, spec: SpecialtyIndex, code: str
               ) -> tuple[IntArray, FloatArray]:
    """People holding `code` (fit 1.0) or a related code (0.6), best fit per person."""
    people = [spec.by_code.get(code, np.zeros(0, dtype=np.int64))]
    fits = [np.full(people[0].size, FIT_EXACT)]
    for r in sorted(problem.related.get(code, frozenset())):
        rel = spec.by_code.get(r, np.zeros(0, dtype=np.int64))
        people.append(rel)
        fits.append(np.full(rel.size, FIT_RELATED))
    p = np.concatenate(people)
    f = np.concatenate(fits)
    order = np.lexsort((-f, p))
    p, f = p[order], f[order]
    first = np.r_[True, p[1:] != p[:-1]] if p.size else np.zeros(0, dtype=bool)
    return p[first], f[first]


def check_pins(problem: Problem, cands: Candidates) -> BoolArray:
    """Edge flags for pins; a pin that fails a hard filter is an input error."""
    if not problem.pins:
        return np.zeros(cands.need.size, dtype=bool)
    n_p = max(len(cands.pa.ids), 1)
    key = cands.need * n_p + cands.person
    forced = np.zeros(key.size, dtype=bool)
    order = np.argsort(key)
    for nid, pid in sorted(problem.pins):
        k = cands.na.index[nid] * n_p + cands.pa.index[pid]
        pos = np.searchsorted(key, k, sorter=order)
        if pos < key.size and key[order[pos]] == k:
            forced[order[pos]] = True
            continue
        raise MatchingInputError(
            f"pins ({nid!r}, {pid!r})",
            "the pinned person is not a feasible candidate for the need (specialty, title, "
            "mode or availability)",
        )
    return forced

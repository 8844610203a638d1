"""Candidate generation: the hard filters, vectorised per specialty group.

Specialty match (in order of fit): the exact code, a related code (`Problem.related`),
or — when the need or the person has no code — character n-gram TF-IDF similarity of
the Chinese texts >= `Problem.text_threshold`. Then title (and management experience),
mode, availability covering the required period without overlapping a Busy period, and
exclusions. Needs of one specialty are scored as dense blocks against the people of the
specialty and its related ones (about 50 ns per pair instead of microseconds in Python).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .arrays import BoolArray, FloatArray, IntArray
from .encode import NeedArrays, PeopleArrays, encode, stage_masks
from .model import MatchingInputError, Problem

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
    # Imported on first use on purpose: scikit-learn costs about 1 s and 60 MB in every
    # process that imports the engine (every Django process, through the needs app), and
    # only a matching run needs it.
    from sklearn.feature_extraction.text import TfidfVectorizer

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
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
    vec.fit(list(n_uniq) + list(p_uniq))
    sim: FloatArray = (vec.transform(list(n_uniq)) @ vec.transform(list(p_uniq)).T).toarray()
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


def _pair_keys(na: NeedArrays, pa: PeopleArrays, pairs: frozenset[tuple[str, str]]
               ) -> IntArray:
    n_p = max(len(pa.ids), 1)
    return np.array(sorted(na.index[n] * n_p + pa.index[p] for n, p in pairs), dtype=np.int64)


def generate(problem: Problem) -> Candidates:
    """All feasible (need, person) pairs with their specialty fit."""
    pa, na = encode(problem)
    spec = specialty_index(problem)
    groups: dict[str, list[int]] = defaultdict(list)
    for j, n in enumerate(problem.needs):
        if n.specialty_code:
            groups[n.specialty_code].append(j)
    out_n: list[IntArray] = []
    out_p: list[IntArray] = []
    out_f: list[FloatArray] = []
    for code, js in groups.items():
        pool_p, pool_f = _code_pool(problem, spec, code)
        if pool_p.size == 0:
            continue
        nj_all = np.array(js, dtype=np.int64)
        rows = max(1, BLOCK_CELLS // max(pool_p.size, 1))
        for s in range(0, nj_all.size, rows):
            nj = nj_all[s:s + rows]
            mask: BoolArray = np.ones((nj.size, pool_p.size), dtype=bool)
            for _, m in stage_masks(pa, na, nj[:, None], pool_p[None, :]):
                mask &= m
            r, c = np.nonzero(mask)
            out_n.append(nj[r])
            out_p.append(pool_p[c])
            out_f.append(pool_f[c])
    if spec.text_need.size:
        tn, tp = spec.text_need, spec.text_person
        mask = np.ones(tn.size, dtype=bool)
        for _, m in stage_masks(pa, na, tn, tp):
            mask &= m
        out_n.append(tn[mask])
        out_p.append(tp[mask])
        out_f.append(text_fit(spec.text_sim[mask]))
    need = np.concatenate(out_n) if out_n else np.zeros(0, dtype=np.int64)
    person = np.concatenate(out_p) if out_p else np.zeros(0, dtype=np.int64)
    fit = np.concatenate(out_f) if out_f else np.zeros(0)
    # no duplicates: a coded need meets coded people only through its code pool, and
    # text pairs always involve an uncoded need or an uncoded person
    n_p = max(len(pa.ids), 1)
    if problem.exclusions:
        keep = ~np.isin(need * n_p + person, _pair_keys(na, pa, problem.exclusions))
        need, person, fit = need[keep], person[keep], fit[keep]
    return Candidates(pa, na, spec, need, person, fit)


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

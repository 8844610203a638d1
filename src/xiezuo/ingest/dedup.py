"""Near-duplicate detection across a collection (same story, clean copy vs noisy scan).

Texts are reduced to Simplified characters, letters and digits (no punctuation, no
spaces, no pinyin) and cut into character shingles (3 characters). A MinHash (128
permutations, CRC32 hashing so that signatures are stable across processes) sketches
each shingle set.

*Containment*, not Jaccard, decides: a clean web copy of an article is contained in the
OCR of the newspaper page that printed it next to other articles, although the Jaccard
similarity of the two is small. From a MinHash Jaccard estimate J and the set sizes,
|A∩B| = J(|A|+|B|)/(1+J) and containment(A in B) = |A∩B|/|A|.

Candidates come from datasketch's MinHash LSH with 42 bands of 3 rows (a candidate
with probability 0.5 at Jaccard 0.25, 0.95 at 0.4, 0.001 at 0.05); every candidate is
then checked by estimated containment, both ways, against ``threshold`` (0.6). A clean
article in a page three times its size has Jaccard about 0.3: for whole pages, index
the page's segments (see :func:`xiezuo.ingest.segment.split_articles`) rather than the
page. (datasketch's LSH Ensemble indexes containment directly, but it was 10x slower
to build at 10^5 documents and cannot add documents one by one.)

* :func:`find_duplicates` -- a batch;
* :class:`DuplicateIndex` -- incremental: add a document, ask whether a text is a copy;
* :class:`Signature` -- a text's MinHash and shingle-set size, as stored bytes: an index
  is rebuilt from stored signatures (`DuplicateIndex.add_signature`) without the texts.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
from datasketch import MinHash, MinHashLSH

from xiezuo.ingest.normalise import MASK, strip_pinyin, to_simplified

NUM_PERM = 128
SHINGLE = 3
DEFAULT_THRESHOLD = 0.6
LSH_PARAMS = (42, 3)  # bands, rows
# datasketch's permutation scheme, named so that stored signatures stay comparable with
# new ones should a later datasketch change its default (signatures of different schemes
# cannot be compared).
SCHEME = "affine32"
_DROP = re.compile(rf"[^\w]|[_{MASK}]")

K = TypeVar("K", bound=Hashable)  # a document's key


def _crc32(b: bytes) -> int:
    return zlib.crc32(b)


def shingles(text: str, n: int = SHINGLE, prepare: bool = True) -> set[bytes]:
    """Character n-grams of the text reduced to Simplified word characters."""
    if prepare:
        text = to_simplified(strip_pinyin(text))[0]
    core = _DROP.sub("", text).lower()
    if len(core) < n:
        return {core.encode("utf-8")} if core else set()
    return {core[i : i + n].encode("utf-8") for i in range(len(core) - n + 1)}


def _empty() -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashfunc=_crc32, scheme=SCHEME)


def sketch(sh: set[bytes]) -> MinHash:
    m = _empty()
    m.update_batch(list(sh))
    return m


def containment(a: MinHash, size_a: int, b: MinHash, size_b: int) -> float:
    """Estimated share of A's shingles that are also in B."""
    if not size_a or not size_b:
        return 0.0
    j: float = a.jaccard(b)  # datasketch is untyped: a numpy float
    inter = j * (size_a + size_b) / (1 + j)
    return min(1.0, inter / size_a)


@dataclass(frozen=True)
class Signature:
    """A text's MinHash and the size of its shingle set (what containment needs).

    ``to_bytes`` gives the 128 hash values as little-endian uint64 (1024 bytes), the form
    in which they are stored; ``from_bytes`` reads them back."""

    minhash: MinHash
    size: int

    @classmethod
    def of(cls, text: str) -> Signature:
        sh = shingles(text)
        return cls(sketch(sh) if sh else _empty(), len(sh))

    def to_bytes(self) -> bytes:
        return np.asarray(self.minhash.hashvalues, dtype="<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes | memoryview, size: int) -> Signature:
        values = np.frombuffer(bytes(data), dtype="<u8")
        if values.shape != (NUM_PERM,):
            raise ValueError(f"a signature has {NUM_PERM} hash values, not {values.shape[0]}")
        minhash = MinHash(num_perm=NUM_PERM, hashfunc=_crc32, scheme=SCHEME,
                          hashvalues=values.astype(np.uint64))
        return cls(minhash, size)


@dataclass(frozen=True)
class Duplicate(Generic[K]):
    dup_id: K | None  # None from `DuplicateIndex.is_duplicate`
    original_id: K
    containment: float


def find_duplicates(
    docs: Mapping[K, str], threshold: float = DEFAULT_THRESHOLD, prepare: bool = True,
) -> list[tuple[K, K, float]]:
    """Pairs (dup_id, original_id, containment) in ``docs``.

    The original is the document that comes first in ``docs``' order; each later
    document is reported at most once, against the earlier document it overlaps most (the
    earliest of equals). ``containment`` is the larger of the two directions (the smaller
    text in the larger).

    The banding is done here with numpy over all signatures at once (the same bands as
    `MinHashLSH` with `LSH_PARAMS`: documents whose hash values agree on every row of a
    band are candidates), and candidates are checked in bulk -- a batch needs no index
    that can take documents one by one.
    """
    keys = list(docs)
    sets = [shingles(docs[k], prepare=prepare) for k in keys]
    mhs = MinHash.bulk([list(s) for s in sets], num_perm=NUM_PERM, hashfunc=_crc32,
                       scheme=SCHEME)
    sizes = np.array([len(s) for s in sets], dtype=np.float64)
    if len(keys) < 2:
        return []
    values = np.vstack([m.hashvalues for m in mhs])
    first, second = _candidates(values, sizes > 0)
    best: dict[int, tuple[int, float]] = {}
    for start in range(0, len(first), _CHUNK):
        i, j = first[start : start + _CHUNK], second[start : start + _CHUNK]
        jac = np.count_nonzero(values[i] == values[j], axis=1) / NUM_PERM
        inter = jac * (sizes[i] + sizes[j]) / (1 + jac)
        both = np.minimum(1.0, inter / np.minimum(sizes[i], sizes[j]))
        for a, b, c in zip(i[both >= threshold].tolist(), j[both >= threshold].tolist(),
                           both[both >= threshold].tolist(), strict=True):
            if b not in best or best[b][1] < c or (best[b][1] == c and a < best[b][0]):
                best[b] = (a, c)
    return [(keys[later], keys[earlier], round(c, 3)) for later, (earlier, c) in sorted(best.items())]


_CHUNK = 500_000  # candidate pairs compared at once (each costs NUM_PERM bytes)


def _candidates(values: np.ndarray, usable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(earlier, later) index pairs of documents that agree on all rows of some band."""
    bands, rows = LSH_PARAMS
    index = np.flatnonzero(usable)
    pairs: list[np.ndarray] = []
    n = len(values)
    for band in range(bands):
        block = np.ascontiguousarray(values[index, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        lengths = np.diff(np.r_[starts, len(ordered)])
        for size in np.unique(lengths[lengths > 1]).tolist():
            groups = index[order[starts[lengths == size][:, None] + np.arange(size)]]
            a, b = np.triu_indices(size, k=1)
            pairs.append(groups[:, a].ravel() * n + groups[:, b].ravel())
    if not pairs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    unique = np.unique(np.concatenate(pairs))
    return unique // n, unique % n


class DuplicateIndex(Generic[K]):
    """An incremental index: add documents one by one, ask whether a text is a copy.

    >>> idx = DuplicateIndex[str]()
    >>> idx.add("a", text_a)              # None: nothing similar stored yet
    >>> idx.add("b", noisy_copy_of_a)     # Duplicate(dup_id="b", original_id="a", ...)
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_PARAMS)
        self._store: dict[K, tuple[MinHash, int]] = {}

    def __len__(self) -> int:
        return len(self._store)

    def __contains__(self, key: object) -> bool:
        return key in self._store

    def matches(self, text: str) -> list[tuple[K, float]]:
        """Stored documents that this text duplicates (either contains the other)."""
        return self.matches_signature(Signature.of(text))

    def matches_signature(self, signature: Signature) -> list[tuple[K, float]]:
        """As `matches`, for a text's signature."""
        return self._matches(signature.minhash, signature.size) if signature.size else []

    def _matches(self, mh: MinHash, size: int) -> list[tuple[K, float]]:
        out: list[tuple[K, float]] = []
        key: K
        for key in self._lsh.query(mh):
            other, osize = self._store[key]
            c = max(containment(mh, size, other, osize), containment(other, osize, mh, size))
            if c >= self.threshold:
                out.append((key, round(c, 3)))
        out.sort(key=lambda t: -t[1])
        return out

    def is_duplicate(self, text: str) -> Duplicate[K] | None:
        found = self.matches(text)
        return Duplicate(None, found[0][0], found[0][1]) if found else None

    def add(self, key: K, text: str) -> Duplicate[K] | None:
        """Store ``text`` under ``key``; return the best stored original it duplicates."""
        return self.add_signature(key, Signature.of(text))

    def add_signature(self, key: K, signature: Signature) -> Duplicate[K] | None:
        """Store a text's signature under ``key`` (e.g. one read back from the database);
        return the best stored original it duplicates."""
        if key in self._store:
            raise KeyError(f"{key!r} is already indexed")
        mh, size = signature.minhash, signature.size
        found = self._matches(mh, size) if size else []
        self._store[key] = (mh, size)
        self._lsh.insert(key, mh)
        return Duplicate(key, found[0][0], found[0][1]) if found else None

    def add_many(self, items: Iterable[tuple[K, str]]) -> list[Duplicate[K]]:
        return [d for k, t in items if (d := self.add(k, t)) is not None]

"""Cosine similarity of character n-gram TF-IDF vectors of short Chinese texts.

The same numbers as scikit-learn's `TfidfVectorizer(analyzer="char_wb",
ngram_range=(1, 3), sublinear_tf=True)` fitted on both lists of texts, bit for bit
(`tests/test_tfidf.py` compares them), without importing scikit-learn: its import costs
about a second in every process that runs a round, and the texts compared here are a few
hundred distinct specialty names and need descriptions.

Steps, each as scikit-learn does it: lower case; runs of white space become one space;
the n-grams (1 to 3 characters) of each word padded with a space on each side (a word
shorter than n gives itself once); the vocabulary sorted; counts per text; the
sublinear term frequency 1 + ln(count); the smoothed inverse document frequency
ln((1 + n) / (1 + df)) + 1 over the fitting texts; rows scaled to unit length (the sum of
squares added in feature order); then the products of the rows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix

from .arrays import FloatArray

NGRAMS = (1, 3)
_WHITE_SPACES = re.compile(r"\s\s+")


def char_wb_ngrams(text: str) -> list[str]:
    """The n-grams of `text` as scikit-learn's `char_wb` analyzer lists them."""
    low, high = NGRAMS
    out: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        w = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < len(w):
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:  # a short word counts once
                break
    return out


def _counts(texts: Sequence[list[str]], vocabulary: dict[str, int]) -> csr_matrix:
    indptr: list[int] = [0]
    indices: list[int] = []
    values: list[int] = []
    for grams in texts:
        counted = Counter(g for g in grams if g in vocabulary)
        indices.extend(vocabulary[g] for g in counted)
        values.extend(counted.values())
        indptr.append(len(indices))
    m = csr_matrix((np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                    np.asarray(indptr, dtype=np.int64)), shape=(len(texts), len(vocabulary)))
    m.sort_indices()
    return m


def _weigh(counts: csr_matrix, idf: FloatArray) -> csr_matrix:
    data = counts.data
    np.log(data, out=data)
    data += 1.0
    data *= idf[counts.indices]
    ptr = counts.indptr.tolist()
    for i in range(counts.shape[0]):
        row = data[ptr[i]:ptr[i + 1]]
        total = 0.0
        for x in row.tolist():  # in order, as scikit-learn's row normalisation adds them
            total += x * x
        if total != 0.0:
            row /= np.sqrt(total)
    return counts


def similarity(left: Sequence[str], right: Sequence[str]) -> FloatArray:
    """Cosine similarity of each text of `left` with each of `right` (a dense matrix),
    the TF-IDF weights fitted on both lists together."""
    grams_left = [char_wb_ngrams(t) for t in left]
    grams_right = [char_wb_ngrams(t) for t in right]
    terms = sorted({g for grams in grams_left + grams_right for g in grams})
    vocabulary = {g: k for k, g in enumerate(terms)}
    a = _counts(grams_left, vocabulary)
    b = _counts(grams_right, vocabulary)
    df = (np.bincount(a.indices, minlength=len(terms))
          + np.bincount(b.indices, minlength=len(terms))).astype(np.float64)
    df += 1.0
    n = len(left) + len(right) + 1
    idf: FloatArray = np.log(n / df) + 1.0
    sim: FloatArray = (_weigh(a, idf) @ _weigh(b, idf).T).toarray()
    return sim

"""The engine's own TF-IDF (`matching/tfidf.py`) gives scikit-learn's numbers bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from xiezuo.matching.generator import generate_problem
from xiezuo.matching.tfidf import char_wb_ngrams, similarity


def _sklearn(left: list[str], right: list[str]) -> np.ndarray:
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
    vec.fit(left + right)
    out: np.ndarray = (vec.transform(left) @ vec.transform(right).T).toarray()
    return out


@pytest.mark.parametrize("seed", range(4))
def test_the_similarities_of_generated_texts_equal_scikit_learns(seed: int) -> None:
    p = generate_problem(600, 250, 4, seed=seed)
    left = sorted({f"{n.specialty_text} {n.description}" for n in p.needs})
    right = sorted({q.specialty_text or " ".join(q.specialty_codes) for q in p.people})
    assert np.array_equal(similarity(left, right), _sklearn(left, right))


def test_odd_texts_equal_scikit_learns() -> None:
    texts = ["  心血管  内科\t护理 ", "", " ", "科", "ABC def", "全科医学（基层）", "a\nb  c",
             "小儿外科 小儿外科"]
    assert np.array_equal(similarity(texts, texts[::-1]), _sklearn(texts, texts[::-1]))


def test_ngrams_are_taken_within_padded_words() -> None:
    assert char_wb_ngrams("内科  Ab") == [" ", "内", "科", " ", " 内", "内科", "科 ", " 内科", "内科 ",
                                          " ", "a", "b", " ", " a", "ab", "b ", " ab", "ab "]
    assert char_wb_ngrams("") == []

"""Target subjects without an indicator are compared by the TF-IDF of their character pairs,
scikit-learn's numbers worked out without it: the same to the last bit, so that a coverage
reads exactly as it did when scikit-learn computed them."""

from __future__ import annotations

from typing import Any

import pytest

from planwatch.analyze.coverage import TextSpace, _bigram_tfidf

SUBJECTS = [
    ["新建城乡公办幼儿园", "示范幼儿园", "中小学接入宽带网络", "学前教育毛入园率"],
    ["新建公办幼儿园", "优质中小学", "新建新建新建", "Ａ级  学校\t\t5G 网络"],
    [],
    ["x", "", "  "],
    ["义务教育巩固率", "普惠性幼儿园覆盖率", "ABC  abc"],
]


def scikit_learns(texts: list[str]) -> Any:
    """scikit-learn's TF-IDF of the texts, as coverage used it (skipped without it)."""
    text = pytest.importorskip("sklearn.feature_extraction.text")
    vectorizer = text.TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True)
    return vectorizer.fit_transform(texts)


def test_subject_vectors_are_scikit_learns_to_the_last_bit() -> None:
    texts = [t for group in SUBJECTS for t in group]
    theirs = scikit_learns(texts)
    mine = _bigram_tfidf(texts)
    assert mine.indptr.tolist() == theirs.indptr.tolist()
    assert mine.indices.tolist() == theirs.indices.tolist()
    assert mine.data.tobytes() == theirs.data.tobytes()


def test_subject_cosines_are_those_of_each_pair_of_groups() -> None:
    texts = [t for group in SUBJECTS for t in group]
    theirs = scikit_learns(texts)
    space = TextSpace(SUBJECTS)
    near = space.cosines(0)
    for n in range(1, len(SUBJECTS)):
        a, b = space.starts[n], space.starts[n + 1]
        want = (theirs[: space.starts[1]] @ theirs[a:b].T).toarray()
        assert near[:, a:b].tobytes() == want.tobytes()


def test_texts_without_two_characters_give_no_vectors_and_zero_cosines() -> None:
    assert _bigram_tfidf(["x", "", "字"]) is None
    space = TextSpace([["x"], ["y", "z"]])
    assert space.cosines(0).tolist() == [[0.0, 0.0, 0.0]]
    assert TextSpace([[], ["新建公办"]]).cosines(0).shape == (0, 1)

"""Suggest themes in feedback, locally: TF-IDF weights and non-negative matrix factorisation.

No outside service and no model download: numpy only, with a fixed seed so the same responses
always give the same suggestions. Each topic is named by its strongest words; each response is
suggested the topic it loads on most. An analyst accepts, renames or rejects every suggestion.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

WORD = re.compile(r"[a-z][a-z'’]{2,}")
_STOP_TEXT = """
about after again all also and any are because been before being but can cannot could did
does doing don't dont for from get got had has have having her here him his how into its just
know like more most much not now off one only other our out over own really same she should
some still such than that the their them then there these they this those through too under
until very was way well were what when where which while who why will with would you your
yours i'm it's can't didn't isn't wasn't we're they're lot lots thing things even every
make made need needs want wants going gets say said
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def tokens(text: str) -> list[str]:
    return [
        w.replace("’", "'")
        for w in WORD.findall(text.lower())
        if w.replace("’", "'") not in STOP_WORDS
    ]


def tfidf(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    counted = [Counter(tokens(t)) for t in texts]
    vocabulary = sorted({w for c in counted for w in c})
    index = {w: i for i, w in enumerate(vocabulary)}
    matrix = np.zeros((len(texts), len(vocabulary)))
    for row, counts in enumerate(counted):
        for word, n in counts.items():
            matrix[row, index[word]] = n
    document_frequency = (matrix > 0).sum(axis=0)
    idf = np.log((1 + len(texts)) / (1 + document_frequency)) + 1
    matrix = matrix * idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms), vocabulary


def nmf(matrix: np.ndarray, k: int, *, iterations: int = 300, seed: int = 0):
    """Lee and Seung's multiplicative updates: matrix ≈ W @ H, all non-negative."""
    rng = np.random.default_rng(seed)
    n, m = matrix.shape
    w = rng.random((n, k)) + 0.1
    h = rng.random((k, m)) + 0.1
    eps = 1e-9
    for _ in range(iterations):
        h *= (w.T @ matrix) / (w.T @ w @ h + eps)
        w *= (matrix @ h.T) / (w @ h @ h.T + eps)
    return w, h


def suggest(texts: list[str], *, topics: int = 5, words_per_label: int = 3) -> list[str | None]:
    """For each text, a suggested theme label (its topic's strongest words), or None when the
    text has no words to go on."""
    if not texts:
        return []
    matrix, vocabulary = tfidf(texts)
    if not vocabulary:
        return [None] * len(texts)
    k = max(1, min(topics, len(texts), len(vocabulary)))
    w, h = nmf(matrix, k)
    labels = []
    for topic in h:
        top = [
            vocabulary[i]
            for i in np.argsort(-topic, kind="stable")[:words_per_label]
            if topic[i] > 0
        ]
        labels.append(", ".join(top))
    return [labels[int(np.argmax(w[i]))] if matrix[i].any() else None for i in range(len(texts))]

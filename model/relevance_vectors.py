"""Vectorisers of the relevance model: word, character and topic spaces and the pair features.

:class:`Vectorizers` holds the fitted word TF-IDF, character TF-IDF and LSA projection, turns an
article into :class:`ArticleVectors` once, and lays out the features of (comment, article) pairs
as :data:`FEATURES` (described in :mod:`model.relevance`).

Scoring a single comment through scikit-learn's ``transform`` costs about 1.5 ms, nearly all of it
per-call overhead (parameter validation, 1-row sparse matrices).  Batches of up to
:data:`FAST_MAX_BATCH` comments therefore take a direct path: each comment's word and character
rows are built from the fitted vocabularies and IDF vectors, and the cosines, best passage and
LSA projection are computed with numpy, repeating scikit-learn's and scipy's float32 operations in
the same order, so the features are bit-for-bit those of the sparse path (the tests compare them).

:mod:`model.relevance_rows` holds the rows and passage index that path works with.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from model.normalize import normalize_text
from model.relevance_rows import _EMPTY_ROW, PassageIndex, Row
from model.relevance_text import (
    capitalised_names,
    content_terms,
    gazetteer_ids,
    is_arabic,
    passages,
    words,
)

_SIMILARITIES: tuple[str, ...] = (
    "cos_word_title",
    "cos_word_full",
    "cos_word_passage",
    "cos_char_title",
    "cos_char_full",
    "cos_lsa_title",
    "cos_lsa_full",
    "cover_article",
    "cover_title",
)
# Low similarity means more when the comment says more: each similarity also enters multiplied by
# the comment's log content-word count (a linear model cannot form that product itself).
FEATURES: tuple[str, ...] = (
    *_SIMILARITIES,
    "shared_names",
    "log_tokens",
    "log_content",
    "has_body",
    "arabic",
    *(f"{name}*log_content" for name in _SIMILARITIES),
)
_COLUMN: dict[str, int] = {name: i for i, name in enumerate(FEATURES)}

# Batches up to this size take the direct path (:meth:`Vectorizers.features`); larger ones go
# through scikit-learn, whose per-call overhead is then shared by many rows.
FAST_MAX_BATCH = 128
# sklearn's ``char_wb`` analyser folds whitespace runs with this pattern before splitting.
_WHITE_SPACES = re.compile(r"\s\s+")
_CHAR_CACHE_SIZE = 20_000


def _word_vectorizer(vocabulary: dict[str, int] | None = None, **kw: Any) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=content_terms, sublinear_tf=True, vocabulary=vocabulary, dtype=np.float32, **kw
    )


def _char_vectorizer(vocabulary: dict[str, int] | None = None, **kw: Any) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        lowercase=False,
        sublinear_tf=True,
        vocabulary=vocabulary,
        dtype=np.float32,
        **kw,
    )


def _rows_dot(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float64).ravel()


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


@dataclass(slots=True)
class ArticleVectors:
    """Everything the features need from one article, computed once and cached by the check."""

    word_title: sp.csr_matrix
    word_full: sp.csr_matrix
    word_passages: sp.csr_matrix | None
    char_title: sp.csr_matrix
    char_full: sp.csr_matrix
    lsa_title: np.ndarray
    lsa_full: np.ndarray
    terms: frozenset[str]
    title_terms: frozenset[str]
    names: frozenset[str]
    gazetteer: frozenset[str]
    has_body: bool
    arabic: bool
    # The same rows for the direct (small batch) path; built on first use when absent.
    rows: tuple[Row, Row, Row, Row] | None = None
    passage_index: PassageIndex | None = None

    def direct(self) -> tuple[tuple[Row, Row, Row, Row], PassageIndex | None]:
        """Word title/full and char title/full rows plus the passage index (built once)."""
        if self.rows is None:
            if self.word_passages is not None:
                self.passage_index = PassageIndex.of(sp.csr_matrix(self.word_passages))
            self.rows = tuple(  # type: ignore[assignment]
                Row.of(sp.csr_matrix(m), 0)
                for m in (self.word_title, self.word_full, self.char_title, self.char_full)
            )
        return self.rows, self.passage_index  # type: ignore[return-value]


@dataclass(slots=True)
class Vectorizers:
    """Fitted word and character TF-IDF plus the LSA projection of the word space."""

    word: TfidfVectorizer
    char: TfidfVectorizer
    components: np.ndarray  # (k, word vocabulary), float32, column-major (see __post_init__)
    word_idf: dict[str, float] = field(init=False)
    max_idf: float = field(init=False)
    _char_ngrams: dict[str, tuple[int, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        idf = self.word.idf_
        self.word_idf = {t: float(idf[i]) for t, i in self.word.vocabulary_.items()}
        self.max_idf = float(idf.max()) if len(idf) else 1.0
        # Column-major so that ``components.T`` (vocabulary x k) is C-contiguous: scipy's
        # sparse @ dense would otherwise copy the whole matrix on every call, and the direct
        # path gathers its rows.  Same values, same products.
        self.components = np.asfortranarray(self.components, dtype=np.float32)
        self._char_ngrams = {}

    @classmethod
    def fit(
        cls,
        corpus: Sequence[str],
        *,
        n_components: int = 100,
        word_min_df: int = 3,
        word_max_features: int = 30_000,
        char_min_df: int = 5,
        char_max_features: int = 80_000,
        random_state: int = 0,
    ) -> Vectorizers:
        """Fit both TF-IDF spaces and the LSA topic space on normalised unlabelled text."""
        word = _word_vectorizer(min_df=word_min_df, max_features=word_max_features)
        x = word.fit_transform(corpus)
        char = _char_vectorizer(min_df=char_min_df, max_features=char_max_features)
        char.fit(corpus)
        k = max(1, min(n_components, x.shape[1] - 1, x.shape[0] - 1))
        svd = TruncatedSVD(
            n_components=k, algorithm="randomized", n_iter=5, random_state=random_state
        )
        svd.fit(x)
        return cls(word, char, svd.components_.astype(np.float32))

    def to_state(self) -> dict[str, Any]:
        """Builtins and arrays only: what the artifact stores."""
        return {
            "word_vocabulary": {str(t): int(i) for t, i in self.word.vocabulary_.items()},
            "word_idf": np.asarray(self.word.idf_, dtype=np.float32),
            "char_vocabulary": {str(t): int(i) for t, i in self.char.vocabulary_.items()},
            "char_idf": np.asarray(self.char.idf_, dtype=np.float32),
            # float16 halves the artifact; cosines in the topic space do not need more.
            "lsa_components": np.ascontiguousarray(self.components, dtype=np.float16),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Vectorizers:
        """Rebuild fitted vectorisers from :meth:`to_state` output."""
        word = _word_vectorizer(vocabulary=dict(state["word_vocabulary"]))
        word.idf_ = np.asarray(state["word_idf"], dtype=np.float64)
        char = _char_vectorizer(vocabulary=dict(state["char_vocabulary"]))
        char.idf_ = np.asarray(state["char_idf"], dtype=np.float64)
        return cls(word, char, np.asfortranarray(state["lsa_components"], dtype=np.float32))

    def lsa(self, word_vectors: sp.csr_matrix) -> np.ndarray:
        """Unit-length topic vectors of word TF-IDF rows."""
        return _unit_rows(np.asarray(word_vectors @ self.components.T, dtype=np.float64))

    def article(self, title: str, body: str) -> ArticleVectors:
        """Vectors of one article (raw title and body; normalised here)."""
        nt, nb = normalize_text(title or ""), normalize_text(body or "")
        full = f"{nt}\n{nb}"
        w = self.word.transform([nt, full])
        c = self.char.transform([nt, full])
        parts = passages(nb) if nb.strip() else []
        wp = self.word.transform(parts) if parts else None
        lsa = self.lsa(w)
        places = gazetteer_ids(full)
        names = capitalised_names(f"{title}\n{body}") | places
        vectors = ArticleVectors(
            word_title=w[0],
            word_full=w[1],
            word_passages=wp,
            char_title=c[0],
            char_full=c[1],
            lsa_title=lsa[0],
            lsa_full=lsa[1],
            terms=frozenset(content_terms(full)),
            title_terms=frozenset(content_terms(nt)),
            names=frozenset(names),
            gazetteer=frozenset(places),
            has_body=bool(nb.strip()),
            arabic=is_arabic(full),
        )
        vectors.direct()
        return vectors

    def _cover(self, terms: Iterable[str], target: frozenset[str]) -> float:
        weights = {t: self.word_idf.get(t, self.max_idf) for t in terms}
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        return sum(w for t, w in weights.items() if t in target) / total

    # -- direct path: one comment's rows without building sparse matrices ---------------
    @staticmethod
    def _tfidf_row(counts: dict[int, int], idf: np.ndarray) -> Row:
        """TfidfTransformer.transform (sublinear tf, idf, l2) of one row of column counts."""
        if not counts:
            return _EMPTY_ROW
        n = len(counts)
        indices = np.fromiter(counts.keys(), dtype=np.intp, count=n)
        data = np.fromiter(counts.values(), dtype=np.float32, count=n)
        order = np.argsort(indices)
        indices, data = indices[order], data[order]
        np.log(data, out=data)
        data += 1.0
        data *= idf[indices]
        # sklearn's inplace_csr_row_normalize_l2: float32 squares summed in order in a double,
        # each value divided in double precision and stored back as float32.
        total = float(np.add.accumulate(data * data, dtype=np.float64)[-1])
        if total != 0.0:
            data = (data.astype(np.float64) / math.sqrt(total)).astype(np.float32)
        return Row(indices, data)

    def word_row(self, norm_text: str) -> Row:
        """The comment's word TF-IDF row, equal to ``word.transform([norm_text])``."""
        vocabulary = self.word.vocabulary_
        counts: dict[int, int] = {}
        for term, n in Counter(content_terms(norm_text)).items():
            j = vocabulary.get(term)
            if j is not None:
                counts[j] = n
        return self._tfidf_row(counts, self.word.idf_)

    def _char_word(self, token: str) -> tuple[int, ...]:
        """Vocabulary columns of the ``char_wb`` 3-5-grams of one whitespace-delimited token."""
        hit = self._char_ngrams.get(token)
        if hit is not None:
            return hit
        vocabulary = self.char.vocabulary_
        w = f" {token} "
        grams: list[str] = []
        lo, hi = self.char.ngram_range
        for n in range(lo, hi + 1):
            if len(w) <= n:  # a short word counts once, whole (sklearn's _char_wb_ngrams)
                grams.append(w)
                break
            grams.extend(w[i : i + n] for i in range(len(w) - n + 1))
        found = tuple(j for g in grams if (j := vocabulary.get(g)) is not None)
        if len(self._char_ngrams) >= _CHAR_CACHE_SIZE:
            self._char_ngrams.clear()
        self._char_ngrams[token] = found
        return found

    def char_row(self, norm_text: str) -> Row:
        """The comment's character TF-IDF row, equal to ``char.transform([norm_text])``."""
        counts = Counter(
            j for token in _WHITE_SPACES.sub(" ", norm_text).split() for j in self._char_word(token)
        )
        return self._tfidf_row(counts, self.char.idf_)

    def _lsa_raw(self, row: Row) -> np.ndarray:
        """``row @ components.T`` summed term by term in float32, like scipy's csr_matvecs."""
        if not row.indices.size:
            return np.zeros(self.components.shape[0], dtype=np.float32)
        products = self.components.T[row.indices] * row.data[:, None]
        return np.add.accumulate(products, axis=0)[-1]

    def _similarities_direct(
        self, norm_comments: Sequence[str], articles: Sequence[ArticleVectors], out: np.ndarray
    ) -> np.ndarray:
        col = _COLUMN
        raw = np.empty((len(norm_comments), self.components.shape[0]), dtype=np.float32)
        for i, (text, a) in enumerate(zip(norm_comments, articles, strict=True)):
            (w_title, w_full, c_title, c_full), index = a.direct()
            w, c = self.word_row(text), self.char_row(text)
            out[i, col["cos_word_title"]] = w.dot(w_title)
            out[i, col["cos_word_full"]] = w.dot(w_full)
            out[i, col["cos_char_title"]] = c.dot(c_title)
            out[i, col["cos_char_full"]] = c.dot(c_full)
            if index is not None:
                out[i, col["cos_word_passage"]] = index.best(w)
            raw[i] = self._lsa_raw(w)
        return _unit_rows(np.asarray(raw, dtype=np.float64))

    def _similarities_sparse(
        self, norm_comments: Sequence[str], articles: Sequence[ArticleVectors], out: np.ndarray
    ) -> np.ndarray:
        col = _COLUMN
        w = self.word.transform(norm_comments)
        c = self.char.transform(norm_comments)
        out[:, col["cos_word_title"]] = _rows_dot(w, sp.vstack([a.word_title for a in articles]))
        out[:, col["cos_word_full"]] = _rows_dot(w, sp.vstack([a.word_full for a in articles]))
        out[:, col["cos_char_title"]] = _rows_dot(c, sp.vstack([a.char_title for a in articles]))
        out[:, col["cos_char_full"]] = _rows_dot(c, sp.vstack([a.char_full for a in articles]))
        # Best passage: one sparse product per distinct article (a batch usually shares one).
        groups: dict[int, list[int]] = {}
        for i, a in enumerate(articles):
            groups.setdefault(id(a), []).append(i)
        for rows in groups.values():
            a = articles[rows[0]]
            if a.word_passages is None:
                continue
            sims = (w[rows] @ a.word_passages.T).toarray()
            out[rows, col["cos_word_passage"]] = sims.max(axis=1)
        return self.lsa(w)

    def features(
        self,
        norm_comments: Sequence[str],
        articles: Sequence[ArticleVectors],
        *,
        direct: bool | None = None,
    ) -> np.ndarray:
        """Feature matrix (rows = comments, columns = :data:`FEATURES`) for aligned pairs.

        ``direct`` picks the path: computed row by row from the fitted vocabularies (no sparse
        matrices; the default up to :data:`FAST_MAX_BATCH` comments) or through scikit-learn's
        ``transform`` (the default for larger batches).  Both give the same numbers.
        """
        n = len(norm_comments)
        if n != len(articles):
            raise ValueError("one article per comment")
        out = np.zeros((n, len(FEATURES)), dtype=np.float64)
        if n == 0:
            return out
        if direct is None:
            direct = n <= FAST_MAX_BATCH
        if direct:
            lsa = self._similarities_direct(norm_comments, articles, out)
        else:
            lsa = self._similarities_sparse(norm_comments, articles, out)
        col = _COLUMN
        lsa_title = np.stack([a.lsa_title for a in articles])
        lsa_full = np.stack([a.lsa_full for a in articles])
        out[:, col["cos_lsa_title"]] = np.einsum("ij,ij->i", lsa, lsa_title)
        out[:, col["cos_lsa_full"]] = np.einsum("ij,ij->i", lsa, lsa_full)
        for i, (text, a) in enumerate(zip(norm_comments, articles, strict=True)):
            terms = set(content_terms(text))
            out[i, col["cover_article"]] = self._cover(terms, a.terms)
            out[i, col["cover_title"]] = self._cover(terms, a.title_terms)
            shared = len((terms | gazetteer_ids(text)) & a.names)
            out[i, col["shared_names"]] = math.log1p(shared)
            out[i, col["log_tokens"]] = math.log1p(len(words(text)))
            out[i, col["log_content"]] = math.log1p(len(terms))
            out[i, col["has_body"]] = float(a.has_body)
            out[i, col["arabic"]] = float(is_arabic(text))
        for name in _SIMILARITIES:
            out[:, col[f"{name}*log_content"]] = out[:, col[name]] * out[:, col["log_content"]]
        return out

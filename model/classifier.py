"""Raqib's trained classifiers: offense, strife and spam from one shared feature space.

Features (:class:`TextNormalizer` then :class:`HashedNgrams`, a scikit-learn ``Pipeline``)
-------------------------------------------------------------------------------------------
Every comment goes through ``model.normalize.normalize_text`` (spelling variants, Arabizi,
obfuscation and Arabic letter forms fold the same way as in the rule checks), then through a
hashing n-gram featuriser suited to both scripts: character 2-5-grams over the whole text
(padded with a space, so word edges are features) plus word unigrams and bigrams (words are
runs of letters and digits, as in ``model.normalize.tokenize``), all hashed into one space of
``n_features`` columns.  Raw counts are divided by the square root of the number of n-grams in
the comment.  Hashing is done with vectorised 64-bit arithmetic in numpy (no vocabulary to store,
no Python loop per n-gram), which is what lets one core featurise tens of thousands of comments a
second; the vectoriser is stateless, so it is fitted once for all categories by construction.

Heads (:class:`RaqibClassifier`)
--------------------------------
One linear head per category over the shared features (class-weighted logistic regression,
blended with a naive-Bayes-scaled one, trained only on rows whose dataset labels that category;
see ``training/classifier_fit.py``), calibrated per language with a held-out Platt sigmoid, with a
per-language decision threshold chosen on validation data (max macro-F1).
Coefficients are stored as float16 (a few MB) and used as float32.

Scores and thresholds (documented choice)
-----------------------------------------
The check reports, per category, a *score* that is the calibrated probability ``p`` rescaled
piecewise-linearly so that the artifact's threshold ``t`` for the comment's language lands on the
category's *anchor* (its default reject threshold, 0.80 for offense and strife, 0.85 for spam,
recorded in the artifact at training time)::

    score = anchor * p / t                              if p <= t
    score = anchor + (1 - anchor) * (p - t) / (1 - t)   if p >  t

So 0 -> 0, t -> anchor, 1 -> 1 and the order of comments is unchanged.  With the service's
default thresholds a comment is rejected exactly when ``p`` reaches the threshold chosen on
validation data for its language, and the review band (0.40-0.50) starts near ``t / 2``.  The
raw probability and the threshold are kept in every reason's ``params`` for the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline

from model.embed import Encoder, context_embeddings
from model.normalize import detect_language, normalize_text, tokenize
from model.operating import OperatingPoints
from model.semantic import SemanticHeads
from model.verdict import CheckResult, Context, Reason

if TYPE_CHECKING:
    from model.artifact import Artifact

CATEGORIES: tuple[str, ...] = ("offense", "strife", "spam")
# The pooled calibration/threshold, used for a language the training data did not cover.
ANY_LANGUAGE = "*"

_U64 = np.uint64
_PRIME = _U64(0x100000001B3)
_MIX1 = _U64(0xBF58476D1CE4E5B9)
_MIX2 = _U64(0x94D049BB133111EB)
_WORD_SALT = _U64(0x51ED270B27E8A1F3)
_UNIGRAM_SALT = _U64(0xA5A5A5A5DEADBEEF)
_BIGRAM_SALT = _U64(0x5A5A5A5A0BADF00D)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads nearby 64-bit values over the whole range."""
    h = h ^ (h >> _U64(30))
    h = h * _MIX1
    h = h ^ (h >> _U64(27))
    h = h * _MIX2
    return h ^ (h >> _U64(31))


def _char_salt(n: int) -> np.uint64:
    return _U64((n * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF)


def _word_table() -> np.ndarray:
    # Same notion of "word" as model.normalize.tokenize ([^\W_]+): letters and digits.
    table = np.zeros(0x10000, dtype=bool)
    for cp in range(0x10000):
        table[cp] = chr(cp).isalnum()
    return table


_IS_WORD = _word_table()


class TextNormalizer(TransformerMixin, BaseEstimator):
    """Raw comments -> ``model.normalize.normalize_text`` (stateless)."""

    def fit(self, X: Iterable[str], y: Any = None) -> TextNormalizer:
        """Nothing to learn."""
        return self

    def transform(self, X: Iterable[str]) -> list[str]:
        """Normalise every text."""
        return [normalize_text(x) for x in X]


class HashedNgrams(TransformerMixin, BaseEstimator):
    """Character and word n-grams of normalised text, hashed into ``n_features`` columns."""

    def __init__(
        self,
        n_features: int = 2**20,
        char_ngrams: tuple[int, int] = (2, 5),
        word_ngrams: tuple[int, int] = (1, 2),
        max_chars: int = 2000,
        binary: bool = False,
    ):
        self.n_features = n_features
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.max_chars = max_chars
        # Presence instead of counts: a harmless word repeated fifty times is the same text as
        # the word once ("rain " * 50 scored offense 0.999 with counts).
        self.binary = binary

    def fit(self, X: Iterable[str], y: Any = None) -> HashedNgrams:
        """Stateless: only checks the parameters."""
        if self.n_features < 2 or self.char_ngrams[0] < 1 or self.word_ngrams[0] < 1:
            raise ValueError("n_features must be >= 2 and n-gram sizes >= 1")
        if self.word_ngrams[1] > 2:
            raise ValueError("word n-grams above bigrams are not supported")
        return self

    def blocks(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """(row, column) arrays of every n-gram occurrence, one pair per n-gram kind.

        Within a pair the rows never decrease, which lets scoring sum per text with
        ``np.add.reduceat`` instead of a scatter.
        """
        parts = (" " + " ".join(t[: self.max_chars].replace("\x00", " ").split()) + " "
                 for t in texts)
        cps32 = np.frombuffer("\x00".join(parts).encode("utf-32-le"), dtype=np.uint32)
        cps = cps32.astype(np.uint64)
        length = len(cps)
        sep_before = np.zeros(length + 1, dtype=np.int32)
        np.cumsum(cps32 == 0, out=sep_before[1:])
        doc = sep_before[1:]
        nf = self.n_features
        # A power of two (the default) takes the cheap mask instead of a 64-bit division.
        mask = _U64(nf - 1) if nf & (nf - 1) == 0 else None

        def column(h: np.ndarray) -> np.ndarray:
            h = h & mask if mask is not None else h % _U64(nf)
            return h.view(np.int64)

        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        lo, hi = self.char_ngrams
        h = cps
        for n in range(1, hi + 1):
            m = length - n + 1
            if m <= 0:
                break
            if n > 1:
                # Rolling polynomial hash: the n-gram's from the (n-1)-gram's.
                h = h[:m] * _PRIME + cps[n - 1 : n - 1 + m]
            if n < lo:
                continue
            # An n-gram never straddles two texts.
            valid = sep_before[n : n + m] == sep_before[:m]
            rows.append(doc[:m][valid])
            cols.append(column(_mix(h[valid] ^ _char_salt(n))))
        wlo, whi = self.word_ngrams
        # Code points beyond the BMP land on U+FFFF, which is not a word character.
        word = _IS_WORD[np.minimum(cps32, 0xFFFF)]
        first = word.copy()
        first[1:] &= ~word[:-1]
        starts = np.flatnonzero(first)
        if len(starts):
            word_id = np.cumsum(first) - 1
            pos = (np.arange(length) - starts[np.maximum(word_id, 0)]).astype(np.uint64)
            # Position-aware sum of mixed characters: order matters, no Python loop per word.
            per_char = np.where(word, _mix(cps + (pos << _U64(32)) + _WORD_SALT), _U64(0))
            word_hash = _mix(np.add.reduceat(per_char, starts))
            word_doc = doc[starts]
            if wlo <= 1 <= whi:
                rows.append(word_doc)
                cols.append(column(_mix(word_hash ^ _UNIGRAM_SALT)))
            if whi >= 2 and len(starts) > 1:
                same = word_doc[1:] == word_doc[:-1]
                pair = _mix(word_hash[:-1] * _PRIME + word_hash[1:] + _BIGRAM_SALT)
                rows.append(word_doc[1:][same])
                cols.append(column(pair[same]))
        return list(zip(rows, cols, strict=True))

    def entries(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column) of every n-gram occurrence (or distinct n-gram when ``binary``), and
        the number of them per text."""
        blocks = self.blocks(texts)
        if blocks:
            row = np.concatenate([r for r, _ in blocks])
            col = np.concatenate([c for _, c in blocks])
        else:
            row = np.zeros(0, dtype=np.int32)
            col = np.zeros(0, dtype=np.int64)
        if getattr(self, "binary", False):
            row, col = distinct_pairs(row, col, self.n_features)
        counts = np.bincount(row, minlength=len(texts)).astype(np.float32)
        return row, col, counts

    def transform(self, X: Sequence[str]) -> sp.csr_matrix:
        """Sparse count matrix (duplicates summed), each row divided by sqrt(its n-gram count)."""
        X = list(X)
        row, col, counts = self.entries(X)
        scale = 1.0 / np.sqrt(np.maximum(counts, 1.0))
        data = scale[row].astype(np.float32)
        matrix = sp.csr_matrix((data, (row, col)), shape=(len(X), self.n_features))
        matrix.sum_duplicates()
        return matrix


def distinct_pairs(row: np.ndarray, col: np.ndarray, n_features: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (row, column) pairs, rows non-decreasing (sorted by row, then column)."""
    if not len(row):
        return row, col
    keys = np.unique(row.astype(np.int64) * np.int64(n_features) + col)
    return (keys // n_features).astype(row.dtype), keys % n_features


def feature_pipeline(n_features: int = 2**20, binary: bool = True) -> Pipeline:
    """The shared featuriser: normalisation then hashed character and word n-grams."""
    return Pipeline([("normalize", TextNormalizer()),
                     ("ngrams", HashedNgrams(n_features=n_features, binary=binary))])


def rescale(p: np.ndarray, threshold: float, anchor: float) -> np.ndarray:
    """Map calibrated probabilities so that ``threshold`` lands on ``anchor`` (see module doc)."""
    p = np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0)
    t = min(max(float(threshold), 1e-6), 1 - 1e-6)
    low = anchor * p / t
    high = anchor + (1.0 - anchor) * (p - t) / (1.0 - t)
    return np.where(p <= t, low, high)


class RaqibClassifier:
    """Fitted model: shared features, one linear head per category, per-language calibration.

    ``coef`` is (n_features, n_categories); ``calibration[cat][lang] = (a, b)`` turns a margin
    ``z`` into ``1 / (1 + exp(-(a z + b)))``; ``thresholds[cat][lang]`` is the operating point
    chosen on validation data; ``anchors[cat]`` is the score that threshold maps onto.
    """

    def __init__(
        self,
        features: Pipeline,
        categories: Sequence[str],
        coef: np.ndarray,
        intercept: np.ndarray,
        calibration: Mapping[str, Mapping[str, tuple[float, float]]],
        thresholds: Mapping[str, Mapping[str, float]],
        anchors: Mapping[str, float],
    ):
        self.features = features
        self.categories = tuple(categories)
        self.coef = np.ascontiguousarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.calibration = {c: {k: (float(a), float(b)) for k, (a, b) in v.items()}
                            for c, v in calibration.items()}
        self.thresholds = {c: {k: float(t) for k, t in v.items()} for c, v in thresholds.items()}
        self.anchors = {c: float(a) for c, a in anchors.items()}
        if self.coef.shape != (self.ngrams.n_features, len(self.categories)):
            raise ValueError(f"coef shape {self.coef.shape} does not match the features")

    # Coefficients travel as float16 (half the size; scores move by ~1e-3) and are used as
    # float32.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["coef"] = self.coef.astype(np.float16)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["coef"] = np.ascontiguousarray(state["coef"], dtype=np.float32)
        self.__dict__.update(state)

    @property
    def ngrams(self) -> HashedNgrams:
        """The hashing step of the feature pipeline."""
        return self.features.named_steps["ngrams"]

    def _sums(self, texts: Sequence[str], chunk: int = 1024) -> tuple[np.ndarray, np.ndarray]:
        """Per text: the sum of its n-grams' coefficients per head, and its n-gram count."""
        n = len(texts)
        sums = np.zeros((n, len(self.categories)), dtype=np.float64)
        counts = np.zeros(n, dtype=np.float64)
        binary = getattr(self.ngrams, "binary", False)
        nf = self.ngrams.n_features
        # Chunks keep the hashing's temporary arrays in cache: ~2x faster than one pass.
        for lo in range(0, n, chunk):
            blocks = self.ngrams.blocks(texts[lo : lo + chunk])
            if binary and blocks:
                blocks = [distinct_pairs(np.concatenate([r for r, _ in blocks]),
                                         np.concatenate([c for _, c in blocks]), nf)]
            for row, col in blocks:
                if not len(row):
                    continue
                starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
                docs = row[starts] + lo
                sums[docs] += np.add.reduceat(np.take(self.coef, col, axis=0), starts, axis=0)
                counts[docs] += np.diff(np.r_[starts, len(row)])
        return sums, counts

    def margins(self, normalized: Sequence[str]) -> np.ndarray:
        """Raw head outputs (n_texts, n_categories) for already-normalised texts."""
        sums, counts = self._sums(list(normalized))
        return sums / np.sqrt(np.maximum(counts, 1.0))[:, None] + self.intercept

    def _per_language(self, table: Mapping[str, Any], language: str) -> Any:
        return table.get(language, table.get(ANY_LANGUAGE))

    def probabilities(
        self, normalized: Sequence[str], languages: Sequence[str]
    ) -> dict[str, np.ndarray]:
        """Calibrated probability per category for already-normalised texts."""
        z = self.margins(normalized)
        langs = np.asarray(languages, dtype=object)
        out: dict[str, np.ndarray] = {}
        for k, cat in enumerate(self.categories):
            a = np.empty(len(langs))
            b = np.empty(len(langs))
            for lang in set(languages):
                ca, cb = self._per_language(self.calibration[cat], lang)
                mask = langs == lang
                a[mask], b[mask] = ca, cb
            out[cat] = 1.0 / (1.0 + np.exp(-np.clip(a * z[:, k] + b, -500, 500)))
        return out

    def threshold(self, category: str, language: str) -> float:
        """The operating threshold of ``category`` for ``language``."""
        return float(self._per_language(self.thresholds[category], language))

    def scores(
        self, probabilities: Mapping[str, np.ndarray], languages: Sequence[str]
    ) -> dict[str, np.ndarray]:
        """Rescale probabilities so each language's threshold maps onto the category's anchor."""
        langs = np.asarray(languages, dtype=object)
        out: dict[str, np.ndarray] = {}
        for cat, p in probabilities.items():
            s = np.empty(len(p))
            for lang in set(languages):
                mask = langs == lang
                s[mask] = rescale(p[mask], self.threshold(cat, lang), self.anchors[cat])
            out[cat] = s
        return out

    def predict_proba(
        self, texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> dict[str, np.ndarray]:
        """Calibrated probabilities for raw texts (language detected when not given)."""
        texts = list(texts)
        if languages is None:
            languages = [detect_language(t) for t in texts]
        normalized = self.features.named_steps["normalize"].transform(texts)
        return self.probabilities(normalized, list(languages))

    def token_weights(self, tokens: Sequence[str]) -> np.ndarray:
        """(n_tokens, n_categories): the weight each token alone carries towards each head."""
        if not tokens:
            return np.zeros((0, len(self.categories)))
        return self._sums(list(tokens))[0]


class ClassifierCheck:
    """The Check for the trained offense/strife/spam classifiers (vectorised in ``batch``).

    ``artifact`` is an :class:`model.artifact.Artifact`, a :class:`RaqibClassifier`, or a path
    to a ``.joblib`` artifact (loaded with :func:`model.artifact.load_artifact`, which applies
    the version guard and the directory check).  Reasons are emitted for categories whose score
    reaches ``reason_min``; their spans point at up to ``max_spans`` words that carry the most
    positive weight for that category.
    """

    name = "classifier"

    def __init__(
        self,
        artifact: Artifact | RaqibClassifier | str | Path,
        *,
        categories: Sequence[str] | None = None,
        reason_min: float = 0.40,
        max_spans: int = 3,
        operating_points: OperatingPoints | None = None,
        semantic: SemanticHeads | None = None,
        encoder: Encoder | None = None,
    ):
        if isinstance(artifact, str | Path):
            from model.artifact import load_artifact

            artifact = load_artifact(artifact)
        if isinstance(artifact, RaqibClassifier):
            self.model, self.version = artifact, "unversioned"
        else:
            self.model, self.version = artifact.model, artifact.version
        self.categories = tuple(categories or self.model.categories)
        unknown = set(self.categories) - set(self.model.categories)
        if unknown:
            raise ValueError(f"the artifact has no head for {sorted(unknown)}")
        self.reason_min = reason_min
        self.max_spans = max_spans
        self.operating_points = operating_points
        if (semantic is None) != (encoder is None):
            raise ValueError("semantic heads need an encoder, and an encoder needs heads")
        if semantic is not None and semantic.categories != self.model.categories:
            raise ValueError("the semantic heads' categories differ from the classifier's")
        self.semantic = semantic
        self.encoder = encoder

    def __call__(self, ctx: Context) -> CheckResult:
        """Score one comment."""
        return self.batch([ctx])[0]

    def batch(self, ctxs: Sequence[Context]) -> list[CheckResult]:
        """Score many comments with one vectorised pass over the whole batch."""
        if not ctxs:
            return []
        # The core normalises each comment once (with offsets, for spans) and shares it.
        normalized = [ctx.norm.text for ctx in ctxs]
        languages = [ctx.language for ctx in ctxs]
        if self.semantic is not None:
            # The stacked probability of the n-gram and the embedding heads (model.semantic).
            probs = self.semantic.combine(
                self.model.margins(normalized), context_embeddings(ctxs, self.encoder), languages
            )
        else:
            probs = self.model.probabilities(normalized, languages)
        scores = self.model.scores(probs, languages)
        flagged = [(i, cat) for i in range(len(ctxs)) for cat in self.categories
                   if self._worth_a_reason(cat, languages[i], probs[cat][i], scores[cat][i])]
        spans = self._spans(ctxs, flagged)
        results = [CheckResult(scores={cat: float(scores[cat][i]) for cat in self.categories},
                               probabilities={cat: float(probs[cat][i])
                                              for cat in self.categories})
                   for i in range(len(ctxs))]
        for i, cat in flagged:
            params = {
                "probability": f"{probs[cat][i]:.4f}",
                "threshold": f"{self.model.threshold(cat, languages[i]):.4f}",
                "model": self.version,
            }
            results[i].reasons.append(Reason(code=cat, source="model",
                                             score=results[i].scores[cat],
                                             spans=spans.get((i, cat), ()), params=params))
        return results

    def _worth_a_reason(self, category: str, language: str, p: float, score: float) -> bool:
        # With an operating point the core scores the category from the probability: a reason
        # is due exactly when it reaches the point's review probability, whatever thresholds
        # are in force.
        point = self.operating_points.get(category, language) if self.operating_points else None
        return p >= point.review if point is not None else score >= self.reason_min

    def _spans(self, ctxs: Sequence[Context], flagged: Sequence[tuple[int, str]]) -> dict:
        """Evidence words for each flagged (comment, category), all scored in one pass."""
        if self.max_spans <= 0 or not flagged:
            return {}
        tokens = {i: tokenize(ctxs[i].norm) for i in sorted({i for i, _ in flagged})}
        # Each distinct word is scored once for the whole batch.
        vocab: dict[str, int] = {}
        index = {i: np.array([vocab.setdefault(t.text, len(vocab)) for t in toks], dtype=int)
                 for i, toks in tokens.items()}
        weights = self.model.token_weights(list(vocab))
        out = {}
        for i, cat in flagged:
            toks = tokens[i]
            if not toks:
                continue
            w = weights[index[i], self.model.categories.index(cat)]
            best = [j for j in np.argsort(-w, kind="stable")[: self.max_spans] if w[j] > 0]
            if not best:
                continue
            # Only words carrying a good share of the strongest word's weight count as evidence.
            keep = sorted(j for j in best if w[j] >= 0.5 * w[best[0]])
            out[(i, cat)] = tuple(ctxs[i].span(toks[j].start, toks[j].end) for j in keep)
        return out

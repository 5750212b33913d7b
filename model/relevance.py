"""Relevance of a comment to its article: pair features and a small calibrated scorer.

A comment is compared with the article's title and body in three spaces, all computed on
``model.normalize.normalize_text`` so spelling variants, Arabizi and obfuscation fold the same way
as everywhere else in Raqib:

* word TF-IDF (light-stemmed content words, both languages) and character 3-5-gram TF-IDF,
  cosine with the title, with the whole article and with the body's best-matching passage;
* an LSA topic space (TruncatedSVD of the word TF-IDF) learned on unlabelled Arabic and English
  text, so "goal" and "match" are close even when the article never says "goal";
* overlap: IDF-weighted share of the comment's content words found in the article and in the
  title, and shared salient terms (capitalised names in English text and a small bilingual
  gazetteer of place and organisation names, which also bridges Arabic and English).

Comment length, "the article has a body" and "the comment is Arabic" complete the feature vector,
with every similarity also multiplied by the comment's log content-word count (low similarity is
stronger evidence from a comment that says a lot than from "so sad"); a standardised
LogisticRegression turns it into P(off-topic).  Generic reactions ("thanks", "الله
يرحمهم") and cross-language pairs are policy decisions taken by the check
(``service/policy/off_topic.py``), not by this model.

Small batches are scored on a direct numpy path that gives bit-for-bit the features of
scikit-learn's sparse path (see :mod:`model.relevance_vectors`).

The artifact is a joblib dict ``{"relevance": {...}, "metadata": {...}}`` holding only builtins
and numpy arrays (vocabularies, IDF weights, SVD components, LR coefficients); the vectorisers are
rebuilt from them at load time, after the version guard, so loading never unpickles a
scikit-learn object.

Layout: this module holds the scorer, the model and its artifact; the text analysis is in
:mod:`model.relevance_text`, the vectorisers and pair features in :mod:`model.relevance_vectors`
and the direct path's sparse rows in :mod:`model.relevance_rows`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression

from model.normalize import normalize_text
from model.relevance_vectors import (
    FEATURES,
    ArticleVectors,
    Vectorizers,
)

log = logging.getLogger(__name__)

FEATURE_VERSION = 1
DEFAULT_PATH = Path(__file__).with_name("relevance.joblib")
LIBRARIES = ("scikit-learn",)


class ArtifactVersionError(RuntimeError):
    """The artifact was built with other library or feature versions than the running code."""


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries whose semantics the artifact depends on."""
    return {name: importlib_metadata.version(name) for name in LIBRARIES}


# --------------------------------------------------------------------------- scorer


@dataclass(slots=True)
class Scorer:
    """Standardisation plus logistic regression: feature rows -> P(off-topic)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def fit(cls, x: np.ndarray, off_topic: np.ndarray, c: float = 1.0) -> Scorer:
        """Fit on feature rows and 0/1 off-topic labels (1 = off-topic)."""
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale < 1e-9] = 1.0
        lr = LogisticRegression(C=c, max_iter=1000)
        lr.fit((x - mean) / scale, off_topic)
        return cls(mean, scale, lr.coef_.ravel().astype(np.float64), float(lr.intercept_[0]))

    def proba(self, x: np.ndarray) -> np.ndarray:
        """P(off-topic) for feature rows."""
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_state(self) -> dict[str, Any]:
        """Builtins and arrays only."""
        return {
            "mean": self.mean,
            "scale": self.scale,
            "coef": self.coef,
            "intercept": self.intercept,
            "features": list(FEATURES),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Scorer:
        """Rebuild from :meth:`to_state` output."""
        if list(state["features"]) != list(FEATURES):
            raise ArtifactVersionError("the scorer was fitted on other features")
        return cls(
            np.asarray(state["mean"], dtype=np.float64),
            np.asarray(state["scale"], dtype=np.float64),
            np.asarray(state["coef"], dtype=np.float64),
            float(state["intercept"]),
        )


# --------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class OperatingPoints:
    """P(off-topic) thresholds chosen on held-out training folds, mapped onto the policy bands.

    ``review``: from here the comment leans off-topic (calibrated P >= 0.5 by default);
    ``reject``: from here off-topic is confident (precision target met on out-of-fold pairs).
    """

    review: float = 0.5
    reject: float = 0.95


class RelevanceModel:
    """Vectorisers + scorer: P(off-topic) of comments relative to their articles."""

    def __init__(
        self,
        vectorizers: Vectorizers,
        scorer: Scorer,
        points: OperatingPoints | None = None,
        metadata: dict[str, Any] | None = None,
    ):
        self.vectorizers = vectorizers
        self.scorer = scorer
        self.points = points or OperatingPoints()
        self.metadata: dict[str, Any] = dict(metadata or {})

    @classmethod
    def fit(
        cls,
        corpus: Sequence[str],
        comments: Sequence[str],
        titles: Sequence[str],
        bodies: Sequence[str],
        on_topic: Sequence[int],
        *,
        c: float = 1.0,
        points: OperatingPoints | None = None,
        **vectorizer_params: Any,
    ) -> RelevanceModel:
        """Fit on unlabelled raw texts (topic space) and labelled raw (comment, article) pairs."""
        vec = Vectorizers.fit([normalize_text(t) for t in corpus], **vectorizer_params)
        x = pair_features(vec, comments, titles, bodies)
        scorer = Scorer.fit(x, 1 - np.asarray(on_topic, dtype=int), c=c)
        return cls(vec, scorer, points)

    def article(self, title: str, body: str) -> ArticleVectors:
        """Vectors of one article (cache them: this is the expensive part for long bodies)."""
        return self.vectorizers.article(title, body)

    def predict_proba(
        self,
        norm_comments: Sequence[str],
        articles: Sequence[ArticleVectors],
        *,
        direct: bool | None = None,
    ) -> np.ndarray:
        """P(off-topic) of normalised comments against their articles' vectors."""
        return self.scorer.proba(
            self.vectorizers.features(norm_comments, articles, direct=direct)
        )

    def off_topic_proba(
        self, comments: Sequence[str], titles: Sequence[str], bodies: Sequence[str]
    ) -> np.ndarray:
        """P(off-topic) of raw comments against raw titles/bodies (convenience, no caching)."""
        return self.scorer.proba(pair_features(self.vectorizers, comments, titles, bodies))

    # -- persistence ----------------------------------------------------------------------
    def to_artifact(self, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
        """The joblib payload: builtins and arrays plus metadata (library versions filled in)."""
        meta = {
            **self.metadata,
            **(metadata or {}),
            "libraries": library_versions(),
            "feature_version": FEATURE_VERSION,
            "normalizer_probe": normalizer_probe(),
        }
        return {
            "relevance": {
                "feature_version": FEATURE_VERSION,
                "vectorizers": self.vectorizers.to_state(),
                "scorer": self.scorer.to_state(),
                "points": {"review": self.points.review, "reject": self.points.reject},
            },
            "metadata": meta,
        }

    def save(self, path: str | Path, metadata: dict[str, Any] | None = None) -> Path:
        """Write the artifact (compressed joblib) and return its path."""
        path = Path(path)
        joblib.dump(self.to_artifact(metadata), path, compress=3)
        return path

    @classmethod
    def from_artifact(cls, artifact: dict[str, Any], source: str = "artifact") -> RelevanceModel:
        """Build a model from a loaded artifact after checking versions (clear error if not)."""
        try:
            state, meta = artifact["relevance"], artifact["metadata"]
            built_with = meta["libraries"]
        except (KeyError, TypeError) as exc:
            raise ArtifactVersionError(f"{source} is not a Raqib relevance artifact") from exc
        wrong = {
            n: (built_with.get(n), have)
            for n, have in library_versions().items()
            if built_with.get(n) != have
        }
        if wrong:
            detail = ", ".join(f"{n} built with {b}, installed {h}" for n, (b, h) in wrong.items())
            raise ArtifactVersionError(
                f"{source} was trained with other libraries ({detail}); install the pinned "
                "versions or retrain with `python -m training.train_relevance`"
            )
        if state.get("feature_version") != FEATURE_VERSION:
            raise ArtifactVersionError(
                f"{source} uses relevance features v{state.get('feature_version')}, this code "
                f"computes v{FEATURE_VERSION}; retrain with `python -m training.train_relevance`"
            )
        if meta.get("normalizer_probe") != normalizer_probe():
            # Not fatal: the normaliser evolves in small steps, but the scores may drift.
            log.warning(
                "%s was trained with another version of model.normalize; consider "
                "retraining with `python -m training.train_relevance`",
                source,
            )
        points = OperatingPoints(**state["points"])
        return cls(
            Vectorizers.from_state(state["vectorizers"]),
            Scorer.from_state(state["scorer"]),
            points,
            meta,
        )

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH) -> RelevanceModel:
        """Load ``model/relevance.joblib`` (or ``path``), refusing artifacts from other versions."""
        path = Path(path)
        return cls.from_artifact(joblib.load(path), source=str(path))


def pair_features(
    vec: Vectorizers, comments: Sequence[str], titles: Sequence[str], bodies: Sequence[str]
) -> np.ndarray:
    """Features of raw (comment, title, body) triples; identical articles are vectorised once."""
    cache: dict[tuple[str, str], ArticleVectors] = {}
    arts = []
    for title, body in zip(titles, bodies, strict=True):
        key = (title, body)
        if key not in cache:
            cache[key] = vec.article(title, body)
        arts.append(cache[key])
    return vec.features([normalize_text(c) for c in comments], arts)


_PROBE = (
    "Ｔhe Raqqa coalition's 300 fighters!! ٣٠٠",
    "إنّ الأخبارَ عن الرقّة مؤلمة ـــ جدااا",
    "sho 2elak ya 3ammi",
    "f.u.c.k вad",
)


def normalizer_probe() -> str:
    """Fingerprint of the installed normaliser on a few probe strings (drift detection)."""
    joined = "\x00".join(normalize_text(s) for s in _PROBE)
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()[:16]

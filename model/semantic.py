"""Heads on sentence embeddings, stacked with the n-gram heads (the semantic layer).

``SemanticHeads`` holds one linear head per category on the encoder's embeddings and, per
category and language, a stacker: logistic regression on the n-gram head's margin and the
embedding head's margin, fitted on validation rows (``training/semantic.py``).  Its output is
the calibrated probability the checks report.  The artifact records the encoder version it was
trained with, and loading refuses another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import joblib
import numpy as np

DEFAULT_PATH = Path(__file__).resolve().parent / "semantic.joblib"
ANY_LANGUAGE = "*"


class SemanticHeads:
    """Embedding heads and the per-language stackers of (n-gram, embedding) margins."""

    def __init__(
        self,
        categories: Sequence[str],
        weights: np.ndarray,
        intercepts: np.ndarray,
        stackers: Mapping[str, Mapping[str, tuple[float, float, float]]],
        encoder_version: str,
        metadata: Mapping[str, Any] | None = None,
        news: Mapping[str, Any] | None = None,
    ):
        self.categories = tuple(categories)
        self.weights = np.asarray(weights, dtype=np.float32)
        self.intercepts = np.asarray(intercepts, dtype=np.float64)
        self.stackers = {c: {k: tuple(map(float, v)) for k, v in s.items()}
                         for c, s in stackers.items()}
        self.encoder_version = encoder_version
        self.metadata = dict(metadata or {})
        if self.weights.shape[1] != len(self.categories):
            raise ValueError("one weight column per category is needed")
        # News heads (``training/news_heads.py``): a second linear head per category on the same
        # embeddings, fitted on labelled news comments, whose margin is added to the stacked
        # logit.  Optional: artifacts without them score as before.
        self.news: dict[str, Any] | None = None
        if news:
            weights = np.asarray(news["weights"], dtype=np.float32)
            cats = tuple(news["categories"])
            if weights.shape != (self.weights.shape[0], len(cats)):
                raise ValueError("news heads need one weight column per category")
            if set(cats) - set(self.categories):
                raise ValueError("news heads for categories the heads do not have")
            self.news = {**dict(news), "categories": cats, "weights": weights,
                         "intercepts": np.asarray(news["intercepts"], dtype=np.float64)}

    def margins(self, embeddings: np.ndarray) -> np.ndarray:
        """(rows, categories) margins of the embedding heads."""
        return embeddings @ self.weights + self.intercepts

    def news_margins(self, embeddings: np.ndarray) -> dict[str, np.ndarray]:
        """Per category with a news head, its margin for each row (empty without news heads)."""
        news = self.news  # one read: the tuning detaches the heads while scoring its rows
        if not news:
            return {}
        z = embeddings @ news["weights"] + news["intercepts"]
        return {cat: z[:, k] for k, cat in enumerate(news["categories"])}

    def combine(
        self, ngram_margins: np.ndarray, embeddings: np.ndarray, languages: Sequence[str]
    ) -> dict[str, np.ndarray]:
        """Stacked probabilities per category for rows with both margins (plus news heads)."""
        emb = self.margins(embeddings)
        news = self.news_margins(embeddings)
        out = {}
        for j, cat in enumerate(self.categories):
            per = self.stackers.get(cat, {})
            extra = news.get(cat)
            p = np.empty(len(languages))
            for i, lang in enumerate(languages):
                a1, a2, b = per.get(lang) or per.get(ANY_LANGUAGE) or (1.0, 0.0, 0.0)
                z = a1 * ngram_margins[i, j] + a2 * emb[i, j] + b
                if extra is not None:
                    z += extra[i]
                p[i] = 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))
            out[cat] = p
        return out

    def save(self, path: str | Path) -> Path:
        """Write the artifact (joblib, compressed)."""
        path = Path(path)
        joblib.dump({"format": 1, "heads": self.__dict__}, path, compress=3)
        return path

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH, encoder_version: str | None = None
             ) -> SemanticHeads:
        """Read an artifact; refuses one trained with another encoder than ``encoder_version``."""
        payload = joblib.load(path)
        state = payload["heads"]
        heads = cls(state["categories"], state["weights"], state["intercepts"],
                    state["stackers"], state["encoder_version"], state.get("metadata"),
                    state.get("news"))
        if encoder_version is not None and heads.encoder_version != encoder_version:
            raise ValueError(
                f"semantic heads were trained with encoder {heads.encoder_version}, "
                f"the installed one is {encoder_version}: retrain (raqib train)"
            )
        return heads

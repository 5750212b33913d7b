"""Off-topic with embeddings: the lexical relevance model plus sentence-embedding similarities.

For a (comment, article) pair the features are the lexical model's logit (``model.relevance``)
and, from the sentence encoder (``model.embed``): the cosine of the comment with the article
(title and lead, or the body paragraph closest to the comment) and with its title, the highest
cosine with other recent articles (is it about *this* story or another one?) and with generic
reactions and prayers that fit any story ("الله يستر", "RIP", "thanks for the report").  A
logistic regression over them, fitted on public pairs (``training/semantic_offtopic.py``),
gives the calibrated P(off-topic).

The last feature says the comment is Arabizi.  Its Arabic reading (``model.arabizi``) is rough
("shabab" -> "شاباب"), so its word overlap and cosines with an Arabic story understate how much
it is about it; the public pairs hold almost no Arabizi (their fit's weight stays 0) and the news
refit (``training/refit_offtopic.py``) learns the offset from the site's comments.

``cross_lingual`` says the comment is not in the article's language (an English comment under an
Arabic story, Arabic or Arabizi under an English one, as readers of both editions write): word
overlap then says nothing and the cosines run lower.  Chosen with a throwaway script on the
news refit's leave-one-article-out probabilities (``training.refit_offtopic``): at a threshold
that finds three off-topic comments in four it sent far fewer acceptable cross-language comments
over it, the same-language ones unchanged.  The public pairs hold none, so their fit weighs it 0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import joblib
import numpy as np

DEFAULT_PATH = Path(__file__).resolve().parent / "semantic_relevance.joblib"
FEATURES = ("lexical_logit", "cos_article", "cos_title", "cos_other", "has_other",
            "cos_generic", "article_minus_other", "arabizi", "cross_lingual")
OTHER_ARTICLES = 20  # the most recent other articles compared with
# Other stories are read and compared by their lead: the encoder reads no further
# (model.embed.MAX_CHARS), so no more of each body is loaded than this.
RECENT_BODY_CHARS = 600


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


# An article's body is compared paragraph by paragraph: the encoder reads 500 characters
# (model.embed.MAX_CHARS), so the lead alone missed comments about the rest of the story.
# Measured with ``python -m training.refit_offtopic`` (the shipped blend's left-out-article
# ROC AUC on the first triage set's tuning rows, together with the Arabizi reading): Arabic
# 0.838 -> 0.861, English 0.829 -> 0.869.
PASSAGE_CHARS = 500
MAX_PASSAGES = 12
_SENTENCE_END = re.compile(r"(?<=[.!?؟،;])\s+")


def passages(body: str) -> list[str]:
    """The body's paragraphs, long ones cut at sentence ends into pieces the encoder reads whole."""
    out: list[str] = []
    for para in (p.strip() for p in (body or "").splitlines()):
        piece = ""
        for sentence in _SENTENCE_END.split(para) if para else []:
            if piece and len(piece) + 1 + len(sentence) > PASSAGE_CHARS:
                out.append(piece)
                piece = ""
            piece = f"{piece} {sentence}".strip()
        if piece:
            out.append(piece[:PASSAGE_CHARS])
    return out[:MAX_PASSAGES]


def features(
    lexical_p: np.ndarray,
    comment: np.ndarray,
    article: np.ndarray,
    title: np.ndarray,
    others: Sequence[np.ndarray],
    prototypes: np.ndarray,
    paragraphs: Sequence[np.ndarray] | None = None,
    arabizi: np.ndarray | None = None,
    cross_lingual: np.ndarray | None = None,
) -> np.ndarray:
    """(rows, FEATURES) for comments (rows of ``comment``) against their articles' embeddings.

    ``article`` and ``title`` hold one row per comment; ``others[i]`` the embeddings of the
    other recent articles for comment ``i`` (possibly none); ``paragraphs[i]`` those of its
    article's body passages (``passages``), whose best cosine counts if above the lead's;
    ``arabizi[i]`` is 1 for an Arabizi comment and ``cross_lingual[i]`` for one not in its
    article's language (none given: no comment is).
    """
    cos_a = np.einsum("ij,ij->i", comment, article)
    if paragraphs is not None:
        best = np.array([float((p @ c).max()) if len(p) else -1.0
                         for c, p in zip(comment, paragraphs, strict=True)])
        cos_a = np.maximum(cos_a, best)
    cos_t = np.einsum("ij,ij->i", comment, title)
    cos_o = np.array([float((o @ c).max()) if len(o) else 0.0
                      for c, o in zip(comment, others, strict=True)])
    has_o = np.array([1.0 if len(o) else 0.0 for o in others])
    cos_g = (comment @ prototypes.T).max(axis=1) if len(prototypes) else np.zeros(len(comment))
    return np.c_[_logit(lexical_p), cos_a, cos_t, cos_o, has_o, cos_g, (cos_a - cos_o) * has_o,
                 _flag(arabizi, len(comment)), _flag(cross_lingual, len(comment))]


def _flag(values: np.ndarray | None, n: int) -> np.ndarray:
    return np.zeros(n) if values is None else np.asarray(values, dtype=np.float64).reshape(n)


def generic_margin(x: np.ndarray) -> np.ndarray:
    """How much nearer each row's comment is to a generic reaction than to any story.

    ``x`` is :func:`features`' output: the cosine with the nearest generic-reaction prototype
    minus the higher of the cosines with this article and with the nearest other recent one.
    """
    cols = {name: i for i, name in enumerate(FEATURES)}
    return x[:, cols["cos_generic"]] - np.maximum(x[:, cols["cos_article"]],
                                                   x[:, cols["cos_other"]])


class SemanticRelevance:
    """Logistic regression over :data:`FEATURES`, with the prototype embeddings it uses."""

    def __init__(self, coef: np.ndarray, intercept: float, prototypes: np.ndarray,
                 encoder_version: str, metadata: Mapping[str, Any] | None = None):
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = float(intercept)
        self.prototypes = np.asarray(prototypes, dtype=np.float32)
        self.encoder_version = encoder_version
        self.metadata = dict(metadata or {})
        if self.coef.shape != (len(FEATURES),):
            raise ValueError(f"expected {len(FEATURES)} coefficients, got {self.coef.shape}")

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Calibrated P(off-topic) per row of features."""
        z = x @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))

    def save(self, path: str | Path) -> Path:
        """Write the artifact (joblib)."""
        path = Path(path)
        joblib.dump({"format": 1, "state": self.__dict__}, path, compress=3)
        return path

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH) -> SemanticRelevance:
        """Read an artifact written by :meth:`save`."""
        state = joblib.load(path)["state"]
        # A fit from before a feature was added weighs it 0 (what the refit starts from too).
        coef = list(state["coef"]) + [0.0] * (len(FEATURES) - len(state["coef"]))
        return cls(coef, state["intercept"], state["prototypes"],
                   state["encoder_version"], state.get("metadata"))

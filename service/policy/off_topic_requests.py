"""Help-desk requests: a question nearer a reader's service request than any story is off-topic.

Readers use the comment section as a help desk ("when does the support payment arrive this
month?", "does anyone know if the civil status office opens on Saturday?", "مين بعرف دكتور
أسنان منيح بإربد؟") under stories that have nothing to do with it.  The relevance model scores
many of them on-topic (they share a town or a ministry with the story), and only some open
with a cue ``off_topic_cues`` knows.

Like the generic-reaction margin (``model.semantic_relevance.generic_margin``) but the other way
round: a comment's **request margin** is its cosine with the nearest prototype of
``data/request_prototypes.tsv`` (70 requests and bits of chit-chat written blind for the
purpose) minus the higher of its cosines with this story and with the nearest other recent one.
A comment that asks (a question mark) with a margin of at least ``REVIEW_MARGIN`` goes to review
by rule, from ``REJECT_MARGIN`` it is rejected.  ``python -m training.request_margins`` on the
1,654 tuning rows (sixth session of 2026-12-05, where the margins were chosen), counting the
questions the rule sees (not generic reactions, not cross-language, not already decided by a
reader-question cue): from 0.3, Arabic 10 (7 off-topic; 3 questions about the story: slaughterhouse
hours under the Eid-sheep story, where to vote under the elections story, a water cut under the
water-cuts story) and English 2 (off-topic), so 0.3 asks for review only; from 0.4, 3 and 1, all
off-topic.
"""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import numpy as np

from model.embed import Encoder, embed_fixed
from model.semantic_relevance import FEATURES

DATA = Path(__file__).resolve().parent / "data" / "request_prototypes.tsv"
REVIEW_MARGIN = 0.3
REJECT_MARGIN = 0.4


def load_prototypes(path: Path = DATA) -> list[str]:
    """The request prototypes' texts (``#`` lines are comments)."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [row["text"].strip() for row in csv.DictReader(lines, delimiter="\t") if row["text"]]


class Requests:
    """The request prototypes' embeddings and each comment's request margin."""

    def __init__(self, encoder: Encoder, texts: list[str] | None = None,
                 review: float = REVIEW_MARGIN, reject: float = REJECT_MARGIN):
        self.encoder = encoder
        self.texts = load_prototypes() if texts is None else texts
        self.review, self.reject = review, reject  # margins from which the rule reviews/rejects
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()
        self.vectors()  # encoded in the factory, not on a reader's first comment

    def vectors(self) -> np.ndarray:
        """The prototypes' embeddings, encoded once."""
        with self._lock:
            if self._vectors is None:
                self._vectors = (embed_fixed(self.encoder, self.texts, "query") if self.texts
                                 else np.zeros((0, 1), dtype=np.float32))
            return self._vectors

    def margins(self, comments: np.ndarray, x: np.ndarray) -> np.ndarray:
        """Per comment: nearest request's cosine minus the higher story cosine (``x``: features)."""
        protos = self.vectors()
        if not len(protos) or not len(comments):
            return np.full(len(comments), -np.inf)
        story = np.maximum(x[:, FEATURES.index("cos_article")], x[:, FEATURES.index("cos_other")])
        return (comments @ protos.T).max(axis=1) - story


"""The off-topic check: is the comment about the article it was posted under?

The site's policy rejects comments "deviating from the subject at hand".  The relevance model
(``model/relevance.py``) gives a calibrated P(off-topic) for a (comment, article) pair; this
check turns it into the ``off_topic`` category score with three policy decisions on top:

**Score mapping.**  Only confident cases may reach the reject threshold; uncertain ones wait for a
moderator.  The model carries two operating points chosen on out-of-fold training pairs:
``review`` (P = 0.5: more likely off-topic than not) and ``reject`` (the lowest P at which the
off-topic precision is at least 0.90 with 95% confidence; 0.99, i.e. practically never, when the
training data shows no such region).  The score is the piecewise-linear map through
``(0, 0)``, ``(review, review threshold)``, ``(reject, reject threshold)`` and ``(1, 1)``, with the
policy thresholds 0.60 and 0.85 by default.  So a comment lands in the review band exactly when
the model leans off-topic and at or above the reject threshold only when it is confident.

**Generic reactions are on-topic.**  A comment made only of phrases from the generic-reactions
list (``off_topic_generic``: "thanks", "الله يرحمهم", complaints that fit any story) scores 0.  So
that the list need not hold every wording, a short comment (at most 20 words) whose sentence
embedding is nearer a generic reaction or prayer than this story or any other recent one, by a
cosine margin of ``GENERIC_MARGIN``, is explained away too (scored below the review band, capped
there): "Thank you for the update", "Such a shame", "اللهم حوالينا ولا علينا".  "Generic" means
the model's prototypes or any phrase of the list.

**Cross-language pairs are capped below the reject band.**  An Arabic comment on an English
article (or the reverse) shares almost no words with it, and only the multilingual embeddings
compare the two, scoring every such pair higher.  There is therefore never strong evidence of
off-topic across languages from the model: the score is capped at ``cross_language_cap`` (0.70,
inside the review band), and under ``off_topic_cues.CROSS_REVIEW_P`` below the review band (a
reader's cue decides with its own floors, ``CROSS_CUE_FLOORS``).  One more bridge is the
bilingual gazetteer of ``model/relevance_text.py``: a cross-language comment that names a place or
organisation the article names ("داعش هربوا من الرقة" under "ISIS fighters fled Raqqa") is scored
just below the review band.  Names every Jordanian story shares (Jordan, Amman, the government,
the king ...) do not count.

Article vectors are cached per (article id, hash of title and body) in a bounded LRU, so a busy
article is vectorised once per process and an edited article is re-vectorised.

**Readers' own words.**  A comment that opens by declaring itself off-topic ("off topic but",
"سؤال خارج الموضوع"), or that asks the other readers a question ("حدا بيعرف ...؟", "anyone know
...?") or the site about another story ("ليش ما نشرتوا خبر ...؟", "whatever happened to the
...?") while the model leans off-topic (P >= ``READER_QUESTION_P``), is rejected by rule with the
words as evidence (``off_topic_cues``): the comment section used as a help desk.  With the cue and
a P just under that (``READER_QUESTION_REVIEW_P``) it goes to review instead of being published
(English comments: lower floors, ``off_topic_cues.cue_floors``).  A question nearer a
help-desk request than any story (``off_topic_requests``), or one about a public service the
story never names (``off_topic_cues.unreported_service``), is decided the same way.
A comment that laughs and asks nothing ("😂", "هههه", "lol": a joke about the story, which the
policy keeps on-topic), or that prays or quotes a hadith ("اللهم ...", ``off_topic_cues.praying``),
is not sent to review by a model P under ``JOKE_MAX_P``; an Arabizi comment under an Arabic
story only from ``off_topic_cues.ARABIZI_REVIEW_P`` (the model reads it through its
transliteration).

**Other stories come from the site, not from the process.**  With the semantic layer, "is it
about *this* story or another one?" compares the comment with the site's most recent other
articles, given by ``recent`` (the engine reads them from the database), not the ones this
worker happened to see (11 of 272 triage verdicts had changed with the order of the sets).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from model.embed import Encoder, context_embeddings, embed_fixed
from model.relevance import DEFAULT_PATH, ArticleVectors, RelevanceModel
from model.relevance_text import gazetteer_ids, text_digest
from model.semantic_relevance import (
    FEATURES,
    OTHER_ARTICLES,
    RECENT_BODY_CHARS,
    SemanticRelevance,
    generic_margin,
    passages,
)
from model.semantic_relevance import features as semantic_features
from model.verdict import article_language
from service.core import (
    DEFAULT_REJECT,
    DEFAULT_REVIEW,
    Article,
    CheckResult,
    Context,
    Reason,
    Span,
)
from service.policy.off_topic_cues import (  # noqa: F401 (the scores are imported from here)
    ARABIZI_REVIEW_P,
    CROSS_REVIEW_P,
    DECLARED_SCORE,
    JOKE_MAX_P,
    READER_QUESTION_P,
    READER_QUESTION_REVIEW_P,
    READER_QUESTION_SCORE,
    asks,
    cue_floors,
    declared_off_topic,
    football_floors,
    laughing,
    praying,
    question_cue,
    rule_result,
    unreported_service,
)
from service.policy.off_topic_generic import (  # noqa: F401 (tests import them from here)
    GENERIC_PATH,
    MAX_GENERIC_TOKENS,
    GenericReactions,
    default_generic,
)
from service.policy.off_topic_requests import Requests
from service.policy.off_topic_sports import football_talk

CATEGORY = "off_topic"
CROSS_LANGUAGE_CAP = 0.70
# Gazetteer ids too common on a Jordanian news site to show what a story is about.
COMMON_NAMES = frozenset(
    {"jordan", "amman", "government", "parliament", "king", "army", "police", "election"}
)
CACHE_SIZE = 256


def _passage(article: Article) -> str:
    # The encoder cuts its input (model.embed.MAX_CHARS): the title and the lead are what counts.
    return f"{article.title}\n{article.body}".strip()


# A comment whose embedding is nearer a generic reaction or prayer than this story or any other
# recent one, by at least this cosine margin, is about nothing in particular: off-topic is
# explained away, as for the phrase list (``model.semantic_relevance.generic_margin``).  The
# margin was chosen on the tuning rows with left-out-article operating points: with it,
# ``python -m training.cv_operating_points`` went from 83.7% / 5.5% (published / leak) to
# 86.0% / 4.8% in Arabic and from 70.1% / 3.9% to 74.8% / 3.9% in English.  Lower margins
# (0.3 and below, tried with a throwaway script, not kept) let violations through faster than
# they published acceptable comments.
GENERIC_MARGIN = 0.4
MAX_SEMANTIC_GENERIC_TOKENS = 20
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class ScoreMap:
    """Piecewise-linear map from P(off-topic) to the category score (see the module docstring)."""

    p_review: float
    p_reject: float
    review: float = DEFAULT_REVIEW[CATEGORY]
    reject: float = DEFAULT_REJECT[CATEGORY]

    def __call__(self, p: float | np.ndarray) -> np.ndarray:
        """Map probabilities to scores (monotone, 0 -> 0 and 1 -> 1)."""
        return np.interp(
            p, [0.0, self.p_review, self.p_reject, 1.0], [0.0, self.review, self.reject, 1.0]
        )


class OffTopicCheck:
    """Policy check for the ``off_topic`` category, relative to ``ctx.article``."""

    name = "off_topic"

    def __init__(
        self,
        model: RelevanceModel,
        *,
        review: float = DEFAULT_REVIEW[CATEGORY],
        reject: float = DEFAULT_REJECT[CATEGORY],
        cross_language_cap: float = CROSS_LANGUAGE_CAP,
        generic: GenericReactions | None = None,
        cache_size: int = CACHE_SIZE,
        semantic: SemanticRelevance | None = None,
        encoder: Encoder | None = None,
        recent: Callable[[], Sequence[Article]] | None = None,
        request_prototypes: list[str] | None = None,
    ):
        if not 0.0 < model.points.review < model.points.reject < 1.0:
            raise ValueError(f"bad operating points {model.points}")
        self.model = model
        self.map = ScoreMap(model.points.review, model.points.reject, review, reject)
        self.cross_language_cap = min(cross_language_cap, reject - 0.01)
        self.generic = generic if generic is not None else default_generic()
        self._cache: OrderedDict[tuple[str, str], tuple[ArticleVectors, str]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._generic_embedded: np.ndarray | None = None
        if (semantic is None) != (encoder is None):
            raise ValueError("semantic relevance needs an encoder, and an encoder needs it")
        self.semantic = semantic
        self.encoder = encoder
        self.recent = recent
        self.requests: Requests | None = None
        if encoder is not None:
            # Encoded here, in the factory (one encoder batch), not on some reader's
            # first off-topic check in each worker.
            self._generic_vectors()
            self.requests = Requests(encoder, request_prototypes)
        # Embeddings of the cached articles (same keys as _cache): (article, title) rows.
        self._embeddings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        # Embeddings of the site's other recent stories, by (id, digest): a bounded LRU.
        self._other_embeddings: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH, **kwargs: object) -> OffTopicCheck:
        """The check around the artifact at ``path`` (default ``model/relevance.joblib``)."""
        return cls(RelevanceModel.load(path), **kwargs)  # type: ignore[arg-type]

    # -- article cache -------------------------------------------------------------------
    def article_vectors(self, article: Article) -> tuple[ArticleVectors, str]:
        """Cached vectors and language of an article (LRU keyed by id and content hash)."""
        key = (article.id, text_digest(article.title or "", article.body or ""))
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        # Vectorised outside the lock: two workers may both build a new article once.
        vectors = self.model.article(article.title or "", article.body or "")
        language = article_language(article)
        value = (vectors, language)
        with self._lock:
            self._cache[key] = value
            self._cache.move_to_end(key)
            while len(self._cache) > self._cache_size:
                old, _ = self._cache.popitem(last=False)
                self._embeddings.pop(old, None)
        return value

    def article_embeddings(
        self, article: Article
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(article, title, the site's other recent articles, body passages) embeddings, cached."""
        key = (article.id, text_digest(article.title or "", article.body or ""))
        with self._lock:
            hit = self._embeddings.get(key)
        if hit is None:
            assert self.encoder is not None
            vecs = self.encoder.embed(
                [_passage(article), article.title or ".", *passages(article.body or "")],
                "passage",
            )
            hit = (vecs[0], vecs[1], vecs[2:])
            with self._lock:
                if key in self._cache:
                    self._embeddings[key] = hit
        others = self.other_embeddings(article)
        return hit[0], hit[1], others.reshape(-1, len(hit[0])), hit[2]

    def other_embeddings(self, article: Article) -> np.ndarray:
        """Embeddings of up to ``OTHER_ARTICLES`` recent articles of the site, this one excepted."""
        if self.recent is None:
            return np.zeros((0,), dtype=np.float32)
        assert self.encoder is not None
        # The site's list carries each story's lead only: compare leads, so the same story
        # registered under a second id (an AMP or alias URL) is not "another story".
        digest = text_digest(article.title or "", (article.body or "")[:RECENT_BODY_CHARS])
        stories = [a for a in self.recent()
                   if a.id != article.id
                   and text_digest(a.title or "", (a.body or "")[:RECENT_BODY_CHARS]) != digest
                   ][:OTHER_ARTICLES]
        keys = [(a.id, text_digest(a.title or "", a.body or "")) for a in stories]
        with self._lock:
            todo = [i for i, k in enumerate(keys) if k not in self._other_embeddings]
        if todo:
            vecs = self.encoder.embed([_passage(stories[i]) for i in todo], "passage")
            with self._lock:
                for i, vec in zip(todo, vecs, strict=True):
                    self._other_embeddings[keys[i]] = vec
        with self._lock:
            rows = [self._other_embeddings[k] for k in keys if k in self._other_embeddings]
            for k in keys:
                if k in self._other_embeddings:
                    self._other_embeddings.move_to_end(k)
            while len(self._other_embeddings) > self._cache_size:
                self._other_embeddings.popitem(last=False)
        return np.array(rows, dtype=np.float32)

    def _semantic(self, ctxs: Sequence[Context], todo: list[int], lexical: np.ndarray,
                  cross: Sequence[bool]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """P(off-topic) from the lexical model and the embeddings (model.semantic_relevance),
        with each comment's :func:`~model.semantic_relevance.generic_margin` (nearness to the
        model's prototypes or to the generic-reactions list, against the stories) and its
        request margin (:mod:`.off_topic_requests`)."""
        assert self.semantic is not None and self.encoder is not None
        comments = context_embeddings([ctxs[i] for i in todo], self.encoder)
        parts = [self.article_embeddings(ctxs[i].article) for i in todo]  # type: ignore[arg-type]
        x = semantic_features(
            lexical, comments, np.array([p[0] for p in parts]), np.array([p[1] for p in parts]),
            [p[2] for p in parts], self.semantic.prototypes, [p[3] for p in parts],
            arabizi=np.array([ctxs[i].script == "arabizi" for i in todo]),
            cross_lingual=np.array(cross),
        )
        margins = generic_margin(x)
        listed = self._generic_vectors()
        if len(listed):
            gate = x.copy()
            col = FEATURES.index("cos_generic")
            gate[:, col] = np.maximum(x[:, col], (comments @ listed.T).max(axis=1))
            margins = generic_margin(gate)
        assert self.requests is not None
        return self.semantic.proba(x), margins, self.requests.margins(comments, x)

    def _generic_vectors(self) -> np.ndarray:
        """Embeddings of the generic-reactions list, encoded once per check object."""
        with self._lock:
            vectors = self._generic_embedded
        if vectors is None:
            assert self.encoder is not None
            texts = list(self.generic.texts)
            vectors = (embed_fixed(self.encoder, texts, "query") if texts
                       else np.zeros((0, 1), dtype=np.float32))
            with self._lock:
                self._generic_embedded = vectors
        return vectors

    def cache_info(self) -> dict[str, int]:
        """Current number of cached articles and the bound."""
        with self._lock:
            return {"size": len(self._cache), "max": self._cache_size}

    # -- scoring -------------------------------------------------------------------------
    def __call__(self, ctx: Context) -> CheckResult:
        """Score one comment."""
        return self.batch([ctx])[0]

    def batch(self, ctxs: Sequence[Context]) -> list[CheckResult]:
        """Score many comments with one vectorisation (article vectors come from the cache)."""
        results = [CheckResult() for _ in ctxs]
        todo: list[int] = []
        arts: list[ArticleVectors] = []
        cross: list[bool] = []
        for i, ctx in enumerate(ctxs):
            article = ctx.article
            if article is None or not (article.title or "").strip() + (article.body or "").strip():
                continue  # nothing to be on or off topic about: no score
            text = ctx.topic_text
            if not _WORD.search(text):
                continue  # emoji or punctuation only: nothing to compare
            if self.generic.matches(text):
                results[i] = CheckResult(scores={CATEGORY: 0.0})
                continue
            declared = declared_off_topic(ctx.norm.text)
            if declared is not None:
                results[i] = CheckResult(
                    scores={CATEGORY: DECLARED_SCORE},
                    reasons=[Reason(code=CATEGORY, source="rule", score=DECLARED_SCORE,
                                    spans=(ctx.span(*declared),), params={"declared": "1"})],
                )
                continue
            vectors, language = self.article_vectors(article)
            todo.append(i)
            arts.append(vectors)
            cross.append(ctx.language != language)
        if not todo:
            return results
        probs = self.model.predict_proba([ctxs[i].topic_text for i in todo], arts)
        generic = np.zeros(len(todo), dtype=bool)
        requests = np.full(len(todo), -np.inf)
        if self.semantic is not None:
            probs, margins, requests = self._semantic(ctxs, todo, probs, cross)
            generic = (margins >= GENERIC_MARGIN) & np.array(
                [len(_WORD.findall(ctxs[i].topic_text)) <= MAX_SEMANTIC_GENERIC_TOKENS
                 for i in todo])
        mapped = self.map(probs)
        for k, (i, art, p, score, is_cross) in enumerate(
                zip(todo, arts, probs, mapped, cross, strict=True)):
            s = float(score)
            params = {"probability": f"{p:.3f}"}
            caps: dict[str, Literal["review", "reject"]] = {}
            if is_cross:
                # Across languages the model never has enough evidence to reject, whatever
                # thresholds an admin sets (a cue can: ``CROSS_CUE_FLOORS``): the core keeps
                # it under the reject threshold, or
                # under the review threshold when the comment names what the article names.
                params["cross_language"] = "1"
                s = min(s, self.cross_language_cap)
                caps[CATEGORY] = "reject"
                shared = (gazetteer_ids(ctxs[i].topic_text) & art.gazetteer) - COMMON_NAMES
                if shared or p < CROSS_REVIEW_P:
                    s = min(s, self.map.review - 0.05)
                    caps[CATEGORY] = "review"
                if shared:
                    params["shared_names"] = ",".join(sorted(shared))
            elif ctxs[i].script == "arabizi" and p < ARABIZI_REVIEW_P:
                s = min(s, self.map.review - 0.05)
                caps[CATEGORY] = "review"
                params["arabizi"] = "1"
            cue = question_cue(ctxs[i])
            service = unreported_service(ctxs[i]) if cue and cue[0] == "reader_question" else None
            floor, leans = cue_floors(ctxs[i].language, is_cross, cue[0] if cue else "")
            ball_floor, ball_leans = football_floors(is_cross)
            football = None if p < ball_floor else football_talk(ctxs[i])
            if football is not None:  # before the generic cap: "مبروك للفيصلي" under a price story
                results[i] = rule_result(p >= ball_leans, self.map.review, football,
                                          {**params, "football": "1"})
                continue
            if generic[k]:
                s = min(s, self.map.review - 0.05)
                caps[CATEGORY] = "review"
                params["generic"] = "1"
            elif p < JOKE_MAX_P and cue is None and laughing(ctxs[i].submission.comment):
                s = min(s, self.map.review - 0.05)
                caps[CATEGORY] = "review"
                params["joke"] = "1"
            elif p < JOKE_MAX_P and cue is None and praying(ctxs[i].norm.text):
                s = min(s, self.map.review - 0.05)
                caps[CATEGORY] = "review"
                params["prayer"] = "1"
            elif cue is not None and p >= floor:
                kind, asked = cue
                # Two signals agreeing decide at a lower P: the cue and a request margin at the
                # request rule's reject point ("anyone know a good dentist in Khalda?"); from its
                # review margin on-topic questions came in (a water cut under that story).
                helpdesk = self.requests is not None and requests[k] >= self.requests.reject
                if helpdesk:
                    params["request"] = f"{requests[k]:.3f}"
                if service is not None:
                    helpdesk, params["service"] = True, service.text
                # Across languages only the P decides (an Arabic question on the national aid
                # under an English scholarship story is about it).
                results[i] = rule_result(p >= leans or (helpdesk and not is_cross),
                                          self.map.review, asked,
                                          {**params, kind: "1"})
                continue
            elif (self.requests is not None and not is_cross
                  and requests[k] >= self.requests.review
                  and asks(ctxs[i].submission.comment)):
                # A rule too: a question nearer a help-desk request than any story.
                comment = ctxs[i].submission.comment
                results[i] = rule_result(requests[k] >= self.requests.reject, self.map.review,
                                          Span(0, len(comment), comment),
                                          {**params, "request": f"{requests[k]:.3f}"})
                continue
            results[i] = CheckResult(
                scores={CATEGORY: s},
                reasons=[Reason(code=CATEGORY, source="model", score=s, params=params)],
                caps=caps,
                probabilities={CATEGORY: float(p)},
            )
        return results

"""The verdict's value types, shared by the service, the models and the training code.

A check sees a :class:`Context` (the :class:`Submission` and its :class:`Article`, with the
comment normalised once) and returns a :class:`CheckResult` (category scores, :class:`Reason`
objects with evidence :class:`Span` objects); the core (``service.core``) combines the results
into a :class:`Verdict`.  They live in ``model/`` so that trained checks (``model.classifier``)
and the training and evaluation code can use them without importing the service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from functools import cached_property
from typing import Literal, Protocol

from model.arabizi import arabic_reading
from model.normalize import Normalized, detect_language, normalize, normalize_text, script_of

CATEGORIES: tuple[str, ...] = ("offense", "strife", "off_topic", "spam", "personal_name")

Mode = Literal["pre", "auto"]
Source = Literal["rule", "model", "form"]
Outcome = Literal["approve", "review", "reject"]
OUTCOMES: tuple[str, ...] = ("approve", "review", "reject")
Status = Literal["published", "pending", "rejected"]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of evidence: ``comment[start:end] == text`` in the submitted comment."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a check scored a category: a reason code, its source, score and evidence."""

    code: str
    source: Source
    score: float | None = None
    spans: tuple[Span, ...] = ()
    field: str | None = None
    params: Mapping[str, str] = dc_field(default_factory=dict)


# Checks read at most this much of an article: a news report is 2,000-8,000 characters, and
# every check's article work (names, passages) is then bounded whatever body a caller sends.
MAX_ARTICLE_TITLE = 1000
MAX_ARTICLE_BODY = 10_000


@dataclass(frozen=True, slots=True)
class Article:
    """The subject at hand: what off-topic and names are judged against."""

    id: str
    title: str
    body: str = ""
    language: str | None = None

    def bounded(self) -> Article:
        """This article cut to what checks read (itself when already within the bounds)."""
        if len(self.title) <= MAX_ARTICLE_TITLE and len(self.body) <= MAX_ARTICLE_BODY:
            return self
        return replace(
            self, title=self.title[:MAX_ARTICLE_TITLE], body=self.body[:MAX_ARTICLE_BODY]
        )


def article_language(article: Article) -> str:
    """An article's language: the one the site declared, else read from its title and lead."""
    return article.language or detect_language(f"{article.title}\n{(article.body or '')[:2000]}")


@dataclass(frozen=True, slots=True)
class Submission:
    """One comment as the site's form sent it (already validated for shape)."""

    comment: str
    name: str | None = None
    email: str | None = None
    language: str | None = None
    ip_hash: str | None = None  # keyed hash of the sender's address (the commenter lists)


class Context:
    """What every check sees: the submission, the article and shared derived data.

    Derived values (normalised text, language) are computed once per comment and shared by
    all checks, so the hot path normalises each text a single time.
    """

    __slots__ = ("submission", "article", "__dict__")

    def __init__(self, submission: Submission, article: Article | None):
        self.submission = submission
        self.article = article.bounded() if article is not None else None

    @cached_property
    def norm(self) -> Normalized:
        """The normalised comment with its offset map back to the original."""
        return normalize(self.submission.comment)

    @cached_property
    def language(self) -> str:
        """The comment's language: the one the site declared, else detected from script."""
        return self.submission.language or detect_language(self.submission.comment)

    @cached_property
    def script(self) -> str:
        """How the comment is written (``model.normalize.script_of``)."""
        return script_of(self.submission.comment)

    @cached_property
    def meaning_text(self) -> str:
        """The text the sentence encoder reads: the comment, an Arabizi one in Arabic letters."""
        if self.script == "arabizi":
            return arabic_reading(self.submission.comment)
        return self.submission.comment

    @cached_property
    def topic_text(self) -> str:
        """The normalised text compared with the article: Arabizi read in Arabic letters."""
        if self.script == "arabizi":
            return normalize_text(arabic_reading(self.submission.comment))
        return self.norm.text

    def span(self, norm_start: int, norm_end: int) -> Span:
        """Evidence span in the original comment for a range of the normalised text."""
        start, end = self.norm.to_original(norm_start, norm_end)
        return Span(start, end, self.submission.comment[start:end])


@dataclass(slots=True)
class CheckResult:
    """Scores (category -> 0..1) and reasons from one check; ``hold`` forces human review.

    ``caps`` limits what this check alone may do to a category: ``"reject"`` keeps its score
    just under the policy's reject threshold (it can send a comment to review, not reject it),
    ``"review"`` just under the review threshold (explained away).  The core applies caps with
    the thresholds in force, so admins' threshold changes apply to them too.

    ``probabilities`` are a trained model's calibrated P(violation) per category.  Where the
    policy has an operating point for the category and the comment's language, the core turns
    the probability into the category score (``model.operating``) instead of the check's own
    score, and gives the check's model reasons of that category the same score.
    """

    scores: dict[str, float] = dc_field(default_factory=dict)
    reasons: list[Reason] = dc_field(default_factory=list)
    hold: bool = False
    caps: dict[str, Literal["review", "reject"]] = dc_field(default_factory=dict)
    probabilities: dict[str, float] = dc_field(default_factory=dict)


class Check(Protocol):
    """A policy check: a named callable from a :class:`Context` to a :class:`CheckResult`."""

    name: str

    def __call__(self, ctx: Context) -> CheckResult: ...


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome for one comment: ``approve``, ``review`` (a moderator must look) or ``reject``.

    ``status`` is what happens to a stored comment under the policy's mode (``status_for``).
    """

    verdict: Outcome
    status: Status
    reasons: tuple[Reason, ...]
    scores: Mapping[str, float]
    language: str
    model_version: str

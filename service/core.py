"""The moderation core: pure functions and value types, no Flask, no database.

``moderate(submission, article, policy)`` runs every check of the policy over one comment and
combines their scores into a verdict.  Checks are plain callables (rule checks, trained
classifiers, word lists) that return per-category scores and reasons with evidence spans; they
know nothing of HTTP or storage, so the same code serves the API, the ``raqib check`` command and
the evaluation scripts.

How scores combine (documented choice): each category's final score is the maximum over the checks
that score it, so a confident rule (a slur in the lexicon) is never diluted by an unsure model and
vice versa.  A category at or above its *reject* threshold makes the verdict ``reject``; between its
*review* threshold and the reject threshold the verdict is ``review`` (a moderator must look);
otherwise ``approve``.  In ``pre`` mode (the seed's policy: every comment is reviewed before
publication) every stored comment waits for a moderator and the verdict only ranks and sorts the
queue; in ``auto`` mode approve publishes, reject rejects and review waits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from functools import cached_property
from typing import Literal, Protocol

from model.normalize import Normalized, detect_language, normalize

CATEGORIES: tuple[str, ...] = ("offense", "strife", "off_topic", "spam", "personal_name")

Mode = Literal["pre", "auto"]
Source = Literal["rule", "model", "form"]
Outcome = Literal["approve", "review", "reject"]
OUTCOMES: tuple[str, ...] = ("approve", "review", "reject")
Status = Literal["published", "pending", "rejected"]
# Reasons that reject on their own, whatever the scores: the moderators' own lists.
REJECTING_CODES = frozenset({"banned_word", "blocked_commenter"})

DEFAULT_REJECT: Mapping[str, float] = {
    "offense": 0.80,
    "strife": 0.80,
    "off_topic": 0.85,
    "spam": 0.85,
    "personal_name": 0.80,
}
DEFAULT_REVIEW: Mapping[str, float] = {
    "offense": 0.45,
    "strife": 0.40,
    "off_topic": 0.60,
    "spam": 0.50,
    "personal_name": 0.50,
}


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


@dataclass(frozen=True, slots=True)
class Article:
    """The subject at hand: what off-topic and names are judged against."""

    id: str
    title: str
    body: str = ""
    language: str | None = None


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
        self.article = article

    @cached_property
    def norm(self) -> Normalized:
        """The normalised comment with its offset map back to the original."""
        return normalize(self.submission.comment)

    @cached_property
    def language(self) -> str:
        """The comment's language: the one the site declared, else detected from script."""
        return self.submission.language or detect_language(self.submission.comment)

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
    """

    scores: dict[str, float] = dc_field(default_factory=dict)
    reasons: list[Reason] = dc_field(default_factory=list)
    hold: bool = False
    caps: dict[str, Literal["review", "reject"]] = dc_field(default_factory=dict)


class Check(Protocol):
    """A policy check: a named callable from a :class:`Context` to a :class:`CheckResult`."""

    name: str

    def __call__(self, ctx: Context) -> CheckResult: ...


@dataclass(frozen=True, slots=True)
class Policy:
    """The checks to run and how to turn their scores into a verdict."""

    checks: Sequence[Check]
    reject: Mapping[str, float] = dc_field(default_factory=lambda: dict(DEFAULT_REJECT))
    review: Mapping[str, float] = dc_field(default_factory=lambda: dict(DEFAULT_REVIEW))
    mode: Mode = "pre"
    model_version: str = "rules-only"


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


def moderate(submission: Submission, article: Article | None, policy: Policy) -> Verdict:
    """Run every check of ``policy`` on one comment and combine them into a verdict."""
    return moderate_many([(submission, article)], policy)[0]


def _capped(result: CheckResult, policy: Policy) -> CheckResult:
    if not result.caps:
        return result
    limits = {
        c: (policy.reject if cap == "reject" else policy.review).get(c, 1.01) - 0.01
        for c, cap in result.caps.items()
    }
    scores = {c: min(s, limits[c]) if c in limits else s for c, s in result.scores.items()}
    reasons = [
        replace(r, score=min(r.score, limits[r.code]))
        if r.code in limits and r.score is not None
        else r
        for r in result.reasons
    ]
    return CheckResult(scores=scores, reasons=reasons, hold=result.hold)


def _combine(
    ctx: Context,
    scores: dict[str, float],
    reasons: list[Reason],
    hold: bool,
    policy: Policy,
) -> Verdict:
    rejected = any(scores[c] >= policy.reject.get(c, 1.01) for c in CATEGORIES) or any(
        r.code in REJECTING_CODES for r in reasons
    )
    uncertain = hold or any(scores[c] >= policy.review.get(c, 1.01) for c in CATEGORIES)
    kept = tuple(sorted(_relevant(reasons, policy), key=_reason_rank))
    outcome: Outcome = "reject" if rejected else "review" if uncertain else "approve"
    return Verdict(
        verdict=outcome,
        status=status_for(outcome, policy.mode),
        reasons=kept,
        scores={c: round(scores[c], 4) for c in CATEGORIES},
        language=ctx.language,
        model_version=policy.model_version,
    )


def status_for(outcome: Outcome, mode: Mode) -> Status:
    """Where a stored comment goes: in ``pre`` mode every comment waits for a moderator."""
    if mode == "pre" or outcome == "review":
        return "pending"
    return "published" if outcome == "approve" else "rejected"


def _relevant(reasons: Iterable[Reason], policy: Policy) -> Iterable[Reason]:
    # A reason is worth showing when its own score reaches the category's review band; reasons
    # without a score (word lists, form) are always shown.
    for r in reasons:
        if r.score is None or r.score >= policy.review.get(r.code, 0.0):
            yield r


def _reason_rank(reason: Reason) -> tuple[float, str]:
    return (-(reason.score if reason.score is not None else 1.0), reason.code)


def moderate_many(
    items: Iterable[tuple[Submission, Article | None]], policy: Policy
) -> list[Verdict]:
    """Moderate many comments in order; checks with a ``batch`` method score them all at once.

    Trained classifiers vectorise a whole batch in one call, which is what makes batch scoring
    an order of magnitude faster than a loop over :func:`moderate`.
    """
    ctxs = [Context(s, a) for s, a in items]
    if not ctxs:
        return []
    per_check: list[Sequence[CheckResult]] = []
    for check in policy.checks:
        batch: Callable[[Sequence[Context]], Sequence[CheckResult]] | None = getattr(
            check, "batch", None
        )
        per_check.append(batch(ctxs) if batch is not None else [check(c) for c in ctxs])
    verdicts = []
    for i, ctx in enumerate(ctxs):
        scores = dict.fromkeys(CATEGORIES, 0.0)
        reasons: list[Reason] = []
        hold = False
        for results in per_check:
            result = _capped(results[i], policy)
            hold = hold or result.hold
            for category, score in result.scores.items():
                if score > scores.get(category, 0.0):
                    scores[category] = float(score)
            reasons.extend(result.reasons)
        verdicts.append(_combine(ctx, scores, reasons, hold, policy))
    return verdicts

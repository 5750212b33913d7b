"""The pure core: combining check results into verdicts, in both modes."""

from __future__ import annotations

import pytest

from service.core import (
    CATEGORIES,
    Article,
    CheckResult,
    Policy,
    Reason,
    Submission,
    moderate,
    moderate_many,
)


class FixedCheck:
    """A check that gives the same scores to every comment (a test double)."""

    def __init__(self, name, scores, *, hold=False, code=None):
        self.name = name
        self.scores = scores
        self.hold = hold
        self.code = code

    def __call__(self, ctx):
        reasons = [
            Reason(code=self.code or c, source="rule", score=s) for c, s in self.scores.items()
        ]
        return CheckResult(scores=dict(self.scores), reasons=reasons, hold=self.hold)


class SpanCheck:
    """Marks the first occurrence of a word, to test the offset map through the context."""

    name = "span"

    def __init__(self, word):
        self.word = word

    def __call__(self, ctx):
        i = ctx.norm.text.find(self.word)
        if i < 0:
            return CheckResult()
        span = ctx.span(i, i + len(self.word))
        return CheckResult(
            scores={"offense": 0.9},
            reasons=[Reason(code="offense", source="rule", score=0.9, spans=(span,))],
        )


ARTICLE = Article(id="a", title="Raqqa", body="ISIS fighters left Raqqa.")


def test_clean_comment_is_approved_and_published_in_auto_mode():
    v = moderate(Submission("Thanks for the report"), ARTICLE, Policy(checks=[], mode="auto"))
    assert (v.verdict, v.status) == ("approve", "published")
    assert set(v.scores) == set(CATEGORIES)


def test_pre_mode_holds_every_comment_for_review():
    bad = FixedCheck("x", {"offense": 0.99})
    assert moderate(Submission("x"), ARTICLE, Policy(checks=[bad])).status == "pending"
    assert moderate(Submission("x"), ARTICLE, Policy(checks=[])).status == "pending"


@pytest.mark.parametrize(
    ("score", "verdict", "status"),
    [(0.95, "reject", "rejected"), (0.6, "review", "pending"), (0.1, "approve", "published")],
)
def test_auto_mode_thresholds_and_uncertain_band(score, verdict, status):
    policy = Policy(
        checks=[FixedCheck("x", {"spam": score})],
        reject={"spam": 0.85},
        review={"spam": 0.5},
        mode="auto",
    )
    v = moderate(Submission("buy now"), ARTICLE, policy)
    assert (v.verdict, v.status) == (verdict, status)


def test_category_score_is_the_maximum_over_checks():
    checks = [FixedCheck("a", {"offense": 0.3}), FixedCheck("b", {"offense": 0.7})]
    v = moderate(Submission("x"), ARTICLE, Policy(checks=checks))
    assert v.scores["offense"] == pytest.approx(0.7)


def test_hold_sends_to_review_even_when_scores_are_low():
    policy = Policy(checks=[FixedCheck("w", {}, hold=True)], mode="auto")
    v = moderate(Submission("x"), ARTICLE, policy)
    assert (v.verdict, v.status) == ("review", "pending")


@pytest.mark.parametrize(
    ("score", "verdict"), [(0.95, "reject"), (0.6, "review"), (0.1, "approve")]
)
def test_pre_mode_keeps_the_three_outcomes_while_everything_waits(score, verdict):
    policy = Policy(
        checks=[FixedCheck("x", {"spam": score})],
        reject={"spam": 0.85},
        review={"spam": 0.5},
        mode="pre",
    )
    v = moderate(Submission("buy now"), ARTICLE, policy)
    assert (v.verdict, v.status) == (verdict, "pending")


def test_banned_word_reason_rejects():
    class Banned:
        name = "banned"

        def __call__(self, ctx):
            return CheckResult(reasons=[Reason(code="banned_word", source="rule")])

    v = moderate(Submission("x"), ARTICLE, Policy(checks=[Banned()], mode="auto"))
    assert (v.verdict, v.status) == ("reject", "rejected")


def test_low_scoring_reasons_are_not_reported():
    policy = Policy(checks=[FixedCheck("x", {"offense": 0.05})], mode="auto")
    assert moderate(Submission("x"), ARTICLE, policy).reasons == ()


@pytest.mark.parametrize(
    "comment", ["You are a حَقِير person", "حقـــير", "this is   حقير!", "\u200fحقير"]
)
def test_spans_index_the_original_comment(comment):
    v = moderate(Submission(comment), ARTICLE, Policy(checks=[SpanCheck("حقير")]))
    (span,) = v.reasons[0].spans
    assert comment[span.start : span.end] == span.text
    assert "ح" in span.text and "ر" in span.text


def test_language_is_detected_unless_declared():
    p = Policy(checks=[])
    assert moderate(Submission("شكرا على الخبر"), ARTICLE, p).language == "ar"
    assert moderate(Submission("Thanks for the news"), ARTICLE, p).language == "en"
    assert moderate(Submission("Thanks", language="ar"), ARTICLE, p).language == "ar"


def test_batch_uses_vectorised_checks_and_keeps_order():
    calls = []

    class Vector:
        name = "vector"

        def __call__(self, ctx):  # pragma: no cover - batch must be preferred
            raise AssertionError("single path used")

        def batch(self, ctxs):
            calls.append(len(ctxs))
            return [
                CheckResult(scores={"spam": 0.9 if "buy" in c.submission.comment else 0.0})
                for c in ctxs
            ]

    items = [(Submission(t), ARTICLE) for t in ["hello", "buy now", "fine"]]
    verdicts = moderate_many(items, Policy(checks=[Vector()], mode="auto"))
    assert calls == [3]
    assert [v.verdict for v in verdicts] == ["approve", "reject", "approve"]

"""The Scunthorpe guard: classifier offense scores resting only on embedded terms are vetoed."""

from __future__ import annotations

import pytest

from service.core import CheckResult, Context, Policy, Reason, Span, Submission, moderate
from service.policy.guard import SubstringGuard
from service.policy.lexicon import Entry, Lexicon

LEXICON = Lexicon(
    [
        Entry(term=t, severity=2, language=lang, category="offense")
        for t, lang in [
            ("ass", "en"),
            ("dick", "en"),
            ("cunt", "en"),
            ("idiot", "en"),
            ("حمار", "ar"),
        ]
    ]
)


class Cites:
    """A fake classifier: offense 0.95 with the given words as evidence."""

    name = "classifier"

    def __init__(self, *words, probability="0.999"):
        self.words = words
        self.probability = probability

    def __call__(self, ctx):
        text = ctx.submission.comment
        spans = tuple(Span(text.index(w), text.index(w) + len(w), w) for w in self.words)
        return CheckResult(
            scores={"offense": 0.95, "spam": 0.2},
            reasons=[
                Reason(
                    code="offense",
                    source="model",
                    score=0.95,
                    spans=spans,
                    params={"probability": self.probability},
                )
            ],
        )


POLICY = {"reject": {"offense": 0.8, "strife": 0.8}, "review": {"offense": 0.45, "strife": 0.4}}


def score(comment, *words):
    guard = SubstringGuard(Cites(*words), LEXICON)
    return moderate(Submission(comment), None, Policy(checks=[guard], **POLICY)).scores["offense"]


@pytest.mark.parametrize(
    ("comment", "words"),
    [
        ("Scunthorpe United won", ["Scunthorpe"]),
        ("a Dickens scholar on assassination", ["Dickens", "assassination"]),
    ],
)
def test_evidence_made_only_of_embedded_terms_is_explained_away(comment, words):
    assert score(comment, *words) < 0.45


@pytest.mark.parametrize(
    ("comment", "words"),
    [
        ("you idiot", ["idiot"]),
        ("idiots and asses", ["idiots"]),
        ("Dickens was a moron", ["Dickens", "moron"]),  # one word the lexicon cannot explain
        ("يا والحمار", ["والحمار"]),  # Arabic clitics: the term inside IS the insult
    ],
)
def test_real_evidence_keeps_the_model_score(comment, words):
    assert score(comment, *words) == pytest.approx(0.95)


def test_batch_and_other_categories_are_untouched():
    guard = SubstringGuard(Cites("Scunthorpe"), LEXICON)
    (result,) = guard.batch([Context(Submission("Scunthorpe"), None)])
    assert result.scores["spam"] == 0.2
    assert result.caps == {"offense": "review"}
    assert result.reasons[0].params["guard"] == "embedded term"


@pytest.mark.parametrize(("probability", "capped"), [("0.85", True), ("0.95", False)])
def test_a_model_alone_rejects_only_when_confident(probability, capped):
    class Unsure:
        name = "classifier"

        def __call__(self, ctx):
            return CheckResult(
                scores={"strife": 0.9},
                reasons=[
                    Reason(
                        code="strife",
                        source="model",
                        score=0.9,
                        params={"probability": probability},
                    )
                ],
            )

    guard = SubstringGuard(Unsure(), LEXICON, min_reject_probability=0.9)
    verdict = moderate(Submission("x"), None, Policy(checks=[guard], mode="auto", **POLICY))
    assert (verdict.scores["strife"] < 0.8) is capped
    assert verdict.status == ("pending" if capped else "rejected")


def test_caps_follow_the_thresholds_in_force():
    """An admin lowering the reject threshold moves the cap with it: still no rejection."""
    guard = SubstringGuard(Cites("idiot", probability="0.95"), LEXICON, min_reject_probability=0.99)
    low = {"reject": {"offense": 0.5}, "review": {"offense": 0.3}}
    verdict = moderate(Submission("you idiot"), None, Policy(checks=[guard], mode="auto", **low))
    assert verdict.verdict == "review" and verdict.status == "pending"
    assert verdict.scores["offense"] == pytest.approx(0.49)


@pytest.mark.parametrize(("comment", "outcome"), [
    # The offense rules read the stray dogs and the donkey on the road literally: review at most.
    ("في مشكلة الكلاب الضالة اللي بتقطع الطريق بالليل وشفت حمار واقف بنص الشارع", "review"),
    ("حاويات الزباله بماركا والكلاب الضاله بتفرط الزباله بالشارع", "review"),
    ("الحكيم زمان كان ييجي عالقرية على ظهر حمار ويكشف عالكل ببلاش", "review"),  # ridden
    # A mention, a retold insult, the writer himself: not said at anyone either.
    ("مش لازم كل واحد يرد على التاني بكلمة حمار، خلونا نحكي بالموضوع", "review"),
    ("ابني رجع بعيط لانه واحد بالصف سبه وقاله يا حمار", "review"),
    ("Calling people 'idiots' for selling signatures is cheap", "review"),
    # An aimed insult beside the literal one: the model may still reject.
    ("الكلاب الضالة بالشارع والمسؤول حمار ما بيفهم", "reject"),
    # No insult word read literally: the guard does not apply.
    ("this is disgusting filth", "reject"),
])
def test_a_model_may_not_reject_insult_words_the_rules_read_as_said_at_nobody(comment, outcome):
    from service.policy.rules import OffenseRules

    rules = OffenseRules()
    words = [w for w in ("الكلاب", "حمار", "الزباله", "filth", "idiots") if w in comment]
    guard = SubstringGuard(Cites(*words), LEXICON, explained=rules.explained_away)
    verdict = moderate(Submission(comment), None,
                       Policy(checks=[rules, guard], mode="auto", **POLICY))
    assert verdict.verdict == outcome


def test_the_rules_read_a_comment_once_for_the_check_and_the_guard(monkeypatch):
    from service.policy.rules import OffenseRules

    rules = OffenseRules()
    calls = []
    inner = rules._comment_hits
    monkeypatch.setattr(rules, "_comment_hits", lambda ctx, explained=None: calls.append(1)
                        or inner(ctx, explained))
    comment = "الكلاب الضالة بتقطع الطريق بالليل"
    guard = SubstringGuard(Cites("الكلاب"), LEXICON, explained=rules.explained_away)
    verdict = moderate(Submission(comment), None,
                       Policy(checks=[rules, guard], mode="auto", **POLICY))
    assert verdict.verdict == "review" and len(calls) == 1

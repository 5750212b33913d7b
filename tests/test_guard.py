"""The Scunthorpe guard: classifier offense scores resting only on embedded terms are vetoed."""

from __future__ import annotations

import pytest

from service.core import CheckResult, Context, Reason, Span, Submission
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

    def __init__(self, *words):
        self.words = words

    def __call__(self, ctx):
        text = ctx.submission.comment
        spans = tuple(Span(text.index(w), text.index(w) + len(w), w) for w in self.words)
        return CheckResult(
            scores={"offense": 0.95, "spam": 0.2},
            reasons=[Reason(code="offense", source="model", score=0.95, spans=spans)],
        )


def score(comment, *words):
    guard = SubstringGuard(Cites(*words), LEXICON, review=0.45)
    return guard(Context(Submission(comment), None)).scores["offense"]


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
    guard = SubstringGuard(Cites("Scunthorpe"), LEXICON, review=0.45)
    (result,) = guard.batch([Context(Submission("Scunthorpe"), None)])
    assert result.scores["spam"] == 0.2
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

    guard = SubstringGuard(
        Unsure(), LEXICON, review=0.45, reject={"strife": 0.8}, min_reject_probability=0.9
    )
    result = guard(Context(Submission("x"), None))
    assert (result.scores["strife"] < 0.8) is capped

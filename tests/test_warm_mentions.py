"""A warm mention of a group is not sent to review by the strife model alone."""

from __future__ import annotations

import pytest

from service.core import CheckResult, Context, Reason, Submission
from service.policy.rules import StrifeRules
from service.policy.warm import WarmMentionGuard, warm_mention


@pytest.fixture(scope="module")
def rules() -> StrifeRules:
    return StrifeRules()


def ctx(comment: str) -> Context:
    return Context(Submission(comment), None)


@pytest.mark.parametrize(
    "comment",
    [
        "العمال المصريين اللي بشتغلوا معنا بالمزرعة ناس محترمين وتعبانين، الزيادة لازم تشملهم",
        "المريض مريض، سواء اردني او سوري، الكل بيستاهل العلاج وبكرامة",
        "Shia, Sunni, Kurdish, Yazidi, everyone deserves clean water",
        "Respect to the Iraqi and Saudi truck drivers who pulled people out of the cars",
        "السنة والشيعة والمسيحيون في الرقة عانوا من داعش",  # groups as victims
    ],
)
def test_respect_or_sympathy_for_a_named_group_is_a_warm_mention(rules, comment):
    assert warm_mention(ctx(comment), rules)


@pytest.mark.parametrize(
    "comment",
    [
        "السوريين أخذوا شغلنا وبيوتنا، ما في احترام",  # a blame cue: the rules speak
        "Syrians don't deserve anything here, send them all back",  # negated, and a call
        "المصريين ما بيستاهلوا اشي",  # negated
        "The workers deserve fair pay, the ministry must act",  # no group named
        "Egyptian workers built half of Amman. Respect to them",  # not the same sentence
        # respect put first, then a contrast: the preface of a generalisation
        "I respect Syrians, they are our brothers, but they should go home now",
        "العمال المصريين محترمين بس صاروا كتار كتير بالمزارع",
    ],
)
def test_a_strife_cue_a_negation_or_no_group_is_no_warm_mention(rules, comment):
    assert not warm_mention(ctx(comment), rules)


class _Fixed:
    """A classifier stand-in answering one strife probability."""

    name = "classifier"

    def __init__(self, p: float):
        self.p = p

    def __call__(self, c: Context) -> CheckResult:
        return CheckResult(
            scores={"strife": self.p, "offense": self.p},
            reasons=[Reason(code="strife", source="model", score=self.p),
                     Reason(code="offense", source="model", score=self.p)],
            probabilities={"strife": self.p, "offense": self.p},
        )


def test_the_guard_caps_only_strife_and_says_why(rules):
    guard = WarmMentionGuard(_Fixed(0.6), rules)
    warm = guard(ctx("Shia, Sunni, Kurdish, Yazidi, everyone deserves clean water"))
    assert warm.caps == {"strife": "review"}
    by_code = {r.code: r for r in warm.reasons}
    assert by_code["strife"].params["guard"] == "warm mention"
    assert "guard" not in by_code["offense"].params
    cold = guard(ctx("Syrians don't deserve anything here, send them all back"))
    assert cold.caps == {}
    assert guard.batch([ctx("Shia and Sunni alike deserve dignity")])[0].caps == {
        "strife": "review"}

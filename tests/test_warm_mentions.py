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
        "عنا بالورشه 4 شباب مصريين والله انهم شغيلة",
        "اخواننا المصريين والسوريين المقيمين عنا انضحك عليهم بنفس العروض",
        # the next sentence opens with "they": it speaks of the groups just named
        "Russeifa has tribes, camp families, Syrians, Egyptian workers. They all deserve clean "
        "streets",
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
        # a contraction's negation, split at its apostrophe; a warm word taken back after it
        "Syrians don't deserve our help",
        "Egyptians are everywhere now. They deserve nothing",
        "Syrians are everywhere. They don't deserve our help",
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


@pytest.mark.parametrize(
    "comment",
    [
        "Jesus, peace be upon him, is honoured in Islam too and plenty of Muslims visit the site",
        "Spare a thought for the Egyptian workers too. They are paid by the day",
        "The Sri Lankan and Bangladeshi workers are not the problem. They work 12 hour shifts",
        "الشباب المصريين اللي بيشتغلوا بالمحامص ما إلهم ذنب، شغالين 12 ساعة",
        "مصر عندها ازمة والانقطاعات عندهم بالساعات، الشعب المصري مش ذنبه",
        "The Egyptian and Syrian workers are in the same boat as us",
    ],
)
def test_defending_a_named_group_holds_back_only_the_models_rejection(rules, comment):
    from service.policy.warm import defended_group, warm_mention

    assert defended_group(ctx(comment), rules) and not warm_mention(ctx(comment), rules)
    guarded = WarmMentionGuard(_Fixed(0.95), rules)(ctx(comment))
    # A moderator may still see it; the model alone cannot reject it.
    assert guarded.caps == {"strife": "reject"}
    assert {r.code: r for r in guarded.reasons}["strife"].params["guard"] == "defended group"


@pytest.mark.parametrize(
    "comment",
    [
        "Thanks to the Syrians we have no jobs left, send them all back",  # a call: rules speak
        "Egyptians are not welcome here",  # negated
        "Thank you Ammon for the report, the workers deserve better",  # no group named
        "I love Iraqis, but they should all go home now",  # love, then a contrast
        "شكرا للحكومة على هالقرار",  # no group
        # words that attack as often as they defend
        "Thanks to the Syrians we have no jobs left",
        "عيب على المصريين، سرقوا شغلنا",
        "المصري لازم يخجل من حاله",
        "Call me racist, Syrians are a plague",
        "Syrians are welcome to go back home",
        # the blame moved to another group, not a defence (with or without a comma)
        "The Syrians are not the problem, the Egyptians are the problem",
        "The Syrians are not the problem the Egyptians are",
        "السوريين مش المشكله المشكله بالمصريين",
        # an attack, then a unity phrase; a phrase asked, not said
        "اللاجئين السوريين ضيعوا البلد، الاردنيين عيله وحده",
        "المصريين ما الهم ذنب؟ كل المصايب منهم",
        "Syrians are not the problem?? they are the whole problem",
        # words that attack as often as they defend, or negated
        "بدون تعميم المصريين كلهم حرامية",
        "This isn't racism, Iraqis are a burden on the country",
        "I would love to see every Syrian leave Jordan",
        "Our neighbours the Syrians stole our jobs",
        # a clearing asked back; words that read warm and are not ("the best solution is that
        # they leave", protection money, "God repay them for what they did to us", "we can't
        # tell a Syrian from a thief", "no business in the country")
        "السوريين اخدوا شغلنا، مش ذنبهم؟",
        "المصريين اطيب حل انهم يروحوا على بلدهم",
        "المصريين بياخدوا خوات من البسطات بالعبدلي",
        "الله يجزيهم السوريين على اللي عملوه فينا",
        "صرنا ما بنفرق بين السوري والحرامي",
        "المصريين مالهم دخل بالبلد ولازم يلتزموا بحدودهم",
    ],
)
def test_a_call_a_negation_a_contrast_or_no_group_is_no_defence(rules, comment):
    from service.policy.warm import defended_group

    assert not defended_group(ctx(comment), rules)
    assert WarmMentionGuard(_Fixed(0.95), rules)(ctx(comment)).caps.get("strife") is None


def test_a_defended_group_caps_the_rejection_and_a_warm_mention_the_review(rules):
    guard = WarmMentionGuard(_Fixed(0.9), rules)
    defended = guard(ctx("Spare a thought for the Egyptian workers, no picking means no wages"))
    assert defended.caps == {"strife": "reject"}
    assert {r.code: r for r in defended.reasons}["strife"].params["guard"] == "defended group"
    warm = guard(ctx("Respect to the Egyptian workers, they deserve fair pay"))
    assert warm.caps == {"strife": "review"}


@pytest.mark.parametrize(("comment", "warm"), [
    ("Madaba has plenty of young people, Christians and Muslims, who studied hospitality and "
     "can't find work. Give them the jobs.", True),
    ("انا من الفحيص، مسلمين ومسيحيين عايشين مع بعض من زمان", True),
    ("Madaba's Christian and Muslim families have lived on these floors together for "
     "generations.", True),
    # a negation next to the pair, a contrast after it or a word that separates takes it back;
    # named with neither commas nor togetherness, the pair is no inclusive mention
    ("Muslims and Christians will never be equal here, never.", False),
    ("المسلمين والمسيحيين اخوة بس المسيحيين ماسكين كل اشي", False),
    ("Christians and Muslims should stay away from each other, period.", False),
    ("Muslims and Christians each have their own neighbourhoods and should keep it that way",
     False),
    ("Christians and Muslims should vote for the candidate they like", False),
])
def test_both_faiths_named_together_are_an_inclusive_mention(rules, comment, warm):
    from service.policy.warm import warm_mention

    assert warm_mention(ctx(comment), rules) is warm


def test_a_vice_denied_of_a_people_holds_back_the_models_rejection(rules):
    guard = WarmMentionGuard(_Fixed(0.9), rules)
    assert guard(ctx("الاردنيين الخيانه مش من طبعهم")).caps == {"strife": "reject"}
    assert guard(ctx("السوريين الوفا مش من طبعهم")).caps.get("strife") is None

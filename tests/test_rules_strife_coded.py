"""Coded strife: loyalty and origin insinuations that name no group outright."""

from __future__ import annotations

import pytest

from model.verdict import Context, Submission
from service.policy.rules.strife import StrifeRules


@pytest.fixture(scope="module")
def strife() -> StrifeRules:
    return StrifeRules()


def score(check: StrifeRules, comment: str) -> float:
    return check(Context(Submission(comment=comment), None)).scores.get("strife", 0.0)


@pytest.mark.parametrize(("comment", "rejected"), [
    ("the companies run by people whose loyalty is across the river get everything, and the "
     "real sons of this land get the crumbs", True),
    ("Farms across the river were flooded too, the real sons of this land deserve better "
     "roads", False),  # one nativist phrase alone asks for review at most
    ("التجار من اصول معينه كلهم حرامية وبيمصوا دم الناس", True),
    ("أصول القهوة معينة بالبرازيل", False),
])
def test_loyalty_across_the_river_and_certain_origins_are_coded_strife(strife, comment, rejected):
    assert (score(strife, comment) >= 0.8) is rejected


@pytest.mark.parametrize(("comment", "least", "below"), [
    # a people "always" so: طول عمرهم between the group and its predicate, or "هيك" after it
    ("البدو ما بعرفوا يصطفوا بدور، طول عمرهم هيك", 0.8, 1.01),
    ("السوريين طول عمرهم زعران", 0.8, 1.01),
    ("المصاروة ما عندهم غير هالزبالة، شعب بلا ذوق", 0.8, 1.01),
    ("mn yom ma ejo el sooreyeen hadol 5arabo el balad w el as3ar", 0.8, 1.01),
    # a town's people is ambiguous: reviewed, never rejected on the rule alone
    ("أهل الرمثا طول عمرهم مهربين", 0.55, 0.8),
    ("أهل المدينة طول عمرهم شايفين حالهم علينا", 0.55, 0.8),
    # citizens called guests, not owners of the country: of a people, or of "these" (review)
    ("اللاجئين ضيوف مش اصحاب بلد", 0.8, 1.01),
    ("حطوا المكب جنب المخيم، هذول اصلاً ضيوف مش اصحاب بلد", 0.55, 0.8),
    ("احنا بالخليج ضيوف مش اصحاب بلد", 0.0, 0.55),  # the writer himself
    ("التجار السوريين من نفس الاصول وبيحتكروا السوق", 0.8, 1.01),
    ("هاي البذور من نفس الاصول الهولنديه", 0.0, 0.55),
    ("The Circassian families came from one origin in the Caucasus", 0.0, 0.55),
    ("النشامى معروف ولاءهم للوطن والملك", 0.0, 0.55),
    # "let's be honest" praises nobody and blocks nothing
    ("the Palestinians, let's be honest, are all from one origin and their loyalty is to the "
     "other bank", 0.8, 1.01),
    # "good only for ...", a collective's feminine verb, "as if it weren't enough"
    ("الحل نجنس لاعبين، بس مش من المصاروة، هدول ما بينفعوا الا عمال باطون", 0.8, 1.01),
    ("يعني ما كفى العمالة المصرية ماخدة شغل شبابنا، هسا كمان بالملاعب؟؟", 0.8, 1.01),
    ("كفى تلوموا العمالة المصرية، هم ماخدين شغل ما حدا بيشتغله", 0.0, 0.8),
    ("اللاعبين الاحتياط ما بينفعوا الا للدكة", 0.0, 0.55),
    ("اهل الشمال ما بيصلحوا الا للخير والكرم", 0.0, 0.55),
    ("الشركة ماخدة شغل كبير بالمشروع", 0.0, 0.55),
    # the same words, said warmly or of no people, stay clean
    ("المصريين طول عمرهم بيشتغلوا بالغور من الفجر", 0.0, 0.55),
    ("اهل الرمثا طول عمرهم كرماء", 0.0, 0.55),
    ("السوريين طول عمرهم جيران محترمين وكرماء", 0.0, 0.55),
    ("I crossed to the other bank of the river", 0.0, 0.55),
    ("المهربين لازم ينحبسوا", 0.0, 0.55),
])
def test_a_people_said_to_be_always_so_and_citizens_called_guests_are_strife(
        strife, comment, least, below):
    assert least <= score(strife, comment) < below

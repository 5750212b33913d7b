"""Names of personalities read off the dev splits' remaining Arabic leaks: each rule both ways."""

from __future__ import annotations

import pytest

from model.verdict import Article
from service.policy.names import Watchlist
from tests.names_support import make_check, named_in

HORSES = Article("horses", "بطولة عمّان الدولية للخيول العربية",
                 "وقال مدير البطولة المهندس باسل الخصاونة إن 240 جواداً تشارك.", "ar")
# No title cue before the speaker: only the verb after his family name says who he is.
BARLEY = Article("barley", "رفع سعر الشعير المدعوم", "وفي بيان وصف عودة الخوالدة القرار بأنه "
                 "ضربة قاضية.\nوحذّر الخوالدة من أن كثيراً من المربين سيبيعون.", "ar")
RETURN = Article("school", "عودة الطلاب إلى المدارس", "ومع عودة الطلاب ازدحمت الطرق.\nوطالب الطلاب "
                 "بحافلات إضافية. وقال اللواء المتقاعد سالم الجندي إن الخطة جاهزة.\nوأضاف الجندي "
                 "أن الدوريات ستنتشر.", "ar")
MINISTRY = Article("labour", "تفتيش على العمالة في الأغوار", "وقال الناطق باسم الوزارة إن الحملة "
                   "مستمرة.\nوأضافت الوزارة أن 40 مخالفة سجلت.", "ar")


def _check():
    return make_check(Watchlist.from_entries([]), {})


@pytest.mark.parametrize(("comment", "named"), [
    ("ya ret el mohandes Basel el 5asawna yenzal yzoor el establat", True),
    ("Basel el 5asawna 7aki mazboot", True),
    ("el wade3 a5san min abl", False),  # "better": the same three consonants, no given name
    ("bas el 5asawna 7akyo mazboot", False),  # "bas" (but) is no given name: needs four
])
def test_a_three_consonant_reading_after_a_given_name_and_el_is_the_story_s_family_name(
        comment, named):
    assert named_in(_check(), comment, HORSES, at=0.8) is named


def test_a_speaker_the_story_names_by_family_name_after_a_verb_is_harvested_with_his_given_name():
    check = _check()
    names = {name for _, name in check.extract_article_names(BARLEY)}
    assert {"عودة الخوالدة", "الخوالده"} <= names  # an everyday given name before a family's shape
    assert named_in(check, "الله يعطيك العافية يا شيخ عودة الخوالدة، هيك الزلام", BARLEY, at=0.8)
    assert named_in(check, "الخوالدة حكى الحقيقة بوجه الوزارة", BARLEY, at=0.8)
    # "عودة" is "return": without the story's speaker it names nobody
    assert not named_in(check, "عودة الدعم للشعير مطلب كل المربين", BARLEY, at=0.6)


def test_basem_is_a_speaker_except_on_behalf_of_after_a_spokesman():
    coffee = Article("coffee", "أسعار البن", "وقال ممثل قطاع البن في غرفة تجارة عمان باسم "
                     "الخطيب إن الأسعار سترتفع.\nوأضاف الخطيب أن الشحن تضاعف.", "ar")
    assert "باسم الخطيب" in {name for _, name in _check().extract_article_names(coffee)}


def test_an_everyday_given_name_after_a_preposition_is_a_noun():
    crowd = Article("crowd", "ازدحام", "ومع عودة الخوالدة من الحج ازدحمت الطرق.\nوطالب الخوالدة "
                    "بتنظيم السير.", "ar")
    assert not any("عوده" in name or "عودة" in name
                   for _, name in _check().extract_article_names(crowd))


def test_a_verbal_noun_before_a_reported_noun_is_no_speaker_but_a_plain_given_name_is():
    names = {name for _, name in _check().extract_article_names(RETURN)}
    assert "سالم الجندي" in names  # "وأضاف الجندي": the retired general
    assert not any("الطلاب" in name for name in names)  # "مع عودة الطلاب" + "وطالب الطلاب"


def test_an_institution_after_a_verb_and_after_in_the_name_of_is_no_speaker():
    names = {name for _, name in _check().extract_article_names(MINISTRY)}
    assert not any("الوزار" in name for name in names)


@pytest.mark.parametrize(("comment", "named"), [
    ("Thank Powell and the Fed, not our central bank", True),
    ("Elon would laugh at us, the world subsidises EVs", True),
    ("باول يوم من الشهر بينزل الراتب", False),  # بأول ("on the first") reads as باول
])
def test_the_seed_watchlist_knows_the_fed_chair_and_musk_by_first_name(comment, named):
    from tests.names_support import seed_check

    assert named_in(seed_check(), comment, None, at=0.8) is named


TAWJIHI = Article("tawjihi", "نتائج التوجيهي", "وقال مدير الامتحانات الدكتور محمد الطوالبة إن "
                  "النتائج تعلن الخميس.", "ar")


@pytest.mark.parametrize(("comment", "article", "named"), [
    ("Omar el a5san bel farasan hal sane", HORSES, False),  # "the best": no final vowel
    ("Zaid el 6aleb el awal 3al saff", TAWJIHI, False),  # "the student": too short a spelling
    ("Sara el 6albeh el mitfawwe2a", TAWJIHI, False),
    ("Mohammad el 6awalbeh lazem yfasser", TAWJIHI, True),
])
def test_a_short_reading_after_a_given_name_must_spell_the_family_name_nearly_whole(
        comment, article, named):
    assert named_in(_check(), comment, article, at=0.8) is named

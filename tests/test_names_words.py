"""Words the name check must not take for people, and an English story's name in Arabic."""

from __future__ import annotations

import pytest

from service.core import Article
from service.policy.names import Watchlist
from tests.names_support import found, make_check, named_in, run, seed_check

PENSIONS = Article(
    id="ssc", language="en", title="SSC tightens early retirement for voluntary subscribers",
    body="SSC spokeswoman Rana Haddadin said subscribers can check their records online.",
)


@pytest.fixture(scope="module")
def check():
    return seed_check()


@pytest.mark.parametrize(("comment", "named"), [
    ("كلام الناطقة رنا حدادين انه القرار ما بيمس الرواتب منيح", True),
    ("رنا حدادين حكت الصح", True),
    ("رنا قالت انه القرار منيح", False),  # the given name alone is anyone's
    ("رنا حسين من اربد: القرار ظالم", False),  # another surname's skeleton
])
def test_an_english_storys_full_name_written_in_arabic_is_the_official(check, comment, named):
    assert named_in(check, comment, PENSIONS) is named


def test_a_given_name_with_another_final_vowel_is_another_person(check):
    agency = Article(id="travel", language="en", title="Travel agents warn of fee rise",
                     body="Agency owner Rami Haddadin said bookings fell by a third.")
    assert named_in(check, "رامي حدادين حكى الصح", agency)
    assert not named_in(check, "ريم حدادين اللي بمكتب السفريات حكت الصح", agency)


@pytest.mark.parametrize(("comment", "tagged"), [
    ("Half the people digging were Syrian and Egyptian neighbours, side by side with "
     "Jordanians.", "Jordanians"),
    ("ناقص يطلبوا شهادة حسن سلوك موقعة من الطليقة 😂", "حسن سلوك"),
    ("حسن النية مش كافي يا جماعة", "حسن النية"),
])
def test_a_people_or_goodness_of_conduct_is_no_person_the_tagger_found(comment, tagged):
    check = make_check(Watchlist([]), {tagged: 0.8})
    assert found(run(check, comment)) == []


def test_a_man_called_hasan_is_still_a_name_the_tagger_found():
    check = make_check(Watchlist([]), {"حسن الخطيب": 0.8})
    assert found(run(check, "حسن الخطيب حكى الصح")) == [("حسن الخطيب", "tagger")]


@pytest.mark.parametrize(("comment", "named"), [
    ("السكن ل600 عامل، طيب الباقي شو وضعهم؟", False),  # "okay, and the rest?"
    ("طيب الحياري شو رأيه بالقرار؟", True),  # a given name and a nisba surname
])
def test_the_rest_after_a_discourse_okay_is_no_surname(check, comment, named):
    assert named_in(check, comment, None, at=0.5) is named


BOXER = Article(
    id="boxer", language="ar", title="الملاكم زيد الحوامدة يتأهل إلى الأولمبياد",
    body="وقال رئيس الاتحاد محمد العبادي إن المكافأة مرتبطة بعقد التفرغ.",
)
CHESS = Article(
    id="chess", language="en", title="Irbid teen Yazan Zu'bi crowned Arab chess champion",
    body="Yazan Zu'bi, 15, won the title in Sharjah.",
)


@pytest.mark.parametrize(("comment", "article", "named"), [
    ("الله يحفظك يا زيد ويوفقك، رفعت راسنا", BOXER, True),
    ("Yazan you absolute legend, Irbid is proud of you!!", CHESS, True),
    ("congrats Yazan, well deserved", CHESS, True),
    ("الله يحفظك يا يزن ويوفقك يا بطل", CHESS, True),  # an English story's name, in Arabic
    ("ابني زيد بيحب الملاكمة كمان", BOXER, False),  # not addressed: any reader's son
    ("يا محمد انت غلطان، المكافأة حق للملاكم", BOXER, False),  # the commonest names: anyone
    # another reader answered, the writer's own son, a prayer for the dead, God's name
    ("يا زيد حبيبي انت اللي علقت فوق، مبروك عليك الفهم", BOXER, False),
    ("قوم يا زيد يا ابني شوف البطل عالتلفزيون", BOXER, False),
    ("الله يرحمك يا زيد ويصبر اهلك", BOXER, False),
    ("bravo master, a real champion", CHESS, False),
    # any word of the shared kin lists, not only sons and brothers: a neighbour, a cousin
    ("الله يحفظك يا زيد يا جاري، مبروك الشغل الجديد", BOXER, False),
    ("Yazan you legend, my cousin is so proud of you", CHESS, False),
])
def test_the_storys_person_addressed_by_the_given_name_is_named(check, comment, article, named):
    assert named_in(check, comment, article) is named


@pytest.mark.parametrize(("comment", "named"), [
    ("بدل ما تنقلوا مدير ناجح ابعتولنا نجار يصلح الدروج", False),  # a successful manager
    ("والله وزير فاشل وما بيعرف شو بيعمل", False),
    ("ايام وزير خالد الطراونة كانت التربية غير", True),  # an office and a name
])
def test_an_adjective_after_a_bare_office_is_no_name(check, comment, named):
    assert named_in(check, comment, None, at=0.5) is named


def test_a_place_after_in_near_or_east_of_and_an_abbreviated_rank_are_not_harvested(check):
    story = Article(
        id="mine", language="en", title="Shepherd hurt by landmine",
        body="The blast hit a wadi east of Saham al-Jawlan. Armed Forces spokesman Brig. Gen. "
             "Tariq Al-Shboul said teams near Heibras would re-survey the area.",
    )
    names = {name for _, name in check.extract_article_names(story)}
    assert "Tariq Al-Shboul" in names
    assert not {"Saham al-Jawlan", "Brig", "Heibras"} & names
    # persons after "at" or "near" with a possessive stay persons
    visit = Article(id="v", language="en", title="Residents protest",
                    body="Residents gathered at Omar Saleh's office and near Walid Abu Hamdan's "
                         "home on Sunday.")
    names = {name for _, name in check.extract_article_names(visit)}
    assert {"Omar Saleh", "Walid Abu Hamdan"} <= names


def test_the_ministerial_team_is_no_general_called_ministerial(check):
    story = Article(id="cab", language="ar", title="تعديل وزاري",
                    body="ليصبح أصغر أعضاء الفريق الوزاري، والمهندس زيد البطوش وزيراً.")
    names = {name for _, name in check.extract_article_names(story)}
    assert "زيد البطوش" in names and "الوزاري" not in names

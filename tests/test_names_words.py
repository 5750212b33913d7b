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

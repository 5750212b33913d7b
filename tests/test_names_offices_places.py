"""Names read off the fifty-eighth set's dev rows: a nationality as a family name after a
title, a given name that looks like ع + a place word, compass places, the story's hospital said
short and football names of the past."""

from __future__ import annotations

import pytest

from service.core import Article
from service.policy.names import PersonalNameCheck
from tests.names_support import named_in, seed_check


@pytest.fixture(scope="module")
def check() -> PersonalNameCheck:
    return seed_check()


COUNCIL = Article(
    id="council", title="مجلس بلدية الكرك يقر قرضا جديدا", language="ar",
    body="وقال رئيس البلدية المهندس أحمد الضمور إن الأسطول متهالك.\n"
         "في المقابل، قالت عضو المجلس عبير الشمايلة إن المديونية ستتضاعف.",
)
SLIDE = Article(
    id="slide", title="Landslide cuts Salt-Shouneh road", language="en",
    body="The slide cut the main link between Salt and South Shouneh, Public Works Minister "
         "Rami Bakhit said.\nFarmers in South Shouneh said the detour would raise costs.",
)
NICU = Article(
    id="nicu", title="Jerash hospital shuts neonatal unit", language="en",
    body="Secretary-General Dr. Nidal Al-Rousan said the four surviving infants had been "
         "transferred to Princess Badea Teaching Hospital in Irbid.",
)


@pytest.mark.parametrize(("comment", "named"), [
    ("وزير الإدارة المحلية وليد المصري زار الكرك ووعد بمنحة", True),
    ("الوزير وليد المصري وعدنا وما وفى", True),
    # the office's nationality stands before the name, and alone it names no one
    ("السفير المصري زار الكرك الشهر الماضي", False),
    ("العامل المصري اللي بشتغل عنا بالمحل زلمة محترم", False),
])
def test_a_nationality_after_a_titled_given_name_is_his_family_name(check, comment, named):
    assert named_in(check, comment, COUNCIL, at=0.8) is named


def test_a_council_member_named_abeer_is_harvested_not_read_as_a_well(check):
    names = {name for _, name in check.extract_article_names(COUNCIL)}
    assert "عبير الشمايلة" in names
    assert named_in(check, "كلام عبير الشمايلة بالجلسة كان عين العقل", COUNCIL)


def test_a_place_that_begins_with_a_compass_word_is_no_person(check):
    names = {name.lower() for _, name in check.extract_article_names(SLIDE)}
    assert "rami bakhit" in names
    assert not any("shouneh" in n for n in names)
    assert not named_in(check, "The Shouneh farmers are the ones who'll pay for this.", SLIDE,
                        at=0.5)


@pytest.mark.parametrize(("comment", "named"), [
    ("My nephew spent three weeks in the NICU at Princess Badea and the staff were excellent",
     False),
    ("Thanks to Princess Badea for her charity work", True),
    ("Princess Badea visited the families yesterday", True),
    ("in Princess Badea's name they opened the ward", True),
    ("I have full faith in Princess Badea and her family", True),
    ("nothing changed in Princess Badea days, she gave everything", True),
    ("people laughing at Princess Badea like she was a clown", True),
])
def test_the_storys_hospital_said_short_after_at_is_a_place(check, comment, named):
    assert named_in(check, comment, NICU, at=0.5) is named


@pytest.mark.parametrize(("comment", "named"), [
    ("زمان أيام حسونة الشيخ وعامر ذيب ما كان في فار", True),
    ("الذيب عامر ما بخاف من حدا", False),  # a wolf, not the striker
])
def test_jordans_football_names_of_the_past_are_on_the_seed_watchlist(check, comment, named):
    assert named_in(check, comment, COUNCIL, at=0.9) is named


HAMZAH = Article(
    id="hamzah", title="Zarqa MP visits Prince Hamzah Hospital", language="en",
    body="MP Hamzah Tawalbeh toured Prince Hamzah Hospital on Sunday with the director.",
)


HAMZAH_AR = Article(
    id="hamzah-ar", title="نائب يزور مستشفى الأمير حمزة", language="ar",
    body="زار النائب حمزة الطوالبة مستشفى الأمير حمزة يوم الأحد برفقة مدير المستشفى.",
)


def test_another_title_with_the_places_name_is_the_person(check):
    assert named_in(check, "the crowd waited near MP Hamzah for an hour", HAMZAH, at=0.5)
    assert not named_in(check, "my father waited six hours at Prince Hamzah last week", HAMZAH,
                        at=0.5)


@pytest.mark.parametrize("comment", [
    "ايام التوقيت الصيفي بتعب الموظفين",
    "ايام الدوام الصيفي كان الوضع احسن",
])
def test_summer_after_an_era_word_is_no_footballers_family_name(check, comment):
    assert not named_in(check, comment, COUNCIL, at=0.5)


@pytest.mark.parametrize(("comment", "named"), [
    ("اخوي ممرض جوا الامير حمزة وبيحكي انه الضغط كبير", False),
    ("الطعن في الأمير حمزة حرام", True),
    # a next word the finder runs the name into; ب on the title follows pride and trust too
    ("في الأمير حمزة الدكاترة ممتازين", False),
    ("فخورين بالأمير حمزة وبمواقفه", True),
])
def test_the_storys_hospital_said_short_in_arabic(check, comment, named):
    assert named_in(check, comment, HAMZAH_AR, at=0.5) is named



@pytest.mark.parametrize(("comment", "named"), [
    ("zay ma 7ka el i3lami Hazem el Sawalha bbarnamajo embare7", True),
    ("Omar el faisaly fan forever", False),  # the family word small: a team, not a name
    ("watch Nour el Sharq channel tonight", False),
])
def test_arabizi_writes_the_article_small_between_a_capitalised_name(check, comment, named):
    assert named_in(check, comment, COUNCIL, at=0.5) is named

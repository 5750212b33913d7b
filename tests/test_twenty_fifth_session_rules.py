"""Names of personalities read off the fifty-sixth set's dev leaks (written for names): each rule
both ways, on invented stories of the same kinds."""

from __future__ import annotations

import pytest

from model.verdict import Article
from service.policy.names import Watchlist
from tests.names_support import make_check, named_in, seed_check

CUP = Article("cup", "الرمثا يقصي الوحدات من الكأس", "وسجل المهاجم فارس الخالدي هدف الفوز في "
              "الدقيقة 88، وقال المدرب مهند الشوبكي إن الأرضية سيئة.", "ar")
RALLY = Article("rally", "Jordan Rally returns", "Rakan Haddad won the rally on Saturday, said "
                "federation president Hisham Tawalbeh.", "en")
SCREENING = Article("screening", "Premarital screening widened", "Dr. Rasha Mheisen, director of "
                    "the programme, said 14 centres would take part.", "en")
QUESTION = Article("question", "سؤال نيابي عن المستشارين", "ووجه النائب مازن القطارنة سؤالاً "
                   "إلى الحكومة عن تعيين 63 مستشاراً.", "ar")
RADIO = Article("radio", "حصة للأغاني الأردنية", "وقال مدير هيئة الإعلام فراس العكايلة إن "
                "نظام رصد إلكترونياً سيطبق.", "ar")
IPO = Article("ipo", "Sanabel IPO oversubscribed", "Hala Nsour, chief executive of the bourse, "
              "called it a vote of confidence.", "en")


def _check():
    return make_check(Watchlist.from_entries([]), {})


@pytest.mark.parametrize("comment", [
    # the story's scorer, but also a horse-rider's call and a reply to a reader called Fares:
    # a draft that counted the story's everyday-word given names took them all for him
    "الله يحفظك يا فارس ويوفقك، رأسية ما بتنتسى",
    "برافو يا فارس، قفزة ولا اروع",
    "الله يحفظك يا نور عيني",
    "يا كريم يا رب تحفظ الشباب",
])
def test_an_everyday_word_given_name_called_with_praise_is_no_name(comment):
    assert not named_in(_check(), comment, CUP, at=0.8)


@pytest.mark.parametrize("comment", [
    "الله يعطيك العافية يا مهند، كلامك صح",  # a reply to a reader who shares the coach's name
    "يعطيك العافية يا مهند بس قصدك مش واضح",
    "الله يحفظك يا مهند وبتعليقك الاخير معك حق",
])
def test_praise_for_a_reader_replied_to_is_not_for_the_storys_person(comment):
    assert not named_in(_check(), comment, CUP, at=0.6)


def test_praise_for_the_storys_person_still_names_him():
    assert named_in(_check(), "الله يعطيك العافية يا مهند، رفعت راسنا", CUP, at=0.8)


@pytest.mark.parametrize(("comment", "named"), [
    ("bravo ya mazen, awwal mara bnshoof na2eb bfta7 hek malaf", True),  # Arabizi, lower case
    ("bravo mazen", False),  # lower case with no vocative: no name in Latin script
    ("ya mazen el nas ta3bat", False),  # addressed without praise
    ("bravo ya mazen ya mazen", False),  # a repeated call is a song's, not a name's
])
def test_arabizi_praise_after_ya_names_the_storys_person_in_lower_case(comment, named):
    assert named_in(_check(), comment, QUESTION, at=0.8) is named


@pytest.mark.parametrize("comment", [
    "ya hala ya hala bel doctora, 3afiki",  # "welcome", the English story's Hala
    "3afiki ya hala fiki",
    "ya rasha ya benti 3afiki, edrosi",  # the writer's daughter
])
def test_a_lower_case_english_storys_name_after_ya_is_no_name(comment):
    story = Article("s", "Screening", "Hala Nsour and Rasha Mheisen said the test is free.", "en")
    assert not named_in(_check(), comment, story, at=0.6)


@pytest.mark.parametrize(("comment", "named"), [
    ("مبروك ركان، رفعت راسنا قدام الكل", True),  # the English story's Rakan, cheered in Arabic
    ("مبروك للاردن والله يوفق الشباب", False),
    ("مبروك علينا الرالي بعد ست سنين", False),
])
def test_mabrouk_before_the_storys_given_name_in_the_other_script_names_him(comment, named):
    assert named_in(_check(), comment, RALLY, at=0.8) is named


@pytest.mark.parametrize(("comment", "named"), [
    ("الله يعطي الدكتورة رشا العافية، شرحت الموضوع بهدوء", True),
    ("الله يعطيكم العافية، رشا وكل الكادر", False),  # two consonants need the title
])
def test_a_title_before_the_storys_two_consonant_given_name_in_arabic_names_her(comment, named):
    assert named_in(_check(), comment, SCREENING, at=0.8) is named


@pytest.mark.parametrize(("comment", "article", "named"), [
    ("el 3akayleh 7aka 3an nizam rasd elektroni", RADIO, True),  # العكايلة without its alef
    ("el 3alameh kamleh 3ala el mawdoo3", RADIO, False),  # an everyday word
    # after another "el" word it is an adjective: "the Hauran-style mansaf", not الحوراني
    ("el mansaf el 7awrani a6yab", Article("m", "منسف", "وقال المدير سامي الحوراني إن "
                                          "المهرجان ناجح.", "ar"), False),
    ("el 7awrani 7aka el sa7", Article("m", "منسف", "وقال المدير سامي الحوراني إن "
                                       "المهرجان ناجح.", "ar"), True),
    # no long a written: "3omleh" is the currency, not العواملة without its alef
    ("el 3omleh el jdeedeh ghalyeh", Article("c", "عملة", "وقال المحافظ زياد العواملة إن "
                                             "العملة مستقرة.", "ar"), False),
    # العزام without its alef is العزم ("the resolve"): three letters are a word, not a name
    ("el 3azm ma bikfi, badna fe3l", Article("r", "حصة", "وقال المدير سامر العزام إن "
                                             "النظام جاهز.", "ar"), False),
])
def test_an_arabizi_reading_lacking_the_family_names_one_alef_is_the_storys_family(
        comment, article, named):
    assert named_in(_check(), comment, article, at=0.8) is named


@pytest.mark.parametrize(("comment", "named"), [
    ("Mrs. Nsoor called it a vote of confidence. Publish the allocation table then.", True),
    ("Nsoor or not, publish the table", False),  # five letters alone: no misspelling read
])
def test_a_titled_five_letter_misspelling_of_the_storys_surname_names_her(comment, named):
    assert named_in(_check(), comment, IPO, at=0.8) is named


@pytest.mark.parametrize(("comment", "named"), [
    ("Buffett's rule: be fearful when others are greedy.", True),
    ("Anyone watching tonight? Verstappen is going to walk it again", True),
    ("The hotel buffet was the best part of the rally weekend", False),
    ("اخوي ساكن بهاميلتون بكندا من عشر سنين", False),  # the city: no bare alias
])
def test_the_seed_watchlist_knows_more_athletes_and_investors(comment, named):
    story = Article("s", "Sanabel IPO", "Shares jumped 27% on their first day.", "en")
    assert named_in(seed_check(), comment, story, at=0.8) is named


# -- the final review's mends ---------------------------------------------------------------
@pytest.mark.parametrize(("comment", "named"), [
    ("يا ياسمين يا بطلة، الله يعطيكي العافية", True),  # "بطلة" is praise as "بطل" is
    ("بطلت اقرا تعليقات يا ياسمين", False),  # "I stopped" is no praise
])
def test_heroine_is_praise_and_i_stopped_is_not(comment, named):
    story = Article("s", "مدربة", "وقالت المدربة ياسمين الخطيب إن الفريق جاهز.", "ar")
    assert named_in(_check(), comment, story, at=0.8) is named


def test_bravo_before_the_storys_name_is_praise():
    assert named_in(_check(), "برافو يا مهند، قرار جريء", CUP, at=0.8)


def test_blaming_others_in_praise_of_the_storys_person_is_no_reply():
    # "غلطانين" (they are wrong) is about the referees, not "غلطان" said to another reader
    assert named_in(_check(), "الله يحفظك يا مهند، الحكام غلطانين", CUP, at=0.8)


@pytest.mark.parametrize("comment", [
    "el doctor el 3akayleh 7aka el sa7",  # a title between the two "el" words
    "mudeer el hay2a el 3akayleh 7aka",
])
def test_a_titled_family_name_after_el_is_no_adjective(comment):
    assert named_in(_check(), comment, RADIO, at=0.8)


def test_a_host_glued_by_a_dash_to_an_arabic_word_is_read_as_a_link():
    from service.policy.rules.spam import written_links

    assert "lucky.bet" in " ".join(written_links("المصدر moh.gov.jo وللربح زوروا-lucky.bet"))

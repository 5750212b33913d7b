"""Generic fixes read off the forty-second triage set (dev): each rule both ways."""

from __future__ import annotations

import numpy as np
import pytest

from model.verdict import Article, Context, Submission
from service.policy.names import PersonalNameCheck, Watchlist, load_seed_watchlist
from tests.names_support import make_check, named_in, seed_check
from tests.test_semantic import FakeEncoder


@pytest.fixture(scope="module")
def check() -> PersonalNameCheck:
    return seed_check()


# -- names harvested from the story --------------------------------------------------------

CAMELS = Article(
    id="camels", title="انطلاق موسم سباقات الهجن", language="ar",
    body="قاطع عدد من ملاك الهجن أشواط الحقايق احتجاجاً على خفض الجوائز.\n"
         "وقال الناطق باسم لجنة ملاك الهجن في الجنوب عيد مطلق الزوايدة إن الملاك خسروا.",
)
FESTIVAL = Article(
    id="mansaf", title="Karak mansaf festival bids for a record", language="en",
    body="\"Three days at this price means I might go home with nothing,\" said Umm Yazan, a "
         "producer from Ay. Greater Karak Mayor Abu Zaid said the fees pay for cleaning.",
)


def test_camel_owners_are_no_woman_called_malak_and_the_spokesman_is_still_named(check):
    names = {name for _, name in check.extract_article_names(CAMELS)}
    assert not any("الهجن" in n for n in names)
    assert not named_in(check, "الهجن تراث وعز، الله يبارك بالحلال وبأهله", CAMELS, at=0.5)
    assert named_in(check, "الزوايدة حكى الصح", CAMELS, at=0.5)


def test_a_woman_the_story_names_by_her_kunya_is_private_but_a_mayor_called_abu_zaid_is_not():
    # the tagger marks both, as the shipped one did on the forty-second set's story
    check = make_check(Watchlist.from_entries(load_seed_watchlist()),
                       {"Umm Yazan": 0.9, "Abu Zaid": 0.9})
    names = {name for _, name in check.extract_article_names(FESTIVAL)}
    assert "Umm Yazan" not in names and "Abu Zaid" in names


# -- strife: foreign women workers as a group -----------------------------------------------

@pytest.mark.parametrize(("comment", "strife"), [
    ("المشكلة كلها من العاملات الاجنبيات، هدول ما عندهم رحمة ولا ضمير", True),
    ("العاملات الاجنبيات بدور المسنين مظلومات وبشتغلوا ساعات طويلة برواتب قليلة", False),
    ("الله يعين العاملات الوافدات، بشتغلوا ليل نهار وبعاد عن اهلهم", False),
])
def test_foreign_women_workers_blamed_as_a_group_is_strife_and_a_kind_word_is_not(
        comment, strife):
    from service.policy.rules.strife import StrifeRules

    result = StrifeRules()(Context(Submission(comment), None))
    assert (result.scores.get("strife", 0.0) >= 0.85) is strife


# -- spam: an advertiser's coverage and discount wording ------------------------------------

@pytest.mark.parametrize(("comment", "spam"), [
    ("KUTUB EXPRESS delivers novels anywhere in Jordan in 48h!! 20% OFF this week, WhatsApp "
     "0796 418 223", True),
    ("The ministry's book fair had 50% off this week, I bought 10 books for JD15", False),
    ("In Europe a library card costs 5 euros, it should work anywhere in Jordan too", False),
])
def test_an_advertisers_wording_counts_beside_a_phone_number_and_not_in_a_readers_story(
        comment, spam):
    from service.policy.rules.spam import SpamRules

    result = SpamRules()(Context(Submission(comment), None))
    score = result.scores.get("spam", 0.0)
    assert score >= 0.85 if spam else score < 0.5


# -- off-topic: generic reactions, the site asked for another story, help-desk questions ----

def test_good_news_for_a_change_is_a_generic_reaction():
    from model.normalize import normalize_text
    from service.policy.off_topic import GenericReactions

    generic = GenericReactions.load()
    assert generic.matches(normalize_text("Finally, some good news for a change."))
    assert not generic.matches(normalize_text("Finally, some good news for the bus drivers."))


@pytest.mark.parametrize(("comment", "cue"), [
    ("يا عمون وين خبر حادث اوتوستراد الزرقاء امبارح؟", "عمون وين خبر"),
    ("عمون وين الخبر عن رفع رسوم الجامعات؟", "عمون وين الخبر"),
])
def test_the_site_asked_where_its_story_of_something_else_is_names_another_story(comment, cue):
    from service.policy.off_topic import READER_QUESTION_P, READER_QUESTION_SCORE, OffTopicCheck
    from tests.off_topic_support import shipped_relevance

    check = OffTopicCheck(shipped_relevance())
    check.model.predict_proba = lambda texts, arts: np.full(len(texts), READER_QUESTION_P + 0.05)
    story = Article("census", "بدء التعداد العام", "بدأ العدادون زيارة البيوت.", "ar")
    result = check(Context(Submission(comment), story))
    assert result.scores["off_topic"] == READER_QUESTION_SCORE
    (reason,) = result.reasons
    assert reason.params.get("other_story") == "1" and reason.spans[0].text == cue


def test_asking_the_site_to_write_more_about_this_story_is_no_other_story_cue():
    from service.policy.off_topic_cues import question_cue

    story = Article("census", "بدء التعداد العام", "بدأ العدادون زيارة البيوت.", "ar")
    ctx = Context(Submission("ليش يا عمون ما بتكتبوا عن النصابين اللي بيدعوا انهم عدادين؟"),
                  story)
    assert question_cue(ctx) is None or question_cue(ctx)[0] != "other_story"


@pytest.mark.parametrize(("comment", "outcome"), [
    # a reader's question that is also a help-desk request: rejected although P is low
    ("does anyone know where do i renew my passport?", "reject"),
    # the same cue asking about the story: the model's low P only asks for review
    ("does anyone know why the ministry raised fuel prices in amman?", "review"),
])
def test_a_reader_question_that_is_also_a_help_desk_request_is_rejected_at_a_lower_p(
        comment, outcome):
    from model.semantic_relevance import FEATURES, SemanticRelevance
    from service.policy.off_topic import CATEGORY, GenericReactions, OffTopicCheck
    from tests.off_topic_support import shipped_relevance

    enc = FakeEncoder()
    p = 0.15  # English: over the cue's review floor (0.1), under its reject floor (0.3)
    semantic = SemanticRelevance(np.zeros(len(FEATURES)), float(np.log(p / (1 - p))),
                                 enc.embed(["thanks"]), enc.version)
    fuel = Article("fuel", "Fuel prices rise", "The ministry raised fuel prices in Amman.")
    off_topic = OffTopicCheck(shipped_relevance(), semantic=semantic, encoder=enc,
                              generic=GenericReactions([]),
                              request_prototypes=["where do i renew my passport"])
    result = off_topic(Context(Submission(comment), fuel))
    (reason,) = result.reasons
    assert reason.source == "rule" and reason.params.get("reader_question") == "1"
    if outcome == "reject":
        assert result.scores[CATEGORY] >= 0.85 and float(reason.params["request"]) >= 0.4
    else:
        assert result.scores[CATEGORY] == off_topic.map.review and "request" not in reason.params


# -- second part: read off the forty-fourth triage set (dev) ---------------------------------

@pytest.mark.parametrize(("comment", "named"), [
    ("طيب سقف الزراعه بيشمل الدعامة؟ الدكتور عندي حاكيلي 800 مع التاج", False),
    ("المهم الدكتور يخاف الله بالأسعار", False),
    ("الدكتور فراس الحموري ما قصر معنا", True),
])
def test_a_readers_own_doctor_and_what_he_said_is_no_name_after_the_title(comment, named):
    tagging = make_check(Watchlist.from_entries(load_seed_watchlist()),
                         {"عندي حاكيلي": 0.9, "يخاف": 0.9, "فراس الحموري": 0.9})
    assert named_in(tagging, comment, None, at=0.5) is named


@pytest.mark.parametrize(("comment", "strife"), [
    ("كان معي 6 شباب سوريين، اشطر ناس بالشغل. الله يوفقهم وين ما راحوا", False),
    ("السوريين وين ما راحوا خربوها", True),
    ("هدول طول عمرهم بوكلوا من صحن الاردني وبيبصقوا فيه", True),
    ("la taswiyeh wala 3afo, rajj3ohom kollhom 3ala baladhom w khalas", True),
    # the reviewer's cases: a curse is no blessing, "يسهل" is also "makes it easy", a
    # reported incident is no ingratitude, "sent them all back" home is no call
    ("السوريين وين ما راحوا بخربوا الله لا يحميهم", True),
    ("القرار يسهل على المصريين ياخذوا شغلنا", True),
    ("الجمهور المغربي بزقوا فيه بعد المباراة", False),
    ("el jaysh raj3ohom kollhom bisalame, allah y7ammihom", False),
])
def test_a_blessing_is_no_frame_and_ingratitude_or_sending_all_back_is(comment, strife):
    from service.policy.rules.strife import StrifeRules

    result = StrifeRules()(Context(Submission(comment), None))
    assert (result.scores.get("strife", 0.0) >= 0.85) is strife


@pytest.mark.parametrize(("comment", "defended"), [
    ("قريت التعليقات وانصدمت. السوري اللي عاش معنا مش عدو، وما حدا منهم اختار الحرب", True),
    ("السوري اللي عاش معنا عدو وما بنسى", False),
])
def test_a_group_said_to_be_no_enemy_is_defended(comment, defended):
    from service.policy.rules.strife import StrifeRules
    from service.policy.warm import defended_group

    assert defended_group(Context(Submission(comment), None), StrifeRules()) is defended


@pytest.mark.parametrize(("comment", "prayer"), [
    ("اللهم ردهم إلى ديارهم رداً جميلاً واجعل بلدهم بلد أمن وأمان", True),
    ("يا رب فرج عنهم وردهم لبيوتهم سالمين", True),
    ("اللهم عليك بالسوريين", False),  # names a group: the model's score stands
    ("ردهم إلى ديارهم وخلصونا", False),  # no prayer
])
def test_a_prayer_that_names_no_group_is_a_supplication(comment, prayer):
    from service.policy.rules.strife import StrifeRules
    from service.policy.warm import supplication

    assert supplication(Context(Submission(comment), None), StrifeRules()) is prayer


RETURN = Article(
    id="return", title="عودة طوعية للاجئين", language="ar",
    body="وقال الناطق باسم الوزارة مازن الخوالدة إن القافلة غادرت صباحاً.\n"
         "وقال أبو ياسر، وهو نجار من داريا أمضى 11 عاماً في إربد: \"أخذت عدّتي معي\".",
)
CHAMBER = Article(
    id="subsidy", title="Wage subsidy draws lukewarm response", language="en",
    body="Tareq Haddadin, a board member at the Jordan Chamber of Industry, said the subsidy "
         "barely covers costs. \"We sell less,\" said Samer Qudah, a farmer from Ghor Safi.",
)


OFFICIALS = Article(
    id="officials", title="Officials with a private side", language="en",
    body="Omar Khasawneh, a resident of Irbid and the city's former mayor, said the plan "
         "failed. Dr. Rania Haddad, a mother of three who heads the ward, said beds were short.",
)


def test_an_official_with_a_title_or_an_office_in_the_role_clause_is_still_harvested():
    check = make_check(Watchlist.from_entries(load_seed_watchlist()),
                       {"Omar Khasawneh": 0.9, "Rania Haddad": 0.9})
    names = {name for _, name in check.extract_article_names(OFFICIALS)}
    assert {"Omar Khasawneh", "Rania Haddad"} <= names


def test_a_person_the_story_quotes_with_a_private_role_is_no_personality():
    check = make_check(Watchlist.from_entries(load_seed_watchlist()),
                       {"أبو ياسر": 0.9, "مازن الخوالدة": 0.9, "Tareq Haddadin": 0.9,
                        "Samer Qudah": 0.9})
    ar = {name for _, name in check.extract_article_names(RETURN)}
    en = {name for _, name in check.extract_article_names(CHAMBER)}
    assert "أبو ياسر" not in ar and "مازن الخوالدة" in ar
    assert "Samer Qudah" not in en and "Tareq Haddadin" in en


NIDAL = Article(
    id="chicken", title="سقف لسعر الدجاج", language="ar",
    body="وقال الأمين العام للوزارة نضال البشابشة إن الارتفاع غير مبرر.",
)


@pytest.mark.parametrize(("comment", "named"), [
    ("3afak ya Nidal, hek badna el mas2ool yenzal 3al ard", True),
    ("ya Nidal el as3ar lessa ghalyeh", False),  # addressed, not praised
    # Arabizi is written in lower case: after its vocative "ya" a lower-case name counts (it
    # did not until the twenty-fifth session; "bravo ya mazen" was a dev set's leak)
    ("3afak ya nidal", True),
    ("3afak nidal", False),  # a lower-case word is no name in Latin script elsewhere
    ("Mabrouk ya Nidal ya ebni 3al tawjihi", False),  # the writer's son
    ("3afak ya Nidal 3ala ta3le2ak", False),  # another reader's comment
    ("ya Nidal batalna nakol jaj", False),  # "we stopped", no "batal" (hero)
])
def test_an_arabizi_praise_names_the_arabic_storys_official_by_his_given_name(comment, named):
    assert named_in(seed_check(), comment, NIDAL, at=0.8) is named

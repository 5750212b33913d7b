"""Generic fixes read off the fifty-fourth triage set (dev): each rule both ways."""

from __future__ import annotations

import pytest

from model.verdict import Article, Context, Submission
from service.policy.names import Watchlist
from tests.names_support import make_check, named_in
from tests.off_topic_support import off_topic_at

SCHOOL = Article("school", "سقوط أجزاء من سقف مدرسة مستأجرة في الحصن",
                 "قالت مديرة التربية إن 41 مبنى مستأجراً غير آمن سيخلى قبل نهاية الفصل.", "ar")
HOTLINE = Article("hotline", "Mental health hotline logs 2,900 calls",
                  "The ministry's 24-hour line referred 400 callers to clinics.", "en")


def _outcome(check, comment, article):
    from service.policy.off_topic import CATEGORY

    score = check(Context(Submission(comment), article)).scores[CATEGORY]
    return ("reject" if score >= check.map.reject else "review" if score >= check.map.review
            else "approve")


# -- off-topic ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("comment", "p", "capped"), [
    # Arabizi under an Arabic story: the model alone asks for review only from P 0.45 (the
    # engine's Arabic review point is lower: the cap keeps it from reviewing under 0.45)
    ("ya jama3a ma 7ada yedfa3 ay eshi abl ma yshoof el 3a2d mwaqqa3", 0.4, True),
    ("ya jama3a ma 7ada yedfa3 ay eshi abl ma yshoof el 3a2d mwaqqa3", 0.5, False),
    ("يا جماعة ما حدا يدفع اشي قبل ما يشوف العقد موقع", 0.4, False),  # Arabic script
    # a prayer or a hadith on the story is not sent to review by the model under 0.6
    ("اللهم احفظ بناتنا واجبر خاطر اهاليهم", 0.5, True),
    ("قال رسول الله ﷺ: «من غشنا فليس منا»", 0.5, True),
    ("اللهم احفظ بناتنا واجبر خاطر اهاليهم", 0.65, False),
    # not a prayer for the writer's own occasion or request, nor a bare "يا رب"
    ("اللهم بلغنا رمضان، كل عام وانتم بخير", 0.5, False),
    ("يا رب تنزل الرواتب قبل العيد", 0.5, False),
    ("اللهم احفظ بناتنا، ادعوا لاهاليهم", 0.5, True),  # a prayer for the story's people
])
def test_arabizi_and_prayers_are_not_sent_to_review_by_the_model_alone(comment, p, capped):
    from service.policy.off_topic import CATEGORY

    result = off_topic_at(p)(Context(Submission(comment), SCHOOL))
    why = {k for r in result.reasons for k in r.params} & {"arabizi", "prayer"}
    assert (result.caps.get(CATEGORY) == "review" and bool(why)) is capped


@pytest.mark.parametrize(("comment", "kind"), [
    ("Talking about tickets, the match tickets were resold on Instagram for 40 JD!", "pivot"),
    ('"Talking about tickets", the match tickets were resold for 40 JD!', "pivot"),
    ("Talking about it, the line helped my brother", None),
    ("While we're on summer break, the ministry should inspect every bus", None),
    ("Talking about the alarms is not enough, they must be installed", None),
])
def test_a_turn_to_another_subject_is_a_pivot(comment, kind):
    from service.policy.off_topic_cues import question_cue

    cue = question_cue(Context(Submission(comment), HOTLINE))
    assert (cue[0] if cue else None) == kind


def test_a_pivot_still_only_rejects_where_the_model_leans_off_topic():
    comment = "Talking about tickets, the match tickets were resold on Instagram for 40 JD!"
    assert _outcome(off_topic_at(0.35), comment, HOTLINE) == "reject"
    assert _outcome(off_topic_at(0.1), comment, HOTLINE) == "approve"


@pytest.mark.parametrize(("comment", "generic"), [
    ("Beautiful initiative 👏", True),
    ("مبادرة حلوة", True),
    ("A step in the right direction", True),
    ("Beautiful initiative, but where is the bus to Karak?", False),
])
def test_praise_of_the_story_s_step_is_a_generic_reaction(comment, generic):
    from model.normalize import normalize_text
    from service.policy.off_topic import default_generic

    assert default_generic().matches(normalize_text(comment)) is generic


@pytest.mark.parametrize(("comment", "football"), [
    ("shabab 7ada shaf mubarat el wehdat w el ramtha embare7?", True),
    ("natijet el wa7dat w el ramtha kanat 2-1?", True),
    ("ana sakin bel wehdat w el madrase b3eedeh", False),  # the camp, not the club
    ("natijet el wehdat fil tawjihi a7san sane", False),  # the quarter's exam results
])
def test_an_arabizi_question_about_a_club_s_match_is_football_talk(comment, football):
    from service.policy.off_topic_sports import football_talk

    assert (football_talk(Context(Submission(comment), SCHOOL)) is not None) is football


# -- names ------------------------------------------------------------------------------------

HUSN = Article("husn", "سقوط سقف مدرسة في الحصن", "وقالت مديرة التربية سهى العتوم إن المبنى "
               "مستأجر. وقال نقيب المربين عبدالله الزيود إن الخسائر كبيرة.", "ar")
FILM = Article("film", "Film festival goes south", "Director Sami Al-Tarawneh said the "
               "screenings are free.", "en")


@pytest.mark.parametrize(("comment", "article", "named"), [
    ("جارنا ابو خالد العتوم بنته بنفس الصف اللي وقع سقفه", HUSN, False),  # a neighbour
    ("العتوم لازم تستقيل", HUSN, True),
    ("جارتنا ام محمد الزبيدي عليها قضايا", None, False),
    ("my great-uncle Abu Sami Al-Tarawneh ran the cinema in Karak", FILM, False),
    ("Sami Al-Tarawneh ran the festival well", FILM, True),
    ("l Zyoud 7aki mazboot, el ta3weed lazem ykoon 3al ras", HUSN, True),  # "l" for "el"
    ("l zyadeh bel as3ar 7aram 3alaikom", HUSN, False),  # "the increase", not Zyoud
    ("اخونا ابو محمد الزيود رئيس جمعية محترم", HUSN, True),  # respect, and an office
    ("اخونا ابو محمد الزيود محترم", HUSN, True),  # "our brother": respect, not kin
    ("خالي ابو منصور الزيود مدير المركز", HUSN, True),  # an office named
])
def test_kin_before_a_kunya_makes_a_private_person_and_arabizi_clips_the_article(
        comment, article, named):
    check = make_check(Watchlist.from_entries([]), {"محمد الزبيدي": 0.79})
    assert named_in(check, comment, article, at=0.6) is named


def test_a_title_in_the_story_brings_in_an_unlisted_given_name_and_a_reader_s_title_a_reading():
    fire = Article("fire", "حريق أحراج عجلون", "وقال مدير الزراعة المهندس عاكف المومني إن "
                   "الفرق بدأت. وقال الدكتور ماجد الحراحشة إن الطلاب بخير.", "ar")
    check = make_check(Watchlist.from_entries([]), {})
    names = {name for _, name in check.extract_article_names(fire)}
    assert "عاكف المومني" in names
    assert named_in(check, "shukran la dr. 7ara7she 3al qarar", fire, at=0.8)
    assert not named_in(check, "shukran la 7ara7she 3al qarar", fire, at=0.8)
    assert not named_in(check, "shukran l 7ara7she 3al qarar", fire, at=0.8)


# -- offense and spam -------------------------------------------------------------------------

@pytest.mark.parametrize(("comment", "aimed"), [
    ("The clowns running that directorate will never publish that number", True),
    ("The kids loved the clown running around at the festival", False),
    ("The clowns running the kids workshop were brilliant", False),
    ("النائب مهرج ما بنشوفه الا بالانتخابات", True),
    ("جابوا مهرج للاولاد بالحفلة", False),
    # a saying others repeat, quoted, is no insult by the writer
    ("اللي بيرددوا «القانون لا يحمي المغفلين» نسيوا انهم شباب يائسين", False),
])
def test_a_clown_is_an_insult_when_aimed_and_a_repeated_saying_is_quoted(comment, aimed):
    from service.policy.rules.offense import OffenseRules

    result = OffenseRules()(Context(Submission(comment), None))
    assert (result.scores.get("offense", 0.0) >= 0.85) is aimed
    if not aimed:
        assert result.scores.get("offense", 0.0) < 0.5


@pytest.mark.parametrize(("comment", "advert"), [
    ("Blaming the drivers is cheap and honestly racist, they earn 280 JD", False),
    ("JD25 for a night tour is cheap honestly", False),
    ("the tour isn't cheap at JD25", False),
    ("@ahmad the tour is cheap honestly", False),  # a reply's handle is no seller
    ("Cheap flights to Istanbul from JD19 only this week", True),
    ("Our bus alarms are very cheap, best prices in Amman", True),  # said of its own goods
])
def test_cheap_said_of_something_is_no_advert_and_cheap_before_a_product_is(comment, advert):
    from service.policy.rules import SpamRules

    score = SpamRules()(Context(Submission(comment), None)).scores.get("spam", 0.0)
    assert (score >= 0.5) is advert


# -- strife -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("comment", "at_least"), [
    ("المزارع اغلبها لجماعة معروفة، وعيونهم ع الضفة التانية", 0.6),
    ("المطاعم اللي رفعت الاسعار معروف اصل اصحابها من وين 😏", 0.6),
    ("the bedu there will walk out after 5 minutes, they only understand goats and guns", 0.85),
    ("funny how they are always first in line for anything free, you know exactly who i mean",
     0.6),
    ("we all know which people own Hollywood and decide what our kids watch", 0.6),
    ("السوريين والفيروس واحد، لازم يطلعوا", 0.85),
    ("السوريين، والحرامية، نفس الشي، لازم يطلعوا", 0.85),
])
def test_coded_origins_and_a_people_s_one_trait_are_strife(comment, at_least):
    from service.policy.rules.strife import StrifeRules

    assert StrifeRules()(Context(Submission(comment), None)).scores.get("strife", 0.0) >= at_least


@pytest.mark.parametrize("comment", [
    "معروف اصل المشكلة من وين، الكسارة قريبة من البيوت",
    "Israel only understands force, said the analyst",
    "My grandfather was bedu and he loved the cinema",
    "التهريب عصابات من كل الجنسيات ومنهم أردنيين، والفيروس ما بيسأل عن جواز سفر",
    "الابقار اللي ماتت اصلهم مش من هون، مستوردة",
    "Some school owners, you know exactly who, charge double for the bus",
    "Netflix and Disney control Hollywood now",
])
def test_the_same_words_said_of_no_people_are_not_strife(comment):
    from service.policy.rules.strife import StrifeRules

    assert StrifeRules()(Context(Submission(comment), None)).scores.get("strife", 0.0) < 0.6


def test_calling_others_comments_racist_defends_the_group():
    from service.policy.rules.strife import StrifeRules
    from service.policy.warm import defended_group

    comment = ("اللي عم يعلقوا على الخليجيين والسعوديين بعنصرية هون بيسيئوا لإلنا قبل ما "
               "يسيئوا لإلهم")
    assert defended_group(Context(Submission(comment), None), StrifeRules())
    agreeing = "اللي عم يعلقوا على الخليجيين هون كلامهم صح"
    assert not defended_group(Context(Submission(agreeing), None), StrifeRules())

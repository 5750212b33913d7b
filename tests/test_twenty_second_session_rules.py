"""Generic fixes read off the fiftieth triage set (dev): each rule both ways."""

from __future__ import annotations

import pytest

from model.verdict import Article, Context, Submission
from service.policy.names import Watchlist
from tests.names_support import make_check, named_in
from tests.off_topic_support import off_topic_at

# -- off-topic ---------------------------------------------------------------------------------

ENGLISH = Article("blood", "Blood Bank stocks hit four-day low",
                  "The Blood Bank asked families to bring replacement donors before surgeries.",
                  "en")
ARABIC = Article("fire", "إخماد حريق في أحراج عجلون",
                 "قال الدفاع المدني إن الحريق أتى على 300 دونم من الصنوبر.", "ar")


@pytest.mark.parametrize(("comment", "article", "p", "outcome"), [
    # the other language's comment: the model alone asks for review only from P 0.5
    ("خطوة منيحة بس لازم حملات تبرع بالجامعات كمان", ENGLISH, 0.45, "approve"),
    ("خطوة منيحة بس لازم حملات تبرع بالجامعات كمان", ENGLISH, 0.55, "review"),
    ("Good step, but the fire lines should have been opened years ago.", ARABIC, 0.45,
     "approve"),
    # a reader's cue across languages: review from 0.4, reject from 0.6
    ("لو سمحتوا حدا بيعرف اذا الاحوال المدنية بتفتح السبت؟", ENGLISH, 0.45, "review"),
    ("لو سمحتوا حدا بيعرف اذا الاحوال المدنية بتفتح السبت؟", ENGLISH, 0.65, "reject"),
    ("لو سمحتوا حدا بيعرف اذا الاحوال المدنية بتفتح السبت؟", ENGLISH, 0.35, "approve"),
])
def test_across_languages_the_model_reviews_late_and_a_cue_decides(comment, article, p,
                                                                    outcome):
    from service.policy.off_topic import CATEGORY

    check = off_topic_at(p)
    score = check(Context(Submission(comment), article)).scores[CATEGORY]
    got = ("reject" if score >= check.map.reject else "review" if score >= check.map.review
           else "approve")
    assert got == outcome


@pytest.mark.parametrize(("comment", "kind"), [
    ("الله يعين اهل اشتفينا. وعلى سيرة الكهربا، فاتورتي هالشهر 86 دينار", "pivot"),
    ("الله يعين النادي.. بس بما انو الحكي عن اربد، شارع الجامعة صارلو سنة محفور", "pivot"),
    ("Speaking of appeals, how many times must Khalda appeal to GAM about potholes?", "pivot"),
    ("Layoffs everywhere. Unrelated, but since we're talking jobs: did the pension law pass?",
     "pivot"),
    ("Speaking of prices, is anyone going to look at school fees?", "reader_question"),
    ("3ala seeret el kahraba, el fatoora 90 JD", None),  # Arabizi: the model's P runs high
    ("Ammon, the English app keeps logging me out since the last update. Any fix?",
     "other_story"),
    ("يا عمون ليش تعليقي على خبر الانتخابات ما انتشر", "other_story"),
    ("Ammon team, the English site cuts off the comment box on iPhone.", "other_story"),
    ("Dafatir, your website still lists 14 open vacancies", None),  # the story's company
    ("مسا الخير، حدا من اهل اربد بيعرف دكتورة اسنان شاطرة؟", "reader_question"),
    ("ابو عمر انت ابو عمر تبع مدرسة عين جنا؟ والله زمان يا رجل، وينك مختفي، سلم على الحجه",
     "greeting"),
    ("Hello everyone from Dubai, first time commenting, have a lovely day all", None),
    ("Hello everyone from Dubai, miss you all, have a lovely day", "greeting"),
    ("تعليقي الوحيد انو الدفاع المدني تأخر", None),  # "my only comment": about the story
    ("My comment on this: the fire lines should have been opened", None),
    ("العنوان بعيد عن الموضوع، الحريق كان بعجلون مش بجرش", None),  # about the story itself
    # the same words in comments about the story
    ("The fire spread because speaking plainly nobody opened the fire lines", None),
    ("Hello everyone, the donation bus comes to Irbid on Friday", None),
    ("Hello everyone, I was one of the 120 laid off. Have a great day everyone", None),
    ("والله زمان ما صار حريق بهالحجم، الله يحمي الشباب", None),
    ("The app for booking a donation slot keeps crashing, fix it", None),  # not the site's app
])
def test_a_pivot_the_site_s_workings_and_chit_chat_are_off_topic_cues(comment, kind):
    from service.policy.off_topic_cues import question_cue

    cue = question_cue(Context(Submission(comment), ARABIC))
    assert (cue[0] if cue else None) == kind


@pytest.mark.parametrize(("p", "outcome"), [(0.35, "reject"), (0.25, "approve")])
def test_a_pivot_only_rejects_where_the_model_leans_off_topic(p, outcome):
    from service.policy.off_topic import CATEGORY

    check = off_topic_at(p)
    comment = "الله يعين اهل اشتفينا. وعلى سيرة الكهربا، فاتورتي هالشهر 86 دينار وما عندي مكيف"
    score = check(Context(Submission(comment), ARABIC)).scores[CATEGORY]
    got = ("reject" if score >= check.map.reject else "review" if score >= check.map.review
           else "approve")
    assert got == outcome


# -- offense ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("comment", "aimed"), [
    ("هيك حكي بيشجع التنمر. والله عقلك عقل جحش", True),
    ("bas shakel 3a2lak a9ghar men 3a2l el 7mar", True),
    ("وبالنسبة لأهاليهم فهدول تربيتهم تربية حمير", True),
    ("ابن الحمار ما بيطلع غير حمار", True),
    ("Whoever wrote that email is a spineless little weasel, by the way.", True),
    ("Odeibat is a con man who hires people for likes.", True),
    ("My kids asked what a weasel is after the zoo trip", False),
    ("The con man who called my dad knew his full name", False),
    ("خالي عقله كله بالغنم والحلال", False),
    ("عقله كبير وقلبه طيب، الله يحفظه", False),
    ("What a day for the volunteers, well done", False),
    ("A weasel got into the chicken coop in Ajloun again", False),
    # what the bullies called him, retold in quotes, a conjunction joined to the second one
    ("سمعتهم بالفيديو بنادوه «يا دب» و«يا أهبل» وكلهم بيضحكوا، حرام", False),
    ("بنادوه «يا دب» وانت يا أهبل ساكت", True),  # the writer's own address after the quote
])
def test_insults_aimed_through_a_mind_a_demonstrative_or_an_exclamation(comment, aimed):
    from service.policy.rules.offense import OffenseRules

    result = OffenseRules()(Context(Submission(comment), None))
    assert (result.scores.get("offense", 0.0) >= 0.85) is aimed


# -- strife -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("comment", "at_least"), [
    ("من يوم ما إجو هدول من ورا الحدود وعبّوا الصفوف صارت المدارس غابة", 0.6),
    ("اللي بعقله وطن بديل ما بيفرق معه لا شجر ولا ارض", 0.6),
    ("Everyone knows who runs the federation: that club from the camp.", 0.6),
    ("Keep the Gulf tourists off the trail, everyone knows what they leave behind.", 0.85),
])
def test_coded_origins_and_generalising_frames_are_strife(comment, at_least):
    from service.policy.rules.strife import StrifeRules

    result = StrifeRules()(Context(Submission(comment), None))
    assert result.scores.get("strife", 0.0) >= at_least


@pytest.mark.parametrize("comment", [
    "المساعدات اللي اجت من ورا الحدود وصلت المخيم",
    "لا للوطن البديل، الاردن للاردنيين وفلسطين لاهلها",
    "The volunteers never see one of them complain, the hikers are lovely",
    "Everyone knows what they did for the trail: the villagers built the guesthouses",
    "اللاجئين اللي اجوا من ورا الحدود الله يعينهم، ترجعوا لبلدكم بالسلامة",
    "The Christians of Madaba light the tree, they do it every year and the city celebrates",
])
def test_the_same_words_without_a_group_or_an_accusation_are_not_strife(comment):
    from service.policy.rules.strife import StrifeRules

    result = StrifeRules()(Context(Submission(comment), None))
    assert result.scores.get("strife", 0.0) < 0.85


# -- names ------------------------------------------------------------------------------------

FIRE = Article(
    id="fire", title="إخماد حريق أحراج عجلون", language="ar",
    body="وقال الناطق الإعلامي باسم الدفاع المدني المقدم وضّاح الربابعة إن 22 آلية شاركت.",
)
SHEEP = Article(
    id="sheep", title="Romanian sheep ship held off Aqaba", language="en",
    body="Vet tests will take 48 hours, ministry spokesman Fadi Haddadin said. \"We feed our "
         "sheep all year and sell once,\" said Abu Saleh, a breeder from Mafraq with 300 head.",
)


@pytest.mark.parametrize(("comment", "article", "named"), [
    ("الله يعطيك العافيه يا مقدم وضّاح، ضليت طول الليل تطمنا", FIRE, True),
    ("الله يعطيك العافيه يا وضاح ابني", FIRE, False),  # a reader's son
    ("Abu Saleh said it right, buy local where you can.", SHEEP, False),  # the story's breeder
    ("Haddadin said 48 hours last Eid too.", SHEEP, True),
])
def test_a_rank_before_an_official_s_given_name_and_a_breeder_s_head_of_sheep(comment, article,
                                                                              named):
    check = make_check(Watchlist.from_entries([]), {"Abu Saleh": 0.9, "Fadi Haddadin": 0.9,
                                                      "وضّاح الربابعة": 0.9})
    assert named_in(check, comment, article, at=0.8) is named


@pytest.mark.parametrize(("comment", "defended"), [
    ("في ولاد سوريين وعراقيين ومصريين بمدارس الزرقاء بيتعرضوا لتنمر أكتر من غيرهم", True),
    ("السوريين بيتعرضوا لتنمر بس هم السبب بكل مشكلة بالمدارس", False),  # a contrast after it
    ("العمال المصريين بيتعرضوا للبنات قدام المدارس", False),  # تعرض ل: to harass
])
def test_a_group_named_as_victims_is_defended(comment, defended):
    from service.policy.rules.strife import StrifeRules
    from service.policy.warm import defended_group

    assert defended_group(Context(Submission(comment), None), StrifeRules()) is defended


# -- second part: read off the fifty-second triage set (dev) ----------------------------------

@pytest.mark.parametrize(("off_topic", "spam", "cross", "rejected_as_off_topic"), [
    (0.7, 0.95, False, True),  # an unrelated advert: spam and off the subject
    (0.3, 0.95, False, False),  # heaters under a snowstorm story: spam only
    (0.7, 0.5, False, False),  # no advert rejected: the off-topic score stands
    (0.7, 0.95, True, False),  # across languages the off-topic check never rejects
])
def test_an_advert_rejected_as_spam_is_off_topic_when_the_check_leans_off_topic(
        off_topic, spam, cross, rejected_as_off_topic):
    from model.verdict import CheckResult, Reason
    from service.core import Policy, moderate

    def advert(ctx):
        return CheckResult(scores={"spam": spam},
                           reasons=[Reason(code="spam", source="rule", score=spam)])

    def relevance(ctx):
        return CheckResult(scores={"off_topic": off_topic},
                           reasons=[Reason(code="off_topic", source="model", score=off_topic,
                                           params={"cross_language": "1"} if cross else {})])

    verdict = moderate(Submission("اربح 300 دولار يوميا من البيت"), ARABIC,
                       Policy(checks=[advert, relevance], mode="auto"))
    reason = next(r for r in verdict.reasons if r.code == "off_topic") if off_topic >= 0.6 else None
    assert (verdict.scores["off_topic"] >= 0.85) is rejected_as_off_topic
    if rejected_as_off_topic:
        assert reason.params["advert"] == "1"


@pytest.mark.parametrize(("comment", "strife"), [
    ("شفتوا العامل المصري؟ 😂 شعب فهلوة ما بيعرف غير يبلّط ويكذب", True),
    ("مدرب مصري؟ المصريين شعب كسلان بس بيحكي", True),
    ("الكينيات والأوغنديات كلهم نفس الطريقة", True),
    ("el souriyeh zay el jarad wallah, wen ma nezlo bikhalso 3al akhdar wel yabes", True),
    ("Every cleaner in West Amman will be Sudanese 😂 only job they're good for anyway", True),
    ("Wehdat is the club from the camp and has the biggest fan base, respect.", False),
    ("الفلبينيات معروف عنهم الاخلاص بالشغل والامانة", False),  # "known for" praise
    ("The Sudanese families I met are lovely, they never leave without thanking us.", False),
    ("Spoiled Khalijis, they're all the same over there", True),
    ("الجراد وصل الأزرق والمزارعين خايفين", False),  # locusts, no group
    ("The Syrian chefs are good, the best shawarma in Irbid", False),
    ("العاملات الكينيات بيشتغلوا ساعات طويلة وبيستاهلوا حد أدنى", False),
])
def test_part_two_strife_frames_and_groups(comment, strife):
    from service.policy.rules.strife import StrifeRules

    result = StrifeRules()(Context(Submission(comment), None))
    assert (result.scores.get("strife", 0.0) >= 0.85) is strife


@pytest.mark.parametrize(("comment", "aimed"), [
    ("بدنا رقابة على الكل بنفس المسطرة مش بس على الحيط الواطي", False),  # the low wall: an idiom
    ("انت واحد واطي وحقير", True),
    ("Honestly you're just an ignorant little troll who copy-pastes garbage", True),
    ("Troll farms post the same comment under every story", False),
])
def test_the_low_wall_is_an_idiom_and_a_troll_is_an_insult_when_aimed(comment, aimed):
    from service.policy.rules.offense import OffenseRules

    result = OffenseRules()(Context(Submission(comment), None))
    assert (result.scores.get("offense", 0.0) >= 0.85) is aimed


def test_an_everyday_plural_is_no_given_name_of_a_story_s_official():
    story = Article("iftar", "موائد الرحمن في الزرقاء",
                    "وقال مدير الجمعية الخيرية فايز الحوامدة إن روّاد الموائد يشملون أسراً "
                    "أردنية محتاجة.", "ar")
    check = make_check(Watchlist.from_entries([]), {})
    names = {name for _, name in check.extract_article_names(story)}
    assert "فايز الحوامدة" in names and not any("الموائد" in n for n in names)


@pytest.mark.parametrize(("comment", "named"), [
    ("First thing he should do is put Basel Al-Ouran back in the starting XI.", True),
    ("Mohammad Abu Zrayq should start every game", True),
    ("Hope they play some Charles Aznavour in the courtyard", True),
    ("My friend Omar Khaled went to the match", False),  # a private friend
    ("Can we get a convoy to Hay Nazzal? Some of us can't afford gas", False),  # a quarter
    ("Ask Sara, Al Ahli lost again", False),  # the link word must follow the name
    ("Omar said the coach was right", False),  # no family name
])
def test_an_english_full_name_by_its_shape_goes_to_a_moderator(comment, named):
    check = make_check(Watchlist.from_entries([]), {})
    assert named_in(check, comment, None, at=0.6) is named

"""Generic fixes read off the forty-sixth triage set (dev): each rule both ways."""

from __future__ import annotations

import pytest

from model.verdict import Article, Context, Submission
from service.policy.names import Watchlist, load_seed_watchlist
from tests.names_support import make_check, named_in, seed_check
from tests.off_topic_support import off_topic_at

# -- names: the private people a story quotes -------------------------------------------------

VALLEY = Article(
    id="valley", title="Scorpion bites rise in the Jordan Valley", language="en",
    body="Dr. Marwan Khreisat, director of Southern Shouneh hospital, said stocks were low.\n"
         "Hussein Masarweh, a 52-year-old farmer from Deir Alla, said he had killed two "
         "scorpions in a week. Masarweh said the clinic had no serum.\n"
         "Shop owners say sales have dropped. Ziad Saleh, who runs a bakery on the street, said "
         "customers stopped coming. Rami Nasser, who runs the Ministry of Health's ward, said "
         "beds were short.",
)
CHEQUES = Article(
    id="cheques", title="إلغاء الحبس في الشيكات المرتجعة", language="ar",
    body="وقال وزير العدل سامي الحياري إن التعديل يحمي المدينين.\n"
         "وقال خالد منصور، وهو تاجر مواد بناء في الزرقاء، إن بحوزته 60 شيكاً راجعاً.\n"
         "وقال الشاب أحمد الزعبي (27 عاماً)، وهو خريج محاسبة، إن السجن لا يعيد المال.",
)


def test_a_story_s_witnesses_are_not_harvested_and_its_officials_are():
    check = make_check(Watchlist.from_entries(load_seed_watchlist()),
                       {"Marwan Khreisat": 0.9, "Hussein Masarweh": 0.9, "Ziad Saleh": 0.9,
                        "Rami Nasser": 0.9, "خالد منصور": 0.9, "أحمد الزعبي": 0.9,
                        "سامي الحياري": 0.9})
    en = {name for _, name in check.extract_article_names(VALLEY)}
    ar = {name for _, name in check.extract_article_names(CHEQUES)}
    assert {"Marwan Khreisat", "Rami Nasser"} <= en  # "who runs the Ministry's ward": an office
    assert not en & {"Hussein Masarweh", "Masarweh", "Ziad Saleh", "Saleh"}
    assert "سامي الحياري" in ar and not ar & {"خالد منصور", "أحمد الزعبي", "منصور", "الزعبي"}


JOBS = Article(
    id="jobs", title="برنامج تشغيل الخريجين", language="ar",
    body="وقال وزير العمل مازن العتوم إن البرنامج يبدأ الشهر المقبل.\n"
         "وقال الشاب محمد العتوم (26 عاماً)، وهو خريج هندسة، إنه ينتظر منذ عامين.\n"
         "وقال المعلم ناصر الرواشدة، رئيس فرع نقابة المعلمين، إن الرواتب لا تكفي.",
)
UNION = Article(
    id="union", title="Farmers protest water cuts", language="en",
    body="Farmer Ali Dmour, head of the Jordan Valley Farmers Union, said crops would die. "
         "Sami Haddadin, a teacher who heads the Irbid branch of the Teachers Syndicate, "
         "joined the sit-in. Resident Omar Kayed, the former mayor, said the same.",
)


def test_an_official_who_shares_a_witness_s_surname_or_names_an_office_stays_named():
    check = make_check(Watchlist.from_entries(load_seed_watchlist()),
                       {"مازن العتوم": 0.9, "محمد العتوم": 0.9, "ناصر الرواشدة": 0.9,
                        "Ali Dmour": 0.9, "Sami Haddadin": 0.9, "Omar Kayed": 0.9})
    ar = {name for _, name in check.extract_article_names(JOBS)}
    en = {name for _, name in check.extract_article_names(UNION)}
    assert "مازن العتوم" in ar and "ناصر الرواشدة" in ar and "محمد العتوم" not in ar
    assert {"Ali Dmour", "Sami Haddadin", "Omar Kayed"} <= en
    assert named_in(check, "العتوم فاشل وما عمل اشي", JOBS, at=0.8)


@pytest.mark.parametrize(("comment", "named"), [
    ("الوزير منصور لازم يستقيل", True),  # an office the commenter gives him
    ("السيد منصور معه حق", False),  # a courtesy title for the story's trader
])
def test_a_witness_s_name_after_an_office_title_is_named(comment, named):
    check = make_check(Watchlist.from_entries([]), {"منصور": 0.7})  # the tagger's guess
    assert named_in(check, comment, CHEQUES, at=0.5) is named


@pytest.mark.parametrize(("article", "named"), [(CHEQUES, False), (None, True)])
def test_the_tagger_s_guess_at_a_witness_the_story_quotes_is_no_personality(article, named):
    check = make_check(Watchlist.from_entries([]), {"خالد منصور": 0.79})
    comment = "كلام التاجر خالد منصور بالتقرير بوجع القلب، مين رح يعوضه هسا؟"
    assert named_in(check, comment, article, at=0.5) is named


# -- names: a story's official misspelt by one letter, or spelled in the other script ---------

KHIDMA = Article(
    id="khidma", title="عودة خدمة العلم", language="ar",
    body="وقال الناطق الرسمي باسم الحكومة الدكتور عمر الشديفات إن مدة الخدمة 12 شهراً.\n"
         "وقال وزير التنمية الاجتماعية خليل الرقاد إن المراكز ستغلق.",
)
QUDAH = Article(
    id="collapse", title="Building collapse", language="en",
    body="Public Works Minister Hazem Qudah said the contractor would be questioned.",
)
DORMS = Article(
    id="dorms", title="Dorm rents capped", language="en",
    body="Higher Education Minister Dr. Walid Ghraibeh said the cap protects students. "
         "Dr. Hazem Naimat, GAM's transport director, said the lanes would stay.",
)


@pytest.mark.parametrize(("comment", "article", "named"), [
    ("والله خليل الرقات هاد فاشل", KHIDMA, True),  # the given name exact, one letter slipped
    ("الشديفاة بحكي 150 دينار وكأنها مبلغ", KHIDMA, True),
    ("Khraisat says they transfer patients", VALLEY, True),
    ("خليل الرقاب حكى", KHIDMA, False),  # ب/د is no slip readers make
    ("شكرا للدكتور وليد الغرايبه على القرار", DORMS, True),  # an everyday given name, both parts
    ("الدكتور النعيمات ما بعرف شي", DORMS, True),  # a title, a long vowel inside: a family
    ("خلي النعيمات يجرب يصف سيارته بالشارع", DORMS, False),  # alone: too short across scripts
    ("الغربه صعبة على الطلاب", DORMS, False),  # the skeleton of Ghraibeh, an everyday word
    ("القرارات الغريبة هاي ما رح تتطبق", DORMS, False),
    ("بدنا موقف حازم من الوزارة", QUDAH, False),  # "firm", before no family-shaped word
    ("بدنا موقف حازم القضاء لازم يحاسب المقاول", QUDAH, False),
    ("شكرا للدكتور وليد على القرار", DORMS, False),  # a given name alone is anyone's
])
def test_a_story_s_official_misspelt_or_in_the_other_script_is_named(comment, article, named):
    assert named_in(seed_check(), comment, article, at=0.8) is named


@pytest.mark.parametrize(("word", "name", "slipped"), [
    ("الشديفاه", "الشديفات", True), ("khraisat", "khreisat", True),
    ("المومنين", "المومني", False),  # a letter added is another word (believers)
    ("الرقاب", "الرقاد", False), ("الرقاد", "الرقاد", False), ("qudah", "qudat", False),
])
def test_one_slip_is_one_confusable_letter_in_a_long_enough_name(word, name, slipped):
    from service.policy.names.watchlist import one_slip

    assert one_slip(word, name, 5) is slipped


# -- strife ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("comment", "strife"), [
    ("Let's be honest, the only people who will use this are the Egyptian workers on their "
     "bikes. Dirty, everywhere, they're all taking our jobs and now our roads too.", True),
    ("Yarmouk was fine until the Syrian families moved in. They ruined Irbid for students.",
     True),
    ("Syrian families moved in last year. They deserve help with the rent.", False),
    ("The council closed the market. They ruined Irbid for students.", False),  # no group
    ("الخيل الأصيلة عند العشائر، مش عند اللي اجوا من ورا النهر وصاروا مربين وحكام", True),
    ("The old guard resents the people who came from across the river, and says so.", True),
    ("We drove from across the river to Shouneh hospital at 2am and got no serum.", False),
    ("Lots of Egyptian workers built these dorms. The owners, they are ruining our students.",
     False),  # "they" takes up the owners
    ("Many Jordanians cycle now. They ruined our evenings with their bells lol", False),
])
def test_a_group_taken_up_by_they_and_the_across_the_river_phrase_are_strife(comment, strife):
    from service.policy.rules.strife import StrifeRules

    result = StrifeRules()(Context(Submission(comment), None))
    assert (result.scores.get("strife", 0.0) >= 0.5) is strife


@pytest.mark.parametrize(("comment", "warm", "defended"), [
    ("اهلا وسهلا بالمربين من السعودية والكويت، والاخوة السوريين والعراقيين اللي عندهم خبرة",
     True, True),
    ("التجار الاردنيين والسوريين والمصريين بسوق الزرقاء كلهم بنفس المصيبة", False, True),
    ("السوريين كلهم بنفس الطريقة بياخدوا بضاعة وبيسكروا", False, False),
    ("والاخوه الفلسطينيين؟ ما بنعرف ولاءهم لمين", False, False),
    ("المصريين والسوريين كلهم نفس المصيبه على البلد", False, False),
])
def test_a_welcome_and_all_in_the_same_trouble_are_kind_words_for_a_group(comment, warm,
                                                                          defended):
    from service.policy.rules.strife import StrifeRules
    from service.policy.warm import defended_group, warm_mention

    ctx = Context(Submission(comment), None)
    assert warm_mention(ctx, StrifeRules()) is warm
    assert defended_group(Context(Submission(comment), None), StrifeRules()) is defended


# -- offense ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("comment", "aimed"), [
    ("Half these so-called artists are talentless idiots who splash ink on canvas.", True),
    ("These dorm owners are bloodsucking parasites, milking kids.", True),
    ("He called the referees idiots and got a ban.", False),  # a mention, retold
])
def test_so_called_is_no_naming_verb_and_bloodsucking_says_who(comment, aimed):
    from service.policy.rules.offense import OffenseRules

    result = OffenseRules()(Context(Submission(comment), None))
    assert (result.scores.get("offense", 0.0) >= 0.85) is aimed


# -- off-topic: a public service the story never names ------------------------------------------

@pytest.mark.parametrize(("comment", "title", "outcome"), [
    ("Anyone know when the new passport office in Tla' Al-Ali opens??", "Calligraphy biennale",
     "reject"),
    ("Anyone know when the new passport office in Tla' Al-Ali opens??",
     "Passport fees rise as a new passport office opens", "review"),
    ("لو سمحتو حدا بيعرف ليش دفعة المعونة الوطنية ما نزلت هالشهر؟", "عودة خدمة العلم",
     "reject"),
    ("لو سمحتو حدا بيعرف ليش دفعة المعونة الوطنية ما نزلت هالشهر؟",
     "تأخر صرف دفعة المعونة الوطنية", "review"),
])
def test_a_reader_question_about_a_service_the_story_never_names_is_a_help_desk(
        comment, title, outcome):
    from service.policy.off_topic import CATEGORY

    arabic = not title.isascii()
    story = Article("story", title, "وقال المسؤولون إن الخطة تبدأ الشهر المقبل." if arabic
                    else "Officials said the plan starts next month.", "ar" if arabic else "en")
    off_topic = off_topic_at(0.25)  # over both languages' review floors, under reject floors
    result = off_topic(Context(Submission(comment), story))
    (reason,) = result.reasons
    assert reason.source == "rule" and reason.params.get("reader_question") == "1"
    if outcome == "reject":
        assert result.scores[CATEGORY] >= 0.85 and reason.params["service"]
    else:
        assert result.scores[CATEGORY] == off_topic.map.review and "service" not in reason.params


@pytest.mark.parametrize(("comment", "football"), [
    ("Landlords in Jubeiha charge like they're renting to Messi. JD260 for a room!", False),
    ("بدهم راتب زي رونالدو وهم قاعدين بالبيت", False),
    ("Messi scored twice last night, what a player", True),
    ("كان رونالدو احسن من ميسي بكثير", True),  # "was", no comparison
])
def test_a_star_named_in_a_comparison_is_no_football_talk(comment, football):
    from service.policy.off_topic_sports import football_talk

    story = Article("dorms", "Dorm rents capped near universities",
                    "The ministry capped rents at JD140 a bed.", "en")
    assert (football_talk(Context(Submission(comment), story)) is not None) is football


# -- second part: read off the forty-eighth triage set (dev) ----------------------------------

@pytest.mark.parametrize(("comment", "kind"), [
    ("سلامي لكل شباب حي الغويرية ولشلة قهوة الحارة، اشتقنالكم والله", "greeting"),
    ("salam la kol shabab el 7ay bil Hashmi el shamali, wa7ashtoni ya zlam", "greeting"),
    ("Shout out to the workers who cleaned the square at 6am", None),  # thanks, not a greeting
    ("الحمد لله على السلامة، سلامي للنشامى على الحدود", None),  # not at the opening
    ("سلامي للشباب في الرصيفة، ديروا بالكم على ولادكم من المناهل المفتوحة", None),  # news
])
def test_a_greeting_to_friends_opens_an_off_topic_cue(comment, kind):
    from service.policy.off_topic_cues import question_cue

    story = Article("covers", "سرقة أغطية المناهل", "ضبطت البلدية لصوص الأغطية.", "ar")
    cue = question_cue(Context(Submission(comment), story))
    assert (cue[0] if cue else None) == kind


@pytest.mark.parametrize(("comment", "football"), [
    ("mabrook lal wa7dat el fooz 3-1 el yom", True),
    ("mabrook lal Real 3al foooz mbare7", True),
    ("mabrook lal baladiyyeh 3al mashroo3", False),  # congratulations on the story's project
    ("mabrook lal tujjar el fooz, w inshallah el ghorfa tit7arrak", False),  # an election
])
def test_arabizi_congratulations_on_a_win_are_football_talk(comment, football):
    from service.policy.off_topic_sports import football_talk

    story = Article("wifi", "Free WiFi in Irbid parks", "The municipality opened WiFi.", "en")
    assert (football_talk(Context(Submission(comment), story)) is not None) is football


@pytest.mark.parametrize(("comment", "strife"), [
    ("The Bedouin around Ruwaished will strip the place in a week, those savages steal "
     "anything that isn't welded down.", True),
    ("The Egyptian baristas at my café are brilliant, I would hire the whole lot of them "
     "again", False),
    ("Wehdat fans will call it a conspiracy. Those people always make everything about where "
     "they come from, they never feel Jordanian.", True),
    ("هاي الشغلات جايبينها جماعة الأصول والمنابت من المخيمات", True),
    ("Thieves steal anything from cars parked on that street at night.", False),  # no group
    ("I want to know where they come from, the tomatoes in the market.", False),
])
def test_second_part_strife_phrases(comment, strife):
    from service.policy.rules.strife import StrifeRules

    result = StrifeRules()(Context(Submission(comment), None))
    assert (result.scores.get("strife", 0.0) >= 0.5) is strife


@pytest.mark.parametrize(("comment", "defended"), [
    ("يا جماعة بلاش نحط الحق على اللاجئين أو العمال الوافدين. السرقة ما الها جنسية", True),
    ("السرقة ما الها جنسية بس السوريين كلهم حرامية", False),  # a group after it, a contrast
    ("The refugees are behind every theft in Zarqa. Crime has no nationality, so deport "
     "every thief starting with them", False),  # it goes on
])
def test_a_crime_with_no_nationality_defends_the_groups_named_before(comment, defended):
    from service.policy.rules.strife import StrifeRules
    from service.policy.warm import defended_group

    assert defended_group(Context(Submission(comment), None), StrifeRules()) is defended


def test_the_premier_league_is_a_competition_not_a_premier():
    story = Article("ref", "First woman referees a men's league match", "Dana Khatib refereed.",
                    "en")
    assert not named_in(seed_check(), "In England it took until the 2020s for a woman to "
                        "referee a Premier League game.", story, at=0.5)


@pytest.mark.parametrize(("comment", "p"), [
    # across languages a named service lowers nothing: only the model's P decides the cue
    ("لو سمحتوا حدا بعرف كيف بقدر اجدد جواز سفر ابني وهو بالسعودية؟", 0.5),
    ("7ada bya3ref kam sa3a el tabor 3al 7doud? w bedna passport walla btekla?", 0.5),
])
def test_across_languages_a_question_about_a_service_is_not_rejected_for_the_service(
        comment, p):
    from service.policy.off_topic import CATEGORY

    story = Article("ref", "First woman referees a men's league match",
                    "Dana Khatib refereed the match in Amman.", "en")
    result = off_topic_at(p)(Context(Submission(comment), story))
    assert result.scores[CATEGORY] < 0.85


@pytest.mark.parametrize(("comment", "capped"), [
    ("السنة والشيعة والمسيحيون في الرقة عانوا من داعش", True),  # victims, no offense rule
    ("المصريين ناس محترمين بس هالمسؤول حمار", False),  # a contrast and an aimed insult
])
def test_a_warm_mention_with_no_offense_rule_keeps_the_offense_model_from_review(comment,
                                                                                capped):
    from model.verdict import CheckResult, Reason
    from service.policy.rules.offense import OffenseRules
    from service.policy.warm import WarmMentionGuard

    def model(ctx):  # the offense model reads the group names as the insult
        reasons = [Reason(code="offense", source="model", score=0.7),
                   Reason(code="strife", source="model", score=0.5)]
        return CheckResult(scores={"offense": 0.7, "strife": 0.5}, reasons=reasons,
                           probabilities={"offense": 0.7, "strife": 0.5})

    guard = WarmMentionGuard(model, offense_rules=OffenseRules())
    result = guard(Context(Submission(comment), None))
    assert (result.caps.get("offense") == "review") is capped

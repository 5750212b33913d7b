"""Names of personalities: the watchlist matcher, title cues, article names and the check."""

from __future__ import annotations

import pytest

from service.core import DEFAULT_REJECT, Article, Submission
from service.policy.names import (
    TAGGER_MAX,
    PersonalNameCheck,
    Watchlist,
    load_seed_watchlist,
    load_titles,
)
from tests.names_support import WATCH_ROWS, found, make_check, run

SEED_BODY = (
    "Ammon News - The International Coalition stated that dozens of foreign fighters could "
    "have escaped Raqqa.\n\n"
    "Col. Ryan Dillon, the spokesman for the coalition forces, said there were about 300 "
    "militants.\n\n"
    'Russian Foreign Minister Sergei Lavrov accused the United States of "supporting '
    'terrorists," Moscow said.'
)
SEED_ARTICLE = Article(
    "raqqa-2017", "International coalition: 300 ISIS fighters might have fled from Raqqa", SEED_BODY
)


@pytest.fixture(scope="module")
def small_watchlist() -> Watchlist:
    return Watchlist.from_entries(WATCH_ROWS)


@pytest.fixture(scope="module")
def seed_watchlist() -> Watchlist:
    return Watchlist.from_entries(load_seed_watchlist())


# -- the watchlist ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "name"),
    [
        ("Trump is wrong again", "Trump"),
        ("I don't trust Donald Trump's plans", "Donald Trump"),
        ("trump and his wall", "trump"),
        ("وترامب كذاب", "ترامب"),
        ("كلام دونالد ترمب فاضي", None),  # ترمب alone is listed, the pair is not
        ("بالأمس قابل عبدالله الثاني الوفد", "عبدالله الثاني"),
        ("وعبد الله الثاني قال", "عبد الله الثاني"),
        ("حمى الله الملكَ عبدالله", "الملكَ عبدالله"),
        ("خطاب نصرالله أمس", "نصرالله"),
        ("Nasrallah's speech", "Nasrallah"),
        ("مقابلة للسيسي اليوم", "للسيسي"),  # ل + ال contracted: the span keeps the token
        ("هدف رونالدو رائع", "رونالدو"),
    ],
)
def test_watchlist_finds_names_and_aliases_with_clitics(small_watchlist, comment, name):
    result = run(make_check(small_watchlist), comment)
    if name is None:
        assert found(result) == [("ترمب", "watchlist")]
        return
    assert found(result) == [(name, "watchlist")]
    reason = result.reasons[0]
    span = reason.spans[0]
    assert comment[span.start : span.end] == span.text == name
    assert reason.score == result.scores["personal_name"] == 0.95


@pytest.mark.parametrize(
    "comment",
    [
        "I bought a king-size bed",
        "I'll play my trump card",
        "A Ronaldinho-style goal",
        "الملك لله وحده",
        "إذا جاء نصر الله والفتح",
        "Abdullah scored twice",
    ],
)
def test_watchlist_hard_negatives(small_watchlist, comment):
    result = run(make_check(small_watchlist), comment)
    assert result.reasons == [] and result.scores == {}


def test_spans_point_into_the_original_comment_through_diacritics_and_tatweel(small_watchlist):
    comment = "يا جماعة تـرامْـب ما بيفهم"
    result = run(make_check(small_watchlist), comment)
    span = result.reasons[0].spans[0]
    assert comment[span.start : span.end] == span.text == "تـرامْـب"


def test_seed_watchlist_is_large_bilingual_and_unique():
    rows = load_seed_watchlist()
    assert len(rows) >= 300
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(r["name_en"] and r["name_ar"] and r["kind"] for r in rows)
    assert len(Watchlist.from_entries(rows)) == len(rows)


@pytest.mark.parametrize(
    ("comment", "entry_text"),
    [
        ("His Majesty King Abdullah II spoke today", "King Abdullah II"),
        ("بشار الأسد لازم يرحل", "بشار الأسد"),
        ("Abu Bakr al-Baghdadi is dead", "Abu Bakr al-Baghdadi"),
        ("والبغدادي قتل", "البغدادي"),
        ("الملكة رانيا افتتحت المدرسة", "الملكة رانيا"),
        ("Messi or Ronaldo?", "Messi"),
        ("لافروف اتهم واشنطن", "لافروف"),
        ("رؤية ابن سلمان واضحة", "ابن سلمان"),  # بن written with its alef
    ],
)
def test_seed_watchlist_covers_regional_figures(seed_watchlist, comment, entry_text):
    check = PersonalNameCheck(None, lambda: seed_watchlist)
    names = [n for n, via in found(run(check, comment)) if via == "watchlist"]
    assert names[0] == entry_text


@pytest.mark.parametrize(
    "comment",
    [
        "إذا جاء نصر الله والفتح",  # Quran 110:1, "God's victory"
        "الأسد ملك الغابة",  # "the lion is king of the jungle"
        "صيام يوم عرفات",  # the Day of Arafat
        "صدام مسلح في المنطقة",  # "an armed clash"
        "The president said nothing new about the king-size budget",
        "كلام جميل ومحترم",
    ],
)
def test_seed_watchlist_leaves_common_words_alone(seed_watchlist, comment):
    check = PersonalNameCheck(None, lambda: seed_watchlist)
    assert found(run(check, comment)) == []


# -- title cues ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "tagged", "name", "score"),
    [
        ("I saw Col. Ryan Dillon on TV, he lies", {}, "Ryan Dillon", 0.9),
        ("Russian Foreign Minister Sergei Lavrov lies", {}, "Sergei Lavrov", 0.9),
        ("Ask Dr. Hani Ali, he knows", {}, "Hani Ali", 0.6),
        ("the pm rami said so", {"rami": 0.4}, "rami", 0.9),
        ("شو رأيك بالرئيس عباس؟", {"عباس": 0.45}, "عباس", 0.9),
        ("قال الوزير سمير الشوابكة", {"سمير الشوابكة": 0.35}, "سمير الشوابكة", 0.9),
        ("وزير الخارجية الروسي لافروفيتش كذاب", {"لافروفيتش": 0.4}, "لافروفيتش", 0.9),
        ("جلالة الملك أبو حسين", {"أبو حسين": 0.31}, "أبو حسين", 0.9),
        ("المهندس خالد الكركي", {"خالد الكركي": 0.3}, "خالد الكركي", 0.6),
    ],
)
def test_names_after_title_cues(small_watchlist, comment, tagged, name, score):
    result = run(make_check(small_watchlist, tagged), comment)
    assert (name, "title") in found(result)
    reason = next(r for r in result.reasons if r.params["via"] == "title")
    assert reason.score == score and reason.source == "rule"
    assert comment[reason.spans[0].start : reason.spans[0].end] == name


@pytest.mark.parametrize(
    ("comment", "tagged"),
    [
        ("The President said nothing new", {}),
        ("the king size bed is too big", {"size": 0.1}),
        ("The Minister of Health should resign", {}),
        ("Gen Z hates this", {}),
        ("meet me at 5 PM Monday", {}),
        ("الرئيس قال كلام فاضي", {}),
        ("الملك حكى اليوم", {}),
        ("الوزير الجديد ما عمل شي", {}),
        ("الرئيس ترك منصبه", {}),  # a verb after the title: the tagger does not back it
        ("Another lie about the President...If only", {}),
        ("She is a queen. Everyone knows", {}),
        ("thanks to the king @Mohammad", {}),
        ("Prince, Purple Rain", {}),
        ("Sen IV is out", {}),
        ("undermining the president’s Agendas", {}),
    ],
)
def test_generic_words_after_titles_do_not_fire(small_watchlist, comment, tagged):
    result = run(make_check(small_watchlist, tagged), comment)
    assert found(result) == []


def test_arabic_title_cue_without_any_tagger_only_reaches_review(small_watchlist):
    # An unknown word after a title may be a name or anything else: a moderator decides.
    check = PersonalNameCheck(None, lambda: small_watchlist)
    result = run(check, "الرئيس كوستاريكوف لازم يستقيل")
    assert found(result) == [("كوستاريكوف", "title")]
    assert result.scores["personal_name"] == 0.5


def test_a_given_name_after_an_arabic_title_needs_no_tagger(small_watchlist):
    check = PersonalNameCheck(None, lambda: small_watchlist)
    result = run(check, "الرئيس عباس لازم يستقيل")
    assert found(result) == [("عباس", "title")]
    assert result.scores["personal_name"] == 0.9


def test_seed_titles_cover_both_languages_with_sane_scores():
    cues = load_titles()
    by_lang = {c.language for c in cues}
    assert by_lang == {"en", "ar"}
    assert all(0.5 <= c.score <= 0.95 for c in cues)
    assert {"president", "col", "الرئيس", "رئيس الوزراء"} <= {c.cue for c in cues}


# -- article names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "name"),
    [
        ("Dillon is lying about the numbers", "Dillon"),
        ("What Ryan Dillon says is propaganda", "Ryan Dillon"),
        ("Lavrov's accusations again", "Lavrov"),
        ("sergei lavrov should stop", "sergei lavrov"),
    ],
)
def test_persons_named_in_the_article_are_personalities(small_watchlist, comment, name):
    result = run(make_check(small_watchlist), comment, article=SEED_ARTICLE)
    assert found(result) == [(name, "article")]
    assert result.scores["personal_name"] == 0.9


def test_one_word_tagger_guesses_in_the_article_are_not_article_names(small_watchlist):
    # The tagger takes the news agency "Ammon" for a person: one word alone is as often a
    # place or an outlet, so it is not harvested; in the comment it stays the tagger's own
    # (scored) guess.
    check = make_check(small_watchlist, {"Ammon": 0.7, "Ryan Dillon": 0.9})
    result = run(check, "Ammon is biased as usual", article=SEED_ARTICLE)
    assert found(result) == [("Ammon", "tagger")]
    assert result.scores["personal_name"] == 0.7


def test_article_names_are_extracted_once_per_article_version(small_watchlist):
    check = make_check(small_watchlist)
    tagger = check.tagger
    run(check, "first comment", article=SEED_ARTICLE)
    article_calls = len([c for c in tagger.calls if "spokesman" in c])
    assert article_calls > 0
    run(check, "second comment about Dillon", article=SEED_ARTICLE)
    assert len([c for c in tagger.calls if "spokesman" in c]) == article_calls
    edited = Article(SEED_ARTICLE.id, SEED_ARTICLE.title, SEED_BODY + "\n\nGen. Joe Votel agreed.")
    result = run(check, "Votel is right", article=edited)
    assert found(result) == [("Votel", "article")]


# -- the tagger alone, own names, impersonation ------------------------------------------------


@pytest.mark.parametrize(
    ("prob", "score"),
    [(0.4, None), (0.55, 0.55), (0.7, 0.7), (0.95, TAGGER_MAX)],
)
def test_tagger_only_names_score_their_probability_but_never_reject(small_watchlist, prob, score):
    # typed in lowercase, as readers do, so that only the tagger sees it (not the Latin shape)
    result = run(make_check(small_watchlist, {"samir shawabkeh": prob}), "samir shawabkeh stole it")
    if score is None:
        assert result.reasons == [] and result.scores == {}
        return
    assert found(result) == [("samir shawabkeh", "tagger")]
    assert result.scores["personal_name"] == score < DEFAULT_REJECT["personal_name"]
    assert result.reasons[0].source == "model"
    assert result.caps == {"personal_name": "reject"}


def test_tagger_only_names_never_reject_even_with_lower_thresholds(small_watchlist):
    from service.core import Policy, moderate

    check = make_check(small_watchlist, {"Samir Shawabkeh": 0.95})
    low = Policy(
        checks=[check], reject={"personal_name": 0.6}, review={"personal_name": 0.4}, mode="auto"
    )
    verdict = moderate(Submission("Samir Shawabkeh stole it"), None, low)
    assert verdict.verdict == "review" and verdict.status == "pending"
    watched = moderate(Submission("Donald Trump stole it"), None, low)
    assert watched.verdict == "reject"


@pytest.mark.parametrize(
    ("comment", "tagged"),
    [
        ("شو رأيك يا جماعة", {"شو رأيك": 0.8}),
        ("والله ما بعرف", {"والله": 0.6}),
        ("The President said so", {"The President": 0.8}),
        ("Raqqa is free now", {"Raqqa": 0.87}),
        ("من عمان الى الرقة", {"الرقة": 0.7}),
        ("Hamas and ISIS again", {"Hamas": 0.6, "ISIS": 0.7}),
        ("the cocktail of meth and Captagon", {"Captagon": 0.79}),  # a drug, not a person
    ],
)
def test_tagger_spans_of_function_words_titles_or_places_are_dropped(
    small_watchlist, comment, tagged
):
    assert found(run(make_check(small_watchlist, tagged), comment)) == []


@pytest.mark.parametrize(
    ("comment", "tagged", "name"),
    [
        ("بدي احكي عن سمير الشوابكة اللي بسرق", {"سمير الشوابكة اللي": 0.6}, "سمير الشوابكة"),
        ("I trust President Samir Haddad", {"President Samir Haddad": 0.7}, "Samir Haddad"),
    ],
)
def test_tagger_spans_are_trimmed_to_the_name(small_watchlist, comment, tagged, name):
    reasons = run(make_check(small_watchlist, tagged), comment).reasons
    assert [r.params["name"] for r in reasons] == [name]


@pytest.mark.parametrize(
    ("comment", "tagged", "kept"),
    [
        ("طيح الله حظ محمد عبده", {"محمد عبده": 0.9}, True),
        ("كلام أبو جويدة صح", {"أبو جويدة": 0.6}, True),
        ("با ريت يكونو باخلاقه", {"ريت يكونو": 0.73}, False),  # dialect verbs, not a name
        ("انا فخور فيك", {"فخور": 0.95}, False),  # one Arabic word alone
        ("يلعن أبو هالحكومة", {"أبو هالحكومة": 0.7}, False),  # a curse, not a kunya
        ("كلام سامي بس", {"سامي": 0.9}, False),  # a given name alone names nobody
        ("Keith Ellison again", {"Keith Ellison": 0.9}, True),
        ("Osuna did that", {"Osuna": 0.9}, True),  # English keeps capitalisation as evidence
    ],
)
def test_arabic_names_from_the_tagger_alone_need_a_given_name(
    small_watchlist, comment, tagged, kept
):
    result = run(make_check(small_watchlist, tagged), comment)
    assert bool(found(result)) is kept


@pytest.mark.parametrize(
    ("comment", "own_name", "tagged"),
    [
        ("I, Ahmad Khalil, disagree with this", "Ahmad Khalil", {"Ahmad Khalil": 0.9}),
        ("Ahmad here: I disagree", "Ahmad Khalil", {"Ahmad": 0.8}),
        ("انا محمد الزعبي وبقول رأيي", "محمد الزعبي", {"محمد الزعبي": 0.9}),
        ("My name is Ronaldo too, not the player", "Ronaldo Haddad", {}),
    ],
)
def test_the_commenters_own_name_is_not_a_violation(small_watchlist, comment, own_name, tagged):
    result = run(make_check(small_watchlist, tagged), comment, name=own_name)
    assert result.reasons == []


def test_other_names_are_still_flagged_next_to_the_own_name(small_watchlist):
    result = run(make_check(small_watchlist), "Ahmad Khalil thinks Trump lies", name="Ahmad Khalil")
    assert found(result) == [("Trump", "watchlist")]


@pytest.mark.parametrize(
    ("name_field", "score"),
    [
        ("King Abdullah II", 0.95),
        ("الملك عبدالله الثاني", 0.95),
        ("Donald Trump", 0.6),
        ("دونالد ترامب الحقيقي", 0.6),
    ],
)
def test_name_field_impersonating_a_listed_figure_is_flagged(small_watchlist, name_field, score):
    result = run(make_check(small_watchlist), "Nice article, thanks", name=name_field)
    (reason,) = result.reasons
    assert reason.field == "name" and reason.code == "personal_name" and reason.source == "form"
    assert reason.score == score == result.scores["personal_name"]
    assert reason.params["via"] == "watchlist"
    assert reason.params["name"] in name_field


@pytest.mark.parametrize(
    "name_field", ["Ahmad", "Sara Haddad", "أبو خالد", "Ronaldo Haddad", "", None]
)
def test_ordinary_name_fields_are_fine(small_watchlist, name_field):
    assert run(make_check(small_watchlist), "Nice article", name=name_field).reasons == []




@pytest.mark.parametrize("word", ["Alhamdulillah", "Mashallah", "Inshallah", "Wallahi"])
def test_religious_expressions_the_tagger_mistakes_for_names_are_nobody(small_watchlist, word):
    check = make_check(small_watchlist, {word: 0.9})
    assert found(run(check, f"{word}, best decision I made.")) == []

"""Whole-comment Arabizi: its language, and the Arabic-letter reading off-topic compares."""

from __future__ import annotations

import re

import pytest

from model.arabizi import arabic_reading
from model.normalize import detect_language, script_of
from model.verdict import Article, Context, Submission

# Mostly plain Latin words: only a few carry digits, so counting Arabizi words alone
# (those with digits or in the dictionary) used to call these English.
WHOLE_ARABIZI = [
    "el bandora b dinar?? la2 wallah kteer, bedna 7al ya wizaret el zira3a",
    "el tabaqa el wusta 5alas enmasa7at, kol sane qanoon jdeed w nafs el natije",
    "ya3ni el doctor elli kashfito 50 JD sar lazem ytala3 fatoora? a5eeran",
    "7ukoomet jebayeh w ba2at, kol eshi ghali bhal balad ella el insaan",
]
LATIN = re.compile(r"[A-Za-z]")


@pytest.mark.parametrize("text", WHOLE_ARABIZI)
def test_a_comment_written_in_arabizi_is_arabic(text: str) -> None:
    assert script_of(text) == "arabizi"
    assert detect_language(text) == "ar"


@pytest.mark.parametrize(
    "text",
    [
        "Great derby tonight, yalla Jordan, what a finish",
        "The minister says prices will fall by March, I doubt it",
        "Habibi this article is spot on about the rents in Amman",
    ],
)
def test_english_with_an_arabic_word_stays_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", WHOLE_ARABIZI)
def test_the_reading_has_no_latin_letters(text: str) -> None:
    assert not LATIN.search(arabic_reading(text))


def test_the_reading_keeps_numbers_that_are_numbers() -> None:
    reading = arabic_reading("el doctor kashfito 50 JD w 3al dawa 12")
    assert re.findall(r"\d+", reading) == ["50", "12"]


def test_the_reading_spells_words_an_arabic_article_uses() -> None:
    reading = arabic_reading("el bandora b dinar, bedna 7al ya wizaret el zira3a")
    for word in ("البندورا", "بدينار", "بدنا", "حل", "يا"):
        assert word in re.findall(r"\w+", reading), (word, reading)


def test_arabic_text_is_left_as_it_is() -> None:
    text = "البندورة صارت بدينار، وين الوزارة؟"
    assert arabic_reading(text) == text


ARTICLE = Article(id="a", title="البندورة بدينار", body="ارتفعت أسعار البندورة", language="ar")


@pytest.mark.parametrize(
    ("comment", "reads_arabic"),
    [
        (WHOLE_ARABIZI[0], True),
        ("البندورة صارت بدينار", False),
        ("Tomatoes at one dinar is crazy", False),
    ],
)
def test_only_an_arabizi_comment_is_compared_by_its_reading(
    comment: str, reads_arabic: bool
) -> None:
    ctx = Context(Submission(comment), ARTICLE)
    if reads_arabic:
        assert ctx.meaning_text == arabic_reading(comment)
        assert not LATIN.search(ctx.topic_text)
    else:
        assert ctx.meaning_text == comment
        assert ctx.topic_text == ctx.norm.text


def test_a_wedding_in_arabizi_is_not_an_insult():
    from model.normalize import normalize_text

    assert "عرص" not in normalize_text("bel 3rs ba3d el shabkeh bedna tanakit zeit")
    assert "عرص" in normalize_text("ya 3ars")


@pytest.mark.parametrize(
    ("arabizi", "arabic"),
    [("5allo", "خلو"), ("hassa", "هسا"), ("ghali", "غالي"), ("dinar", "دينار"),
     ("mashhoor", "مشهور"), ("elmadares", "المدارس"), ("el madares", "المدارس")],
)
def test_the_reading_writes_a_shadda_once_and_a_long_a_as_alef(arabizi, arabic) -> None:
    assert arabic_reading(arabizi) == arabic


@pytest.mark.parametrize(("raw", "expected"), [
    ("el maghareba kollhom", "el مغاربه كلهم"),
    ("el 3ra2iyeen", "el عراقيين"),
    ("el sa3oudiyeen", "el سعوديين"),
])
def test_more_peoples_in_arabizi_read_as_the_arabic_group_words(raw: str, expected: str) -> None:
    from model.normalize import normalize_text

    assert normalize_text(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("ibn 3am el modeer ra7 ya5od", "ابن 3am el modeer رح يخود"),  # "ra7" is no leet "rat"
    ("fi shita b kanoon", "fi شتا b kanoon"),  # winter, not "shit" + a
    ("bi3raf mawqe3 3eib", "بيعرف موقع عيب"),  # 3 beside e/i is ع
    ("thi3f garbag3 hypocrit3", "thief garbage hypocrite"),  # leet English stays English
    ("l33t s3x th3 w3ll gr3at", "leet sex the well great"),  # leet keeps its readings
    ("you r4t", "you rat"),
])
def test_arabizi_words_whose_leet_or_english_reading_is_an_insult_read_as_arabic(raw, expected):
    from model.normalize import normalize_text

    assert normalize_text(raw) == expected


def test_winter_and_the_future_particle_in_arabizi_are_no_insult():
    from model.verdict import Article, Context, Submission
    from service.policy.rules.offense import OffenseRules

    rules = OffenseRules()
    story = Article(id="gas", title="Gas cylinders", body="Queues for gas cylinders in Irbid.")
    for text in ("ya3ni ma kanat 3arfeh enno fi shita b kanoon??",
                 "ibn 3am el modeer ra7 ya5od motamayez min awwal yom"):
        assert rules(Context(Submission(text), story)).scores == {}
    assert rules(Context(Submission("ya rat"), story)).scores  # the English insult still counts

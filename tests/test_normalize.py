"""Behaviour of model.normalize: the normalisation shared by rule checks and classifiers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.normalize import (
    Normalized,
    Token,
    detect_language,
    normalize,
    normalize_text,
    script_of,
    tokenize,
)


def norm(text: str) -> str:
    return normalize(text).text


# --------------------------------------------------------------------------------------------
# Arabic orthography
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("مُحَمَّدٌ", "محمد"),  # harakat, shadda, tanween
        ("الرَّحْمٰن", "الرحمن"),  # superscript alef U+0670
        ("قُرْآنٌ ۖ", "قران"),  # Quranic mark U+06D6 dropped, madda alef folded
        ("جـــميل", "جميل"),  # tatweel
        ("أحمد إبراهيم آمن ٱلله", "احمد ابراهيم امن الله"),  # alef forms
        ("على مستشفى", "علي مستشفي"),  # alef maqsura
        ("مدرسة جميلة", "مدرسه جميله"),  # taa marbuta
        ("مسؤول رئيس", "مسوول رييس"),  # hamza on waw / yaa
        ("ا\u0654حمد", "احمد"),  # decomposed hamza above folds like the precomposed أ
        ("٢٠١٧ و ۱۲۳", "2017 و 123"),  # Arabic-Indic and extended digits
        ("ماذا؟ نعم، لا؛", "ماذا؟ نعم، لا؛"),  # Arabic punctuation kept
        ("ﻻ", "لا"),  # NFKC ligature
    ],
)
def test_arabic_orthography_is_folded(raw: str, expected: str) -> None:
    assert norm(raw) == expected


def test_ligature_expansion_maps_every_letter_to_the_ligature() -> None:
    n = normalize("xﻻy")
    assert n.text == "xلاy"
    assert n.offsets == (0, 1, 1, 2, 3)
    assert n.to_original(1, 2) == (1, 2)
    assert n.to_original(2, 3) == (1, 2)


# --------------------------------------------------------------------------------------------
# Repetition
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("غبيييي", "غبي"),
        ("حمااااار", "حمار"),
        ("هههههههه", "ه"),
        ("stuuupid", "stupid"),
        ("STUPIIIID", "stupid"),
        ("noooo way", "no way"),
        ("goooood", "god"),  # documented: 3+ collapse to one copy in Latin too
        ("ي\u064eي\u064eي", "ي"),  # repeats hidden behind diacritics
        ("غب\u200bيييي", "غبي"),  # repeats split by a zero-width space
    ],
)
def test_letters_repeated_three_times_or_more_are_squeezed(raw: str, expected: str) -> None:
    assert norm(raw) == expected


@pytest.mark.parametrize(
    "word", ["good", "book", "class", "assassination", "coffee", "الله", "ممل"]
)
def test_doubled_letters_are_kept(word: str) -> None:
    assert norm(word) == word


def test_squeezed_repeats_are_covered_by_the_span() -> None:
    n = normalize("يا غبيييي!")
    (_, token) = tokenize(n)
    assert token.text == "غبي"
    start, end = n.to_original(token.start, token.end)
    assert n.original[start:end] == "غبيييي"


# --------------------------------------------------------------------------------------------
# Separators inside words
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("i.d.i.o.t", "idiot"),
        ("i d i o t", "idiot"),
        ("I-D-I-O-T", "idiot"),
        ("i_d_i_o_t", "idiot"),
        ("you are an i  d  i  o  t", "you are an idiot"),
        ("ح-ق-ي-ر", "حقير"),
        ("ح.ق.ي.ر", "حقير"),
        ("ح ق ي ر", "حقير"),
        ("f*ck", "fck"),  # documented: `*` inside a word is deleted
        ("f**k this", "fk this"),
        ("sh*t", "sht"),
        ("ح*مار", "حمار"),
    ],
)
def test_separators_inside_words_are_removed(raw: str, expected: str) -> None:
    assert norm(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["1 2 3", "3.1.4", "1-2-3", "J. R. R. Tolkien", "a b", "*bold*", "2*3", "e.g. this", "x - y"],
)
def test_ordinary_separators_are_left_alone(raw: str) -> None:
    assert norm(raw) == raw.lower()


def test_joined_letters_span_covers_the_separators() -> None:
    n = normalize("what an i.d.i.o.t!")
    token = tokenize(n)[-1]
    assert token.text == "idiot"
    start, end = n.to_original(token.start, token.end)
    assert n.original[start:end] == "i.d.i.o.t"


# --------------------------------------------------------------------------------------------
# Leetspeak, homoglyphs, invisible characters
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("h3ll0", "hello"),
        ("1d10t", "idiot"),
        ("n00b", "noob"),
        ("l33t", "leet"),
        ("5h1t", "shit"),
        ("5hit", "shit"),
        ("5tupid", "stupid"),
        ("sh!t", "shit"),
        ("b@stard", "bastard"),
        ("a$$", "ass"),
        ("$hit", "shit"),
        ("gr3at", "great"),
        ("d3ad", "dead"),
        ("5ucks", "sucks"),
        ("st4r", "star"),
    ],
)
def test_leetspeak_in_latin_words_is_decoded(raw: str, expected: str) -> None:
    assert norm(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "wow!!!",
        "@user",
        "$100",
        "$5m",
        "mp3",
        "ps4",
        "4k",
        "1st",
        "90s",
        "covid19",
        "b2b",
        "h2o",
        "9am",
        "a4",
    ],
)
def test_codes_quantities_and_punctuation_are_not_leet(raw: str) -> None:
    assert norm(raw) == raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("idi\u043et", "idiot"),  # Cyrillic о
        ("\u0456d\u0456\u043et", "idiot"),  # Cyrillic і і о
        ("\u0406D\u0406\u041e\u0422", "idiot"),  # upper-case Cyrillic І І О Т
        ("st\u03c5pid", "stupid"),  # Greek υ
        ("\u0440\u0430\u0443\u0440\u0430l", "paypal"),  # all look-alikes plus one Latin letter
        ("привет", "привет"),  # a Russian word is not folded
        ("αβγ", "αβγ"),  # a Greek word is not folded
    ],
)
def test_latin_lookalikes_fold_in_latin_words(raw: str, expected: str) -> None:
    assert norm(raw) == expected


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",
        "\u200c",
        "\u200d",
        "\u200e",
        "\u200f",
        "\u202c",
        "\u2066",
        "\ufeff",
        "\u00ad",
        "\u061c",
    ],
)
def test_invisible_characters_inside_a_word_are_removed(invisible: str) -> None:
    assert norm(f"id{invisible}iot") == "idiot"
    assert norm(f"حق{invisible}ير") == "حقير"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("f.u.c.k.i.n.g i.d.i.o.t", "fucking idiot"),
        ("a f.u.c.k.i.n.g liar", "a fucking liar"),  # a one-letter word before the run
        ("حرامي و ح.م.ا.ر", "حرامي و حمار"),
        ("id\u0301iot", "idiot"),  # combining acute
        ("i\u0336d\u0336i\u0336o\u0336t\u0336", "idiot"),  # combining strike-through
        ("i😀d😀i😀o😀t", "idiot"),
        ("id🔥iot", "idiot"),
        ("حـ😀ـمار", "حمار"),
        ("idiot\ufe0f", "idiot"),  # variation selector
        ("id\U000e0041\U000e007fiot", "idiot"),  # tag characters
        ("\u202etoidi\u202c you", "idiot you"),  # right-to-left override reads reversed
        ("you \u202etoidi", "you idiot"),
        ("\u202eحمار\u202c", "حمار"),  # Arabic under an override reads as written
        ("good 😀 day", "good 😀 day"),  # emoji between words stay
    ],
)
def test_evasions_a_reader_sees_through_are_undone(text: str, expected: str) -> None:
    assert norm(text) == expected
    assert normalize(text).text == expected


def test_an_override_segment_maps_back_to_the_segment_a_reader_sees() -> None:
    text = "you are a \u202etoidi\u202c really"
    n = normalize(text)
    tok = next(t for t in tokenize(n) if t.text == "idiot")
    start, end = n.to_original(tok.start, tok.end)
    assert text[start:end] == "\u202etoidi\u202c"
    assert "idiot" in norm(text[start:end])


# --------------------------------------------------------------------------------------------
# Arabizi
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7mar", "حمار"),
        ("ya 7mar", "ya حمار"),
        ("7maaaar", "حمار"),
        ("kalb", "كلب"),
        ("KALB", "كلب"),
        ("7ayawan", "حيوان"),
        ("5ara", "خرا"),
        ("ya ibn el kalb", "ya ابن el كلب"),
        ("3ala", "علي"),
        ("7abibi", "حبيبي"),
        ("3arabi", "عربي"),  # dictionary
        ("ba3d", "بعد"),  # letter-by-letter scheme
        ("ma3", "مع"),
        ("7 m a r", "حمار"),  # separated letters, then Arabizi
        ("k4lb", "كلب"),  # leet reading that is an Arabizi word
        ("ya ghabyeh", "ya غبيه"),  # feminine and plural insults, spelled as readers do
        ("shwayet bahayem", "shwayet بهايم"),
        ("7aramiyeh", "حراميه"),  # not the letter reading حرمييه
        ("nassab w kazzab", "نصاب w كذاب"),
        ("el masriyeen kollhom", "el مصريين كلهم"),  # peoples and generalisers
    ],
)
def test_arabizi_words_are_transliterated(raw: str, expected: str) -> None:
    assert norm(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [("7mar", "7mar"), ("ya 3ala", "ya 3ala")])
def test_arabizi_off_keeps_latin_script_and_does_not_leet(raw: str, expected: str) -> None:
    assert normalize(raw, arabizi=False).text == expected
    assert normalize_text(raw, arabizi=False) == expected


def test_arabizi_span_points_at_the_latin_word() -> None:
    n = normalize("ya 7mar!")
    token = tokenize(n)[1]
    assert token.text == "حمار"
    start, end = n.to_original(token.start, token.end)
    assert n.original[start:end] == "7mar"


# --------------------------------------------------------------------------------------------
# Things that must not change
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["2017", "300", "3.5", "1,000", "0.07", "+966 555 1234"])
def test_numbers_are_untouched(number: str) -> None:
    assert norm(number) == number


@pytest.mark.parametrize(
    "text",
    [
        "good",
        "class",
        "assassination",
        "international coalition: 300 isis fighters might have fled from raqqa",
        "how did 300 fighters leave unnoticed?",
    ],
)
def test_english_words_keep_their_shape(text: str) -> None:
    assert norm(text) == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  ab\t\tcd \n ef  ", "ab cd ef"), ("x\u00a0y", "x y"), ("\u3000z\u2003", "z"), ("", "")],
)
def test_whitespace_is_collapsed_and_stripped(raw: str, expected: str) -> None:
    assert norm(raw) == expected


# --------------------------------------------------------------------------------------------
# Tokens, offsets, API details
# --------------------------------------------------------------------------------------------


def test_tokenize_returns_words_of_any_script() -> None:
    n = normalize("Hello, مرحبا! 2017 ok_go")
    assert tokenize(n) == [
        Token("hello", 0, 5),
        Token("مرحبا", 7, 12),
        Token("2017", 14, 18),
        Token("ok", 19, 21),
        Token("go", 22, 24),
    ]


def test_offsets_end_with_the_length_of_the_original() -> None:
    n = normalize("  Hi  ")
    assert n.text == "hi"
    assert n.offsets == (2, 3, 6)
    assert n.to_original(0, 2) == (2, 6)
    assert n.to_original(1, 1) == (3, 3)


@pytest.mark.parametrize(("start", "end"), [(-1, 1), (2, 1), (0, 99)])
def test_to_original_rejects_ranges_outside_the_text(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        normalize("abc").to_original(start, end)


def test_normalized_is_frozen() -> None:
    n = normalize("abc")
    assert isinstance(n, Normalized)
    with pytest.raises(AttributeError):
        n.text = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Script and language
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "script", "language"),
    [
        ("الله يحمي المدنيين", "ar", "ar"),
        ("How did 300 fighters leave unnoticed?", "en", "en"),
        ("ya 7mar enta", "arabizi", "ar"),
        ("inta mesh fahem shu 3am t2ool", "arabizi", "ar"),
        ("3ala ra2yak ya habibi", "arabizi", "ar"),
        ("great article, thanks", "en", "en"),
        ("h3ll0 fr1end", "en", "en"),
        ("hello world مرحبا بكم يا جماعة", "mixed", "ar"),
        ("this is true يا اخي", "mixed", "en"),
        ("Привет как дела", "other", "en"),
        ("", "other", "en"),
        ("12345 !!!", "other", "en"),
    ],
)
def test_script_and_language_detection(text: str, script: str, language: str) -> None:
    assert script_of(text) == script
    assert detect_language(text) == language


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_ALPHABET = (
    [chr(c) for c in range(0x0621, 0x064B)]  # Arabic letters
    + [chr(c) for c in range(0x064B, 0x0653)]  # harakat
    + ["\u0670", "\u0640", "\u06d6", "\u0654", "ﻻ", "ﷺ", "ى", "ة", "ؤ", "ئ", "،", "؟"]
    + list("٠١٢٣٤٥٦٧٨٩۴0123456789")
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff", "\u00ad"]
    + list("abcdefghijklmnopqrstuvwxyzAEIOSTX")
    + list("аеорсуіοαν")  # Cyrillic / Greek look-alikes
    + list(" \t\n\u00a0.-_~·*@$!,?'\"()")
    + ["ß", "ﬁ", "½", "é", "\u0301", "İ"]
)
_biased = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=40)
_word_soup = st.lists(
    st.sampled_from(
        ["7mar", "kalb", "ya", "i", "d", "o", "t", "ح", "ق", "h3ll0", "sh!t", "$", "@", "*", "1"]
        + ["a", "غبييي", "2017", "5ara", "3ala", "f*ck", "idiоt", "ـ", "\u200b", "."]
    ),
    max_size=12,
).map(
    lambda parts: "".join(p + s for p, s in zip(parts, [" ", "", ".", "-", "  "] * 3, strict=False))
)
_texts = st.one_of(st.text(max_size=60), _biased, _word_soup)
_fast = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_fast
@given(_texts)
def test_offsets_are_monotonic_and_in_bounds(text: str) -> None:
    n = normalize(text)
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(text)
    assert all(0 <= o <= len(text) for o in n.offsets)
    if "\u202e" not in text:  # a right-to-left override segment maps back in reverse, by design
        assert all(a <= b for a, b in zip(n.offsets, n.offsets[1:], strict=False))
    assert all(o < len(text) for o in n.offsets[:-1])


@_fast
@given(_texts)
def test_token_spans_renormalise_to_a_text_containing_the_token(text: str) -> None:
    # The strongest property that holds: the source range of every token is non-empty,
    # within bounds, covers the source of each of its characters, and normalising that
    # slice on its own reproduces the token.
    n = normalize(text)
    for token in tokenize(n):
        start, end = n.to_original(token.start, token.end)
        assert 0 <= start < end <= len(text)
        assert all(start <= n.offsets[i] < end for i in range(token.start, token.end))
        if "\u202e" not in text:  # a reversed segment's slice reads forwards on its own
            assert token.text in normalize(text[start:end]).text


@_fast
@given(_texts)
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert normalize_text(once, arabizi=False) == normalize_text(once, arabizi=False)


@_fast
@given(_texts, st.booleans())
def test_fast_path_matches_offset_path(text: str, arabizi: bool) -> None:
    assert normalize(text, arabizi=arabizi).text == normalize_text(text, arabizi=arabizi)


@_fast
@given(_texts)
def test_idempotent_without_arabizi(text: str) -> None:
    once = normalize_text(text, arabizi=False)
    assert normalize_text(once, arabizi=False) == once


def test_character_map_is_idempotent_over_the_bmp() -> None:
    # Every single BMP character (surrogates excluded) normalises to a fixed point.
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        once = normalize_text(chr(cp))
        assert normalize_text(once) == once, hex(cp)


@pytest.mark.parametrize(
    "text",
    [
        "تواصل معنا واتساب https://www.example-shop-online.com/offers/today",
        "شاهد الفيديو www.youtube.com/watch?v=abcdefghijk",
        "الرئيس Donald Trump قال",
        "راسلني على someone.long.name@example.com",
    ],
)
def test_links_and_latin_names_do_not_make_arabic_english(text):
    assert detect_language(text) == "ar"

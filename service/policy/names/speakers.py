"""A news story's speakers, named in full once and by family name after a reporting verb.

Arabic news introduces a speaker once with the office and the full name and then writes the
family name alone after the verb ("... اللواء المتقاعد سالم الجندي إن ..." then "وأضاف الجندي
أن ...").  A definite word right after a reporting verb may be anything ("وقالت الوزارة"), so it
names a person only where the story also writes it after a given name.
"""

from __future__ import annotations

from collections.abc import Iterator

from .finder import Tokens
from .lexicons import ARABIC, family_shaped, is_given, lexicons, nisba_shaped

# "وقال <office> <given> <family> إن ...": the verbs that report a speaker's words.  Verbs that
# are also nouns ("بين" between, "كشف" a list) are left out.
SPEECH_VERBS = frozenset(
    f"{c}{v}" for c in ("", "و")
    for v in ("قال", "قالت", "اضاف", "اضافت", "اكد", "اكدت", "اوضح", "اوضحت", "افاد", "افادت",
              "صرح", "صرحت", "اشار", "اشارت", "لفت", "لفتت")
)  # fmt: skip
# Before a family name alone, more verbs report a speaker; those that are nouns too ("طالب" a
# student, "تابع" a follower, "حذر" caution) only with the conjunction news prose puts on them.
_REPORTING = SPEECH_VERBS | frozenset(
    ["وحذر", "وحذرت", "حذرت", "وطالب", "وطالبت", "ودعا", "ودعت", "وتابع", "وتابعت", "وشدد",
     "وشددت", "واعتبر", "واعتبرت", "ووصف", "ووصفت", "وختم", "وختمت", "وبين", "وبينت"]
)  # fmt: skip
# "الناطق باسم الوزارة": after a spokesman باسم is "on behalf of", not Basem (the speech-verb
# harvest in :mod:`.articles` took "باسم الوزارة" for a speaker); "باسم الخطيب" elsewhere is.
_SPOKESMEN = frozenset({"الناطق", "ناطق", "ناطقا", "المتحدث", "متحدث", "متحدثا"})
# "ومع عودة الخوالدة" is the family's return: a preposition before an everyday given name.
_BEFORE_A_NOUN = frozenset(
    f"{c}{w}" for c in ("", "و") for w in ("مع", "بعد", "قبل", "بفضل", "رغم", "منذ", "حتى")
)


def on_behalf(texts: list[str], i: int) -> bool:
    """Whether token ``i`` is "باسم" after a spokesman ("الناطق باسم الوزارة")."""
    return texts[i] == "باسم" and i > 0 and texts[i - 1] in _SPOKESMEN
_MIN_LETTERS = 5  # the article and three letters: "ال" + a short word is an everyday one


def reported_surnames(tok: Tokens) -> frozenset[str]:
    """Definite words right after a reporting verb ("وحذّر السرحان"): candidates only."""
    lex = lexicons()
    texts = tok.texts
    return frozenset(
        word for i, word in enumerate(texts[1:], 1)
        if texts[i - 1] in _REPORTING and tok.adjacent(i) and word.startswith("ال")
        and len(word) >= _MIN_LETTERS and word not in lex["stopwords"]
        and word not in lex["not_persons"] and word not in lex["times"]
        and word not in lex["modifiers"] and word not in lex["construct_heads"]
    )


def named_speakers(tok: Tokens, surnames: frozenset[str]) -> Iterator[tuple[int, int]]:
    """(given, family) token ranges: a given name before one of the story's reported family
    names.  A given name that is also an everyday word counts only before a family name of a
    family's or a nisba's shape: "عودة الطلاب", "قائد الجيش", "نجاح المؤتمر" are a return, a
    commander and a success where the story goes on "وطالب الطلاب", "وأكد الجيش"."""
    texts = tok.texts
    for i, word in enumerate(texts[1:], 1):
        given = texts[i - 1]
        if not (word in surnames and tok.adjacent(i) and ARABIC.match(given)
                and not on_behalf(texts, i - 1)):
            continue
        if is_given(given, strict=True) or (
                is_given(given) and (family_shaped(word) or nisba_shaped(word))
                and not (i > 1 and texts[i - 2] in _BEFORE_A_NOUN)):
            yield i - 1, i + 1

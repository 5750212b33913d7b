"""Names inside place and institution names: "مستشفى الأمير حمزة", "King Hussein Business Park".

Streets, hospitals, airports, bridges and parks of the region are named after royals and
statesmen; saying where one was is not naming the personality.  A mention is part of such a name
when an institution head word (``data/institutions.tsv``) stands

* before it, directly or with the mention's own title between (Arabic construct state:
  "مطار الملكة علياء", "بضاحية الامير حسن", "عشارع وصفي التل"; English place prefixes:
  "Wadi Musa", "Jabal Amman");
* or after it (English), directly or after up to :data:`MAX_DESCRIPTORS` capitalised words or
  descriptors ("Queen Alia International Airport", "King Abdullah University Hospital",
  "King Abdullah II Park", "Queen Alia airport road").

The story's own such place may be said short, without its head word: "three weeks at Princess
Badea" under a story that names "Princess Badea Teaching Hospital" (:func:`said_short`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from service.core import Span

from .lexicons import (
    INSTITUTIONS_PATH,
    LATIN,
    adjacent,
    is_given,
    lexicons,
    norm_tokens,
    norm_words,
    read_tsv,
    variants,
)
from .titles import Cues

MAX_DESCRIPTORS = 3
_DESCRIPTORS = (
    "international university business medical military sports sport industrial specialist "
    "specialty teaching general public national royal memorial children women cancer heart "
    "youth technology technical development science housing economic free zone city cultural "
    "culture arts islamic hashemite private governmental government new old main ring "
    "highway street road north south east west northern southern eastern western central "
    "grand great secondary primary high"
)
# Honorifics that sit between a place head and a royal's title ("مدينة جلالة الملك ..."), and
# the epithets after the title ("مستشفى الملك المؤسس عبدالله الجامعي", "الملك الراحل").
_HONORIFICS = "جلاله سمو صاحب المؤسس الراحل الباني المغفور"


@lru_cache(maxsize=1)
def institution_heads() -> dict[str, frozenset[str]]:
    """Head words by position: ``before`` the name or ``after`` it."""
    out: dict[str, set[str]] = {"before": set(), "after": set()}
    for row in read_tsv(INSTITUTIONS_PATH):
        position = row.get("position", "")
        if position in out and row.get("word"):
            out[position] |= norm_words(row["word"])
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _descriptors() -> frozenset[str]:
    return norm_words(_DESCRIPTORS)


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return norm_words(_HONORIFICS)


# Proclitics a short head (سد، حي، بير، تل) may take: "كبير" is "big", not "like a well".
_SHORT_HEAD_CLITICS = frozenset({"و", "ب", "ل", "ع", "ول", "وب"})
SHORT_HEAD = 3


def _stems(token: str) -> set[str]:
    """A token's stems without proclitics, also without the dialect ع of على ("عشارع") unless
    the token is a given name.

    Only indefinite forms: the head of a construct never takes the article, and a definite
    noun before a title is something else ("رئيس اللجنة النائب X": the committee's chair).
    """
    out: set[str] = set()
    for cut_word, pre in ((token, ""), (token[1:], "ع")):
        if pre and not (token.startswith("ع") and len(token) > 3):
            continue
        if pre and is_given(token):
            continue  # "عبير" is the name Abeer, not "on a well" (ع + بير)
        for stem, cut in variants(cut_word):
            clitic = pre + cut_word[:cut]
            if "ال" in clitic or clitic.endswith("لل") or stem.startswith("ال"):
                continue
            if len(stem) > SHORT_HEAD or not clitic or clitic in _SHORT_HEAD_CLITICS:
                out.add(stem)
    return out


def is_head_before(token: str) -> bool:
    """Whether a token is a head word that comes before the name (clitics allowed)."""
    return bool(_stems(token) & institution_heads()["before"])


def is_head_after(token: str) -> bool:
    """Whether a token is a head word that follows the name."""
    return token in institution_heads()["after"]


@lru_cache(maxsize=1)
def landmarks() -> tuple[tuple[str, ...], ...]:
    """Whole names that are places or clubs with no head word (``position`` ``whole``)."""
    return tuple(norm_tokens(row["word"]) for row in read_tsv(INSTITUTIONS_PATH)
                 if row.get("position") == "whole" and row.get("word"))


def _in_landmark(texts: Sequence[str], first: int, last: int) -> bool:
    # The landmark holds the whole mention, or its first word when only a place's descriptors
    # follow: "Queen Alia International" is found as "Alia International" after the title
    # ("Queen Alia Al Hussein" is the queen).
    for mark in landmarks():
        n = len(mark)
        for s in range(max(0, min(last, first + 1) - n), first + 1):
            past = texts[s + n : last]
            if not all(t in _descriptors() or is_head_after(t) for t in past):
                continue
            if s + n > first and s + n <= len(texts) and (
                tuple(texts[s : s + n]) == mark
                or (_unprefixed(texts[s]), *texts[s + 1 : s + n]) == mark
            ):
                return True
    return False


def _unprefixed(token: str) -> str:
    """An Arabic word without a joined و/ل/ب/ف ("والحسين", "لصالح"... "لالحسين" aside)."""
    if len(token) > 4 and token[0] in "ولبف" and token[1:3] == "ال":
        return token[1:]
    if len(token) > 5 and token[:2] == "لل":
        return "ال" + token[2:]
    return token


_COPULAS = frozenset({"هو", "هي", "هوه", "هيه"})
_SUPERLATIVE = re.compile(r"ا[\u0621-\u064a]{3}")  # أفعل, normalised: اقرب، اكبر، ابعد


def in_institution(
    texts: Sequence[str],
    spans: Sequence[Span],
    original: str,
    first: int,
    last: int,
    titles: Cues,
) -> bool:
    """Whether tokens ``[first, last)`` are part of a place or institution name."""
    if _in_landmark(texts, first, last):
        return True
    # The mention's own title may sit between the head and the name ("مطار الملكة علياء").
    j = titled_start(texts, first, titles)
    if j > 0 and is_head_before(texts[j - 1]) and adjacent(original, spans, texts, j):
        return True
    # "أقرب مستشفى هو الأمير زيد بن الحسين": a superlative, the head, a copula, then the place's
    # own name; not an office before the head ("أحسن مدير مدرسة هو الأستاذ ...") nor a verb
    # ("اللي افتتح مستشفى هو الأمير ...")
    if (j > 2 and texts[j - 1] in _COPULAS and is_head_before(texts[j - 2])
            and _SUPERLATIVE.fullmatch(texts[j - 3])
            and adjacent(original, spans, texts, j) and adjacent(original, spans, texts, j - 1)):
        return True
    if any(is_head_before(texts[k]) for k in range(first, min(last, len(texts)) - 1)):
        return True  # a head inside a span ("Wadi Musa" found whole)
    if any(is_head_after(texts[k]) for k in range(first + 1, min(last, len(texts)))):
        return True  # "Jerash Festival" found whole
    lex = lexicons()
    k, skipped = last, 0
    while k < len(texts) and skipped <= MAX_DESCRIPTORS and adjacent(original, spans, texts, k):
        tok = texts[k]
        if is_head_after(tok):
            return True
        raw = original[spans[k].start : spans[k].end]
        capitalised = bool(LATIN.match(tok)) and raw[:1].isupper()
        if tok in _descriptors() or tok in lex["ordinals"] or capitalised:
            k += 1
            skipped += 1
            continue
        break
    return False


# Where a reader is: the preposition before a place said short ("at Princess Badea", "بقينا
# عند الأميرة بديعة").  Not "to", "from" or على: "thanks to Princess Badea", "a gift from",
# "الله يرضى على الأميرة" speak of the person; nor "in" after a word of belief ("faith in").
_AT = frozenset(["at", "in", "into", "inside", "outside", "near", "في", "عند", "جنب", "قرب",
                 "جوا"])
# Before the preposition: a word of belief, opinion, love, talk, mockery or anger ("faith in",
# "رايكم في", "حكينا كتير في", "laughing at", "الطعن في"); after the name: what is the person's,
# not the place's ("in King Hussein days", "in Prince Hamzah case", "in Princess Badea memory").
_ABOUT = frozenset(["faith", "trust", "believe", "believed", "confidence", "hope", "love",
                    "laugh", "laughing", "laughed", "angry", "mad", "furious", "look", "looking",
                    "looked", "stare", "staring", "shame", "insult", "yell", "yelling", "shouting",
                    "ثقه", "ثقتي", "ثقتنا", "رايي", "رايك", "رايكم", "رايه", "ايماني", "امل",
                    "املنا", "حب", "الحب", "حبي", "حكى", "حكينا", "بنحكي", "بحكي", "صار", "كتير",
                    "كثير", "طعن", "الطعن", "تشكيك", "التشكيك", "هجوم", "الهجوم", "مسخره",
                    "تطاول", "التطاول", "غلط", "الغلط", "فخور", "فخورين", "نفتخر", "معجب",
                    "معجبين", "نثق", "واثق", "واثقين", "نومن", "مومن", "دخل"])
_HIS = frozenset(["case", "affair", "story", "trial", "days", "time", "era", "reign", "speech",
                  "name", "memory", "honour", "honor", "family", "we", "قضيه", "قصه", "وقصته",
                  "قصته", "ايام", "زمن", "عهد", "خطاب", "ذكرى", "اسم", "عيله", "عائله"])


def titled_start(texts: Sequence[str], first: int, titles: Cues) -> int:
    """Where a name's titles and honorifics begin ("Princess" of "Princess Badea")."""
    j = first
    while j > 0 and (titles.head_of(texts[j - 1]) or texts[j - 1] in _honorifics()):
        j -= 1
    return j


def said_short(texts: Sequence[str], first: int, last: int, lead: int, titles: Cues,
               places: frozenset[str]) -> bool:
    """Whether a mention is the story's place said short: its title and name are those of a
    place or institution the article names ("Princess Badea" of "Princess Badea Teaching
    Hospital"), and a preposition of being stands before them ("three weeks at Princess
    Badea").  A figure who acts ("Princess Badea visited"), is thanked ("thanks to Princess
    Badea"), believed in, loved, mocked or talked about ("faith in", "laughing at", "رايكم في"),
    whose days, case or memory follow, or another title with the name ("MP Hamzah" beside
    "Prince Hamzah Hospital") is no such place."""
    if not places or (last < len(texts) and texts[last] in ("s", *_HIS)):
        return False  # "in Princess Badea's name", "in King Hussein days": the person's
    j = titled_start(texts, lead if 0 <= lead < first else first, titles)
    said = " ".join(texts[j:last])
    # either may run on: the place's descriptor ("princess badea teaching"), or a next word the
    # name finder took for a family name ("في الأمير حمزة الدكاترة ممتازين")
    if last - j < 2 or not any(p == said or p.startswith(said + " ") or said.startswith(p + " ")
                               for p in places):
        return False
    # Not ب written on the title ("بالأمير حمزة"): it follows pride, trust and admiration
    # ("فخورين بالأمير", "نثق بالأمير") as often as a stay at the hospital.
    return j > 0 and texts[j - 1] in _AT and not (j > 1 and texts[j - 2] in _ABOUT)

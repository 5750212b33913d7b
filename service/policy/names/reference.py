"""Who a name in a comment refers to: the writer's kin, the writer, or someone addressed.

Split out of :mod:`.check`: a name after "ابني", "my late father" or a kunya of a relative
("جارنا ابو خالد العتوم") is a private person; "انا اسمي X" is the writer; a given name spoken
to with praise ("الله يحفظك يا زيد", "congrats Yazan") is the story's person, and an Arabizi or
English spelling of the story's given name counts (:func:`across_scripts`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from .lexicons import ARABIC, LATIN, common_given_names, is_given, lexicons, norm_words, variants
from .phonetic import final_vowel, skeleton

# "انا اسمي X", "I'm X", "my name is X": the commenter introducing themselves.
_SELF_AR = "انا اسمي معك اخوكم اختكم"
_SELF_EN = "i'm im name"


@lru_cache(maxsize=1)
def self_words() -> frozenset[str]:
    """Words with which the writer introduces himself ("انا اسمي", "I'm"), normalised."""
    return norm_words(_SELF_AR) | norm_words(_SELF_EN)


ARABIZI_VOCATIVE = frozenset(["ya", "yaa"])
_VOCATIVE = ARABIZI_VOCATIVE | {"يا"}
# Said right before the name cheered: "congrats Yazan", "مبروك ركان".
_CHEERS = frozenset(["congrats", "congratulations", "bravo", "mabrouk", "mabrook", "مبروك",
                     "برافو"])
# Praise and blessing said to the person addressed ("الله يحفظك يا زيد", "Yazan you legend"):
# what makes a bare given name the story's champion, not another reader or the writer's son.
# Not "يرحم": a prayer for the dead names the story's victim, a private person.
_PRAISE = (
    "يحفظك", "يوفقك", "يعطيك العافيه", "مبروك", "تستاهل", "رفعت راس", "رفعتلنا راس",
    "فخر", "legend", "champ", "champion", "hero", "proud of you", "well done", "congrats",
    "congratulations", "bravo", "mabrouk",
    # "عفاك" ("well done") and Arabizi as the normaliser reads it: "3afak" -> عفك,
    # "ya3teek el 3afye" -> يعتيك, "allah ye7fazak" -> يحفزك
    "عفاك", "عافاك", "عفك", "يعتيك", "يحفزك",
    # said to a woman: "يعطيكي العافية", "الله يحفظكي"
    "يعطيكي العافيه", "يحفظكي", "يوفقكي", "تستاهلي",
    "برافو", "mabrook",
)
# "batal" and "بطل"/"بطلة" ("hero") whole: "batala" is unemployment, "batalna" and "بطلت"
# "we/I stopped".
_PRAISE_RE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _PRAISE))
                        + r"|batal(?!\w)|بطله?(?!\w))")
# A reply to another reader ("تعليقك", "كلامك", "قصدك", "انت غلطان", "your comment") is not to
# the story's person, nor is a relative in Arabizi, which the kin lists (:func:`kin`) do not
# spell; as the normaliser leaves them ("5ayi" -> خيي, "ta3le2ak" -> تعلءك, "2asdak" -> ءسدك).
_NOT_THE_STORYS = re.compile(
    r"(?<!\w)(?:[وبلف]{0,2}تعليق(?:ك|اتك)|علقت|كلامك|ردك|قصدك|your comment"
    r"|you wrote|@|ibni|ebni|binti|bnti|benti|bint|khayi|akhoy|ukhti|خيي|تعلءك|تعليءك"
    r"|kalamak|ءسدك|ءصدك|(?:غلطان|ghaltan)(?!\w)|ما فهمت|ma fhemt|حبيبتي|habibti)"
)


# Not "dear" or "old", said in respect of figures too ("our dear brother Nidal ...").
_KIN_ADJECTIVES = frozenset(["great", "late", "elderly", "older", "younger", "little", "eldest",
                             "youngest", "grand"])


def kin(texts: list[str], k: int) -> bool:
    """Whether token ``k`` names the writer's own kin or friend: "ابني", "وجاري", "my son"."""
    lex = lexicons()
    if any(stem in lex["kin_ar"] for stem, _ in variants(texts[k])):
        return True
    if texts[k] not in lex["kin_en"] or k < 1:
        return False
    # "my late father", "my great-uncle", "our elderly neighbour"
    j = k - 2 if k >= 2 and texts[k - 1] in _KIN_ADJECTIVES else k - 1
    return texts[j] in ("my", "our")


def praised(texts: list[str], norm: str) -> bool:
    """Whether a comment praises or blesses someone, naming no relative and answering no
    other reader ("الله يحفظك", "legend"; not "يا زيد يا ابني", "Hatem my son", "your
    comment")."""
    return (bool(_PRAISE_RE.search(norm)) and not _NOT_THE_STORYS.search(norm)
            and not any(kin(texts, k) for k in range(len(texts))))


def addressed(texts: list[str], i: int) -> bool:
    """Whether token ``i`` is a name spoken to or cheered: "يا زيد", "Yazan you ...",
    "congrats Yazan"; the caller checks the comment praises (:func:`praised`)."""
    before = texts[i - 1] if i else ""
    if before in _VOCATIVE or before in _CHEERS:
        return True
    if i >= 2 and (texts[i - 2], before) in (("well", "done"), ("proud", "of")):
        return True
    return i == 0 and bool(LATIN.match(texts[i])) and len(texts) > 1 and texts[1] in ("you", "u")


# What may follow an Arabizi name that closes a call: another call, "3ala" (for), "w" (and).
# Not a noun it opens: "ya noor 3aini", "ya amal el umma" are phrases, the name a word.
_AFTER_CALL = frozenset(["ya", "yaa", "3ala", "3la", "w", "wa"])
_CALL_END = re.compile(r"[^\w\s]")  # punctuation or an emoji between the name and what follows
_LORD = frozenset(["rab", "rabb", "rabbi", "يارب", "رب"])


def closes_call(texts: list[str], i: int, gap: str) -> bool:
    """Whether the Arabizi name at token ``i``, after "ya", ends the call ("bravo ya mazen,",
    "ya mazen w allah ykatter") rather than opening a phrase ("ya noor 3aini", "ya hala ya
    hala", "ya rab ya kareem"); ``gap`` is the original text between it and the next token."""
    if texts.count(texts[i]) > 1 or any(w in _LORD for w in texts[max(0, i - 3) : i + 4]):
        return False
    if i + 1 == len(texts) or _CALL_END.search(gap):
        return True
    return texts[i + 1] in _AFTER_CALL or bool(_PRAISE_RE.match(texts[i + 1]))


def plain_given(word: str) -> bool:
    """A given name that is no everyday word (not كريم، نور، امل) and not one of the commonest."""
    return is_given(word, strict=True) and word not in common_given_names()


def across_scripts(word: str, given: Mapping[str, str], shortest: int = 3) -> bool:
    """Whether a word spells the story's given name in the other script (skeleton and final
    vowel: "يزن" for an English story's "Yazan", an Arabizi "Nidal" for an Arabic story's
    "نضال"), neither an everyday word nor among the commonest; a skeleton of ``shortest``
    consonants at least (two only where a title vouches for the name: "الدكتورة رشا")."""
    if not plain_given(word):
        return False
    script = LATIN if ARABIC.match(word) else ARABIC if LATIN.match(word) else None
    key = skeleton(word)
    return script is not None and len(key) >= shortest and any(
        script.match(name) and skeleton(name) == key and final_vowel(name) == final_vowel(word)
        and plain_given(name)
        for name in given
    )

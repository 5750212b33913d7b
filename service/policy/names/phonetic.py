"""Consonant skeletons: one key for a name in Arabic script, Latin script and Arabizi.

The normaliser (:mod:`model.normalize`) already turns Arabizi words with digits into Arabic
letters ("na2eb" -> نءب), but leaves digit-free Latin words ("Tarawneh", "Zyoud") as they are,
and its letter-by-letter reading keeps the emphatic/plain distinction Latin spellings lose (ط/ت,
ص/س, ق/ك).  Matching a commenter's "el Tarawneh" to the article's "الطراونة" therefore needs a
coarser key: both spellings are reduced to their consonants, with letters that Latin writes
alike folded together and vowels (including و/ي and w/y after the first letter, and a final
ه/h) dropped.  "الطراونه" -> t r n, "Tarawneh" -> t r n; "الزيود" -> z d, "Zyoud" -> z d.
"""

from __future__ import annotations

from .lexicons import ARABIC, LATIN

_AR_CLASSES = {
    "ب": "b", "ت": "t", "ط": "t", "ث": "t", "ج": "j", "ح": "h", "ه": "h", "خ": "k", "د": "d",
    "ض": "d", "ذ": "d", "ظ": "z", "ز": "z", "ر": "r", "س": "s", "ص": "s", "ش": "S", "غ": "g",
    "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "و": "w", "ي": "y", "ا": "",
    "ع": "", "ء": "", "ى": "",
}  # fmt: skip
_LAT_DIGRAPHS = {"sh": "S", "ch": "S", "kh": "k", "gh": "g", "th": "t", "dh": "d", "ph": "f"}
_LAT_CLASSES = {
    "b": "b", "p": "b", "t": "t", "j": "j", "g": "j", "h": "h", "d": "d", "z": "z", "r": "r",
    "s": "s", "f": "f", "v": "f", "q": "k", "k": "k", "c": "k", "l": "l", "m": "m", "n": "n",
    "w": "w", "y": "y", "x": "ks", "2": "", "3": "", "5": "k", "6": "t", "7": "h", "8": "g",
    "9": "k", "a": "", "e": "", "i": "", "o": "", "u": "",
}  # fmt: skip


def _squash(classes: list[str]) -> str:
    """Drop semivowels after the first letter and a final h, then merge doubled letters."""
    if classes and classes[-1] == "h":
        classes = classes[:-1]
    kept = [c for n, c in enumerate(classes) if c and (n == 0 or c not in ("w", "y"))]
    out: list[str] = []
    for c in kept:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def skeleton(token: str) -> str:
    """The consonant key of one normalised word ("" when it has no letters of either script)."""
    if not (ARABIC.match(token) or LATIN.match(token)):
        return ""
    return _squash(_classes(token))


def _classes(token: str) -> list[str]:
    """Letter classes of a word, one per letter (a Latin digraph is one), vowels as ""."""
    if ARABIC.match(token):
        stem = token[2:] if token.startswith("ال") and len(token) > 4 else token
        return [_AR_CLASSES.get(ch, "") for ch in stem]
    word, out, i = token.lower(), [], 0
    while i < len(word):
        two = word[i : i + 2]
        if two in _LAT_DIGRAPHS:
            out.append(_LAT_DIGRAPHS[two])
            i += 2
        else:
            out.append(_LAT_CLASSES.get(word[i], ""))
            i += 1
    return out


def spelled_apart(token: str) -> int:
    """How many consonants a word spells, a letter repeated across a vowel counted twice.

    The skeleton merges "qarar" (قرار, a decision) to k r, as short as "Akour" (العكور); the
    spelling keeps the second r apart (and "Haddad" as حداد: h d d), so two-consonant keys
    are compared by this count too.  The scripts disagree where Arabic writes a letter twice
    with no long vowel between (مدد 2, "madad" 3): such a name is not matched across scripts.
    """
    classes = _classes(token)
    if len(classes) > 1 and classes[-1] == "h":
        classes = classes[:-1]
    count, prev = 0, ""
    for n, c in enumerate(classes):
        if not c or (n > 0 and c in ("w", "y")):
            prev = ""  # a vowel or a long vowel keeps the letters on either side apart
            continue
        if c != prev:
            count += 1
        prev = c
    return count


def arabizi_keys(reading: str) -> tuple[str, ...]:
    """The skeletons an Arabizi word's Arabic reading may stand for."""
    # The normaliser reads the digit 2 as a hamza, but Jordanian Arabizi writes the dialect's
    # glottal qaf with it too ("sha2ran" for الشقران), so a reading with a hamza also keys as ق.
    keys = [skeleton(reading)]
    if "ء" in reading:
        keys.append(skeleton(reading.replace("ء", "ق")))
    return tuple(dict.fromkeys(k for k in keys if k))


def final_vowel(token: str) -> str:
    """The final vowel a spelling shows: "i" (a nisba: المعاني, "Maani"), "a" (ة, "-eh") or ""."""
    if ARABIC.match(token):
        return "i" if token.endswith("ي") else "a" if token.endswith(("ه", "ة", "ا", "ى")) else ""
    word = token.lower()
    if word.endswith(("i", "y", "ee", "ie")):
        return "i"
    return "a" if word.endswith(("a", "ah", "eh", "e")) else ""


def endings_agree(token: str, name: str) -> bool:
    """Whether two spellings do not show different final vowels.

    The skeleton drops vowels, so "shabkeh" (شبكة, an engagement ring) and the family name
    "الشوبكي" share one; a nisba's "-i" against a "-eh" is two words, not two spellings.
    """
    a, b = final_vowel(token), final_vowel(name)
    return not (a and b and a != b)


def crosses_script(token: str, name: str) -> bool:
    """Whether a comment's Latin word is compared with an Arabic name (the only direction used).

    Arabic words read as Latin names collide with common words too often ("قسم" section and
    "Qasem"), so an Arabic comment on an English article is matched by spelling only.
    """
    return bool(LATIN.match(token)) and bool(ARABIC.match(name))


def definite_for_latin(token: str, name: str) -> bool:
    """Whether an Arabic definite word may spell an English story's name of its skeleton.

    "الخريسات" is "Khreisat"; "المغرب" is not "Mughrabi" (another final vowel), nor a sound plural
    ("العسكريين", "المتعثرين") a name ending otherwise ("Sakarneh", "Matarneh").
    """
    if not (token.startswith("ال") and ARABIC.match(token) and LATIN.match(name)):
        return False
    if final_vowel(token) != final_vowel(name):
        return False
    low = name.lower()
    if token.endswith(("ين", "ون")) and not low.endswith(("in", "een", "ine", "oon", "un")):
        return False
    return not (token.endswith("ات") and not low.endswith(("at", "aat")))

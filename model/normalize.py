"""Text normalisation shared by Raqib's rule checks and its scikit-learn classifiers.

Two entry points produce the same text:

* :func:`normalize` returns a :class:`Normalized` that keeps an offset map, so evidence spans
  found in the normalised text can be mapped back onto the comment as it was submitted;
* :func:`normalize_text` returns only the string and is the fast path the classifiers call for
  every comment.

Pipeline (one *pass*; every step keeps the offset map exact)
-------------------------------------------------------------
1-3, 9 (character map, context free, one source character at a time):
    NFKC of the single character (a ligature such as U+FEFB expands to two letters that both
    point at the ligature); removal of zero-width and bidi controls (ZWSP, ZWNJ, ZWJ, LRM, RLM,
    LRE..RLO, LRI..PDI, word joiner, BOM, soft hyphen, Arabic letter mark); ``casefold``;
    Arabic: harakat U+064B-U+065F (the harakat proper U+064B-U+0652 plus the combining maddah
    and hamza marks, so a decomposed أ becomes ا just like the precomposed one), superscript
    alef U+0670, the small high marks U+0610-U+061A, Quranic marks U+06D6-U+06ED, the
    extended marks U+08D3-U+08FF and tatweel U+0640 are removed; أ إ آ ٱ ٲ ٳ -> ا, ى -> ي,
    ة -> ه, ؤ -> و and ئ -> ي (hamza seats fold to the bare seat letter, matching how the
    words are commonly typed without hamza), Persian ک/ی -> ك/ي, Arabic-Indic and extended
    Arabic-Indic digits -> 0-9.  The map is iterated per character to a fixed point, so
    its output is stable under a second application.
Symbols inside words (step 5 for symbols, step 6 for ``*``):
    ``*`` runs between two letters/digits are deleted when a neighbouring word contains a
    letter (``f*ck`` -> ``fck``, ``f**k`` -> ``fk``, ``ح*مار`` -> ``حمار``; ``2*3`` is kept).
    We delete instead of keeping a wildcard so that one lexicon entry per masked spelling
    (``fck``, ``sht``) suffices and the normalised text stays a plain string.
    ``@`` -> ``a`` and ``!`` -> ``i`` when the single symbol sits between two Latin
    letters/digits (or Latin look-alikes) and a neighbouring word contains a Latin letter
    (``b@stard``, ``sh!t``; ``wow!!!`` and ``@user`` are kept; e-mail addresses do get
    rewritten, which is harmless because spans always point into the original).
    A ``$`` run -> ``s`` when it touches a Latin letter and no digit (``$hit``, ``a$$``;
    ``$100`` and ``$5m`` are kept).
Word steps (a *word* is a maximal run of letters/digits, ``[^\\W_]+``):
    4. Homoglyphs: Cyrillic/Greek letters that look like Latin ones (а е о р с у х і ј ѕ ԁ
       һ ο α ν ...) fold to Latin when the word has an ASCII letter and Latin letters plus
       look-alikes outnumber the other letters two to one (``idiоt``, ``ІDІОТ``); Russian or
       Greek words are left alone.
    7. Letters repeated 3+ times are squeezed to one copy, in every script (``غبيييي`` ->
       ``غبي``, ``stuuupid`` -> ``stupid``, ``goooood`` -> ``god``); doubled letters are kept
       (``good``, ``class``, ``assassination``).  Digits are never squeezed.
    5/8. A word made only of ASCII letters/digits is classified (see :func:`_classify`):
       * ``arabizi`` if it is in a small dictionary of common Arabizi words (``kalb``,
         ``7mar``, ``5ara``, ``ibn``, ``habibi`` ...);
       * ``plain`` if it has no digit, or its leet reading is not a known English word and
         it looks like a code or quantity: ``mp3``, ``ps4``, ``4k``, ``1st``, ``90s``,
         ``covid19``, ``b2b``, digit runs of 2+ at either end, more digits than letters,
         three or more different digits (hashes, ids); pure numbers are never touched;
       * ``leet`` if its leet reading (1->i 0->o 3->e 4->a 5->s 7->t) is in a list of
         common English words (``h3ll0``, ``a55``, ``gr3at``, ``5ucks``);
       * ``arabizi`` if it contains 2, 6, 8 or 9 (never leet digits);
       * ``leet`` if it contains 0, 1 or 4 (not Arabizi letters);
       * otherwise (only 3/5/7): ``arabizi`` when a digit sits where Arabic transliteration
         puts it: 3 or 5 next to ``a``/``o`` (5 also ``u``), 7 next to any vowel, or a
         word-initial 3/5/7 followed by a consonant that does not start an English cluster
         (``7mar``, ``3rs``; but ``5hit``, ``5tupid``, ``7his`` stay leet); else ``leet``.
       Leet words get the substitution (and a second squeeze); a leet word that turns out
       to be a dictionary Arabizi word (``k4lb``) is then treated as Arabizi.
    8. Arabizi words (only when ``arabizi=True``) are transliterated: dictionary words use
       their dictionary spelling (``7mar`` -> حمار, ``7ayawan`` -> حيوان, ``kalb`` -> كلب,
       ``5ara`` -> خرا); other words go letter by letter: 2 ء, 3 ع, 5 خ, 6 ط, 7 ح, 8 غ,
       9 ق; sh/ch ش, kh خ, gh غ, th ث, dh ذ; b ب, t ت, j/g ج, d د, r ر, z ز, s س, f/v ف,
       q ق, k/c ك, l ل, m م, n ن, h ه, w و, y ي, p ب, x كس; vowels: a word-initial vowel
       group -> ا, a final a -> ا, e -> ه, i -> ي, o/u -> و, and in the middle of a word
       a/e (short vowels) are dropped, a group with o/u -> و, with i (or ee) -> ي, aa -> ا.
       The scheme is a heuristic: ``3arabi`` -> عربي and ``ma3`` -> مع work, long vowels
       written as a single ``a`` (``7mar``) only work through the dictionary.
       With ``arabizi=False`` Arabizi words stay in Latin script (and are never leeted).
Single-character runs (step 6):
    three or more single letters/digits separated by one separator each -- a whitespace run,
    or one of ``. - _ ~ · •`` -- are joined when at least two are letters, letters are not
    outnumbered by digits and the letters are all Arabic or all non-Arabic (``i d i o t``,
    ``i.d.i.o.t``, ``ح-ق-ي-ر``, ``ح ق ي ر``; ``1 2 3``, ``3.1.4`` and ``J. R. R.`` stay).
    The joined word goes through the word steps again (``7 m a r`` -> حمار).
10. Whitespace runs collapse to one space; the ends are stripped.

Idempotence: each pass is built so that its output is a fixed point for almost every input;
the rare inputs where a symbol rule only becomes applicable after a word changed (a ``$`` next
to a leet digit, say) get further passes until the text stops changing (at most
``_MAX_PASSES``), so ``normalize_text(normalize_text(x)) == normalize_text(x)``.

Offsets and tokens
------------------
``offsets[i]`` is the index of the first source character that normalised character ``i``
came from (a squeezed run points at its first letter, a transliterated digraph at its first
letter, a dictionary Arabizi spelling is spread evenly over its source word).
:meth:`Normalized.to_original` therefore returns ``[offsets[start], offsets[end])``, widened
to at least one past the last character's source and to include an expansion (İ -> i + dot)
whose first letter went into the range.  Tokens are runs of letters/digits of the normalised
text (combining marks that survive, e.g. on Latin letters, are not part of tokens); the
tests check that the source span of every token renormalises to a text containing it.

Script and language
-------------------
:func:`script_of` counts letters after ``normalize_text(text, arabizi=False)``: 80% or more
Arabic-script letters is "ar"; 80% or more Latin is "arabizi" when at least three Latin words,
or 30% of them, look Arabizi (dictionary words, function words such as "ya3ni", "mesh",
"shu", or words the classifier above calls Arabizi: "3ala", "7mar"), else "en"; half or more
letters of other scripts, or no letters at all, is "other"; anything else is "mixed".
:func:`detect_language` maps "ar"/"arabizi" to "ar" and "en" to "en"; for "mixed" and "other"
the side with more letters wins (Arabic letters plus the letters of Arabizi words against the
remaining Latin letters; a tie with some Arabic goes to "ar"), and text with neither is "en".

Speed
-----
The symbol rules and word steps never look across whitespace, so :func:`normalize_text`
caches each whitespace-delimited chunk's result: a comment whose chunks were seen before costs
one ``str.translate`` (or ``str.lower`` for ASCII), one ``split`` and C-level dictionary
lookups.  Caches are per process, bounded, and cleared when full.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "Normalized",
    "Token",
    "detect_language",
    "normalize",
    "normalize_text",
    "script_of",
    "tokenize",
]

# --------------------------------------------------------------------------------------------
# Character map (steps 1, 2, 3 and the per-character part of 9)
# --------------------------------------------------------------------------------------------

_REMOVED_CODEPOINTS: list[int] = [
    0x00AD,  # soft hyphen
    0x061C,  # Arabic letter mark
    0x0640,  # tatweel
    0x0670,  # superscript alef
    0x180E,  # Mongolian vowel separator (used as an invisible separator)
    0xFEFF,  # BOM / zero-width no-break space
    *range(0x200B, 0x2010),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    *range(0x202A, 0x202F),  # LRE, RLE, PDF, LRO, RLO
    *range(0x2060, 0x2065),  # word joiner and invisible operators
    *range(0x2066, 0x206A),  # LRI, RLI, FSI, PDI
    *range(0x0610, 0x061B),  # Arabic small high marks
    *range(0x064B, 0x0660),  # harakat and combining maddah/hamza marks
    *range(0x06D6, 0x06EE),  # Quranic annotation marks
    *range(0x08D3, 0x0900),  # Arabic extended-A marks
]
_REMOVED = frozenset(chr(c) for c in _REMOVED_CODEPOINTS)

_ARABIC_FOLD: dict[str, str] = {
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ
    "\u0672": "\u0627",  # ٲ
    "\u0673": "\u0627",  # ٳ
    "\u0649": "\u064a",  # ى -> ي
    "\u0629": "\u0647",  # ة -> ه
    "\u0624": "\u0648",  # ؤ -> و
    "\u0626": "\u064a",  # ئ -> ي
    "\u06a9": "\u0643",  # Persian keheh -> ك
    "\u06cc": "\u064a",  # Persian yeh -> ي
}
for _i in range(10):
    _ARABIC_FOLD[chr(0x0660 + _i)] = str(_i)
    _ARABIC_FOLD[chr(0x06F0 + _i)] = str(_i)


def _char_step(ch: str) -> str:
    if ch in _REMOVED:
        return ""
    nfkc = unicodedata.normalize("NFKC", ch)
    if nfkc != ch:
        return nfkc
    folded = ch.casefold()
    if folded != ch:
        return folded
    return _ARABIC_FOLD.get(ch, ch)


def _map_char(ch: str) -> str:
    # NFKC, casefold and the Arabic folds can feed each other (ﷺ expands to text containing
    # ى), so iterate until the output is stable: that makes the map idempotent.
    s = ch
    for _ in range(10):
        t = "".join(_char_step(c) for c in s)
        if t == s:
            break
        s = t
    return s


class _CharMap(dict):
    """``str.translate`` table that computes and caches entries on first use."""

    __slots__ = ()

    def __missing__(self, key: int) -> str:
        value = _map_char(chr(key))
        self[key] = value
        return value


_CHARMAP = _CharMap()

# --------------------------------------------------------------------------------------------
# Latin look-alikes (step 4)
# --------------------------------------------------------------------------------------------

# Keys are lower case because the character map casefolds first (uppercase А, К, М, Т ... fold
# to these).
_CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ѵ": "v", "ү": "y",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ϲ": "c", "ϳ": "j",
    # Latin letters outside ASCII that are drawn like ASCII ones
    "ɑ": "a", "ɡ": "g", "ı": "i",
}  # fmt: skip
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLES)
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_LATINISH = _ASCII_LETTERS | frozenset(_CONFUSABLES)  # letters a symbol rule treats as Latin
_K_CLASS = "a-z0-9" + "".join(_CONFUSABLES)  # Latin letters, ASCII digits and look-alikes

# --------------------------------------------------------------------------------------------
# Word lists for the Arabizi / leetspeak decision
# --------------------------------------------------------------------------------------------

_ARABIZI_DICT: dict[str, str] = {}


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _add_arabizi(arabic: str, *spellings: str) -> None:
    for spelling in spellings:
        _ARABIZI_DICT[spelling] = arabic


# Insults first: these are what the offence lexicon must be able to match.
_add_arabizi("حمار", "7mar", "hmar", "7imar", "7emar", "7umar", "humar", "himar", "7amar")
_add_arabizi("حماره", "7mara", "7mare", "hmara", "7mareh")
_add_arabizi("حمير", "7mir", "7amir", "7ameer")
_add_arabizi("كلب", "kalb", "kelb", "kaleb", "klb")
_add_arabizi("كلاب", "klab", "kilab", "kelab")
_add_arabizi("كلبه", "kalbe", "kalbeh", "kalba")
_add_arabizi("حيوان", "7ayawan", "7aywan", "hayawan", "haywan", "7ayawn", "7aiwan", "7aywn")
_add_arabizi("حيوانات", "7ayawanat", "hayawanat", "7aywanat")
_add_arabizi("خرا", "5ara", "khara", "5ra", "khra", "5era", "khera")
_add_arabizi("ابن", "ibn", "ebn", "ibin")
_add_arabizi("بنت", "bint")
_add_arabizi("شرموطه", "sharmouta", "sharmoota", "sharmuta", "charmouta", "sharmota", "sharmoutah")
_add_arabizi("احا", "a7a", "a7eh")
_add_arabizi("عرص", "3ars", "3ares", "3rs", "3arss")
_add_arabizi("عاهره", "3ahra", "3ahera", "3ahira", "3ahrah")
_add_arabizi("منياك", "manyak", "manyok", "manyouk", "manyake")
_add_arabizi("غبي", "ghabi", "8abi", "ghaby", "8aby", "ghbi", "8bi")
_add_arabizi("اهبل", "ahbal")
_add_arabizi("هبل", "habal")
_add_arabizi("زباله", "zbala", "zbale", "zbaleh", "zebala")
_add_arabizi("وسخ", "wes5", "wiskh", "wesikh", "wis5", "wsikh")
_add_arabizi("طيز", "tiz", "teez", "6iz", "6eez")
_add_arabizi("خنزير", "5anzir", "khanzir", "khanzeer", "5anzeer")
_add_arabizi("جحش", "ja7sh", "jahsh", "ja7esh", "jahesh")
_add_arabizi("حقير", "7aqir", "7a2ir", "haqir", "7a2eer", "7aqeer", "haqeer")
_add_arabizi("خاين", "5ayen", "khayen", "5ayin", "khayin", "5a2en")
_add_arabizi("عميل", "3ameel", "3amil")
_add_arabizi("كس", "kos", "koss", "kuss")
_add_arabizi("نيك", "nik", "neek", "nayek")
_add_arabizi("اير", "ayre", "ayri", "ayr")
_add_arabizi("عبد", "3abd")
_add_arabizi("عبيد", "3abeed", "3abid")
_add_arabizi("كافر", "kafir", "kafer")
_add_arabizi("كفار", "kuffar", "koffar")
_add_arabizi("ملعون", "mal3oun", "mal3un", "mal3on")
_add_arabizi("خول", "khawal", "5awal")
_add_arabizi("احمق", "ahmaq", "a7ma2", "a7maq")
_add_arabizi("تافه", "tafeh", "tafe7", "tafih")
# Common words, so that Arabizi comments become ordinary Arabic for the classifiers.
_add_arabizi("علي", "3ala", "3la")
_add_arabizi("مع", "ma3")
_add_arabizi("انشالله", "inshallah", "inshalla", "nshalla", "enshallah", "insha2allah")
_add_arabizi("والله", "wallah", "wallahi", "walla")
_add_arabizi("يلا", "yalla", "yallah")
_add_arabizi("حبيبي", "habibi", "7abibi", "7abibe")
_add_arabizi("حبيبتي", "habibti", "7abibti")
_add_arabizi("شكرا", "shukran", "shokran")
_add_arabizi("مرحبا", "mar7aba", "marhaba")
_add_arabizi("اهلا", "ahlan")
_add_arabizi("سلام", "salam")
_add_arabizi("عرب", "3arab")
_add_arabizi("عربي", "3arabi")
_add_arabizi("خلاص", "5alas", "5alass", "khalas")
_add_arabizi("حرام", "7aram", "haram")
_add_arabizi("يعني", "ya3ni", "y3ni")

# Latin words that only count as evidence of Arabizi for script_of (too ambiguous to
# transliterate on their own: "ya", "el", "bas" are also English/Spanish words).
_ARABIZI_HINTS = _word_set(
    """ya el il ana enta inta enti inti howa huwa heya hiya e7na ehna mesh mish msh shu sho
    eh ezay izzay leh lesh lish bas wala kaman kteer ktir keda kda bidi badi mafi fi aywa la2
    shou hay hada hayda hek heik ba3d abl ma3a lal bel bil"""
)

# English words that people commonly write in leetspeak; consulted before the digit rules so
# that "gr3at", "d3ad" or "5ucks" are not mistaken for Arabizi.
_LEET_WORDS = _word_set(
    """idiot idiots stupid dumb dumbass moron morons loser losers noob fool fools jerk suck
    sucks sucker shit shits shitty bullshit ass asses asshole assholes bitch bitches bastard
    dick dicks cock cunt fuck fucks fucker fucking fucked motherfucker whore whores slut sluts
    hoe pussy porn sex sexy nude nudes kill killer kills die dead death hate hater haters
    hates racist nazi nazis terrorist terrorists trash scum retard retarded freak ugly fat pig
    pigs dog dogs rat rats liar liars crap damn hell piss pissed twat wanker prick douche nigga
    nigger faggot fag gay homo lame fake scam spam leet elite hacker hacked hack hello hey
    free money cash win winner best great cool love the and you your are get got eat beat
    team mean dear year read head real deal idea area clean cheap near fear tea sea easy east
    evil devil satan shame lies lie boobs tits vote voted elect sell sold seat test testing
    please thanks"""
)

# Words that look like Arabizi by the digit rules but are codes or units.
_PLAIN_WORDS = _word_set("h2o co2 o2 a3 a4 a5 mp3 mp4 3g 4g 5g 2d 3d 4k 8k")

_VOWELS = frozenset("aeiou")
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxyz")

_LEET_TABLE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})

_CODE_SUFFIX_RE = re.compile(
    r"\d+(?:st|nd|rd|th|s|k|m|b|bn|g|x|d|p|h|am|pm|px|kg|km|mm|cm|gb|mb|tb|ml|hz|fps|mp|v|w"
    r"|min|sec|yo|yr|yrs|ft|lb|lbs)"
)
_CODE_PREFIX_RE = re.compile(r"[bcdfghjklmnpqrstvwxz]{1,4}\d{1,5}")
_CODE_INFIX_RE = re.compile(r"[bcdfghjklmnpqrstvwxz]\d[bcdfghjklmnpqrstvwxz]")
_EDGE_DIGITS_RE = re.compile(r"^\d{2}|\d{2}$")
_LATIN_WORD_RE = re.compile(r"[a-z0-9]+")

_PLAIN, _LEET, _ARABIZI = "plain", "leet", "arabizi"

# --------------------------------------------------------------------------------------------
# Regular expressions for the pass
# --------------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W_]+")
_SQUEEZE_RE = re.compile(r"([^\W\d_])\1{2,}")
_STAR_CAND_RE = re.compile(r"(?<=[^\W_])\*+(?=[^\W_])")
_AT_BANG_CAND_RE = re.compile(rf"(?<=[{_K_CLASS}])[@!](?=[{_K_CLASS}])")
_LATINISH_RE = f"[a-z{''.join(_CONFUSABLES)}]"
_DOLLAR_RE = re.compile(rf"(?<={_LATINISH_RE})\$+(?![$0-9])|(?<![0-9$])\$+(?={_LATINISH_RE})")
_SEP = r"(?:\s+|[.\-_~·•])"
_SEP_RE = re.compile(_SEP)
# Necessary condition for a run of single characters: three one-character words in a row.
_RUN_HINT = rf"(?<![^\W_])[^\W_]{_SEP}[^\W_]{_SEP}[^\W_](?![^\W_])"
_RUN_HINT_RE = re.compile(_RUN_HINT)
_WS_RE = re.compile(r"\s+")
_WORD_SPLIT_RE = re.compile(r"([^\W_]+)")
# A symbol that a rule could still apply to once a neighbouring word has changed (a digit
# that became a letter, say).  Output without one is a fixed point of the pass: the character
# map, the word steps and whitespace collapsing are idempotent, and a joined run can never
# form a new run with its neighbours (they were not one-character words, or it would have been
# longer).
_RISKY_RE = re.compile(r"[^\W_](?:[@!]|\*+)[^\W_]|[^\W_]\$|\$[^\W_]")

_MAX_PASSES = 6
_CACHE_MAX = 200_000
_CACHE_WORD_MAX = 64

# A replacement: (start, end, new text, for each new character its source index relative to
# start).
_Repl = tuple[int, int, str, tuple[int, ...]]


# --------------------------------------------------------------------------------------------
# Word transformation (steps 4, 5, 7, 8)
# --------------------------------------------------------------------------------------------


def _squeeze(s: str, idx: list[int]) -> tuple[str, list[int]]:
    if _SQUEEZE_RE.search(s) is None:
        return s, idx
    out: list[str] = []
    out_idx: list[int] = []
    pos = 0
    for m in _SQUEEZE_RE.finditer(s):
        out.append(s[pos : m.start() + 1])
        out_idx.extend(idx[pos : m.start() + 1])
        pos = m.end()
    out.append(s[pos:])
    out_idx.extend(idx[pos:])
    return "".join(out), out_idx


def _fold_homoglyphs(s: str) -> str:
    latin = confusable = other = 0
    for ch in s:
        if ch in _ASCII_LETTERS:
            latin += 1
        elif ch in _CONFUSABLES:
            confusable += 1
        elif ch.isalpha():
            other += 1
    if confusable and latin and latin + confusable >= 2 * other + 1:
        return s.translate(_CONFUSABLE_TABLE)
    return s


def _is_code_like(s: str, digits: int) -> bool:
    letters = len(s) - digits
    if digits > letters or len({c for c in s if c.isdigit()}) >= 3:
        return True
    if _EDGE_DIGITS_RE.search(s):
        return True
    return bool(
        _CODE_SUFFIX_RE.fullmatch(s) or _CODE_PREFIX_RE.fullmatch(s) or _CODE_INFIX_RE.fullmatch(s)
    )


def _arabizi_digit_context(s: str) -> bool:
    last = len(s) - 1
    for i, c in enumerate(s):
        if c not in "357":
            continue
        near = (s[i - 1] if i else "") + (s[i + 1] if i < last else "")
        nxt = s[i + 1] if i < last else ""
        initial_consonant = i == 0 and nxt in _CONSONANTS
        if c == "3":
            if "a" in near or "o" in near or initial_consonant:
                return True
        elif c == "7":
            if any(v in near for v in _VOWELS) or (initial_consonant and nxt not in "hrw"):
                return True
        elif any(v in near for v in "aou") or (initial_consonant and nxt not in "hptckwmnlq"):
            return True
    return False


def _classify(s: str) -> str:
    """Decide plain / leet / arabizi for a squeezed word of ASCII letters and digits."""
    if s in _ARABIZI_DICT:
        return _ARABIZI
    if s in _PLAIN_WORDS:
        return _PLAIN
    digits = sum(c.isdigit() for c in s)
    if not digits or digits == len(s):
        return _PLAIN
    reading = _squeeze(s.translate(_LEET_TABLE), [])[0]
    if reading in _LEET_WORDS:
        return _LEET
    if _is_code_like(s, digits):
        return _PLAIN
    if any(d in s for d in "2689"):
        return _ARABIZI
    if any(d in s for d in "014"):
        return _LEET
    return _ARABIZI if _arabizi_digit_context(s) else _LEET


_TRANSLIT_DIGRAPHS = {"sh": "ش", "ch": "ش", "kh": "خ", "gh": "غ", "th": "ث", "dh": "ذ"}
_TRANSLIT_SINGLE = {
    "2": "ء", "3": "ع", "5": "خ", "6": "ط", "7": "ح", "8": "غ", "9": "ق",
    "b": "ب", "t": "ت", "j": "ج", "g": "ج", "d": "د", "r": "ر", "z": "ز", "s": "س",
    "f": "ف", "v": "ف", "q": "ق", "k": "ك", "c": "ك", "l": "ل", "m": "م", "n": "ن",
    "h": "ه", "w": "و", "y": "ي", "p": "ب", "x": "كس",
}  # fmt: skip
_FINAL_VOWEL = {"a": "ا", "e": "ه", "i": "ي", "o": "و", "u": "و"}


def _medial_vowels(group: str) -> str:
    if "o" in group or "u" in group:
        return "و"
    if "i" in group or group == "ee":
        return "ي"
    if group == "aa":
        return "ا"
    return ""  # short a/e are not written in Arabic


def _transliterate(s: str, idx: list[int]) -> tuple[str, list[int]]:
    known = _ARABIZI_DICT.get(s)
    if known is not None:
        # No letter-level alignment for dictionary words: spread the source evenly, which keeps
        # the map monotonic and anchors the first letter on the first source character.
        n, m = len(s), len(known)
        return known, [idx[k * n // m] for k in range(m)]
    out: list[str] = []
    out_idx: list[int] = []
    i, n = 0, len(s)
    while i < n:
        two = s[i : i + 2]
        if two in _TRANSLIT_DIGRAPHS:
            out.append(_TRANSLIT_DIGRAPHS[two])
            out_idx.append(idx[i])
            i += 2
            continue
        c = s[i]
        if c in _VOWELS:
            j = i
            while j < n and s[j] in _VOWELS:
                j += 1
            group = s[i:j]
            if i == 0:
                letters = "ا"
            elif j == n:
                letters = _medial_vowels(group[:-1]) + _FINAL_VOWEL[group[-1]]
            else:
                letters = _medial_vowels(group)
            out.append(letters)
            out_idx.extend([idx[i]] * len(letters))
            i = j
            continue
        letters = _TRANSLIT_SINGLE.get(c, c)
        out.append(letters)
        out_idx.extend([idx[i]] * len(letters))
        i += 1
    return "".join(out), out_idx


def _transform_word(word: str, arabizi: bool) -> tuple[str, tuple[int, ...]]:
    # Squeeze before folding so the look-alike decision counts letters as they will be output
    # (otherwise a second pass could decide differently), and after, since folding can make
    # a run (ooо -> ooo).
    s, idx = _squeeze(word, list(range(len(word))))
    s, idx = _squeeze(_fold_homoglyphs(s), idx)
    if _LATIN_WORD_RE.fullmatch(s):
        kind = _classify(s)
        if kind is _LEET:
            s, idx = _squeeze(s.translate(_LEET_TABLE), idx)
            kind = _ARABIZI if s in _ARABIZI_DICT else _PLAIN
        if kind is _ARABIZI and arabizi:
            s, idx = _transliterate(s, idx)
            s, idx = _squeeze(s, idx)
    return s, tuple(idx)


# Per arabizi flag: word -> (output, index map).
_WORD_CACHE: tuple[dict[str, tuple[str, tuple[int, ...]]], ...] = ({}, {})
# Per arabizi flag: whitespace-delimited chunk of character-mapped text -> the chunk after the
# symbol rules and word steps, and a summable integer packing the number of one-character
# words in that output (low bits) with whether it still holds a symbol a later pass could
# rewrite (bit _RISKY_BIT).  Both steps are local to a chunk (neither looks across whitespace,
# nor do the patterns of _RISKY_RE), so the fast path works chunk by chunk and a comment made
# of chunks seen before costs a few C-level dictionary lookups.
_CHUNK_OUT: tuple[dict[str, str], ...] = ({}, {})
_CHUNK_META: tuple[dict[str, int], ...] = ({}, {})
_RISKY_BIT = 1 << 32


def _word(word: str, arabizi: bool) -> tuple[str, tuple[int, ...]]:
    cache = _WORD_CACHE[arabizi]
    hit = cache.get(word)
    if hit is not None:
        return hit
    result = _transform_word(word, arabizi)
    if len(word) <= _CACHE_WORD_MAX:
        if len(cache) >= _CACHE_MAX:
            cache.clear()
        cache[word] = result
    return result


# --------------------------------------------------------------------------------------------
# Symbol rules, runs of single characters, whitespace: each returns a list of replacements
# so the fast path and the offset-tracking path apply exactly the same edits.
# --------------------------------------------------------------------------------------------


def _word_has(s: str, pos: int, step: int, letters: frozenset[str] | None) -> bool:
    """Does the word that touches ``pos`` (scanning by ``step``) contain a qualifying letter?"""
    n = len(s)
    while 0 <= pos < n and s[pos].isalnum():
        ch = s[pos]
        if (ch in letters) if letters is not None else ch.isalpha():
            return True
        pos += step
    return False


def _star_repls(s: str) -> list[_Repl]:
    return [
        (m.start(), m.end(), "", ())
        for m in _STAR_CAND_RE.finditer(s)
        if _word_has(s, m.start() - 1, -1, None) or _word_has(s, m.end(), 1, None)
    ]


def _at_bang_repls(s: str) -> list[_Repl]:
    return [
        (m.start(), m.end(), "a" if m.group() == "@" else "i", (0,))
        for m in _AT_BANG_CAND_RE.finditer(s)
        if _word_has(s, m.start() - 1, -1, _LATINISH) or _word_has(s, m.end(), 1, _LATINISH)
    ]


def _dollar_repls(s: str) -> list[_Repl]:
    return [
        (m.start(), m.end(), "s" * (m.end() - m.start()), tuple(range(m.end() - m.start())))
        for m in _DOLLAR_RE.finditer(s)
    ]


def _word_repls(s: str, arabizi: bool) -> list[_Repl]:
    repls = []
    for m in _WORD_RE.finditer(s):
        word = m.group()
        out, idx = _word(word, arabizi)
        if out != word:
            repls.append((m.start(), m.end(), out, idx))
    return repls


def _run_ok(chars: list[str]) -> bool:
    letters = [c for c in chars if c.isalpha()]
    if len(letters) < 2 or 2 * len(letters) < len(chars):
        return False
    arabic = sum(_is_arabic(c) for c in letters)
    return arabic in (0, len(letters))


def _run_repls(s: str, arabizi: bool) -> list[_Repl]:
    """Join runs of 3+ one-character words separated by a single separator."""
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(s)]
    repls: list[_Repl] = []
    i, n = 0, len(words)
    while i < n:
        if words[i][1] - words[i][0] != 1:
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and words[j + 1][1] - words[j + 1][0] == 1
            and _SEP_RE.fullmatch(s, words[j][1], words[j + 1][0])
        ):
            j += 1
        group = [start for start, _ in words[i : j + 1]]
        chars = [s[p] for p in group]
        if len(group) >= 3 and _run_ok(chars):
            out, idx = _word("".join(chars), arabizi)
            base = group[0]
            repls.append((base, group[-1] + 1, out, tuple(group[k] - base for k in idx)))
        i = j + 1
    return repls


def _space_repls(s: str) -> list[_Repl]:
    repls = []
    n = len(s)
    for m in _WS_RE.finditer(s):
        if m.start() == 0 or m.end() == n:
            repls.append((m.start(), m.end(), "", ()))
        elif m.group() != " ":
            repls.append((m.start(), m.end(), " ", (0,)))
    return repls


def _apply_text(s: str, repls: list[_Repl]) -> str:
    parts = []
    pos = 0
    for start, end, new, _ in repls:
        parts.append(s[pos:start])
        parts.append(new)
        pos = end
    parts.append(s[pos:])
    return "".join(parts)


def _apply(s: str, off: list[int], repls: list[_Repl]) -> tuple[str, list[int]]:
    if not repls:
        return s, off
    parts: list[str] = []
    new_off: list[int] = []
    pos = 0
    for start, end, new, rel in repls:
        parts.append(s[pos:start])
        new_off.extend(off[pos:start])
        parts.append(new)
        new_off.extend(off[start + r] for r in rel)
        pos = end
    parts.append(s[pos:])
    new_off.extend(off[pos:])
    return "".join(parts), new_off


# --------------------------------------------------------------------------------------------
# One pass: text only (fast) and with offsets.  They must stay step-for-step identical.
# --------------------------------------------------------------------------------------------


def _symbol_rules_text(s: str) -> str:
    if "*" in s:
        while repls := _star_repls(s):
            s = _apply_text(s, repls)
    if "@" in s or "!" in s:
        while repls := _at_bang_repls(s):
            s = _apply_text(s, repls)
    if "$" in s:
        s = _apply_text(s, _dollar_repls(s))
    return s


def _chunk(chunk: str, arabizi: bool) -> tuple[str, int]:
    """Symbol rules and word steps for one whitespace-free chunk, with its packed metadata."""
    s = _symbol_rules_text(chunk)
    parts = _WORD_SPLIT_RE.split(s)
    words = [_word(w, arabizi)[0] for w in parts[1::2]]
    parts[1::2] = words
    out = "".join(parts)
    meta = list(map(len, words)).count(1)
    if _may_change_again(out):
        meta += _RISKY_BIT
    if len(chunk) <= _CACHE_WORD_MAX:
        outs, metas = _CHUNK_OUT[arabizi], _CHUNK_META[arabizi]
        if len(outs) >= _CACHE_MAX:
            outs.clear()
            metas.clear()
        outs[chunk] = out
        metas[chunk] = meta
    return out, meta


def _pass_text(text: str, arabizi: bool) -> tuple[str, bool]:
    """One pass without offsets; also says whether another pass could change the result."""
    mapped = text.lower() if text.isascii() else text.translate(_CHARMAP)
    chunks = mapped.split()
    try:
        s = " ".join(map(_CHUNK_OUT[arabizi].__getitem__, chunks))
        meta = sum(map(_CHUNK_META[arabizi].__getitem__, chunks))
    except KeyError:  # a chunk not seen yet (or too long to cache)
        outs, metas = _CHUNK_OUT[arabizi], _CHUNK_META[arabizi]
        done = [
            (out, meta)
            if (out := outs.get(c)) is not None and (meta := metas.get(c)) is not None
            else _chunk(c, arabizi)
            for c in chunks
        ]
        s = " ".join([out for out, _ in done])
        meta = sum(m for _, m in done)
    # Joining the chunks with single spaces is the whitespace step; a run of one-character
    # words treats any whitespace run as one separator, so it can be applied afterwards (and
    # it only deletes separators, so it cannot change what _RISKY_RE sees).
    if meta % _RISKY_BIT >= 3 and _RUN_HINT_RE.search(s):
        s = _apply_text(s, _run_repls(s, arabizi))
    return s, meta >= _RISKY_BIT


def _pass_offsets(text: str, base: list[int], arabizi: bool) -> tuple[str, list[int]]:
    chars: list[str] = []
    off: list[int] = []
    charmap = _CHARMAP
    for ch, src in zip(text, base, strict=True):
        mapped = charmap[ord(ch)]
        if len(mapped) == 1:
            chars.append(mapped)
            off.append(src)
        elif mapped:
            chars.append(mapped)
            off.extend([src] * len(mapped))
    s = "".join(chars)
    if "*" in s:
        while repls := _star_repls(s):
            s, off = _apply(s, off, repls)
    if "@" in s or "!" in s:
        while repls := _at_bang_repls(s):
            s, off = _apply(s, off, repls)
    if "$" in s:
        s, off = _apply(s, off, _dollar_repls(s))
    s, off = _apply(s, off, _word_repls(s, arabizi))
    if _RUN_HINT_RE.search(s):  # the fast path's extra guards are necessary conditions of this
        s, off = _apply(s, off, _run_repls(s, arabizi))
    return _apply(s, off, _space_repls(s))


def _may_change_again(s: str) -> bool:
    if "@" in s or "!" in s or "$" in s or "*" in s:
        return _RISKY_RE.search(s) is not None
    return False


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text with the map back to the text it came from."""

    original: str
    text: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open range of ``text`` to the range of ``original`` that produced it.

        The result covers every source character, including ones dropped inside the range or
        right after its last character (squeezed repeats, diacritics, joined separators).
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"range {start}:{end} outside normalised text of {len(self.text)}")
        offsets = self.offsets
        if start == end:
            return offsets[start], offsets[start]
        # Several normalised characters can share one source character (ligatures), so the end
        # is at least one past the source of the last character.
        nxt = offsets[end]
        stop = max(nxt, offsets[end - 1] + 1)
        if nxt < len(self.original):
            # The next character comes from an expansion (İ -> i + U+0307) whose first
            # character, a letter or digit, is not the next character: it went into the range
            # (possibly squeezed or transliterated), so its source character belongs in.
            mapped = _CHARMAP[ord(self.original[nxt])]
            if len(mapped) > 1 and mapped[0].isalnum() and self.text[end] != mapped[0]:
                stop = nxt + 1
        return offsets[start], stop


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the normalised text; ``start``/``end`` index ``Normalized.text``."""

    text: str
    start: int
    end: int


def normalize(text: str, *, arabizi: bool = True) -> Normalized:
    """Normalise ``text`` and keep the offset map back to it."""
    s, off = _pass_offsets(text, list(range(len(text))), arabizi)
    passes = 1
    while passes < _MAX_PASSES and _may_change_again(s):
        s2, off2 = _pass_offsets(s, off, arabizi)
        if s2 == s:
            break
        s, off = s2, off2
        passes += 1
    off.append(len(text))
    return Normalized(text, s, tuple(off))


def normalize_text(text: str, *, arabizi: bool = True) -> str:
    """Return ``normalize(text).text`` without building the offset map (the classifiers' path)."""
    s, again = _pass_text(text, arabizi)
    passes = 1
    while passes < _MAX_PASSES and again:
        s2, again = _pass_text(s, arabizi)
        if s2 == s:
            break
        s = s2
        passes += 1
    return s


def tokenize(norm: Normalized) -> list[Token]:
    """Split the normalised text into word tokens (runs of letters and digits of any script)."""
    return [Token(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(norm.text)]


# --------------------------------------------------------------------------------------------
# Script and language
# --------------------------------------------------------------------------------------------


def _is_arabic(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x0870 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    )


def _is_latin(ch: str) -> bool:
    cp = ord(ch)
    return cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF or 0x2C60 <= cp <= 0x2C7F or 0xA720 <= cp <= 0xA7FF


@dataclass(frozen=True, slots=True)
class _ScriptStats:
    arabic: int  # Arabic-script letters
    latin: int  # Latin-script letters
    other: int  # letters of other scripts
    latin_words: int  # words written in ASCII letters/digits
    arabizi_words: int  # of which look like Arabizi
    arabizi_letters: int  # characters in those Arabizi words


# Tokens that are not language: links, e-mail addresses, @handles, bare domains.  Judged per
# whitespace-separated token with anchored patterns over disjoint classes, so the cost is linear
# in the text (a search for ``\S+@\S+\.\S+`` over "@@@@…" is cubic).
_LINK_TOKEN = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
_EMAIL_TOKEN = re.compile(r"[^@\s]+@[^@\s.]+\.[^@\s]+")
_HANDLE_TOKEN = re.compile(r"@\w")
_DOMAIN_TOKEN = re.compile(
    r"[\w-]+\.(?:com|net|org|jo|me|ly|io|co|info|tv)(?![^\W_])", re.IGNORECASE
)
_TOKEN_RE = re.compile(r"\S+")


def _not_language(token: str) -> bool:
    """Whether a whitespace-separated token is a link, an e-mail address or a handle."""
    return bool(
        _LINK_TOKEN.match(token)
        or _HANDLE_TOKEN.match(token)
        or ("@" in token and _EMAIL_TOKEN.fullmatch(token))
        or ("." in token and _DOMAIN_TOKEN.match(token))
    )


def strip_non_language(text: str) -> str:
    """``text`` with links, e-mail addresses and @handles replaced by spaces (linear time)."""
    return _TOKEN_RE.sub(lambda m: " " if _not_language(m.group(0)) else m.group(0), text)


def _script_stats(text: str) -> _ScriptStats:
    norm = normalize_text(text, arabizi=False)
    arabic = latin = other = 0
    for ch in norm:
        if ch.isalpha():
            if _is_arabic(ch):
                arabic += 1
            elif _is_latin(ch):
                latin += 1
            else:
                other += 1
    latin_words = arabizi_words = arabizi_letters = 0
    for word in _WORD_RE.findall(norm):
        if not _LATIN_WORD_RE.fullmatch(word) or word.isdigit():
            continue
        latin_words += 1
        if word in _ARABIZI_HINTS or _classify(word) is _ARABIZI:
            arabizi_words += 1
            arabizi_letters += len(word)
    return _ScriptStats(arabic, latin, other, latin_words, arabizi_words, arabizi_letters)


def _script_from_stats(st: _ScriptStats) -> str:
    total = st.arabic + st.latin + st.other
    if total == 0:
        return "other"
    if st.arabic >= 0.8 * total:
        return "ar"
    if st.latin >= 0.8 * total:
        if st.arabizi_words and (st.arabizi_words >= 3 or st.arabizi_words >= 0.3 * st.latin_words):
            return "arabizi"
        return "en"
    if st.other >= 0.5 * total:
        return "other"
    return "mixed"


def script_of(text: str) -> str:
    """Classify how ``text`` is written: "ar", "en", "arabizi", "mixed" or "other"."""
    return _script_from_stats(_script_stats(text))


def detect_language(text: str) -> str:
    """Return "ar" or "en" for ``text``, Arabizi counting as Arabic (heuristic in module doc).

    Links, e-mail addresses and @handles are left out, and words rather than letters are
    counted, so an Arabic comment with a long URL or a Latin-script name stays Arabic.
    """
    cleaned = strip_non_language(text)
    st = _script_stats(cleaned)
    arabic_words = sum(
        1
        for w in _WORD_RE.findall(normalize_text(cleaned, arabizi=False))
        if any(map(_is_arabic, w))
    )
    arabic = arabic_words + st.arabizi_words
    latin = st.latin_words - st.arabizi_words
    return "ar" if arabic and arabic >= latin else "en"

"""Character-level tables of the normaliser: scripts, the character map, Latin look-alikes.

The character map (steps 1-3 and the per-character part of step 9 in :mod:`model.normalize`)
is context free and applied to one source character at a time; see that module's docstring.
"""

from __future__ import annotations

import unicodedata

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


# Combining marks on letters of any script (U+0301 acute, U+0336 strike-through), variation
# selectors (U+FE0F) and format characters (tags U+E0020-U+E007F) are invisible tricks that
# split a word for a machine but not for a reader.
_REMOVED_CATEGORIES = frozenset({"Mn", "Me", "Cf"})


def _char_step(ch: str) -> str:
    if ch in _REMOVED or unicodedata.category(ch) in _REMOVED_CATEGORIES:
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


def _is_arabic(ch: str) -> bool:
    """Whether ``ch`` is an Arabic-script character (any Arabic block or presentation form)."""
    cp = ord(ch)
    return (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x0870 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    )


def _is_latin(ch: str) -> bool:
    """Whether ``ch`` is a Latin-script character (ASCII, Latin-1 and the extended blocks)."""
    cp = ord(ch)
    return cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF or 0x2C60 <= cp <= 0x2C7F or 0xA720 <= cp <= 0xA7FF

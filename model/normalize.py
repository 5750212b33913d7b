"""Text normalisation shared by Raqib's rule checks and its scikit-learn classifiers.

Two entry points produce the same text:

* :func:`normalize` returns a :class:`Normalized` that keeps an offset map, so evidence spans
  found in the normalised text can be mapped back onto the comment as it was submitted;
* :func:`normalize_text` returns only the string and is the fast path the classifiers call for
  every comment.

Pipeline (one *pass*; every step keeps the offset map exact)
-------------------------------------------------------------
0 (before the pass): text under a right-to-left override (U+202E up to U+202C or the end of
    the line) is put in the order a reader sees it: reversed when it has no Arabic letters
    (``\u202etoidi`` reads "idiot"); the offset map runs backwards there, and a span touching
    such a segment maps back to the whole segment, override characters included.
1-3, 9 (character map, context free, one source character at a time):
    NFKC of the single character (a ligature such as U+FEFB expands to two letters that both
    point at the ligature); removal of zero-width and bidi controls (ZWSP, ZWNJ, ZWJ, LRM, RLM,
    LRE..RLO, LRI..PDI, word joiner, BOM, soft hyphen, Arabic letter mark) and of every
    combining mark and format character (U+0301 and U+0336 on Latin letters, variation
    selectors such as U+FE0F, tag characters U+E0020-U+E007F); ``casefold``;
    Arabic: harakat U+064B-U+065F (the harakat proper U+064B-U+0652 plus the combining maddah
    and hamza marks, so a decomposed أ becomes ا just like the precomposed one), superscript
    alef U+0670, the small high marks U+0610-U+061A, Quranic marks U+06D6-U+06ED, the
    extended marks U+08D3-U+08FF and tatweel U+0640 are removed; أ إ آ ٱ ٲ ٳ -> ا, ى -> ي,
    ة -> ه, ؤ -> و and ئ -> ي (hamza seats fold to the bare seat letter, matching how the
    words are commonly typed without hamza), Persian ک/ی -> ك/ي, Arabic-Indic and extended
    Arabic-Indic digits -> 0-9.  The map is iterated per character to a fixed point, so
    its output is stable under a second application.
Symbols inside words (step 5 for symbols, step 6 for ``*``):
    ``*`` runs and emoji/pictographs (U+2600-U+27BF, U+2B00-U+2BFF, U+1F000-U+1FAFF) between
    two letters/digits are deleted when a neighbouring word contains a letter (``f*ck`` ->
    ``fck``, ``f**k`` -> ``fk``, ``ح*مار`` -> ``حمار``, ``i😀d😀i😀o😀t`` -> ``idiot``;
    ``2*3`` and emoji between words are kept).
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
    or one of ``. - _ ~ · •``, the same kind (space or mark) all along the run, so that
    ``f.u.c.k.i.n.g i.d.i.o.t`` stays two words -- are joined when at least two are letters,
    letters are not outnumbered by digits and the letters are all Arabic or all non-Arabic
    (``i d i o t``,
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

Layout
------
One pass (steps 1-10) is in :mod:`model.normalize_pass`, whose docstring also says how
:func:`normalize_text` caches it; the character map is in :mod:`model.charclass`, the leetspeak
and Arabizi word steps in :mod:`model.arabizi`, script and language in :mod:`model.language`.
Import the pipeline's public names (``normalize``, ``normalize_text``, ``tokenize``, ...) from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.charclass import (
    _CHARMAP,
    _is_arabic,
)
from model.normalize_pass import (
    _WORD_RE,
    _pass_offsets,
    _pass_text,
)

__all__ = [
    "Normalized",
    "Token",
    "detect_language",
    "normalize",
    "normalize_text",
    "script_of",
    "strip_non_language",
    "tokenize",
]

_MAX_PASSES = 6

_RLO, _PDF = "\u202e", "\u202c"
_RLO_SEGMENT_RE = re.compile("\u202e([^\u202c\n]*)")


def _visual_order(text: str) -> tuple[str, list[int]]:
    """Text under a right-to-left override (U+202E) in the order a reader sees it.

    ``\u202etoidi\u202c`` is displayed as "idiot": without Arabic letters, an override segment
    (up to U+202C or the end of the line) reads reversed.  Arabic letters read right to left
    anyway, so segments containing them are left as they are.  Returns the text and, for each
    character, its index in ``text``.
    """
    base = list(range(len(text)))
    if _RLO not in text:
        return text, base
    chars = list(text)
    for m in _RLO_SEGMENT_RE.finditer(text):
        start, end = m.span(1)
        if not any(_is_arabic(c) for c in text[start:end]):
            chars[start:end] = chars[start:end][::-1]
            base[start:end] = base[start:end][::-1]
    return "".join(chars), base


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
        seg = offsets[start:end]
        lo, hi = min(seg), max(seg) + 1
        # Several normalised characters can share one source character (ligatures), so the end
        # is at least one past the source of the last character.
        nxt = offsets[end]
        if nxt < hi:
            # Inside a reversed override segment the map runs backwards.
            return self._widen_to_overrides(lo, hi)
        stop = nxt
        if nxt < len(self.original):
            # The next character comes from an expansion (İ -> i + U+0307) whose first
            # character, a letter or digit, is not the next character: it went into the range
            # (possibly squeezed or transliterated), so its source character belongs in.
            mapped = _CHARMAP[ord(self.original[nxt])]
            if len(mapped) > 1 and mapped[0].isalnum() and self.text[end] != mapped[0]:
                stop = nxt + 1
        return self._widen_to_overrides(lo, stop)

    def _widen_to_overrides(self, lo: int, hi: int) -> tuple[int, int]:
        """Widen a range touching a reversed override segment to the whole segment."""
        if _RLO not in self.original:
            return lo, hi
        for m in _RLO_SEGMENT_RE.finditer(self.original):
            start, end = m.span(1)
            if start < hi and lo < end and not any(_is_arabic(c) for c in m.group(1)):
                closed = end < len(self.original) and self.original[end] == _PDF
                lo, hi = min(lo, start - 1), max(hi, end + closed)
        return lo, hi


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the normalised text; ``start``/``end`` index ``Normalized.text``."""

    text: str
    start: int
    end: int


def normalize(text: str, *, arabizi: bool = True) -> Normalized:
    """Normalise ``text`` and keep the offset map back to it."""
    visual, base = _visual_order(text)
    s, off = _pass_offsets(visual, base, arabizi)
    passes = 1
    # Until nothing changes: a pass can make text that the next pass reads differently
    # ("A.A.A 0 A" -> "a 0 a" -> "aoa"), and normalising must be idempotent.
    while passes < _MAX_PASSES:
        s2, off2 = _pass_offsets(s, off, arabizi)
        if s2 == s:
            break
        s, off = s2, off2
        passes += 1
    off.append(len(text))
    return Normalized(text, s, tuple(off))


def normalize_text(text: str, *, arabizi: bool = True) -> str:
    """Return ``normalize(text).text`` without building the offset map (the classifiers' path)."""
    if _RLO in text:
        text = _visual_order(text)[0]
    s, _ = _pass_text(text, arabizi)
    passes = 1
    while passes < _MAX_PASSES:  # until nothing changes, as in normalize()
        s2, _ = _pass_text(s, arabizi)
        if s2 == s:
            break
        s = s2
        passes += 1
    return s


def tokenize(norm: Normalized) -> list[Token]:
    """Split the normalised text into word tokens (runs of letters and digits of any script)."""
    return [Token(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(norm.text)]


# Script and language detection live in model.language (they use normalize_text); they are
# part of this module's interface.
from model.language import (  # noqa: E402
    detect_language,
    script_of,
    strip_non_language,
)

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

Speed
-----
The symbol rules and word steps never look across whitespace, so :func:`normalize_text`
caches each whitespace-delimited chunk's result: a comment whose chunks were seen before costs
one ``str.translate`` (or ``str.lower`` for ASCII), one ``split`` and C-level dictionary
lookups.  Caches are per process, bounded, and cleared when full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.arabizi import (
    _ARABIZI,
    _ARABIZI_DICT,
    _LATIN_WORD_RE,
    _LEET,
    _LEET_TABLE,
    _PLAIN,
    _classify,
    _squeeze,
    _transliterate,
)
from model.charclass import (
    _ASCII_LETTERS,
    _CHARMAP,
    _CONFUSABLE_TABLE,
    _CONFUSABLES,
    _K_CLASS,
    _LATINISH,
    _is_arabic,
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

# --------------------------------------------------------------------------------------------
# Regular expressions for the pass
# --------------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W_]+")
# Emoji and pictographs inside a word ("i😀d😀i😀o😀t") mask it like asterisks do.
_PICTO = "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_PICTO_RE = re.compile(f"[{_PICTO}]")
_STAR_CAND_RE = re.compile(rf"(?<=[^\W_])(?:\*|[{_PICTO}])+(?=[^\W_])")
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
_RISKY_RE = re.compile(rf"[^\W_](?:[@!]|(?:\*|[{_PICTO}])+)[^\W_]|[^\W_]\$|\$[^\W_]")

_MAX_PASSES = 6
_CACHE_MAX = 200_000
_CACHE_WORD_MAX = 64

# A replacement: (start, end, new text, for each new character its source index relative to
# start).
_Repl = tuple[int, int, str, tuple[int, ...]]


# --------------------------------------------------------------------------------------------
# Word transformation (steps 4, 5, 7, 8)
# --------------------------------------------------------------------------------------------


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
        kind = None  # a run keeps one kind of separator: "f.u.c.k i.d.i.o.t" is two words
        while j + 1 < n and words[j + 1][1] - words[j + 1][0] == 1:
            sep = _SEP_RE.fullmatch(s, words[j][1], words[j + 1][0])
            if sep is None:
                break
            this = "space" if sep.group().isspace() else "mark"
            if kind is not None and this != kind:
                break
            kind = this
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
    if "*" in s or _PICTO_RE.search(s):
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
    if "*" in s or _PICTO_RE.search(s):
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


def _may_change_again(s: str) -> bool:
    if "@" in s or "!" in s or "$" in s or "*" in s or _PICTO_RE.search(s):
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
    if _RLO in text:
        text = _visual_order(text)[0]
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


# Script and language detection live in model.language (they use normalize_text); they are
# part of this module's interface.
from model.language import (  # noqa: E402
    detect_language,
    script_of,
    strip_non_language,
)

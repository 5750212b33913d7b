"""One pass of the normaliser: steps 1-10 of the pipeline described in :mod:`model.normalize`.

A pass applies the character map (:mod:`model.charclass`), the symbol rules inside words and the
word steps (look-alike folding here, leetspeak and Arabizi in :mod:`model.arabizi`), joins runs
of single characters and collapses whitespace.  Step 0 (the reading order of right-to-left
overrides) and the repeated passes that make the result idempotent are in :mod:`model.normalize`.

Each pass exists twice and the two must stay step-for-step identical: :func:`_pass_text` (text
only, the path of ``normalize_text``) and :func:`_pass_offsets` (keeping the offset map, for
``normalize``).  The symbol rules, runs and whitespace step each return a list of replacements
so both apply exactly the same edits.

Speed
-----
The symbol rules and word steps never look across whitespace, so
:func:`model.normalize.normalize_text` caches each whitespace-delimited chunk's result: a comment
whose chunks were seen before costs one ``str.translate`` (or ``str.lower`` for ASCII), one
``split`` and C-level dictionary lookups.  Caches are per process, bounded, and cleared when full.
"""

from __future__ import annotations

import re

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
        else:
            # A run left unjoined (too short, or mixed scripts): its last letter may start a
            # run of the other separator ("و ح.م.ا.ر", "a f.u.c.k").
            i = j if j > i else i + 1
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


def _may_change_again(s: str) -> bool:
    if "@" in s or "!" in s or "$" in s or "*" in s or _PICTO_RE.search(s):
        return _RISKY_RE.search(s) is not None
    return False

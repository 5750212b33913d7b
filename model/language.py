"""Script and language of a comment: "ar" or "en", Arabizi counting as Arabic.

See :mod:`model.normalize` ("Script and language") for the heuristic; the functions are
re-exported there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.arabizi import _ARABIZI, _ARABIZI_HINTS, _LATIN_WORD_RE, _classify
from model.charclass import _is_arabic, _is_latin
from model.normalize import _WORD_RE, normalize_text


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
    if _script_from_stats(st) == "arabizi":
        # Counting words alone called "el bandora b dinar, bedna 7al" English: only the words
        # with digits or in the dictionary count as Arabizi, the rest as Latin.
        return "ar"
    arabic_words = sum(
        1
        for w in _WORD_RE.findall(normalize_text(cleaned, arabizi=False))
        if any(map(_is_arabic, w))
    )
    arabic = arabic_words + st.arabizi_words
    latin = st.latin_words - st.arabizi_words
    return "ar" if arabic and arabic >= latin else "en"

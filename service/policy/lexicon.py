"""Term lexicons matched on normalised token boundaries, with Arabic clitics.

A :class:`Lexicon` normalises every entry with the same function as the comments
(``model.normalize``), so obfuscation (``غبيييي``, ``i.d.i.o.t``, Cyrillic look-alikes, Arabizi)
is undone once, in the normaliser, and never re-implemented here.  Matching is on whole tokens:
that is what lets "assassination", "Scunthorpe", "class", "Dickens" and "cocktail" pass.

Affix flags (the ``affix`` column of the TSV files), combined freely:

``p``  Arabic proclitics may be attached: و ف ب ل ك ال يا وال فال بال كال لل وب ول ويا هال وهال.
``s``  suffixes may be attached: Arabic enclitics (ه ها هم ك كم ي ين ون ات وا ...) or English
       plural/possessive ``s``/``es``.  On a multi-word entry only the last token takes them.
``*``  the last token may be the start of a longer token ("fuck" -> "fucking", "fucktard");
       only for stems that begin no innocent word.
``v``  the entry counts only after a second-person or vocative cue (يا، انت، you, ur ...):
       words such as كذاب "liar", خول (also the name Khawla) or "dog" insult a person only
       when addressed to one.  A check may ask for them unaddressed too
       (``find(..., unaddressed=True)``) and decide from a wider context, as the offense
       check does when the word is said *of* someone ("الحكم كان حمار").
``l``  the word has a literal sense (animals, garbage): a literal context next to it (الكلاب
       الضالة، على الحمير، "a stray dog") cancels it unless it is addressed to someone.
``o``  the word is said of things as often as of people (زبالة، زفت، "garbage"): only a direct
       address or a person or institution named before it makes it an insult.
``c``  a criticism word (فاشل، جبان، "coward"): said of an institution it is harsh criticism,
       so only a direct address makes it an insult.
``d``  a word that describes as often as it sells ("cheap"): after a copula or a degree word
       ("is cheap", "so cheap") it is no advert cue unless a seller speaks (a channel, "our").
       (``l``, ``o`` and ``c`` are read by the offense check, ``d`` by the spam check; matching
       ignores them.)

An optional ``stem`` column names the entry a form belongs to (حمير -> حمار, "idiots" ->
"idiot"): :attr:`Entry.key` is what counts as one distinct term, so a singular and its plural in
the same comment are one word said twice, not two different insults.

Trade-off for short Arabic stems: attached clitics are stripped only when at least
:data:`MIN_STEM` letters remain, and each entry chooses which clitics it accepts.  كلب "dog" takes
proclitics (يا كلب، ياكلب، والكلب) but not enclitics, because كلبي "my dog" and كلبه "his dog" are
ordinary words; animal words carry severity 1 (review, not reject) and are raised one level when
addressed to someone (``Match.vocative``), which is what separates "يا حمار" from a story about
a donkey.  Words too short to strip safely (كس، زب) are listed with their attached forms.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from model.normalize import Normalized, Token, normalize, tokenize

DATA_DIR = Path(__file__).parent / "data"

# Longest first, so a stripped variant is tried for every proclitic that fits.
# هال is the dialect's "this" on a definite noun (هالحرامية، هاليهود): an article proclitic.
PROCLITICS: tuple[str, ...] = (
    "وهال", "وبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "هال", "ويا", "فيا",
    "ال", "لل", "يا", "وب", "ول", "فب", "فل",
    "و", "ف", "ب", "ل", "ك",
)  # fmt: skip
# Proclitics that end in the article: their stem is also looked up with ال put back, so
# "للشيعه" finds an entry written "الشيعه" as well as one written "شيعه".
_ARTICLE_PROCLITICS = frozenset(
    {"ال", "وال", "فال", "بال", "كال", "وبال", "وكال", "لل", "ولل", "فلل", "هال", "وهال"}
)
_RISKY_SHORT_PROCLITICS = frozenset({"ف", "ب", "ل", "ك"})
ENCLITICS: tuple[str, ...] = (
    "كما", "هما", "هم", "هن", "كم", "كن", "ها", "نا", "ين", "ون", "ات", "وا",
    "ه", "ك", "ي",
)  # fmt: skip
EN_SUFFIXES: tuple[str, ...] = ("es", "s")
MIN_STEM = 3

# Second-person / vocative cues; the second set may stand between the cue and the insult
# ("you are a total idiot", "انت بس حمار").
VOCATIVES = frozenset(
    {"يا", "انت", "انتي", "انتو", "انتم", "انتوا", "ولك", "ولاك", "اسكت",
     "you", "u", "ya", "ur", "youre", "yo", "thou",
     "inta", "enta", "inte", "ente", "inti", "enti", "intu", "entu", "into", "ento", "walak",
     # "you are" (انكم كلاب، "enkom klab")
     "انكم", "انكو", "انكوا", "enkom", "inkom", "enkon", "inkon", "enko", "inko"}
)  # fmt: skip
# وحد: the Arabizi reading of wa7ad ("inta wa7ad jahel").  English adjectives said of people
# stand there too ("you ignorant fool", "you pathetic clown").
_VOCATIVE_FILLERS = frozenset(
    {"are", "re", "r", "a", "an", "such", "big", "total", "complete", "absolute", "little",
     "fucking", "fuckin", "stupid", "dirty", "bloody", "damn", "utter", "just", "so", "the",
     "ignorant", "incompetent", "useless", "pathetic", "clueless", "worthless", "shameless",
     "arrogant", "lazy", "greedy", "dumb", "filthy", "corrupt", "lying", "brainless",
     "spineless", "cowardly", "miserable", "disgusting",
     "بس", "مجرد", "عباره", "عن", "واحد", "شو", "اكبر", "يا", "وحد"}
)  # fmt: skip

_NOT_ADDRESSING = frozenset({"thank", "thanks", "bless"})
_BREAK = re.compile(r"[.!?؟,،;؛:\n]")
# "that you (are)" addresses the insult after it only when asserted (واضح انك، الظاهر انك);
# after a denial, a guess or a feeling (ما قلت انك، ممكن انك، بتحس انك) it does not.
_THAT_YOU = frozenset({"انك", "انكي"})
_ASSERTING = frozenset({"واضح", "الظاهر", "ظاهر", "باين", "مبين", "اكيد", "طلع", "ثبت", "شكلك",
                        "معروف", "طلعت"})

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[a-z]")
_MASK_CHARS = frozenset("*#%@!$_.+")
_STAR_MASKS = frozenset("*#%@!$")
_WORD = re.compile(r"[^\W_]+")
_MASKED = re.compile(r"(?<![\w*#%@!$+])[a-z]+[*#%@!$_.+]+[a-z*#%@!$_.+]*[a-z](?![\w*#%@!$+])")


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon term: its weight (severity 1-3), language, category and affix flags."""

    term: str
    severity: int
    language: str
    category: str
    note: str = ""
    affix: str = ""
    stem: str = ""

    @property
    def vocative_only(self) -> bool:
        """Whether the entry counts only when addressed to someone."""
        return "v" in self.affix

    @property
    def key(self) -> str:
        """The term this entry is a form of (its stem), for counting distinct terms."""
        return _normalised(self.stem or self.term)


@dataclass(frozen=True, slots=True)
class Match:
    """An entry found in a text: normalised-text range ``[start, end)`` and token range."""

    entry: Entry
    start: int
    end: int
    first: int
    last: int
    text: str
    vocative: bool = False


@dataclass(frozen=True, slots=True)
class _Compiled:
    entry: Entry
    tokens: tuple[str, ...]


class Lexicon:
    """An immutable set of entries matched in one left-to-right pass over the tokens.

    At each token the longest entry wins (then the most severe), and matching resumes after
    it, so "ابن الكلب" is one severity-3 match rather than "كلب" inside it.
    """

    __slots__ = ("_entries", "_index", "_prefix", "_masked_candidates")

    def __init__(self, entries: Iterable[Entry]):
        index: dict[str, list[_Compiled]] = {}
        prefix: list[_Compiled] = []
        kept: list[Entry] = []
        for entry in entries:
            tokens = tuple(t.text for t in tokenize(normalize(entry.term)))
            if not tokens:
                continue
            kept.append(entry)
            compiled = _Compiled(entry, tokens)
            if "*" in entry.affix and len(tokens) == 1:
                prefix.append(compiled)
            index.setdefault(tokens[0], []).append(compiled)
        for bucket in index.values():
            bucket.sort(key=lambda c: (-len(c.tokens), -c.entry.severity))
        self._entries = tuple(kept)
        self._index = MappingProxyType({k: tuple(v) for k, v in index.items()})
        self._prefix = tuple(sorted(prefix, key=lambda c: -len(c.tokens[0])))
        self._masked_candidates = tuple(
            c
            for bucket in self._index.values()
            for c in bucket
            if len(c.tokens) == 1
            and len(c.tokens[0]) >= 4
            and c.tokens[0].isascii()
            and not c.entry.vocative_only
        )

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The entries, in the order they were given."""
        return self._entries

    def find(
        self,
        norm: Normalized,
        tokens: Sequence[Token] | None = None,
        *,
        unaddressed: bool = False,
    ) -> list[Match]:
        """Non-overlapping matches in a normalised text, left to right (tokens may be given).

        Vocative-only entries are found only when addressed, unless ``unaddressed`` is set
        (then ``Match.vocative`` tells the caller whether they were).
        """
        if tokens is None:
            tokens = tokenize(norm)
        texts = [t.text for t in tokens]
        breaks = _breaks(norm, tokens)
        found: list[Match] = []
        i = 0
        while i < len(texts):
            hit = self._match_at(texts, i, unaddressed, breaks)
            if hit is None:
                i += 1
                continue
            compiled, length, vocative = hit
            start, end = tokens[i].start, tokens[i + length - 1].end
            found.append(
                Match(compiled.entry, start, end, i, i + length, norm.text[start:end], vocative)
            )
            i += length
        return found

    def find_masked(self, text: str) -> list[Match]:
        """Latin words with masked letters ("f*ck", "b#tch", "a**hole") in a lower-case text.

        Run on the comment as submitted, because the normaliser deletes ``*`` runs.  A mask
        stands for one or two letters and the first letter must be kept, so only deliberately
        starred words match; entries shorter than four letters are skipped.  An entry's affix
        flags apply to the masked form too: a ``*`` entry may be followed by any letters
        ("f***ing", "f**ker", "sh*tstorm") and an ``s`` entry by a plural ending ("a**holes").
        Offsets index ``text``; token indices are -1.
        """
        found: list[Match] = []
        for m in _MASKED.finditer(text):
            word = m.group(0)
            compiled = self._unmask(word)
            if compiled is not None:
                words = _WORD.findall(text, max(0, m.start() - 80), m.start())
                found.append(
                    Match(
                        compiled.entry,
                        m.start(),
                        m.end(),
                        -1,
                        -1,
                        word,
                        _addressed(words, len(words)),
                    )
                )
        return found

    def _unmask(self, word: str) -> _Compiled | None:
        """The first single-word entry the masked ``word`` can stand for, with its affixes."""
        # Split the word into a masked head that must spell the entry and a plain tail the
        # entry's flags must allow; the head keeps at least one mask character.  With a tail,
        # only star-like masks count: "bit.ly" is a link, not "bitch" + "ly".
        for cut in range(len(word), 0, -1):
            head, tail = word[:cut], word[cut:]
            masks = _MASK_CHARS if not tail else _STAR_MASKS
            if tail and (not tail.isalpha() or any(ch in _MASK_CHARS - masks for ch in head)):
                continue
            if not any(ch in masks for ch in head):
                continue
            pattern = re.compile(
                "".join("[a-z]{1,2}" if ch in _MASK_CHARS else re.escape(ch) for ch in head)
            )
            for compiled in self._masked_candidates:
                affix = compiled.entry.affix
                if tail and not ("*" in affix or ("s" in affix and tail in EN_SUFFIXES)):
                    continue
                if pattern.fullmatch(compiled.tokens[0]):
                    return compiled
        return None

    def _match_at(
        self, texts: Sequence[str], i: int, unaddressed: bool = False,
        breaks: frozenset[int] = frozenset(),
    ) -> tuple[_Compiled, int, bool] | None:
        best: tuple[_Compiled, int, bool] | None = None
        best_key = (0, 0)
        for stem, pre, suf in _variants(texts[i]):
            for compiled in self._index.get(stem, ()):
                length = self._extent(compiled, texts, i, pre, suf)
                if length is None:
                    continue
                vocative = pre in ("يا", "ويا", "فيا") or _addressed(texts, i, breaks)
                if compiled.entry.vocative_only and not (vocative or unaddressed):
                    continue
                key = (length, compiled.entry.severity)
                if key > best_key:
                    best, best_key = (compiled, length, vocative), key
        if best is None:
            token = texts[i]
            for compiled in self._prefix:
                stem = compiled.tokens[0]
                if token.startswith(stem) and token != stem:
                    vocative = _addressed(texts, i, breaks)
                    if compiled.entry.vocative_only and not (vocative or unaddressed):
                        continue
                    return compiled, 1, vocative
        return best

    @staticmethod
    def _extent(
        compiled: _Compiled, texts: Sequence[str], i: int, pre: str, suf: str
    ) -> int | None:
        affix = compiled.entry.affix
        n = len(compiled.tokens)
        if pre and "p" not in affix:
            return None
        if suf and ("s" not in affix or n > 1):
            return None
        if i + n > len(texts):
            return None
        for k in range(1, n):
            token, want = texts[i + k], compiled.tokens[k]
            if token == want:
                continue
            if k == n - 1 and _ends_with(token, want, affix):
                continue
            return None
        return n


@lru_cache(maxsize=4096)
def _normalised(term: str) -> str:
    return normalize(term).text


def _ends_with(token: str, want: str, affix: str) -> bool:
    """Whether ``token`` is ``want`` with an allowed suffix, or a prefix-flagged extension."""
    if "*" in affix and token.startswith(want):
        return True
    if "s" not in affix or not token.startswith(want):
        return False
    rest = token[len(want) :]
    suffixes = ENCLITICS if _ARABIC.search(want) else EN_SUFFIXES
    return rest in suffixes


def _variants(token: str) -> Iterator[tuple[str, str, str]]:
    """The token itself, then every (stem, proclitic, suffix) split that leaves a real stem."""
    yield token, "", ""
    if _ARABIC.search(token):
        pres = [""] + [p for p in PROCLITICS if token.startswith(p)]
        sufs = [""] + [s for s in ENCLITICS if token.endswith(s)]
        for pre in pres:
            for suf in sufs:
                if not pre and not suf:
                    continue
                stem = token[len(pre) : len(token) - len(suf)]
                if len(stem) < MIN_STEM:
                    continue
                if len(stem) == MIN_STEM and pre in _RISKY_SHORT_PROCLITICS:
                    # فخري "my pride" is not ف + خري; a bare one-letter proclitic needs a
                    # longer stem (و "and" is common enough to keep).
                    continue
                yield stem, pre, suf
                if pre in _ARTICLE_PROCLITICS:
                    yield "ال" + stem, pre, suf
    elif _LATIN.search(token):
        for suf in EN_SUFFIXES:
            if token.endswith(suf) and len(token) - len(suf) >= MIN_STEM:
                yield token[: -len(suf)], "", suf


def _breaks(norm: Normalized, tokens: Sequence[Token]) -> frozenset[int]:
    """Tokens with punctuation or a line break before them (the normaliser turns a line break
    into a space, so the source text between the tokens is read for it)."""
    out = set()
    for k in range(1, len(tokens)):
        lo, hi = tokens[k - 1].end, tokens[k].start
        if _BREAK.search(norm.text, lo, hi):
            out.add(k)
            continue
        a, b = norm.offsets[lo - 1] + 1, norm.offsets[hi]
        if a < b and "\n" in norm.original[a:b]:
            out.add(k)
    return frozenset(out)


def _addressed(texts: Sequence[str], i: int, breaks: frozenset[int] = frozenset()) -> bool:
    """Whether the token at ``i`` follows a vocative or second-person cue.

    ``breaks`` are the tokens after punctuation: the cue reaches over one only when it opens
    its own clause ("انت، حمار", "you, thief"), not when it is an object ("I'm telling you,
    lazy thieves run it", "I love you. Thieves ruined you").
    """
    crossed = False
    for back in (1, 2, 3):
        j = i - back
        if j < 0:
            return False
        crossed = crossed or j + 1 in breaks
        opens = j == 0 or j in breaks
        if texts[j] in _THAT_YOU and (j == 0 or texts[j - 1] in _ASSERTING):
            return not crossed  # "واضح انك واحد تيس": said to the reader, not "ما قلت انك كذاب"
        if texts[j] in VOCATIVES:
            if crossed and not opens:
                return False
            # "thank you dog lovers": "you" is an object there, not an address.
            return j == 0 or texts[j - 1] not in _NOT_ADDRESSING
        if texts[j] not in _VOCATIVE_FILLERS:
            return False
    return False


def read_tsv(path: Path | str, **defaults: str) -> list[Entry]:
    """Entries from a TSV file with a header row (term, severity or weight, language, ...)."""
    entries = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            term = (row.get("term") or "").strip()
            if not term or term.startswith("#"):
                continue
            level = row.get("severity") or row.get("weight") or "1"
            entries.append(
                Entry(
                    term=term,
                    severity=int(level),
                    language=(row.get("language") or defaults.get("language", "")).strip(),
                    category=(
                        row.get("category") or row.get("kind") or defaults.get("category", "")
                    ).strip(),
                    note=(row.get("note") or "").strip(),
                    affix=(row.get("affix") or "").strip().replace("-", ""),
                    stem=(row.get("stem") or "").strip(),
                )
            )
    return entries


def load(*names: str) -> Lexicon:
    """A lexicon from one or more TSV files of the packaged ``data`` directory."""
    entries: list[Entry] = []
    for name in names:
        entries.extend(read_tsv(DATA_DIR / name))
    return Lexicon(entries)

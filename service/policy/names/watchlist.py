"""The watchlist matcher: listed names and aliases found on normalised tokens, with clitics."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from model.normalize import Normalized, tokenize

from .lexicons import (
    ARABIC,
    DATA_DIR,
    LATIN,
    family_shaped,
    is_given,
    lexicons,
    norm_tokens,
    read_tsv,
    variants,
)
from .phonetic import (
    arabizi_keys,
    crosses_script,
    definite_for_latin,
    endings_agree,
    final_vowel,
    skeleton,
    spelled_apart,
)
from .titles import load_roles, load_titles

WATCHLIST_PATH = DATA_DIR / "watchlist.tsv"
_LATIN_ARTICLES = frozenset({"el", "al", "il"})
# A family name's article, written apart; Arabizi also clips it to "l" ("l Zyoud 7aki mazboot"),
# which only lets a short skeleton count, not a reading (``_LATIN_ARTICLES``).
_ARTICLES = _LATIN_ARTICLES | {"ال", "l"}
# Titles readers write in Latin letters before a family name without its article.
_LATIN_TITLES = frozenset({"dr", "doctor", "dktor", "doktor", "mohandes", "muhandes", "eng",
                           "sheikh", "shaikh", "ustaz", "ostaz", "ustath", "mudeer", "modeer",
                           "mudir"})
EN_SUFFIXES: tuple[str, ...] = ("'s", "’s", "s")
MIN_SKELETON = 3  # consonants a cross-script surname must keep to be matched on its own
_DOUBLED = re.compile(r"(.)\1")
OFFICE_SCORE = 0.9  # load_roles() gives public offices this score, other roles less
READING_SKELETON = 4  # consonants an Arabizi reading must keep, after "el", to be a surname
# A long a written in Arabizi ("3akayleh", "6arawneh", "3abbaadi"), which the reading drops.
_WRITTEN_LONG_A = re.compile(r"a[wy]|aa")


def same_last(token: str, want: str) -> bool:
    """The last token of a name, allowing an English possessive/plural ("Trump's")."""
    if token == want:
        return True
    if LATIN.match(want):
        return any(token == want + suf for suf in EN_SUFFIXES)
    return False


def name_variants(tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Spelling variants: token boundaries (عبد الله / عبدالله, ابو مازن / ابومازن), بن -> ابن."""
    out = {tokens}
    for i, tok in enumerate(tokens):
        if tok == "بن":  # readers write the nasab's "son of" with its alef too: ابن سلمان
            out.add(tokens[:i] + ("ابن",) + tokens[i + 1 :])
        if tok in ("عبد", "ابو") and i + 1 < len(tokens):
            out.add(tokens[:i] + (tok + tokens[i + 1],) + tokens[i + 2 :])
        for head in ("عبد", "ابو"):
            if tok.startswith(head) and len(tok) > len(head) + 2:
                out.add(tokens[:i] + (head, tok[len(head) :]) + tokens[i + 1 :])
    return out


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A listed name found in a normalised text: ``[start, end)`` and token range."""

    entry_id: str
    start: int
    end: int
    first: int
    last: int
    text: str
    phonetic: bool = False  # matched across scripts by consonant skeleton


class Watchlist:
    """Compiled matcher over normalised names and aliases (token-boundary, clitic-aware).

    With ``phonetic=True`` (the names of one article) a one-word name also matches a word of
    the other script with the same consonant skeleton (:mod:`.phonetic`): "Tarawneh" or Arabizi
    "el Tarawneh" for an article's "الطراونة", and the other way round.
    """

    __slots__ = ("_index", "_size", "_keys", "_pairs", "_unvoweled", "_alefless", "_one_alef",
                 "_spelled")

    def __init__(self, names: Iterable[tuple[str, str]], *, phonetic: bool = False):
        """Compile (entry id, name or alias) pairs."""
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        keys: dict[str, list[tuple[str, str]]] = {}
        pairs: dict[tuple[str, str], tuple[str, str, str]] = {}
        unvoweled: dict[str, str] = {}
        alefless: dict[str, str] = {}
        one_alef: dict[str, str] = {}
        spelled: list[tuple[tuple[str, ...], str]] = []
        ids: set[str] = set()
        for entry_id, name in names:
            base = norm_tokens(name)
            if not base:
                continue
            ids.add(entry_id)
            for tokens in name_variants(base):
                index.setdefault(tokens[0], []).append((tokens, entry_id))
            if phonetic and len(base) <= 2:
                spelled.append((base, entry_id))
            if phonetic and len(base) == 2 and all(LATIN.match(t) for t in base):
                pair = (skeleton(base[0]), skeleton(base[1]))
                if all(pair):
                    pairs.setdefault(pair, (base[0], base[1], entry_id))
            if phonetic and len(base) == 1:
                key = skeleton(base[0])
                if key:
                    keys.setdefault(key, []).append((base[0], entry_id))
                if base[0].startswith("ال") and ARABIC.match(base[0]):
                    bare = _without_alef(base[0])
                    if bare != base[0]:
                        unvoweled.setdefault(bare, entry_id)
                    alefless.setdefault("ال" + base[0][2:].replace("ا", ""), entry_id)
                    if base[0][3:].count("ا") == 1:
                        one_alef.setdefault(base[0][:3] + base[0][3:].replace("ا", ""), entry_id)
        for bucket in index.values():
            bucket.sort(key=lambda item: -len(item[0]))
        self._index = index
        self._keys = keys
        self._pairs = pairs
        self._unvoweled = unvoweled
        self._alefless = alefless
        self._one_alef = one_alef
        self._spelled = spelled
        self._size = len(ids)

    @classmethod
    def from_entries(cls, rows: Iterable[Mapping[str, Any]]) -> Watchlist:
        """Build from rows with ``id``, ``name_en``, ``name_ar`` and ``aliases`` (| or list)."""
        names: list[tuple[str, str]] = []
        for n, row in enumerate(rows):
            entry_id = str(row.get("id") or n)
            aliases = row.get("aliases") or ()
            if isinstance(aliases, str):
                aliases = aliases.split("|")
            for name in (row.get("name_en"), row.get("name_ar"), row.get("name"), *aliases):
                if name and str(name).strip():
                    names.append((entry_id, str(name).strip()))
        return cls(names)

    def __len__(self) -> int:
        return self._size

    def find(self, norm: Normalized, arabizi: bool = False) -> list[NameMatch]:
        """Non-overlapping matches in a normalised text, longest first at each token."""
        # ``arabizi``: the comment is written in Arabizi, so its Arabic-script words are the
        # normaliser's letter-by-letter readings ("3abdallat" -> عبدللت), matched to an
        # article's Arabic names by skeleton too (``_phonetic``), not by spelling only.
        tokens = tokenize(norm)
        texts = [t.text for t in tokens]
        found: list[NameMatch] = []
        i = 0
        while i < len(texts):
            best: tuple[int, int, str] | None = None
            forms: Iterable[tuple[str, int]] = variants(texts[i])
            if arabizi and i and texts[i - 1] in _LATIN_ARTICLES and ARABIC.match(texts[i]):
                # "el ta3mari": the reading (تعمري) with the Latin article is التعمري
                forms = (*forms, ("ال" + texts[i], 0))
            for stem, cut in forms:
                for name, entry_id in self._index.get(stem, ()):
                    n = len(name)
                    if i + n > len(texts) or (best is not None and n <= best[0]):
                        continue
                    # The first token is the index key; the rest must follow exactly.
                    middle = all(texts[i + k] == name[k] for k in range(1, n - 1))
                    if n == 1 or (middle and same_last(texts[i + n - 1], name[-1])):
                        best = (n, cut, entry_id)
            phonetic = False
            if best is None and arabizi and i and texts[i - 1] in _LATIN_ARTICLES:
                raw = norm.original[slice(*norm.to_original(tokens[i].start, tokens[i].end))]
                # An "el" word after another is an adjective ("el mansaf el 7awrani", in the
                # Hauran's way), not a family name, unless a title or an office stands before
                # ("el doctor el 3akayleh", "director el hay2a el 3akayleh").
                adjective = (i > 2 and texts[i - 3] in _LATIN_ARTICLES
                             and texts[i - 2] not in latin_titles()
                             and not (i > 3 and texts[i - 4] in latin_titles()))
                best = self._reading_after_article(
                    texts[i], _named_before_article(texts, i, strict=False),
                    not adjective and _WRITTEN_LONG_A.search(raw.lower()) is not None)
            if best is None and self._pairs:
                best = self._full_name_across(texts, i)
                phonetic = best is not None
            if best is None and self._keys:
                best = self._phonetic(texts, i, arabizi, _titled_surname(texts, i),
                                      named=_named_before_article(texts, i))
                phonetic = True
            if best is None and self._spelled:
                best = self._misspelt(texts, i, titled=i > 0 and texts[i - 1] in latin_titles())
            if best is None:
                i += 1
                continue
            n, cut, entry_id = best
            start, end = tokens[i].start + cut, tokens[i + n - 1].end
            text = norm.text[start:end]
            found.append(NameMatch(entry_id, start, end, i, i + n, text, phonetic))
            i += n
        return found

    def _misspelt(self, texts: list[str], i: int,
                  titled: bool = False) -> tuple[int, int, str] | None:
        """A story's name with one letter slipped (:func:`one_slip`): "خليل الرقات" for "خليل
        الرقاد", "الشديفاه" for "الشديفات", "Khraisat" for "Khreisat".

        After the exact given name a family name of five letters may slip; alone it needs
        seven (with its article) in Arabic or six in Latin, and must be no listed word; after
        a Latin title (``titled``: "Mrs. Nsoor" for "Nsour") five Latin letters will do.
        """
        lex = lexicons()
        for name, entry_id in self._spelled:
            if i + len(name) > len(texts):
                continue
            if len(name) == 2:
                if texts[i] == name[0] and is_given(name[0]) and one_slip(texts[i + 1], name[1], 5):
                    return 2, 0, entry_id
                continue
            word = texts[i]
            if (word in lex["stopwords"] or word in lex["not_persons"] or is_given(word)
                    or not (word.startswith("ال") or LATIN.match(word))):
                continue
            if one_slip(word, name[0], (5 if titled else 6) if LATIN.match(word) else 7):
                return 1, 0, entry_id
        return None

    def _reading_after_article(self, reading: str, named: bool = False,
                               long_a: bool = False) -> tuple[int, int, str] | None:
        """An Arabizi family name after "el" whose reading lacks the name's long alef.

        Arabizi writes the long a of the fa'ouli pattern ("الفاعوري") as a short one ("el
        fa3ouri"), which the letter-by-letter reading drops (فعوري).  Only that alef, after the
        first letter, and a reading of four letters: three ("el 3alam", "el salam") are
        everyday words that read like العالم، السالم.  A doubled letter is Arabic's one
        letter with a shadda ("el 3azzam" reads عززم for العزام): it is read once, against the
        name without its long alefs, and three letters then stand only after a given name
        (``named``: "samer el 3azzam"), since trades are spelled so too ("el 7allaq" الحلاق).
        A reading of five letters or more may lack a name's one long alef anywhere when the
        writer wrote it (``long_a``: "aw", "ay" or "aa" in the Latin word, "3akayleh" for
        العكايلة); without it the reading is a word's ("3omleh", the currency, reads as
        العواملة without its alef).
        """
        if not ARABIC.match(reading) or len(reading) < READING_SKELETON:
            return None
        entry_id = self._unvoweled.get("ال" + reading)
        if entry_id is None and long_a and len(reading) > READING_SKELETON:
            # Five letters or more, the name's one long alef dropped wherever it stands ("el
            # 3akayleh" reads عكيله for العكايلة, "el 6arawneh" طرونه for الطراونة): letter
            # for letter, emphatics included, which no skeleton match asks.
            entry_id = self._one_alef.get("ال" + reading)
        single = _DOUBLED.sub(r"\1", reading)
        if entry_id is None and single != reading and (
                len(single) >= READING_SKELETON or named and len(single) == READING_SKELETON - 1):
            entry_id = self._alefless.get("ال" + single)
        return (1, 0, entry_id) if entry_id is not None else None

    def _full_name_across(self, texts: list[str], i: int) -> tuple[int, int, str] | None:
        """An English story's two-word name written in Arabic ("رنا حدادين" for "Rana
        Haddadin"): a given name and the next word, each with the skeleton of its part.

        One Arabic word alone is not matched to a Latin name (``crosses_script``: "قسم" and
        "Qasem"), but a given name followed by the surname's skeleton is the whole name.
        """
        if i + 1 >= len(texts) or not (ARABIC.match(texts[i]) and ARABIC.match(texts[i + 1])):
            return None
        # An everyday-word given name (وليد) counts before a family name of a family's shape:
        # both words must then have the name's skeletons ("وليد الغرايبه", "Walid Ghraibeh");
        # not before any definite word ("موقف حازم القضاء" is a firm stand, not Hazem Qudah).
        if not is_given(texts[i], strict=not family_shaped(texts[i + 1])):
            return None
        found = self._pairs.get((skeleton(texts[i]), skeleton(texts[i + 1])))
        if found is None or not endings_agree(texts[i + 1], found[1]):
            return None
        # The given name's final vowel must show the same: "ريم" is not "Rami".
        if final_vowel(texts[i]) != final_vowel(found[0]):
            return None
        return 2, 0, found[2]

    def _phonetic(self, texts: list[str], i: int, arabizi: bool = False,
                  titled: bool = False, named: bool = False) -> tuple[int, int, str] | None:
        """A one-word name of the other script with this token's skeleton.

        Two consonants are too few to tell names apart ("Zyoud", "Zaid"), so a short skeleton
        only counts after an article word ("el Zyoud", "al-Zyoud").  ``titled``: an Arabic
        title stands before the token, which then may be a family name without its article;
        ``named``: a Latin given name and "el" stand before it ("Basel el 5asawna").
        """
        for stem, cut in variants(texts[i]):
            read = arabizi and bool(ARABIC.match(stem))
            for key in arabizi_keys(stem) if read else (skeleton(stem),):
                for name, entry_id in self._keys.get(key, ()):
                    if not endings_agree(stem, name):
                        continue
                    if not (read or crosses_script(stem, name)):
                        # An Arabic family name with its article for an English story's name
                        # ("المهندس الخريسات", "Khreisat"): four consonants, as a reading needs,
                        # the same final vowel, and no everyday word.
                        definite = "ال" + stem if titled and not stem.startswith("ال") else stem
                        if ((len(key) >= READING_SKELETON
                             or (titled and _voweled_family(definite, key)))
                                and definite_for_latin(definite, name)
                                and stem not in lexicons()["not_persons"]
                                and stem not in lexicons()["stopwords"]):
                            return 1, cut, entry_id
                        continue
                    after_article = i > 0 and texts[i - 1] in _ARTICLES
                    if read:
                        # A reading's skeleton is coarse (ق=ك=خ, ت=ط, ع dropped): three
                        # consonants are everyday words ("a5san" الخصاونة, "6aleb" الطوالبة),
                        # so a reading needs four and the article word a family name carries,
                        # or a title before it ("shukran la dr. 7ara7she").
                        titled_latin = i > 0 and texts[i - 1] in _LATIN_TITLES
                        # "l" only for a short skeleton: "l 7ara7she" may be "for 7ara7she"
                        spelled = i > 0 and texts[i - 1] in _LATIN_ARTICLES | {"ال"}
                        # After "<given name> el" three will do when the reading spells
                        # the name nearly whole, its final vowel too ("Basel el 5asawna" is
                        # الخصاونة): "Omar el a5san" (the best), "Zaid el 6aleb" (the student)
                        # and "Ahmad el 7ayran" (confused) are not.
                        if (spelled or titled_latin) and (
                                len(key) >= READING_SKELETON
                                or (named and len(key) == READING_SKELETON - 1
                                    and _spells_nearly(stem, name))):
                            return 1, cut, entry_id
                    elif len(key) >= MIN_SKELETON or (
                            after_article and spelled_apart(stem) == spelled_apart(name)):
                        # "el qarar" (a decision) is not "Al-Akour": k r r spelled, not k r
                        return 1, cut, entry_id
        return None


# Letters readers write for one another: ت/ه at a name's end ("الشديفاه"), the emphatic and
# plain pairs, a voiced/voiceless slip ("الرقات" for "الرقاد"), and Latin vowels.
_SLIPS = frozenset(
    frozenset(p) for p in ("ته", "تط", "تد", "دض", "دذ", "ذز", "زظ", "ضظ", "سص", "سث", "قك",
                           "حه", "حخ", "عا", "عء", "اء", "ae", "ai", "ei", "eo", "ou", "ui", "iy",
                           "ey", "ay", "oa", "ua")
)  # fmt: skip


def one_slip(word: str, name: str, shortest: int) -> bool:
    """Whether ``word`` is ``name`` with one letter slipped (:data:`_SLIPS`), in a name of at
    least ``shortest`` letters: a misspelling, not another word."""
    if word == name or len(word) != len(name) or len(name) < shortest:
        return False
    diff = [(a, b) for a, b in zip(word, name, strict=True) if a != b]
    return len(diff) == 1 and frozenset(diff[0]) in _SLIPS


@lru_cache(maxsize=1)
def arabic_titles() -> frozenset[str]:
    """One-word Arabic titles and offices (titles.tsv, roles.tsv), normalised: after one,
    readers drop a family name's article ("الوزير خريسات" for an English story's "Khraisat")."""
    cues = [*load_titles(), *(r for r in load_roles() if r.score >= OFFICE_SCORE)]
    # "امين" (of "امين عام") is a given name as often: "امين خريسات" is someone called Amin
    return frozenset(
        tokens[0] for cue in cues
        if ARABIC.match(cue.cue) and len(tokens := norm_tokens(cue.cue)) == 1
    ) - {"امين"}


@lru_cache(maxsize=1)
def latin_titles() -> frozenset[str]:
    """One-word Latin titles and offices (titles.tsv, roles.tsv), normalised: "mrs", "dr",
    "minister" (and the Arabic readings the normaliser gives those with digits, "na2eb" نءب); a
    name after one is someone's, so a shorter misspelling of the story's counts."""
    cues = [*load_titles(), *(r for r in load_roles() if r.score >= OFFICE_SCORE)]
    return frozenset(
        tokens[0] for cue in cues
        if LATIN.match(cue.cue) and len(tokens := norm_tokens(cue.cue)) == 1
    ) | _LATIN_TITLES


def _spells_nearly(reading: str, name: str) -> bool:
    """Whether an Arabizi reading of an Arabic family name's skeleton shows its final vowel (not
    none) and is at most one letter shorter ("خسونا" for "الخصاونة", "حورني" for "الحوراني")."""
    if not ARABIC.match(name):
        return False
    stem = name[2:] if name.startswith("ال") else name
    vowel = final_vowel(reading)
    return bool(vowel) and vowel == final_vowel(stem) and len(reading) >= len(stem) - 1


def _named_before_article(texts: list[str], i: int, strict: bool = True) -> bool:
    """Whether token ``i`` follows a Latin given name and a Latin article ("basel el _");
    ``strict``: no given name that is also an everyday word."""
    return (i > 1 and texts[i - 1] in _LATIN_ARTICLES and bool(LATIN.match(texts[i - 2]))
            and is_given(texts[i - 2], strict=strict))


def _titled_surname(texts: list[str], i: int) -> bool:
    """Whether token ``i`` follows an Arabic title and may be a family name without its
    article: not a given name ("الدكتور حمدان العبادي", "الشيخ رمضان"), nor the first word of
    a full name (a definite family name after it)."""
    if not (i > 0 and texts[i - 1] in arabic_titles()) or is_given(texts[i]):
        return False
    return not (i + 1 < len(texts) and texts[i + 1].startswith("ال"))


def _voweled_family(word: str, key: str) -> bool:
    """Whether a definite word of three consonants after a title is spelled as a family name
    is, with a long vowel inside ("الدكتور النعيمات"): alone, adjectives and plurals of that
    shape are everyday words ("الرشيده", "الغريبه", "البطانه", "السلامه"), and a nisba is
    as often an adjective."""
    # A nisba ("الحجازي", "العراقي") is an everyday adjective as often as a family name.
    return (len(key) == MIN_SKELETON and not word.endswith("ي")
            and any(ch in "اوي" for ch in word[3:-1]))


def _without_alef(word: str) -> str:
    """A definite word without the long alef after its first letter ("الفاعوري" -> "الفعوري")."""
    if word.startswith("ال") and len(word) > 4 and word[3] == "ا":
        return word[:3] + word[4:]
    return word


def load_seed_watchlist(path: Path | str = WATCHLIST_PATH) -> list[dict[str, str]]:
    """Rows of the packaged seed watchlist (id, name_en, name_ar, aliases, kind)."""
    return read_tsv(Path(path))

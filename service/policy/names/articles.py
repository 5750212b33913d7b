"""Persons named in the article under discussion: its officials are personalities too.

News text introduces people by office or role ("Culture Minister Dr. X", "قال رئيس الجمعية X",
"Festival executive director X"), so an article's names are harvested from

* the title cues of ``titles.tsv`` and the role nouns of ``roles.tsv`` (courtesy titles count
  too: an article names no private doctors);
* given names followed by a family name ("Maria Lindqvist", "عوني الطراونة");
* the tagger's confident multi-word spans;

minus anything inside a place or institution name ("Wadi Musa", "Jerash Festival").  Each name
also yields its family name alone ("Hasanat", "الزيود", and "رواشدة" without the article for a
family-shaped name), which commenters use more than full names, and the family name matches
across scripts (:mod:`.phonetic`: "el Tarawneh" for "الطراونة").
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from service.core import Article

from .finder import NameFinder, Tokens
from .lexicons import ARABIC, LATIN, family_shaped, is_given, lexicons, mixed_case
from .places import in_institution, is_head_after, is_head_before, titled_start
from .speakers import (
    SPEECH_VERBS,
    named_speakers,
    on_behalf,
    reported_surnames,
)
from .titles import Cues, TitleCue, load_roles
from .watchlist import Watchlist
from .witnesses import COMMAS, common_head, private_role, witness_surnames

ARTICLE_TAGGER_MIN = 0.6  # names harvested from an article must be surer: they fire at 0.9
ARTICLE_CACHE_SIZE = 512
_COMPOUND = frozenset({"الدين", "الله", "الرحمن", "الرحيم", "الكريم", "العزيز"})
MAX_GIVEN_NAME_TOKENS = 3
# An apostrophe for the ʿayn inside a transliterated name ("Ra'ed", "Sa'id", "Mu'ath") splits it
# into two tokens that are no given name; names are also harvested with it dropped ("Raed
# Sawalha").
# A possessive or a contraction ("Aqaba's", "don't") has one letter after it and stays.
_AYN_APOSTROPHE = re.compile(r"\b([A-Z][a-z]+)['\u2019]([a-z]{2,})\b")


_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+")
_Harvest = tuple[Watchlist, dict[str, str], frozenset[str], frozenset[str], frozenset[str]]


class ArticleNames:
    """Harvests and caches the names of each article (per id and text version)."""

    def __init__(self, finder: NameFinder, titles: Iterable[TitleCue]):
        self.finder = finder
        self.cues = Cues([*titles, *load_roles()])
        self._cache: OrderedDict[tuple[str, str], _Harvest] = OrderedDict()
        self._lock = threading.Lock()

    def watchlist(self, article: Article) -> Watchlist:
        """Persons named in the article, cached per article id and text version."""
        return self._harvest(article)[0]

    def given_names(self, article: Article) -> dict[str, str]:
        """The article's persons by their given name (normalised token -> full name)."""
        return self._harvest(article)[1]

    def story_things(self, article: Article) -> frozenset[str]:
        """Capitalised Latin words the article repeats outside every harvested name, lower-cased.

        What the story calls "Sanad" twice or more without a person's cue is its app, company or
        place: a reader who repeats the single word is not naming a personality, whatever the
        tagger guesses.  A surname the harvester missed is usually written once ("lawmakers,
        including Atiyeh, Qudah and Omari"), so once is not enough.
        """
        return self._harvest(article)[2]

    def witnesses(self, article: Article) -> frozenset[str]:
        """Family words of the private people the story quotes (:mod:`.witnesses`)."""
        return self._harvest(article)[3]

    def places(self, article: Article) -> frozenset[str]:
        """Titles and names inside the story's places and institutions ("princess badea" of
        "Princess Badea Teaching Hospital"): what a reader may say short for the place."""
        return self._harvest(article)[4]

    def _harvest(self, article: Article) -> _Harvest:
        digest = hashlib.sha256(f"{article.title}\n{article.body}".encode()).hexdigest()[:16]
        key = (article.id, digest)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        names, quoted, places = self._extract(article)
        given = {}
        for _, name in names:
            words = Tokens.of(name).texts
            if len(words) >= 2 and is_given(words[0]):
                given.setdefault(words[0], name)
        in_names = {w.lower() for _, name in names for w in _CAPITALISED.findall(name)}
        written = f"{article.title}\n{article.body}"
        seen = Counter(m.lower() for m in _CAPITALISED.findall(written))
        things = frozenset(
            w for w, n in seen.items() if n >= 2 and w not in in_names and not is_given(w)
        )
        found = (Watchlist(names, phonetic=True), given, things, quoted, places)
        with self._lock:
            self._cache[key] = found
            while len(self._cache) > ARTICLE_CACHE_SIZE:
                self._cache.popitem(last=False)
        return found

    def extract(self, article: Article) -> list[tuple[str, str]]:
        """(id, name) for every person named in an article, and (same id, surname) pairs."""
        return self._extract(article)[0]

    def _extract(self, article: Article
                 ) -> tuple[list[tuple[str, str]], frozenset[str], frozenset[str]]:
        names: dict[str, str] = {}
        witnesses: list[str] = []
        places: list[str] = []
        written = f"{article.title}\n{article.body}"
        joined = _AYN_APOSTROPHE.sub(r"\1\2", written)
        # As written (readers copy "Masa'deh") and, for the paragraphs where it differs, with
        # the apostrophes dropped (a split given name hides "Ra'ed Sawalha" from the harvest).
        done: set[str] = set()
        for text in dict.fromkeys((written, joined)):
            # Paragraphs, not sentences: a full stop also ends "Col." and "Dr.".
            whole = Tokens.of(text)
            counts = Counter(whole.texts)
            said = reported_surnames(whole)
            for chunk in re.split(r"\n+", text):
                if chunk.strip() and chunk not in done:
                    done.add(chunk)
                    for key, original in self._names_in(chunk, counts, witnesses, said,
                                                        places):
                        names.setdefault(key, original)
            for key, original in self._said_names(text):
                names.setdefault(key, original)
        # A witness's name, and his family name however the story repeats it ("Masarweh
        # said"), is his; an official with another given name keeps his own.
        quoted = witness_surnames(witnesses, [k for k in names if k not in witnesses])
        names = {k: v for k, v in names.items()
                 if k not in witnesses and not (len(k.split()) == 1 and k in quoted)}
        out: list[tuple[str, str]] = []
        for n, (key, original) in enumerate(sorted(names.items())):
            entry_id = f"article:{n}:{original}"
            out.append((entry_id, original))
            out.extend((entry_id, surname) for surname in _surnames(key.split()))
        return out, quoted, frozenset(places)

    def _said_names(self, text: str) -> Iterator[tuple[str, str]]:
        """English news style: a full name once ("Minister of Supply Yarub Qudah"), the surname
        after ("Qudah said").  A capitalised word before a speech verb that also follows another
        capitalised word earlier is that person's family name, whatever the title before it;
        "Jordan said" or "UNHCR said" never follow a given name in the same story.
        """
        lex = lexicons()
        for surname in {m.group(1) for m in _SAID.finditer(text)}:
            low = surname.lower()
            if (low in lex["stopwords"] or low in lex["not_persons"] or is_given(low)
                    or common_head(low, self.cues) or low in _SPEAKING_BODIES):
                continue  # "the Health Ministry said": an institution speaks
            for m in re.finditer(r"\b([A-Z][a-z]+)\s+" + re.escape(surname) + r"\b", text):
                given = m.group(1)
                if (given.lower() in lex["stopwords"] or given.lower() in lex["not_persons"]
                        or given.lower() in _COMPASS or self.cues.head_of(given.lower())):
                    continue  # "Jordan Farmers Union ... Farmers said": a country is no given name
                if self.cues.at([given.lower()], 0) is not None:
                    continue  # "Minister Qudah": the title cue route harvests it
                yield " ".join(Tokens.of(m.group()).texts), m.group()
                break

    def _names_in(self, chunk: str, counts: Mapping[str, int] | None = None,
                  witnesses: list[str] | None = None, said: frozenset[str] = frozenset(),
                  places: list[str] | None = None) -> Iterator[tuple[str, str]]:
        tok = Tokens.of(chunk)
        ranges: list[tuple[int, int]] = []
        starts = {s.start: k for k, s in enumerate(tok.spans)}
        for p in self.finder.tagged(chunk, ARTICLE_TAGGER_MIN):
            trimmed = self.finder.trim(chunk, p.start, p.end)
            if trimmed is None or trimmed[0] not in starts:
                continue
            first = starts[trimmed[0]]
            last = first
            while last < len(tok.spans) and tok.spans[last].start < trimmed[1]:
                last += 1
            # One word alone is as often a place ("Raqqa") as a person; a single-word name
            # still comes in through a title cue ("President Assad").
            if last - first > 1:
                ranges.append((first, last))
        support = self.finder.tagged(chunk)
        cued = self.finder.after_cues(tok, support, self.cues, article=True)
        ranges.extend((f, la) for _, f, la, _ in cued)
        ranges.extend(_given_name_runs(tok))
        ranges.extend(_said_runs(tok, counts))
        ranges.extend(named_speakers(tok, said))
        lex = lexicons()
        for first, last in ranges:
            last = _one_family_name(tok.texts, first, last)
            # "محافظ إربد حسن العكور": the place right after a title is the office's, not the
            # name's; a given name ("Ameen", "سلام") or a kunya ("Abu Ayman") stays.
            while (last - first > 1 and first > 0 and self.cues.head_of(tok.texts[first - 1])
                   and tok.texts[first] in lex["not_persons"] and not is_given(tok.texts[first])
                   and tok.texts[first] not in lex["kunya"]):
                first += 1
            if in_institution(tok.texts, tok.spans, chunk, first, last, self.cues):
                if places is not None:  # its title and name, "princess badea"
                    places.append(" ".join(tok.texts[titled_start(tok.texts, first, self.cues)
                                                     :last]))
                continue
            toks = [t for t in tok.texts[first:last] if t not in lex["stopwords"]]
            if not toks or all(self.cues.head_of(t) for t in toks):
                continue
            if all(t in lex["not_persons"] or t in lex["modifiers"] for t in toks):
                # "a deputy for Jerash governorate", "the Syrian Interior Ministry": the
                # tagger's place or office is no person
                continue
            if all(common_head(t, self.cues) for t in toks):
                continue  # "مدير المستشفى الدكتور ...": the office's complement, not a name
            if toks[-1] in lex["times"]:
                continue  # "صباح الأحد": a given name before a day is a time of day
            if toks[-1] in _DOCUMENTS:
                continue  # "the General Electricity Law": "General" is no officer there
            if len(toks) == 1 and is_given(toks[0]):
                continue  # a first name alone would flag every reader's namesake relative
            if toks[0] in _UMM and (len(toks) < 2 or not is_given(toks[1])):
                continue  # "Um Uthaina", "ام قيس": Umm before no given name is a place
            if len(toks) == 2 and toks[0] in _UMM and is_given(toks[1]):
                # "said Umm Yazan, a producer from Ay": a story names a private woman by her
                # kunya alone, and Umm is no family name (Abu is: "Mayor Abu Zaid").
                continue
            if _in_place_list(tok, chunk, last):
                continue  # "in the Al-Mahdood, Al-Sha'bi and downtown areas"
            if _after_a_place_word(tok.texts, first, last):
                continue  # "a wadi east of Saham al-Jawlan", "near Heibras"
            if toks[0] in _COMPASS and LATIN.match(toks[0]) and len(toks) > 1:
                continue  # "South Shouneh", "North Hashemi": a compass point begins a place
            if private_role(tok, chunk, first, last, self.cues):
                if witnesses is not None:  # "أبو ياسر، وهو نجار من داريا": a witness
                    witnesses.append(" ".join(tok.texts[first:last]))
                continue
            original = chunk[tok.spans[first].start : tok.spans[last - 1].end]
            yield " ".join(tok.texts[first:last]), original


# English words after which a capitalised name is where something happened, not who.
_PLACE_PREPOSITIONS = frozenset(["near", "outside", "inside"])
_DIRECTIONS = frozenset(
    ["east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest",
     "outskirts", "village", "town", "city", "district", "area", "edge", "heart"]
)  # fmt: skip

# English compass words that begin a place's name ("South Shouneh"), never a person's.
_COMPASS = frozenset(
    ["north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
     "upper", "lower"]
)  # fmt: skip


def _after_a_place_word(texts: Sequence[str], first: int, last: int) -> bool:
    """Whether an English name comes after "near" or "east of": a place in news prose; not a
    possessive ("near Walid Abu Hamdan's home") nor a given name and a surname."""
    if first == 0 or not LATIN.match(texts[first]) or is_given(texts[first]):
        return False
    if last < len(texts) and texts[last] == "s":
        return False
    before = texts[first - 1]
    return before in _PLACE_PREPOSITIONS or (
        before == "of" and first >= 2 and texts[first - 2] in _DIRECTIONS)


# Capitalised instruments of law and policy: a name ending in one is a document, not a person.
_DOCUMENTS = frozenset(
    ["law", "act", "code", "bylaw", "bylaws", "regulation", "regulations", "constitution",
     "agreement", "convention", "treaty", "strategy", "budget", "decree", "instructions"]
)  # fmt: skip

# A person's kunya is "father/mother of" a given name.  "Umm" before any other word names a
# place (Um Uthaina, Umm Qais); "Abu" before one is as often a family name (Abu Rumman,
# Abu Odeh), so only Umm is read as a place.
_KUNYA_LEADS = frozenset({"um", "umm", "ام", "abu", "abou", "ابو"})
_UMM = frozenset({"um", "umm", "ام"})

# A list of capitalised names that ends in a plural place noun names places, not people.
_PLACE_PLURALS = frozenset(
    ["areas", "neighbourhoods", "neighborhoods", "districts", "streets", "villages", "towns",
     "camps", "regions", "quarters", "suburbs", "governorates", "cities", "crossings"]
)  # fmt: skip
_LIST_GLUE = frozenset({"and", "or", "the", "al", "el", "downtown", "old", "new"})


def _in_place_list(tok: Tokens, chunk: str, last: int, reach: int = 8) -> bool:
    """Whether the name ending at token ``last`` sits in a list that ends in a place noun."""
    for j in range(last, min(last + reach, len(tok.texts))):
        word = tok.texts[j]
        if word in _PLACE_PLURALS:
            return True
        if word not in _LIST_GLUE and not chunk[tok.spans[j].start].isupper():
            return False
    return False


_SAID = re.compile(
    r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:said|says|told|added|noted|stressed|explained"
    r"|urged|warned|announced|confirmed)\b"
)

# Bodies that "said" in English news, some missing from the place and institution heads.
_SPEAKING_BODIES = frozenset(
    ["municipality", "ministry", "department", "association", "company", "authority",
     "commission", "council", "directorate", "office", "bank", "agency", "court", "committee",
     "police", "army", "government", "parliament", "union", "syndicate", "federation", "unhcr",
     "unicef", "spokesman", "spokeswoman", "spokesperson", "source", "sources", "statement",
     # "The Southern Military Region said": a command, a hospital or a club speaks too
     "region", "forces", "centre", "center", "hospital", "university", "club", "chamber",
     "institute", "foundation", "defence", "defense", "services", "programme", "program",
     "crescent", "cross", "command", "customs", "organisation", "organization", "society",
     "fund"]
)  # fmt: skip


def _one_family_name(texts: Sequence[str], first: int, last: int) -> int:
    """Where an Arabic name ends: after its family name, not at the definite noun after it.

    News prose runs a name into its verb's object ("عزا نقيب التجار فواز الزبن الارتفاع إلى"),
    and every route above may take that noun ("الارتفاع") as a second family name: as a
    surname it then flags any reader who writes "الارتفاع".  An Arabic name has one definite
    family word; a definite word after "عبد" ("عبد الرحيم"), "الدين"/"الله" ("نور الدين") and
    ordinals ("الثاني") belong to the name.
    """
    lex = lexicons()
    family = False
    for k in range(first, last):
        word = texts[k]
        if not ARABIC.match(word) or not word.startswith("ال") or len(word) < 4:
            continue
        if word in _COMPOUND or word in lex["ordinals"] or (k > first and texts[k - 1] == "عبد"):
            continue
        if family:
            return k
        family = True
    return last


def _given_name_runs(tok: Tokens) -> Iterator[tuple[int, int]]:
    """Given name + family name runs: "Maria Lindqvist", "Ziad Al-Tarawneh", "عوني الطراونة"."""
    lex = lexicons()
    texts = tok.texts
    mixed = mixed_case(tok.original)
    for i, word in enumerate(texts):
        if i > 0 and tok.adjacent(i) and texts[i - 1] in ("al", "el", "ال"):
            continue  # "Al-Hussein Irbid": a family or club name, not a given name
        latin = bool(LATIN.match(word))
        if latin and not (mixed and tok.raw(i)[:1].isupper() and is_given(word)):
            continue
        # An everyday-word given name (صالح، عمر) counts before a tribe's name: "صالح بني مصطفى".
        tribe = i + 2 < len(texts) and texts[i + 1] == "بني" and tok.adjacent(i + 2)
        if not latin and not (ARABIC.match(word) and is_given(word, strict=not tribe)):
            continue
        end = i + 1
        while end < len(texts) and end - i < MAX_GIVEN_NAME_TOKENS and tok.adjacent(end):
            nxt = texts[end]
            if (nxt in lex["stopwords"] or nxt in lex["modifiers"] or nxt in lex["not_persons"]
                    ) and nxt not in lex["kunya"]:
                break  # a kunya word goes on ("Ziad Abu Hamdan"); "Abu Dhabi" starts no run
            if is_head_after(nxt) or is_head_before(nxt):
                break
            if latin:
                if not (tok.raw(end)[:1].isupper() or nxt in lex["connectors"]):
                    break
            elif not (nxt.startswith("ال") or nxt in lex["kunya"] or nxt in lex["connectors"]
                      or is_given(nxt)):
                break
            end += 1
        while end > i + 1 and texts[end - 1] in lex["connectors"]:
            end -= 1
        if end - i >= 2:
            yield i, end


# Arabic news introduces a speaker as "وقال <office, however long> <given> <family> إن ...":
# the two words before the reported clause are the speaker's name even when the office is beyond
# any title cue's reach (the verbs: :data:`.speakers.SPEECH_VERBS`).
_REPORTED = frozenset({"ان", "انه", "انها", "بان", "بانه", "بانها"})
# A news speaker's office runs to about ten words ("ممثل قطاع البن والمحامص في غرفة تجارة عمّان");
# further on, the verb's subject is a clause, not a name.
_SAID_REACH = 14
def _said_runs(tok: Tokens, counts: Mapping[str, int] | None = None
               ) -> Iterator[tuple[int, int]]:
    """(given, family) token ranges right before the reported clause of a speech verb.

    The given name must be no everyday word (عيد and صباح are names, سلامة and جمال words too)
    unless the family name recurs in the article (``counts``: its tokens), as a speaker's does.
    """
    texts = tok.texts
    lex = lexicons()
    for i, word in enumerate(texts):
        if word not in SPEECH_VERBS:
            continue
        # The first reporting word ends the speaker: "وأوضح أن ..." has none.
        k = next((k for k in range(i + 1, min(i + _SAID_REACH, len(texts)))
                  if texts[k] in _REPORTED or texts[k] in SPEECH_VERBS), None)
        if k is None or texts[k] not in _REPORTED or k - 2 <= i:
            continue
        given, family = texts[k - 2], texts[k - 1]
        if on_behalf(texts, k - 2):
            continue
        if not (ARABIC.match(given) and family.startswith("ال") and len(family) >= 5
                and tok.adjacent(k - 1) and texts[k - 3] not in lex["construct_heads"]
                and family not in _COMPOUND and family not in lex["times"]
                and family not in lex["stopwords"] and family not in lex["not_persons"]):
            continue
        if is_given(given, strict=True) or (is_given(given) and (
                (counts or {}).get(family, 0) > 1 or _appositive(tok, k - 2, k))):
            yield k - 2, k




# Heads of a role phrase set off like a name ("، صاحب المحل،", "، نجم المباراة،"): they are
# given names too, but between commas they name the role.
_ROLE_HEADS = frozenset(
    ["صاحب", "مالك", "نجم", "حكم", "حارس", "قائد", "قايد", "مختار", "صديق", "رفيق", "رائد",
     "سعاده", "فضيله", "معالي", "عميد", "امير", "ملك", "سيد", "امين", "شيخ", "حافظ"]
)  # fmt: skip


def _appositive(tok: Tokens, first: int, last: int) -> bool:
    """Whether a given + family name stands between commas: an appositive after an office.

    "قال رئيس لجنة الحكام، جمال البدور، إن": the office ends at a comma and the name is closed
    by another, which a word of everyday speech (جمال "beauty") between the office and the
    reported clause never is.  A role phrase ("، صاحب المحل،", "، حارس العمارة،") is set off
    the same way, so its head must not be a role noun and its second word must not end in ه
    unless it has a family name's shape.
    """
    if first == 0 or last >= len(tok.spans) or last - first != 2:
        return False
    given, family = tok.texts[first], tok.texts[first + 1]
    if given in _ROLE_HEADS or (family.endswith("ه") and not family_shaped(family)):
        return False
    before = tok.original[tok.spans[first - 1].end : tok.spans[first].start]
    after = tok.original[tok.spans[last - 1].end : tok.spans[last].start]
    return bool(COMMAS & set(before)) and bool(COMMAS & set(after))


def _surnames(toks: list[str]) -> Iterator[str]:
    """The family name of a harvested name (and its article-less form when unambiguous)."""
    lex = lexicons()
    toks = [t for t in toks if t not in lex["stopwords"]]
    if len(toks) < 2:
        return
    if len(toks) == 2 and toks[0] in _KUNYA_LEADS and is_given(toks[1]):
        return  # "Abu Ayman": a kunya and a given name, no family name
    if len(toks) >= 3 and toks[-2] == "بني":
        yield f"بني {toks[-1]}"  # a tribe's family name is two words ("بني هاني"): not "هاني"
        return
    if len(toks) >= 3 and toks[-2] in _KUNYA_LEADS and toks[-2] not in _UMM:
        # "Abu Hamdan" is the family name as readers write it; its last word alone still
        # follows below, as for any family name ("Rumman"), unless it is a listed given name
        yield f"{toks[-2]} {toks[-1]}"
        if is_given(toks[-1]):
            return
    surname = toks[-1]
    if (
        len(surname) < 3
        or surname in lex["everyday_surnames"]
        or surname in lex["ordinals"]
        or surname in lex["connectors"]
        or surname in lex["not_persons"]
        or surname in lex["modifiers"]
        or is_head_after(surname)
        or is_head_before(surname)
    ):
        return
    yield surname
    if family_shaped(surname):
        yield surname[2:]

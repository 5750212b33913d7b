"""Finding names without a list: after title cues, by their shape, and from the tagger.

Arabic has no capitals, and the CRF (trained on news) is weak on dialect, so Arabic names are
recognised from what they are made of: a given name (``data/given_names.tsv``), a kunya
("أبو حسين"), a family name of the fa'aalila shape ("الخرابشة") or a nisba ("المعاني").  English
names are recognised from capitals in mixed-case text and from given names.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from model.normalize import normalize, tokenize
from service.core import Span

from .lexicons import (
    ARABIC,
    LATIN,
    LETTERS,
    adjacent,
    definite,
    family_shaped,
    handle,
    is_given,
    lexicons,
    mixed_case,
    nisba_shaped,
    norm_tokens,
    norm_words,
    variants,
    watchlist_surnames,
)
from .places import is_head_after, is_head_before
from .titles import Cues, construct_cues, load_roles

TITLE_TAGGER_MIN = 0.3  # a title cue already says "a name follows": weaker tagger support will do
# A 2,000-character comment of words has at most ~450 tokens; the tagger stops at 500 so text
# made of one-character tokens costs no more than a long ordinary comment (bench/worst_case.py).
MAX_TAGGED_TOKENS = 500
MAX_NAME_TOKENS = 4
MAX_SKIPPED = 4
# Honorifics too ambiguous to be title cues (سعادة is "happiness", دولة "state"): after a cue
# ("اللجنة برئاسة سعادة النائب") they are the title's, not a name.
_COURTESY = frozenset({"سعاده", "دوله", "سماحه"})
MAX_CONSTRUCT = 6  # "مدير عام دائرة ضريبة الدخل والمبيعات X"
SHAPE_SCORE = 0.6  # a full Arabic name by its shape alone: a moderator decides
ROLE_SCORE = 0.85  # a family name said to hold an office: "الرواشدة نائب محترم"
_EN_LINKS = frozenset({"in", "of", "for", "at"})
# Arabic offices take their complement after "باسم" (الناطق باسم الاتحاد X) or as a لل- phrase
# (المدير الفني للرمثا X): the name comes after it, as after an English "of".
_AR_LINKS = frozenset({"باسم"})


def _links(word: str) -> bool:
    return word in _EN_LINKS or word in _AR_LINKS or (word.startswith("لل") and len(word) > 4)


# Honorifics a news report puts right before a person's name (not offices, which take a
# complement first: "ممثل قطاع المقاهي", "وزير التعليم العالي والبحث العلمي").
_HONORIFICS = frozenset(norm_words(
    "المهندس المهندسه الدكتور الدكتوره الشيخ الاستاذ الاستاذه المحامي المحاميه القاضي العميد"
    " العقيد اللواء المقدم الرائد النقيب الملازم"
))


class PersonTagger(Protocol):
    """What the check needs from a tagger (``model.ner.NerTagger`` provides it).

    ``person_spans`` returns items with ``start``, ``end`` (offsets into ``text``) and ``prob``;
    ``threshold`` overrides the tagger's own decoding threshold.
    """

    def person_spans(self, text: str, threshold: float | None = None) -> Sequence[Any]: ...


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's normalised tokens, their texts and spans in the original text."""

    original: str
    texts: list[str]
    spans: list[Span]

    @classmethod
    def of(cls, text: str) -> Tokens:
        """Tokenise ``text`` (spans point into it)."""
        norm = normalize(text)
        toks = tokenize(norm)
        spans = [Span(*norm.to_original(t.start, t.end), "") for t in toks]
        spans = [Span(s.start, s.end, text[s.start : s.end]) for s in spans]
        return cls(text, [t.text for t in toks], spans)

    def adjacent(self, k: int) -> bool:
        """Whether token ``k`` directly follows token ``k - 1`` (see :func:`adjacent`)."""
        return adjacent(self.original, self.spans, self.texts, k)

    def raw(self, k: int) -> str:
        """Token ``k`` as written."""
        return self.spans[k].text


@lru_cache(maxsize=1)
def _indefinite_roles() -> frozenset[str]:
    return frozenset(
        t
        for cue in load_roles()
        if cue.language == "ar"
        for t in norm_tokens(cue.cue)
        if not t.startswith("ال")
    )


# Adjectives readers put after a bare office ("مدير ناجح", "وزير فاشل", "نائب صالح"); a given
# name there is a name ("كابتن عدنان", "وزير خالد").
_OFFICE_ADJECTIVES = frozenset(
    ["ناجح", "فاشل", "صالح", "شاطر", "قوي", "ضعيف", "محترم", "نظيف", "نزيه", "فاسد", "ممتاز",
     "كفو", "كفؤ", "جديد", "عظيم", "منيح", "مليح", "فهمان", "جاهل", "حقيقي", "مثالي", "امين"]
)  # fmt: skip


def _qualified_office(texts: Sequence[str], cue: int, length: int, word: int) -> bool:
    """Whether one word right after a bare office noun is its adjective: an office without
    the article is described ("مدير ناجح", "وزير فاشل"), not named, when the word is one of
    :data:`_OFFICE_ADJECTIVES` and no family name follows it."""
    if length != 1 or word != cue + 1 or texts[cue] not in _indefinite_roles():
        return False
    nxt = texts[word + 1] if word + 1 < len(texts) else ""
    return texts[word] in _OFFICE_ADJECTIVES and not (family_shaped(nxt) or nisba_shaped(nxt))


class NameFinder:
    """Names after title cues, by shape, and from the tagger (shared by comments and articles)."""

    def __init__(self, tagger: PersonTagger | None, titles: Cues):
        self.tagger = tagger
        self.titles = titles

    # -- the tagger ---------------------------------------------------------------------------

    def tagged(self, text: str, threshold: float | None = None) -> list[Any]:
        """The tagger's person spans (none without a tagger)."""
        if self.tagger is None or not text.strip():
            return []
        return list(self.tagger.person_spans(text, threshold, max_tokens=MAX_TAGGED_TOKENS))

    def trim(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """A tagger span without titles around it; None if it starts with or holds a stop word.

        The CRF has seen no dialect, so it sometimes takes "شو رأيك" or "والله" for a name; a
        real name neither starts with nor contains a function word.  Trailing ones ("سمير
        الشوابكة اللي") are the CRF running on past the name and are only cut off.
        """
        if handle(text, start):
            return None
        lex = lexicons()
        norm = normalize(text[start:end])
        toks = tokenize(norm)
        skip = self.titles.heads | lex["modifiers"]
        while toks and (toks[0].text in skip or self.titles.at([t.text for t in toks], 0)):
            toks = toks[1:]
        while toks and (toks[-1].text in skip or toks[-1].text in lex["stopwords"]):
            toks = toks[:-1]
        if not toks or any(t.text in lex["stopwords"] for t in toks):
            return None
        if max(len(t.text) for t in toks) < 3:
            return None
        if all(any(v in lex["not_persons"] for v, _ in variants(t.text)) for t in toks):
            return None
        if len(toks) > 1 and toks[0].text == "حسن" and toks[1].text in lex["husn_nouns"]:
            return None  # "شهادة حسن سلوك": goodness of conduct
        if any(is_head_before(t.text) or is_head_after(t.text) for t in toks):
            return None  # "Wadi Musa", "Jerash Festival": a place
        s, e = norm.to_original(toks[0].start, toks[-1].end)
        return start + s, start + e

    # -- names after title cues ---------------------------------------------------------------

    def after_cues(
        self, tok: Tokens, tagged: Sequence[Any], cues: Cues | None = None, article: bool = False
    ) -> Iterator[tuple[int, int, int, float]]:
        """(cue, first, last, score): token ranges of names that follow a cue at ``cue``
        (``article``: news prose, where more offices take a complement before the name)."""
        cues = cues or self.titles
        lex = lexicons()
        mixed = mixed_case(tok.original)
        texts = tok.texts
        i = 0
        while i < len(texts):
            cue = cues.at(texts, i)
            if cue is None:
                i += 1
                continue
            length, score = cue
            # Only a bare office takes a complement before the name ("وزير الزراعة X"); after
            # "الوزير" the next words are the sentence ("والوزير بحكيلي الموازنة ما بتحمل").
            construct = length == 1 and not definite(texts[i]) and any(
                stem in construct_cues(article) for stem, _ in variants(texts[i])
            )
            j = i + length
            skipped = 0
            while j < len(texts) and skipped < MAX_SKIPPED and tok.adjacent(j):
                nxt = cues.at(texts, j)
                if nxt is not None:
                    score = max(score, nxt[1])
                    j += nxt[0]
                elif texts[j] in lex["modifiers"] or texts[j] in _COURTESY:
                    j += 1
                else:
                    break
                skipped += 1
            if construct or texts[j - 1] in _AR_LINKS or j < len(texts) and _links(texts[j]):
                j = self._past_construct(tok, tagged, mixed, j, cues, article)
            end = j
            while end < len(texts) and end - j < MAX_NAME_TOKENS:
                if not tok.adjacent(end):
                    break
                evidence = self.evidence(tok, tagged, mixed, end, end == j,
                                         titled=article, cued=True)
                if evidence is None:
                    break
                if evidence == "weak":
                    score = min(score, 0.5)
                end += 1
            while end > j and texts[end - 1] in lex["connectors"]:
                end -= 1
            if end - j == 1 and _qualified_office(texts, i, length, j):
                end = j  # "مدير ناجح": a successful manager, not one called Najeh
            if end > j:
                yield i, j, end, score
                i = end
            else:
                i = j if j > i else i + 1

    def _past_construct(
        self, tok: Tokens, tagged: Sequence[Any], mixed: bool, j: int, cues: Cues,
        article: bool = False,
    ) -> int:
        """Where the name starts after an office's complement ("وزير الزراعة X", "Representative
        in Jordan X"): the first word with first-name evidence within :data:`MAX_CONSTRUCT`
        words, else ``j`` unchanged.
        """
        lex = lexicons()
        k = j
        while k < len(tok.texts) and k - j < MAX_CONSTRUCT and tok.adjacent(k):
            word = tok.texts[k]
            if self.evidence(tok, tagged, mixed, k, True, strong=True,
                             titled=article, cued=True) is not None:
                return k
            if cues.at(tok.texts, k) is not None:
                return j  # the cue loop reads chains of titles itself
            if LATIN.match(word):
                nxt = tok.texts[k + 1] if k + 1 < len(tok.texts) else ""
                if not (word in _EN_LINKS and nxt in lex["not_persons"]) and not (
                    word in lex["not_persons"] or word in lex["modifiers"]
                ):
                    return j
            elif word in lex["stopwords"] or not ARABIC.match(word):
                return j
            k += 1
        return j

    def evidence(
        self,
        tok: Tokens,
        tagged: Sequence[Any],
        mixed: bool,
        k: int,
        first: bool,
        *,
        strong: bool = False,
        titled: bool = False,
        cued: bool = False,
    ) -> str | None:
        """Why token ``k`` is (part of) a name: "tagger", "case", "given", "family", "ordinal",
        "surname", "weak" or None.  ``strong``: only evidence that starts a name by itself;
        ``titled``: right after a title in news prose, where an unlisted given name before a
        family name is the person's ("المهندس عاكف المومني"); ``cued``: after a title cue, where
        a definite nationality after a given name is the family name ("الوزير وليد المصري").
        """
        lex = lexicons()
        texts = tok.texts
        word = texts[k]
        if first and word in lex["kunya"]:
            # "أبو حسين", "Abu Mazen": the kunya stands or falls with the word after it.
            if k + 1 >= len(texts) or not tok.adjacent(k + 1):
                return None
            nxt = self.evidence(tok, tagged, mixed, k + 1, True)
            return "kunya" if nxt is not None else None
        if word in lex["ordinals"] or word in lex["connectors"]:
            return None if first else "ordinal"
        if len(word) < 2 or not LETTERS.match(word) or handle(tok.original, tok.spans[k].start):
            return None
        if (cued and not first and k and _nationality_family(word, texts[k - 1])
                and tok.adjacent(k)):
            return "surname"  # "الوزير وليد المصري": not the Egyptian minister
        if word in lex["stopwords"] or word in lex["modifiers"] or word in self.titles.heads:
            return None
        if is_head_after(word) or is_head_before(word):
            return None  # "Queen Alia Airport": the name ends before the place word
        s = tok.spans[k]
        if any(p.start < s.end and s.start < p.end and p.prob >= TITLE_TAGGER_MIN for p in tagged):
            return "tagger"
        if LATIN.match(word):
            if mixed and tok.raw(k)[:1].isupper() and word not in lex["not_persons"]:
                return "case"
            return "given" if first and is_given(word) else None
        if word in lex["not_persons"]:
            return None
        if first:
            if is_given(word, strict=True):
                return "given"
            if family_shaped(word) or (k and word in watchlist_surnames()):
                return "family"
            if (titled and k and texts[k - 1] in _HONORIFICS and not word.startswith("ال")
                    and k + 1 < len(texts)
                    and tok.adjacent(k + 1) and word not in lex["stopwords"]
                    and (family_shaped(texts[k + 1]) or nisba_shaped(texts[k + 1]))):
                return "given"  # "المهندس عاكف المومني": an unlisted given name, a family name
            if is_given(word) and k + 1 < len(texts) and tok.adjacent(k + 1):
                # "عمر المعاني", "عامر الدباس": an ambiguous given name with a family name.
                nxt = texts[k + 1]
                definite = (
                    nxt.startswith("ال")
                    and len(nxt) >= 5
                    and nxt not in lex["modifiers"]
                    and nxt not in lex["stopwords"]
                    and nxt not in lex["not_persons"]
                    and not (is_head_after(nxt) or is_head_before(nxt))
                )
                # After a title, a nationality after the given name is the family name: an
                # office's nationality comes before the name ("السفير المصري محمد").
                definite = definite or (cued and _nationality_family(nxt, word))
                # "رائد بني هاني": بني + a word is a Jordanian tribe's family name.
                tribe = nxt == "بني" and k + 2 < len(texts) and tok.adjacent(k + 2)
                if definite or tribe or family_shaped(nxt) or nisba_shaped(nxt):
                    return "given"
            if strong:
                return None
            if nisba_shaped(word):
                return "weak"
            # Arabic has no capitals: without a tagger only the first token, and only weakly.
            return "weak" if self.tagger is None else None
        prev = texts[k - 1]
        if prev in lex["kunya"] or prev in lex["connectors"] or is_given(word):
            return "surname"  # "أبو السعود", "بن طلال", a father's name ("محمد خالد")
        if word.startswith("ال") and (family_shaped(word) or nisba_shaped(word) or len(word) >= 5):
            return "surname"
        return None

    # -- names by their shape -----------------------------------------------------------------

    def shaped(self, tok: Tokens) -> Iterator[tuple[int, int, float]]:
        """Arabic names recognised by shape alone: given name + family name, or a family name
        said to hold an office ("الرواشدة نائب محترم", "السلامي مدرب ممتاز")."""
        texts = tok.texts
        for i, word in enumerate(texts):
            if i + 1 >= len(texts) or not tok.adjacent(i + 1) or not ARABIC.match(word):
                continue
            nxt = texts[i + 1]
            # علي is also على once ى is folded, and ى-final words look like nisbas (المستوى).
            given = is_given(word) and word != "علي"
            if given and (family_shaped(nxt) or nisba_shaped(nxt)):
                if i > 0 and tok.adjacent(i) and is_given(texts[i - 1], strict=True):
                    continue  # the middle of a longer name found from its start
                yield i, i + 2, SHAPE_SCORE
            elif (family_shaped(word) or nisba_shaped(word)) and nxt in _indefinite_roles():
                yield i, i + 1, ROLE_SCORE
        yield from _latin_shaped(tok)


def _nationality_family(word: str, before: str) -> bool:
    """Whether a definite nationality ("المصري", "العراقي") follows a given name: المصري,
    الحلبي and العراقي are common Jordanian family names; "the Egyptian" describing an office
    stands before the name, not after it."""
    return (word.startswith("ال") and word in lexicons()["nationalities"]
            and is_given(before) and ARABIC.match(before) is not None)


# Joined to a family name in Latin letters: "Basel Al-Ouran", "Mohammad Abu Zrayq".
_LATIN_LINKS = frozenset({"al", "el", "abu", "abou", "bin", "ibn", "bani"})
# A quarter or a market, not a given name: "Hay Nazzal", "Tla' Al-Ali", "Souq Sara".
_LATIN_PLACE_WORDS = frozenset({"hay", "hai", "tla", "souq", "souk", "bab", "umm", "um"})


# Small-article names that are a business's or a work's: the noun after, or "at" before.
_NAMED_THINGS = frozenset(
    ["channel", "song", "charity", "restaurant", "series", "shop", "store", "company", "bank",
     "cafe", "hotel", "mall", "school", "club", "tv", "band", "show", "station", "foundation"]
)  # fmt: skip
_AT_PLACE = frozenset({"at", "in", "from", "on", "to"})


def _latin_shaped(tok: Tokens) -> Iterator[tuple[int, int, float]]:
    """English names by shape: a capitalised given name and a capitalised family word after it
    ("put Basel Al-Ouran back in the XI", "Mohammad Abu Zrayq should start"), which the tagger,
    trained on news and tweets, missed; a moderator decides (``SHAPE_SCORE``).  Not an everyday
    word ("Hope", "Grace"), a word of the lexicons' lists ("Amira Street" is a place the check's
    place filter drops anyway) or a lowercase word ("Ahmad said")."""
    texts, lex = tok.texts, lexicons()
    for i, word in enumerate(texts):
        if not (LATIN.match(word) and tok.raw(i)[:1].isupper() and is_given(word, strict=True)
                and word not in _LATIN_PLACE_WORDS and not is_head_before(word)):
            continue
        j = i + 1
        # "Basel Al-Ouran"; Arabizi writes the article small between capitals ("Hazem el
        # Sawalha"), the family word after it still capitalised below.
        small = False
        while (j < len(texts) and texts[j] in _LATIN_LINKS and tok.adjacent(j)
               and (tok.raw(j)[:1].isupper() or texts[j] in ("el", "al"))):
            small = small or not tok.raw(j)[:1].isupper()
            j += 1
        if (j >= len(texts) or not tok.adjacent(j) or not LATIN.match(texts[j])
                or not tok.raw(j)[:1].isupper() or texts[j] in lex["stopwords"]
                or texts[j] in lex["not_persons"] or len(texts[j]) < 3):
            continue
        if small and ((j + 1 < len(texts) and texts[j + 1] in _NAMED_THINGS)
                      or (i > 0 and texts[i - 1] in _AT_PLACE)):
            continue  # "Nour el Sharq channel", "at Reem el Bawadi": a business's name
        yield i, j + 1, SHAPE_SCORE


def plausible_alone(name: str) -> bool:
    """Whether a name found by the tagger alone is believable.

    In dialect comments the CRF (trained on news) proposes as many verbs and phrases as names
    ("ريت يكونو", "سعودي ماتدري"), with the same confidence; an Arabic name it finds alone must
    therefore start with a given name or a kunya ("محمد عبده", "أبو جويدة") and have a second
    word.
    """
    if not ARABIC.search(name):
        # One word in capitals is an acronym ("JETT buses", "the JFA"), not a person; a name
        # typed in capitals ("ALI", "SAFADI") is left to the watchlist and the article's names.
        return not (name.isupper() and " " not in name.strip() and len(name.strip()) >= 3)
    toks = norm_tokens(name)
    if len(toks) < 2 or toks[1].startswith("هال"):
        return False  # "أبو هالحكومة": a curse on "this government", not a kunya
    return any(is_given(v) or v in lexicons()["kunya"] for v, _ in variants(toks[0]))

"""Names of personalities: the seed policy forbids comments that name public figures.

:class:`PersonalNameCheck` scores the ``personal_name`` category from four kinds of evidence,
strongest first:

1. **watchlist** (0.95): a listed public figure, by name or alias, in either script;
2. **article** (0.9): a person named in the article under discussion (found once per article
   version with the tagger and title cues, then cached);
3. **title** (the cue's score, 0.9 for offices, 0.6 for courtesy titles such as Dr./السيد):
   a name right after a title cue ("Minister Lavrov", "الرئيس عباس"), where "a name" needs
   evidence: the tagger marks it, or (English) it is capitalised in mixed-case text;
4. **tagger** (its probability, capped at :data:`TAGGER_MAX` so the CRF alone sends a comment
   to review but never rejects it): a person name found by the CRF alone.  Its guesses are
   filtered first: spans starting with or holding a function word, made only of places or
   organisations, @handles, and Arabic spans that do not start with a common given name or a
   kunya (the CRF, trained on news, reads many dialect verbs as names).

Overlapping evidence keeps the strongest.  Names are matched on normalised tokens
(:mod:`model.normalize`), with Arabic proclitics (و ف ب ل ك ال وال بال لل ...) allowed on the
first token, so "وترامب" and "للسيسي" match.
A mention of the commenter's own name is not a violation; a name field that impersonates a
listed figure is (reason field ``name``).
"""

from __future__ import annotations

import csv
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from model.normalize import Normalized, normalize, normalize_text, tokenize
from service.core import Article, CheckResult, Context, Reason, Span

DATA_DIR = Path(__file__).parent / "data"
WATCHLIST_PATH = DATA_DIR / "watchlist.tsv"
TITLES_PATH = DATA_DIR / "titles.tsv"

WATCHLIST_SCORE = 0.95
ARTICLE_SCORE = 0.9
TAGGER_MIN = 0.5  # tagger-only names below this are not worth a reason
# The tagger alone never rejects: its held-out precision (0.69 on ANERcorp news, 0.34 on WNUT-17
# at the shipped thresholds) and spot checks on dialect comments, where it takes words such as
# "فخور" for names, put even its confident guesses in the review band.
TAGGER_MAX = 0.79
TITLE_TAGGER_MIN = 0.3  # a title cue already says "a name follows": weaker tagger support will do
# A 2,000-character comment of words has at most ~450 tokens; the tagger stops at 500 so text
# made of one-character tokens costs no more than a long ordinary comment (bench/worst_case.py).
MAX_TAGGED_TOKENS = 500
ARTICLE_TAGGER_MIN = 0.6  # names harvested from an article must be surer: they fire at 0.9
IMPERSONATION_TITLED = 0.95  # "King Abdullah II" as the commenter's name
IMPERSONATION_PLAIN = 0.6  # "Mohamed Salah" may be the commenter's real name: review
MAX_NAME_TOKENS = 4
MAX_SKIPPED = 4
ARTICLE_CACHE_SIZE = 512

# Longest first; those ending in the article also try the stem with ال put back ("للاسد").
PROCLITICS: tuple[str, ...] = (
    "وبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال",
    "ال", "لل", "وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك",
)  # fmt: skip
_ARTICLE_PROCLITICS = frozenset(
    {"ال", "وال", "فال", "بال", "كال", "وبال", "وكال", "لل", "ولل", "فلل"}
)
MIN_STEM = 2
EN_SUFFIXES: tuple[str, ...] = ("'s", "’s", "s")

# Words that sit between a title and the name ("Russian Foreign Minister Sergei Lavrov",
# "وزير الخارجية الروسي سيرغي لافروف") and are skipped, never taken for the name.
_MODIFIERS_EN = (
    "former late then current new acting deputy interim elect outgoing incoming "
    "foreign defence defense interior finance prime crown vice state affairs general "
    "us american russian french british israeli iranian turkish syrian iraqi jordanian "
    "egyptian saudi palestinian lebanese qatari emirati kuwaiti chinese german ukrainian "
    "yemeni libyan tunisian algerian moroccan sudanese omani bahraini indian pakistani"
)
_NATIONALITIES_AR = (
    "الامريكي الاميركي الروسي الفرنسي البريطاني الاسرائيلي الايراني التركي السوري العراقي "
    "الاردني المصري السعودي الفلسطيني اللبناني القطري الاماراتي الكويتي الصيني الالماني "
    "الاوكراني اليمني الليبي التونسي الجزائري المغربي السوداني العماني البحريني الهندي "
    "الباكستاني الياباني الايطالي الاسباني الكوري الاوروبي العربي"
)
_MODIFIERS_AR = (
    "السابق الاسبق الراحل الحالي الجديد المخلوع المعزول المكلف بالوكاله الاول المنتهيه ولايته "
    "الوزراء الحكومه الجمهوريه الديوان الملكي الهاشمي مجلس النواب الاعيان الامن العام الاركان "
    "المشتركه باسم الرسمي الخارجيه الداخليه الدفاع الماليه الاعلام التربيه التعليم الصحه العدل "
    "الاقتصاد الطاقه الزراعه العمل الثقافه الشباب الاوقاف النقل السياحه الاتصال الحكومي "
    "الشؤون السياسيه البرلمانيه الدوله المعظم المفدى الشهيد"
)
# Function words, verbs of saying and time words: a title followed by one of these has no name
# ("the President said", "الملك حكى").
_STOPWORDS = (
    "a an the of and or to in on at for with by from as about into over after before during "
    "if then because while maybe please yes ok thanks thank hi hello dear oh lol user url "
    "said says say told tells tell stated announced added warned is was were are be been being "
    "has have had will would should could can may might must did does do not no nor but so "
    "he she they it we you i his her their its our your my him them this that these those "
    "who whom which what when where why how himself herself themselves also just only even "
    "today yesterday tomorrow tonight now here there very more most much many some any all "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december "
    "قال قالت يقول تقول قالوا اكد اكدت يؤكد اعلن اعلنت صرح ذكر اضاف اشار دعا طالب زار يزور "
    "التقى استقبل بحث حكى حكت بيحكي بحكي بقول يحكي كان كانت يكون تكون صار بدو بده بدها راح رح "
    "هو هي هم هن انا انت احنا نحن في من على الى عن مع ان انه انها لا لم لن ما هذا هذه ذلك تلك "
    "الذي التي الذين اللي الي يا قد لقد عم نفسه نفسها شخصيا اليوم امس غدا ايضا كل بعض غير "
    "بعد قبل خلال حول عند حتى او ثم لكن بس كمان مش مو ليش شو كيف وين متى لما اذا لو الله "
    "والله حفظه ادام رحمه يرحمه"
)
# Places and organisations the CRF, trained on little of this region's news, takes for people
# ("Raqqa" scores 0.87 in a comment).  A tagger-only span made only of these is dropped; the
# watchlist, title cues and article names are not affected.
_NOT_PERSONS = (
    "jordan amman irbid zarqa aqaba salt madaba karak jerash mafraq tafileh maan ajloun ramtha "
    "syria damascus aleppo raqqa idlib homs hama deir ezzor daraa iraq baghdad mosul basra "
    "erbil kirkuk fallujah lebanon beirut palestine gaza jerusalem ramallah hebron nablus jenin "
    "israel tel aviv egypt cairo alexandria sinai saudi arabia riyadh jeddah mecca makkah "
    "medina qatar doha uae emirates dubai abu dhabi kuwait bahrain manama oman muscat yemen "
    "sanaa aden libya tripoli benghazi tunisia tunis algeria algiers morocco rabat sudan "
    "khartoum turkey ankara istanbul iran tehran russia moscow ukraine kyiv kiev america usa "
    "washington europe britain london france paris germany berlin china beijing brussels "
    "isis isil daesh hamas hezbollah hizbollah taliban qaeda nato un unesco unicef unrwa "
    "allah god jesus christ "
    "الاردن عمان اربد الزرقاء العقبة السلط مادبا الكرك جرش المفرق الطفيلة معان عجلون الرمثا "
    "سوريا سورية دمشق الشام حلب الرقة ادلب حمص حماة دير الزور درعا العراق بغداد الموصل البصرة "
    "اربيل كركوك الفلوجة لبنان بيروت فلسطين غزة القدس رام الله الخليل نابلس جنين اسرائيل "
    "تل ابيب مصر القاهرة الاسكندرية سيناء السعودية الرياض جدة مكة المدينة قطر الدوحة "
    "الامارات دبي ابوظبي الكويت البحرين المنامة مسقط اليمن صنعاء عدن ليبيا طرابلس بنغازي "
    "تونس الجزائر المغرب الرباط السودان الخرطوم تركيا انقرة اسطنبول ايران طهران روسيا موسكو "
    "اوكرانيا امريكا اميركا واشنطن اوروبا بريطانيا لندن فرنسا باريس المانيا برلين الصين "
    "داعش حماس حزب الله طالبان القاعدة الناتو الامم المتحدة الاونروا "
    "الله ربنا المسيح"
)
# Common Arabic given names.  In dialect comments the CRF (trained on news) proposes as many
# verbs and phrases as names ("ريت يكونو", "سعودي ماتدري"), with the same confidence; an Arabic
# name it finds alone must therefore start with a given name or a kunya ("محمد عبده",
# "أبو جويدة") and have a second word.
_GIVEN_NAMES_AR = (
    "محمد احمد محمود مصطفى علي عمر عثمان خالد خليل ابراهيم اسماعيل يوسف يعقوب موسى عيسى "
    "سليمان داود حسن حسين حسام عبدالله عبدالرحمن عبدالعزيز عبدالكريم عبدالرحيم عبدالحميد "
    "عبدالمجيد عبدالسلام عبدالفتاح عبدالقادر عبدالناصر عبدالحليم عبد سامي سمير سعد سعود سلمان "
    "سالم سليم صالح صلاح صابر طارق طلال عادل عماد عمار عامر عمرو عصام فادي فراس فيصل فهد فؤاد "
    "فايز فريد فارس قاسم ماجد مازن مالك مجدي مراد مروان منصور منذر مهند معاذ ناصر نبيل نادر "
    "نزار نضال نعيم هاني هشام هيثم وائل وليد وسيم ياسر يزن زيد زياد زكريا رامي رائد رياض رشيد "
    "رضا رجب جمال جعفر جهاد حمزة حمدي حازم حاتم حامد حافظ حيدر باسم باسل بسام بشار بشير توفيق "
    "ثامر جورج ايمن انس اسامة اشرف ايهاب امجد انور اياد بلال تامر شادي شريف غسان غازي لؤي ليث "
    "مؤمن معتز مهدي نايف نواف هادي يحيى ياسين عدنان عدي قصي راشد راغب كاظم نجيب نوري حيدر "
    "فاطمة عائشة مريم خديجة زينب سارة رانيا رنا ريم هبة هند نورا ليلى لينا دينا دعاء اسماء "
    "آمنة ايمان سلمى سمر سهى سناء سميرة عبير علا غادة لمى منى مها ميس نادية نجلاء نسرين هالة "
    "هيفاء وفاء ياسمين رهف روان رزان شيماء بشرى حنان خلود سوسن نانسي اليسا نوال لطيفة شيرين "
    "ابو ام"
)
# No "iii": runs of three letters are squeezed by the normaliser, so it would read as "i".
_ORDINALS = "ii iv jr sr الثاني الثالث الرابع الخامس السادس الاول الاب الابن"
_CONNECTORS = "bin ibn bint al el abu de da van von der la le بن بنت ابن ابو ام ال"
_KUNYA = frozenset({"ابو", "ام", "abu", "abou", "umm"})
_ABBREVIATIONS = frozenset(
    {"col", "dr", "gen", "lt", "capt", "sgt", "sen", "gov", "mr", "mrs", "ms", "st", "prof",
     "rep", "maj", "brig", "adm", "cmdr", "jr", "sr", "d", "د"}
)  # fmt: skip

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[a-z\u00c0-\u024f]", re.IGNORECASE)
_LETTERS = re.compile(r"^[^\W\d_]+$")


def _norm_words(words: str) -> frozenset[str]:
    return frozenset(t for w in words.split() for t in _norm_tokens(w))


@lru_cache(maxsize=4096)
def _norm_tokens(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(normalize(text)))


@lru_cache(maxsize=1)
def _lexicons() -> dict[str, frozenset[str]]:
    nationalities = _norm_words(_NATIONALITIES_AR)
    feminine = frozenset(w + "ه" for w in nationalities)
    return {
        "modifiers": _norm_words(_MODIFIERS_EN)
        | _norm_words(_MODIFIERS_AR)
        | nationalities
        | feminine,
        "stopwords": _norm_words(_STOPWORDS),
        "not_persons": _norm_words(_NOT_PERSONS),
        "given_ar": _norm_words(_GIVEN_NAMES_AR),
        "ordinals": _norm_words(_ORDINALS),
        "connectors": _norm_words(_CONNECTORS),
    }


def _variants(token: str) -> Iterator[tuple[str, int]]:
    """``token`` and its stems without Arabic proclitics, each with how many letters were cut.

    When ال is put back the cut stops before the article (``والاسد`` -> ``الاسد``, cut 1); in
    the contracted ``لل`` the article's alif is elided, so ``للاسد`` keeps the token whole.
    """
    yield token, 0
    if not _ARABIC.match(token):
        return
    for pre in PROCLITICS:
        if token.startswith(pre) and len(token) - len(pre) >= MIN_STEM:
            stem = token[len(pre) :]
            yield stem, len(pre)
            if pre in _ARTICLE_PROCLITICS:
                yield "ال" + stem, len(pre) - 2


def _same_last(token: str, want: str) -> bool:
    """The last token of a name, allowing an English possessive/plural ("Trump's")."""
    if token == want:
        return True
    if _LATIN.match(want):
        return any(token == want + suf for suf in EN_SUFFIXES)
    return False


def _name_variants(tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Spelling variants that differ in token boundaries: عبد الله / عبدالله, ابو مازن / ابومازن."""
    out = {tokens}
    for i, tok in enumerate(tokens):
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


class Watchlist:
    """Compiled matcher over normalised names and aliases (token-boundary, clitic-aware)."""

    __slots__ = ("_index", "_size")

    def __init__(self, names: Iterable[tuple[str, str]]):
        """Compile (entry id, name or alias) pairs."""
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        ids: set[str] = set()
        for entry_id, name in names:
            base = _norm_tokens(name)
            if not base:
                continue
            ids.add(entry_id)
            for tokens in _name_variants(base):
                index.setdefault(tokens[0], []).append((tokens, entry_id))
        for bucket in index.values():
            bucket.sort(key=lambda item: -len(item[0]))
        self._index = index
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

    def find(self, norm: Normalized) -> list[NameMatch]:
        """Non-overlapping matches in a normalised text, longest first at each token."""
        tokens = tokenize(norm)
        texts = [t.text for t in tokens]
        found: list[NameMatch] = []
        i = 0
        while i < len(texts):
            best: tuple[int, int, str] | None = None
            for stem, cut in _variants(texts[i]):
                for name, entry_id in self._index.get(stem, ()):
                    n = len(name)
                    if i + n > len(texts) or (best is not None and n <= best[0]):
                        continue
                    # The first token is the index key; the rest must follow exactly.
                    middle = all(texts[i + k] == name[k] for k in range(1, n - 1))
                    if n == 1 or (middle and _same_last(texts[i + n - 1], name[-1])):
                        best = (n, cut, entry_id)
            if best is None:
                i += 1
                continue
            n, cut, entry_id = best
            start, end = tokens[i].start + cut, tokens[i + n - 1].end
            found.append(NameMatch(entry_id, start, end, i, i + n, norm.text[start:end]))
            i += n
        return found


@dataclass(frozen=True, slots=True)
class TitleCue:
    """A title that announces a name, with the score a confirmed name after it gets."""

    cue: str
    language: str
    score: float


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in row.items() if k}
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


def load_seed_watchlist(path: Path | str = WATCHLIST_PATH) -> list[dict[str, str]]:
    """Rows of the packaged seed watchlist (id, name_en, name_ar, aliases, kind)."""
    return _read_tsv(Path(path))


def load_titles(path: Path | str = TITLES_PATH) -> list[TitleCue]:
    """The packaged title cues (cue, lang, score)."""
    return [
        TitleCue(row["cue"], row.get("lang", ""), float(row.get("score") or 0.9))
        for row in _read_tsv(Path(path))
        if row.get("cue")
    ]


class PersonTagger(Protocol):
    """What the check needs from a tagger (``model.ner.NerTagger`` provides it).

    ``person_spans`` returns items with ``start``, ``end`` (offsets into ``text``) and ``prob``;
    ``threshold`` overrides the tagger's own decoding threshold.
    """

    def person_spans(self, text: str, threshold: float | None = None) -> Sequence[Any]: ...


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int  # original-text offsets
    end: int
    score: float
    via: str


class _Titles:
    """Title cues compiled to normalised token sequences."""

    def __init__(self, cues: Iterable[TitleCue]):
        index: dict[str, list[tuple[tuple[str, ...], float]]] = {}
        for cue in cues:
            tokens = _norm_tokens(cue.cue)
            if tokens:
                index.setdefault(tokens[0], []).append((tokens, cue.score))
        for bucket in index.values():
            bucket.sort(key=lambda item: -len(item[0]))
        self._index = index
        self.heads = frozenset(index)

    def at(self, texts: Sequence[str], i: int) -> tuple[int, float] | None:
        """(length, score) of the longest cue starting at token ``i``."""
        if i > 0 and texts[i - 1].isdigit() and texts[i] in ("pm", "am"):
            return None  # "5 pm"
        for stem, _ in _variants(texts[i]):
            for cue, score in self._index.get(stem, ()):
                n = len(cue)
                if i + n <= len(texts) and all(texts[i + k] == cue[k] for k in range(1, n)):
                    return n, score
        return None


class PersonalNameCheck:
    """The ``personal_name`` check: watchlist, article names, title cues and the tagger."""

    name = "personal_name"

    def __init__(
        self,
        tagger: PersonTagger | None,
        watchlist: Callable[[], Watchlist],
        titles: Iterable[TitleCue] | None = None,
    ):
        self.tagger = tagger
        self.watchlist = watchlist
        self._titles = _Titles(load_titles() if titles is None else titles)
        self._articles: OrderedDict[tuple[str, str], Watchlist] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, ctx: Context) -> CheckResult:
        """Score one comment."""
        watchlist = self.watchlist()
        comment = ctx.submission.comment
        norm = ctx.norm
        tokens = tokenize(norm)
        texts = [t.text for t in tokens]
        spans = [ctx.span(t.start, t.end) for t in tokens]
        tagged = self._tagged(comment, TAGGER_MIN)
        # Title cues need the tagger's wider net (its own, lower threshold); only tag twice
        # when there is a cue to support.
        cued = any(self._titles.at(texts, i) for i in range(len(texts)))
        support = self._tagged(comment) if cued else []

        mixed = _mixed_case(comment)
        mentions: list[_Mention] = []
        listed = [(m, WATCHLIST_SCORE, "watchlist") for m in watchlist.find(norm)]
        if ctx.article is not None:
            found = self._article_names(ctx.article).find(norm)
            listed += [(m, ARTICLE_SCORE, "article") for m in found]
        for m, score, via in listed:
            s = ctx.span(m.start, m.end)
            # One lowercase English word in otherwise capitalised text is a common noun or
            # verb ("a trump card"), not the surname.
            if mixed and m.last - m.first == 1 and _LATIN.match(s.text) and s.text[:1].islower():
                continue
            mentions.append(_Mention(s.start, s.end, score, via))
        for first, last, score in self._after_titles(texts, spans, comment, support):
            start, end = spans[first].start, spans[last - 1].end
            mentions.append(_Mention(start, end, score, "title"))
        for p in tagged:
            trimmed = self._trim(comment, p.start, p.end)
            if trimmed is not None and _plausible_alone(comment[trimmed[0] : trimmed[1]]):
                mentions.append(_Mention(*trimmed, min(float(p.prob), TAGGER_MAX), "tagger"))

        own = self._own_name_tokens(ctx.submission.name)
        result = CheckResult()
        kept: list[_Mention] = []
        for m in sorted(mentions, key=lambda m: (-m.score, m.start)):
            if any(m.start < k.end and k.start < m.end for k in kept):
                continue
            if own and self._is_own(comment[m.start : m.end], own):
                continue
            kept.append(m)
        for m in sorted(kept, key=lambda m: m.start):
            text = comment[m.start : m.end]
            result.reasons.append(
                Reason(
                    code="personal_name",
                    source="model" if m.via == "tagger" else "rule",
                    score=round(m.score, 4),
                    spans=(Span(m.start, m.end, text),),
                    params={"name": text, "via": m.via},
                )
            )
        impersonation = self._impersonation(ctx.submission.name, watchlist)
        if impersonation is not None:
            result.reasons.append(impersonation)
        scores = [r.score for r in result.reasons if r.score is not None]
        if scores:
            result.scores["personal_name"] = max(scores)
        if kept and impersonation is None and all(m.via == "tagger" for m in kept):
            # The tagger alone may send a comment to review, never reject it, whatever
            # thresholds an admin sets (the core applies the cap with those in force).
            result.caps["personal_name"] = "reject"
        return result

    # -- title cues ---------------------------------------------------------------------------

    def _after_titles(
        self,
        texts: Sequence[str],
        spans: Sequence[Span],
        original: str,
        tagged: Sequence[Any],
    ) -> Iterator[tuple[int, int, float]]:
        """(first, last, score) token ranges of names that follow a title cue."""
        lex = _lexicons()
        mixed = _mixed_case(original)
        i = 0
        while i < len(texts):
            cue = self._titles.at(texts, i)
            if cue is None:
                i += 1
                continue
            length, score = cue
            j = i + length
            skipped = 0
            while j < len(texts) and skipped < MAX_SKIPPED and _adjacent(original, spans, texts, j):
                nxt = self._titles.at(texts, j)
                if nxt is not None:
                    score = max(score, nxt[1])
                    j += nxt[0]
                elif texts[j] in lex["modifiers"]:
                    j += 1
                else:
                    break
                skipped += 1
            end = j
            while end < len(texts) and end - j < MAX_NAME_TOKENS:
                if not _adjacent(original, spans, texts, end):
                    break
                evidence = self._evidence(texts, spans, original, tagged, mixed, end, end == j)
                if evidence is None:
                    break
                if evidence == "weak":
                    score = min(score, 0.5)
                end += 1
            while end > j and texts[end - 1] in lex["connectors"]:
                end -= 1
            if end > j:
                yield j, end, score
                i = end
            else:
                i = j if j > i else i + 1

    def _evidence(
        self,
        texts: Sequence[str],
        spans: Sequence[Span],
        original: str,
        tagged: Sequence[Any],
        mixed: bool,
        k: int,
        first: bool,
    ) -> str | None:
        """Why token ``k`` is (part of) a name: "tagger", "case", "ordinal", "weak" or None."""
        lex = _lexicons()
        tok = texts[k]
        if first and tok in _KUNYA:
            # "أبو حسين", "Abu Mazen": the kunya stands or falls with the word after it.
            if k + 1 >= len(texts) or not _adjacent(original, spans, texts, k + 1):
                return None
            nxt = self._evidence(texts, spans, original, tagged, mixed, k + 1, True)
            return "kunya" if nxt is not None else None
        if tok in lex["ordinals"] or tok in lex["connectors"]:
            return None if first else "ordinal"
        if len(tok) < 2 or not _LETTERS.match(tok) or _handle(original, spans[k].start):
            return None
        if tok in lex["stopwords"] or tok in lex["modifiers"] or tok in self._titles.heads:
            return None
        s = spans[k]
        if any(p.start < s.end and s.start < p.end and p.prob >= TITLE_TAGGER_MIN for p in tagged):
            return "tagger"
        raw = original[s.start : s.end]
        if _LATIN.match(tok):
            return "case" if mixed and raw[:1].isupper() else None
        # Arabic has no capitals: without a tagger only the first token, and only weakly.
        return "weak" if first and self.tagger is None else None

    def _tagged(self, text: str, threshold: float | None = None) -> list[Any]:
        if self.tagger is None or not text.strip():
            return []
        return list(self.tagger.person_spans(text, threshold, max_tokens=MAX_TAGGED_TOKENS))

    def _trim(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """A tagger span without titles around it; None if it starts with or holds a stop word.

        The CRF has seen no dialect, so it sometimes takes "شو رأيك" or "والله" for a name; a
        real name neither starts with nor contains a function word.  Trailing ones ("سمير
        الشوابكة اللي") are the CRF running on past the name and are only cut off.
        """
        if _handle(text, start):
            return None
        lex = _lexicons()
        norm = normalize(text[start:end])
        toks = tokenize(norm)
        skip = self._titles.heads | lex["modifiers"]
        while toks and (toks[0].text in skip or self._titles.at([t.text for t in toks], 0)):
            toks = toks[1:]
        while toks and (toks[-1].text in skip or toks[-1].text in lex["stopwords"]):
            toks = toks[:-1]
        if not toks or any(t.text in lex["stopwords"] for t in toks):
            return None
        if max(len(t.text) for t in toks) < 3:
            return None
        if all(any(v in lex["not_persons"] for v, _ in _variants(t.text)) for t in toks):
            return None
        s, e = norm.to_original(toks[0].start, toks[-1].end)
        return start + s, start + e

    # -- article names --------------------------------------------------------------------------

    def _article_names(self, article: Article) -> Watchlist:
        """Persons named in the article, cached per article id and text version."""
        digest = hashlib.sha256(f"{article.title}\n{article.body}".encode()).hexdigest()[:16]
        key = (article.id, digest)
        with self._lock:
            hit = self._articles.get(key)
            if hit is not None:
                self._articles.move_to_end(key)
                return hit
        found = Watchlist(self.extract_article_names(article))
        with self._lock:
            self._articles[key] = found
            while len(self._articles) > ARTICLE_CACHE_SIZE:
                self._articles.popitem(last=False)
        return found

    def extract_article_names(self, article: Article) -> list[tuple[str, str]]:
        """(id, name) for every person named in an article, and (same id, surname) pairs."""
        lex = _lexicons()
        names: dict[str, str] = {}
        # Paragraphs, not sentences: a full stop also ends "Col." and "Dr.".
        for chunk in re.split(r"\n+", f"{article.title}\n{article.body}"):
            if not chunk.strip():
                continue
            for p in self._tagged(chunk, ARTICLE_TAGGER_MIN):
                trimmed = self._trim(chunk, p.start, p.end)
                # One word alone is as often a place ("Raqqa") as a person; a single-word
                # name still comes in through a title cue ("President Assad").
                if trimmed is not None and len(_norm_tokens(chunk[trimmed[0] : trimmed[1]])) > 1:
                    original = chunk[trimmed[0] : trimmed[1]]
                    names.setdefault(normalize_text(original), original)
            norm = normalize(chunk)
            tokens = tokenize(norm)
            texts = [t.text for t in tokens]
            spans = [Span(*norm.to_original(t.start, t.end), "") for t in tokens]
            support = self._tagged(chunk)
            for first, last, score in self._after_titles(texts, spans, chunk, support):
                if score >= ARTICLE_SCORE:
                    s, e = spans[first].start, spans[last - 1].end
                    names.setdefault(" ".join(texts[first:last]), chunk[s:e])
        out: list[tuple[str, str]] = []
        for n, (key, original) in enumerate(sorted(names.items())):
            toks = [t for t in _norm_tokens(key) if t not in lex["stopwords"]]
            if not toks or all(t in self._titles.heads for t in toks):
                continue
            entry_id = f"article:{n}:{original}"
            out.append((entry_id, original))
            surname = toks[-1]
            if len(toks) > 1 and len(surname) >= 3 and surname not in lex["ordinals"]:
                out.append((entry_id, surname))
        return out

    # -- the commenter's own name -----------------------------------------------------------

    @staticmethod
    def _own_name_tokens(name: str | None) -> frozenset[str]:
        if not name or not name.strip():
            return frozenset()
        return frozenset(_norm_tokens(name))

    @staticmethod
    def _is_own(mention: str, own: frozenset[str]) -> bool:
        """Whether every word of the mention is a word of the commenter's own name."""
        toks = _norm_tokens(mention)
        return bool(toks) and all(any(v in own for v, _ in _variants(t)) for t in toks)

    def _impersonation(self, name: str | None, watchlist: Watchlist) -> Reason | None:
        if not name or not name.strip():
            return None
        norm = normalize(name)
        texts = [t.text for t in tokenize(norm)]
        # A one-word alias inside a longer name ("Ronaldo Haddad") is a namesake, not a pose.
        hits = [h for h in watchlist.find(norm) if h.last - h.first > 1 or len(texts) == 1]
        if not hits:
            return None
        titled = any(self._titles.at(texts, i) for i in range(len(texts)))
        hit = hits[0]
        start, end = norm.to_original(hit.start, hit.end)
        return Reason(
            code="personal_name",
            source="form",
            score=IMPERSONATION_TITLED if titled else IMPERSONATION_PLAIN,
            field="name",
            params={"name": name[start:end], "via": "watchlist"},
        )


def _plausible_alone(name: str) -> bool:
    """Whether a name found by the tagger alone is believable (see ``_GIVEN_NAMES_AR``)."""
    if not _ARABIC.search(name):
        return True
    toks = _norm_tokens(name)
    given = _lexicons()["given_ar"]
    return len(toks) >= 2 and any(v in given for v, _ in _variants(toks[0]))


def _adjacent(original: str, spans: Sequence[Span], texts: Sequence[str], k: int) -> bool:
    """Whether token ``k`` directly follows token ``k - 1``: only spaces between, a hyphen or
    apostrophe inside a name, or the full stop of an abbreviation ("Col. Ryan").

    A name never sits across a sentence break, a comma or a handle ("the President... If").
    """
    gap = original[spans[k - 1].end : spans[k].start]
    if "\n" in gap:
        return False
    gap = gap.strip()
    return gap in ("", "-", "'", "’") or (gap == "." and texts[k - 1] in _ABBREVIATIONS)


def _handle(text: str, start: int) -> bool:
    """Whether the word at ``start`` is an @handle or #hashtag: an account, not a name."""
    return start > 0 and text[start - 1] in "@#"


def _mixed_case(text: str) -> bool:
    """Whether capitals carry information: not all-lowercase, not every word capitalised."""
    words = re.findall(r"[A-Za-z\u00c0-\u024f]+", text)
    capped = sum(1 for w in words if w[0].isupper())
    return 0 < capped < len(words) or (capped == 1 and len(words) == 1)

"""Relevance of a comment to its article: pair features and a small calibrated scorer.

A comment is compared with the article's title and body in three spaces, all computed on
``model.normalize.normalize_text`` so spelling variants, Arabizi and obfuscation fold the same way
as everywhere else in Raqib:

* word TF-IDF (light-stemmed content words, both languages) and character 3-5-gram TF-IDF,
  cosine with the title, with the whole article and with the body's best-matching passage;
* an LSA topic space (TruncatedSVD of the word TF-IDF) learned on unlabelled Arabic and English
  text, so "goal" and "match" are close even when the article never says "goal";
* overlap: IDF-weighted share of the comment's content words found in the article and in the
  title, and shared salient terms (capitalised names in English text and a small bilingual
  gazetteer of place and organisation names, which also bridges Arabic and English).

Comment length, "the article has a body" and "the comment is Arabic" complete the feature vector,
with every similarity also multiplied by the comment's log content-word count (low similarity is
stronger evidence from a comment that says a lot than from "so sad"); a standardised
LogisticRegression turns it into P(off-topic).  Generic reactions ("thanks", "الله
يرحمهم") and cross-language pairs are policy decisions taken by the check
(``service/policy/off_topic.py``), not by this model.

Scoring a single comment through scikit-learn's ``transform`` costs about 1.5 ms, nearly all of it
per-call overhead (parameter validation, 1-row sparse matrices).  Batches of up to
:data:`FAST_MAX_BATCH` comments therefore take a direct path: each comment's word and character
rows are built from the fitted vocabularies and IDF vectors, and the cosines, best passage and
LSA projection are computed with numpy, repeating scikit-learn's and scipy's float32 operations in
the same order, so the features are bit-for-bit those of the sparse path (the tests compare them).

The artifact is a joblib dict ``{"relevance": {...}, "metadata": {...}}`` holding only builtins
and numpy arrays (vocabularies, IDF weights, SVD components, LR coefficients); the vectorisers are
rebuilt from them at load time, after the version guard, so loading never unpickles a
scikit-learn object.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from model.normalize import normalize_text

log = logging.getLogger(__name__)

FEATURE_VERSION = 1
DEFAULT_PATH = Path(__file__).with_name("relevance.joblib")
LIBRARIES = ("scikit-learn",)

_SIMILARITIES: tuple[str, ...] = (
    "cos_word_title",
    "cos_word_full",
    "cos_word_passage",
    "cos_char_title",
    "cos_char_full",
    "cos_lsa_title",
    "cos_lsa_full",
    "cover_article",
    "cover_title",
)
# Low similarity means more when the comment says more: each similarity also enters multiplied by
# the comment's log content-word count (a linear model cannot form that product itself).
FEATURES: tuple[str, ...] = (
    *_SIMILARITIES,
    "shared_names",
    "log_tokens",
    "log_content",
    "has_body",
    "arabic",
    *(f"{name}*log_content" for name in _SIMILARITIES),
)

# Frozen with the model (changing them changes the features, so bump FEATURE_VERSION).  Entries
# are written naturally and normalised with normalize_text when first used.
_STOP_EN = (
    "a an the and or but if then than so too very of in on at to for from by with about as into "
    "over under after before between through during without within against up down out off "
    "is are was were be been being am do does did doing done have has had having will would "
    "shall should can could may might must i me my mine we us our ours you your yours he him "
    "his she her hers it its they them their theirs this that these those there here what which "
    "who whom whose when where why how all any both each few more most other some such no nor "
    "not only own same just also now again ever still yet even much many lot lots really quite "
    "get got gets one ones thing things said says say like well know think going go let make "
    "dont doesnt didnt isnt arent wasnt werent wont cant couldnt shouldnt wouldnt im ive youre "
    "thats theres its s t re ve ll d m u ur"
)
_STOP_AR = (
    "في من على الى إلى عن مع ان أن إن او أو ثم لا لم لن ما ماذا هل قد كان كانت يكون تكون "
    "هذا هذه هذي ذلك تلك هؤلاء هناك هنا الذي التي الذين اللي اللى هو هي هم هن انا أنا نحن انت "
    "أنت انتم أنتم انتو كل بعض اي أي غير بين عند عندما حتى اذا إذا لو كما لكن لقد قبل بعد "
    "فيه فيها منه منها عليه عليها له لها لهم به بها بهم ولا وما وهو وهي وكان ومن وفي وعلى "
    "يا ايه إيه شو ايش وش شي اشي مش مو مب بس كمان هيك هيدا هاد هادا هاي هذول هدول "
    "يعني والله بدي بده عم رح راح ليش ليه كيف وين مين امتى لأنه لانه لأن لان بكل "
    "جدا كثير كتير اكثر أكثر الا إلا ايضا أيضا فقط حيث منذ خلال ضمن لدى نحو الآن الان "
)

# A small bilingual gazetteer: canonical id -> surface forms (Arabic and English).  Proper nouns
# are the one bridge between an Arabic comment and an English article (and between spelling
# variants within a language), so a shared id counts as a shared name.
_GAZETTEER: tuple[tuple[str, str], ...] = (
    ("jordan", "jordan|jordanian|jordanians|الاردن|اردن|الأردني|الاردنيين|أردني|الأردنية"),
    ("amman", "amman|عمان|عمّان"),
    ("irbid", "irbid|اربد|إربد"),
    ("zarqa", "zarqa|الزرقاء|زرقاء"),
    ("aqaba", "aqaba|العقبة|عقبة"),
    ("karak", "karak|الكرك|كرك"),
    ("salt", "as-salt|السلط"),
    ("mafraq", "mafraq|المفرق"),
    ("petra", "petra|البتراء"),
    ("dead_sea", "dead sea|البحر الميت"),
    ("syria", "syria|syrian|syrians|سوريا|سورية|السوري|السورية|السوريين"),
    ("damascus", "damascus|دمشق"),
    ("aleppo", "aleppo|حلب"),
    ("raqqa", "raqqa|al-raqqa|rakka|الرقة|رقة|بالرقة"),
    ("daraa", "daraa|deraa|درعا"),
    ("iraq", "iraq|iraqi|iraqis|العراق|عراق|العراقي|العراقية|العراقيين"),
    ("baghdad", "baghdad|بغداد"),
    ("mosul", "mosul|الموصل"),
    ("lebanon", "lebanon|lebanese|لبنان|اللبناني|اللبنانية|اللبنانيين"),
    ("beirut", "beirut|بيروت"),
    ("palestine", "palestine|palestinian|palestinians|فلسطين|الفلسطيني|الفلسطينية|الفلسطينيين"),
    ("gaza", "gaza|غزة|قطاع غزة"),
    ("west_bank", "west bank|الضفة الغربية|الضفة"),
    ("jerusalem", "jerusalem|al-quds|القدس|الأقصى|al-aqsa|aqsa"),
    ("israel", "israel|israeli|israelis|إسرائيل|اسرائيل|الإسرائيلي|الاسرائيلي|الاحتلال"),
    ("egypt", "egypt|egyptian|egyptians|مصر|المصري|المصرية|المصريين"),
    ("cairo", "cairo|القاهرة"),
    ("saudi", "saudi|saudis|saudi arabia|السعودية|السعودي|السعوديين|المملكة العربية السعودية"),
    ("riyadh", "riyadh|الرياض"),
    ("gulf", "gulf|gcc|الخليج|الخليجي|الخليجية"),
    ("qatar", "qatar|qatari|قطر|القطري"),
    ("doha", "doha|الدوحة"),
    ("uae", "uae|emirates|emirati|الإمارات|الامارات|الإماراتي"),
    ("dubai", "dubai|دبي"),
    ("kuwait", "kuwait|kuwaiti|الكويت|الكويتي"),
    ("bahrain", "bahrain|البحرين"),
    ("oman", "sultanate of oman|سلطنة عمان|omani|العماني"),
    ("yemen", "yemen|yemeni|اليمن|اليمني|اليمنيين"),
    ("libya", "libya|libyan|ليبيا|الليبي"),
    ("tunisia", "tunisia|tunisian|تونس|التونسي"),
    ("algeria", "algeria|algerian|الجزائر|الجزائري"),
    ("morocco", "morocco|moroccan|المغرب|المغربي"),
    ("sudan", "sudan|sudanese|السودان|السوداني"),
    ("iran", "iran|iranian|iranians|إيران|ايران|الإيراني|الايراني|الإيرانية"),
    ("turkey", "turkey|turkish|turks|تركيا|التركي|التركية|الأتراك"),
    ("russia", "russia|russian|russians|روسيا|الروسي|الروسية"),
    ("moscow", "moscow|موسكو"),
    (
        "usa",
        "usa|united states|america|american|americans|washington|أمريكا|امريكا|الأمريكي|"
        "الامريكي|الأمريكية|الامريكية|الولايات المتحدة|واشنطن",
    ),
    ("uk", "britain|british|uk|london|بريطانيا|البريطاني|البريطانية|لندن"),
    ("france", "france|french|paris|فرنسا|الفرنسي|الفرنسية|باريس"),
    ("germany", "germany|german|berlin|ألمانيا|المانيا|الألماني|الالماني|برلين"),
    ("europe", "europe|european|eu|أوروبا|اوروبا|الأوروبي|الاوروبي|الاتحاد الأوروبي"),
    ("china", "china|chinese|beijing|الصين|الصيني|الصينية|بكين"),
    ("un", "united nations|un|security council|الأمم المتحدة|الامم المتحدة|مجلس الأمن"),
    ("nato", "nato|الناتو|حلف شمال الأطلسي"),
    ("isis", "isis|isil|daesh|islamic state|داعش|الدولة الإسلامية|تنظيم الدولة"),
    ("hamas", "hamas|حماس"),
    ("hezbollah", "hezbollah|hizbollah|حزب الله"),
    ("qaeda", "al-qaeda|qaeda|القاعدة"),
    ("sdf", "sdf|syrian democratic forces|قسد|قوات سوريا الديمقراطية"),
    ("coalition", "coalition|التحالف|التحالف الدولي"),
    ("corona", "covid|covid-19|coronavirus|corona|كورونا|كوفيد"),
    ("parliament", "parliament|parliamentary|mps|البرلمان|مجلس النواب|النواب"),
    ("government", "government|cabinet|الحكومة|الحكومي|مجلس الوزراء"),
    ("king", "king|monarch|royal|الملك|جلالة الملك|الملكي|الديوان الملكي"),
    ("army", "army|armed forces|military|الجيش|القوات المسلحة|الجيش العربي"),
    ("police", "police|الشرطة|الأمن العام|الامن العام"),
    ("refugees", "refugee|refugees|لاجئ|لاجئين|اللاجئين|اللاجئون"),
    ("election", "election|elections|vote|voting|انتخابات|الانتخابات|الاقتراع"),
    ("football", "football|soccer|كرة القدم|الكرة"),
    ("world_cup", "world cup|كأس العالم|المونديال"),
    ("ramadan", "ramadan|رمضان"),
    ("eid", "eid|العيد|عيد الفطر|عيد الأضحى"),
)

_WORD = re.compile(r"[^\W_]+")
_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_LATIN = re.compile("[a-z]")
_ARABIC_LETTERS = re.compile("^[\u0621-\u064a\u0671-\u06d3]+$")
_AR_PREFIXES = ("وبال", "وكال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل")
_AR_SUFFIXES = ("هما", "ها", "هم", "هن", "كم", "نا", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_EN_KEEP_S = ("ss", "us", "is", "ous")
_SENTENCE = re.compile(r"(?<=[.!?؟\n])\s+|\n+")
_CAPITALISED = re.compile(r"(?<![\w.])([A-Z][\w'-]*)")
_PASSAGE_WORDS = 40
_MAX_PASSAGES = 60


class ArtifactVersionError(RuntimeError):
    """The artifact was built with other library or feature versions than the running code."""


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries whose semantics the artifact depends on."""
    return {name: importlib_metadata.version(name) for name in LIBRARIES}


# --------------------------------------------------------------------------- text features


def stem(token: str) -> str:
    """Light stem of one normalised token: Arabic clitics/suffixes, English plural/-ing/-ed."""
    if _ARABIC_LETTERS.match(token):
        for prefix in _AR_PREFIXES:
            # A bare و/ف/ب/ل also starts many words (وزير، فروا): strip it only from long words.
            keep = 3 if len(prefix) > 1 else 4
            if token.startswith(prefix) and len(token) - len(prefix) >= keep:
                token = token[len(prefix) :]
                break
        for suffix in _AR_SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= 3:
                return token[: -len(suffix)]
        return token
    if not token.isalpha() or len(token) <= 3:
        return token
    if token.endswith("ies") and len(token) > 4:
        token = token[:-3] + "y"
    elif token.endswith("es") and token[:-2].endswith(("s", "x", "z", "ch", "sh")):
        token = token[:-2]
    elif token.endswith("s") and not token.endswith(_EN_KEEP_S):
        token = token[:-1]
    elif token.endswith("ing") and len(token) > 5:
        token = token[:-3]
    elif token.endswith("ed") and len(token) > 4:
        token = token[:-2]
    return token[:8]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function words of both languages, normalised like the text they are removed from."""
    words = set()
    for w in (_STOP_EN + " " + _STOP_AR).split():
        words.update(_WORD.findall(normalize_text(w)))
    return frozenset(words)


@lru_cache(maxsize=200_000)
def _stem_cached(token: str) -> str:
    return stem(token)


def words(norm_text: str) -> list[str]:
    """All word tokens of a normalised text (stop words included)."""
    return _WORD.findall(norm_text)


def content_terms(norm_text: str) -> list[str]:
    """Stemmed content words of a normalised text: the word analyser of the TF-IDF."""
    stop = stopwords()
    out = []
    for token in _WORD.findall(norm_text):
        if token in stop or (len(token) < 2 and not token.isdigit()):
            continue
        out.append(_stem_cached(token))
    return out


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[tuple[str, ...], str], int]:
    table: dict[tuple[str, ...], str] = {}
    longest = 1
    for ident, forms in _GAZETTEER:
        for form in forms.split("|"):
            key = tuple(_stem_cached(t) for t in words(normalize_text(form)))
            if key:
                table.setdefault(key, ident)
                longest = max(longest, len(key))
    return table, longest


def gazetteer_ids(norm_text: str) -> set[str]:
    """Canonical ids of gazetteer names in a normalised text (``"raqqa"``, ``"isis"`` ...)."""
    table, longest = _gazetteer()
    stems = [_stem_cached(t) for t in words(norm_text)]
    found = set()
    for i in range(len(stems)):
        for n in range(1, longest + 1):
            ident = table.get(tuple(stems[i : i + n]))
            if ident is not None:
                found.add(ident)
    return found


def capitalised_names(text: str) -> set[str]:
    """Stems of capitalised words inside sentences of an (English) original text.

    Sentence-initial words and title-case headlines say nothing about names, so they are skipped.
    """
    found: set[str] = set()
    stop = stopwords()
    for sentence in _SENTENCE.split(text):
        tokens = sentence.split()
        latin = [t for t in tokens if t[:1].isalpha() and t[:1].isascii()]
        capped = [t for t in latin if t[:1].isupper()]
        if len(latin) >= 4 and len(capped) >= 0.7 * len(latin):
            continue  # a title-case headline
        for m in _CAPITALISED.finditer(sentence):
            if m.start() == len(sentence) - len(sentence.lstrip()):
                continue
            for token in words(normalize_text(m.group(1))):
                if token not in stop and len(token) > 1:
                    found.add(_stem_cached(token))
    return found


def is_arabic(norm_text: str) -> bool:
    """Whether a normalised text is mostly Arabic script (Arabizi is already transliterated)."""
    ar = len(_ARABIC.findall(norm_text))
    return ar > 0 and ar >= len(_LATIN.findall(norm_text))


def passages(norm_body: str) -> list[str]:
    """The body cut into passages of about forty words, on sentence boundaries where possible."""
    out: list[str] = []
    current: list[str] = []
    for sentence in _SENTENCE.split(norm_body):
        current.extend(sentence.split())
        if len(current) >= _PASSAGE_WORDS // 2:
            out.append(" ".join(current[: _PASSAGE_WORDS * 2]))
            current = []
    if current:
        out.append(" ".join(current))
    return out[:_MAX_PASSAGES]


def text_digest(title: str, body: str) -> str:
    """Content hash of an article, for caching its vectors."""
    return hashlib.sha1(f"{title}\x00{body}".encode(), usedforsecurity=False).hexdigest()


# --------------------------------------------------------------------------- vectorisers

# Batches up to this size take the direct path (:meth:`Vectorizers.features`); larger ones go
# through scikit-learn, whose per-call overhead is then shared by many rows.
FAST_MAX_BATCH = 128
# sklearn's ``char_wb`` analyser folds whitespace runs with this pattern before splitting.
_WHITE_SPACES = re.compile(r"\s\s+")
_CHAR_CACHE_SIZE = 20_000
_FIRST = np.zeros(1, dtype=np.intp)


def _word_vectorizer(vocabulary: dict[str, int] | None = None, **kw: Any) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=content_terms, sublinear_tf=True, vocabulary=vocabulary, dtype=np.float32, **kw
    )


def _char_vectorizer(vocabulary: dict[str, int] | None = None, **kw: Any) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        lowercase=False,
        sublinear_tf=True,
        vocabulary=vocabulary,
        dtype=np.float32,
        **kw,
    )


def _rows_dot(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float64).ravel()


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


# The direct path below repeats scikit-learn's and scipy's float32 arithmetic operation by
# operation (same rounding, same summation order), so its features are bit-for-bit those of the
# sparse path; tests/test_off_topic.py compares the two.


@dataclass(frozen=True, slots=True)
class Row:
    """One TF-IDF row as scikit-learn stores it: sorted column indices and float32 values."""

    indices: np.ndarray  # intp, strictly increasing
    data: np.ndarray  # float32, L2-normalised

    @classmethod
    def of(cls, x: sp.csr_matrix, i: int) -> Row:
        """Row ``i`` of a canonical CSR matrix (copied, so the matrix can be freed)."""
        start, end = x.indptr[i], x.indptr[i + 1]
        return cls(x.indices[start:end].astype(np.intp), x.data[start:end].copy())

    def dot(self, other: Row) -> float:
        """``self.multiply(other).sum()`` of the CSR rows, with scipy's float32 summation."""
        if not self.indices.size or not other.indices.size:
            return 0.0
        pos = np.searchsorted(other.indices, self.indices)
        pos[pos == other.indices.size] = 0
        hit = other.indices[pos] == self.indices
        # csr_elmul_csr keeps nonzero products in column order; .sum(axis=1) is add.reduceat.
        prod = self.data[hit] * other.data[pos[hit]]
        prod = prod[prod != 0]
        return float(np.add.reduceat(prod, _FIRST)[0]) if prod.size else 0.0


_EMPTY_ROW = Row(np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32))


@dataclass(frozen=True, slots=True)
class PassageIndex:
    """The body's passage rows transposed: for each word column, the passages that contain it."""

    terms: np.ndarray  # sorted word columns present in some passage
    ptr: np.ndarray  # passage entries of terms[i]: rows/data[ptr[i]:ptr[i + 1]]
    rows: np.ndarray
    data: np.ndarray
    n_passages: int

    @classmethod
    def of(cls, x: sp.csr_matrix) -> PassageIndex:
        """Index the rows (passages) of a CSR matrix by column."""
        coo = x.tocoo()
        order = np.lexsort((coo.row, coo.col))
        cols = coo.col[order]
        terms, starts = np.unique(cols, return_index=True)
        return cls(
            terms.astype(np.intp),
            np.append(starts, cols.size).astype(np.intp),
            coo.row[order].astype(np.intp),
            coo.data[order],
            x.shape[0],
        )

    def best(self, row: Row) -> float:
        """Max over passages of the row's dot product, summed like scipy's ``csr_matmat``."""
        if not row.indices.size or not self.terms.size:
            return 0.0
        pos = np.searchsorted(self.terms, row.indices)
        pos[pos == self.terms.size] = 0
        hit = self.terms[pos] == row.indices
        if not hit.any():
            return 0.0
        which, values = pos[hit], row.data[hit]
        starts = self.ptr[which]
        counts = self.ptr[which + 1] - starts
        # Gather the passage entries of each shared term into a dense (terms x passages) block;
        # absent entries are zeros, and adding 0.0 leaves a float32 sum unchanged.
        flat = np.arange(counts.sum()) + np.repeat(starts - np.cumsum(counts) + counts, counts)
        block = np.zeros((which.size, self.n_passages), dtype=np.float32)
        block[np.repeat(np.arange(which.size), counts), self.rows[flat]] = self.data[flat]
        sums = np.add.accumulate(block * values[:, None], axis=0)[-1]
        return float(sums.max())


@dataclass(slots=True)
class ArticleVectors:
    """Everything the features need from one article, computed once and cached by the check."""

    word_title: sp.csr_matrix
    word_full: sp.csr_matrix
    word_passages: sp.csr_matrix | None
    char_title: sp.csr_matrix
    char_full: sp.csr_matrix
    lsa_title: np.ndarray
    lsa_full: np.ndarray
    terms: frozenset[str]
    title_terms: frozenset[str]
    names: frozenset[str]
    gazetteer: frozenset[str]
    has_body: bool
    arabic: bool
    # The same rows for the direct (small batch) path; built on first use when absent.
    rows: tuple[Row, Row, Row, Row] | None = None
    passage_index: PassageIndex | None = None

    def direct(self) -> tuple[tuple[Row, Row, Row, Row], PassageIndex | None]:
        """Word title/full and char title/full rows plus the passage index (built once)."""
        if self.rows is None:
            if self.word_passages is not None:
                self.passage_index = PassageIndex.of(sp.csr_matrix(self.word_passages))
            self.rows = tuple(  # type: ignore[assignment]
                Row.of(sp.csr_matrix(m), 0)
                for m in (self.word_title, self.word_full, self.char_title, self.char_full)
            )
        return self.rows, self.passage_index  # type: ignore[return-value]


@dataclass(slots=True)
class Vectorizers:
    """Fitted word and character TF-IDF plus the LSA projection of the word space."""

    word: TfidfVectorizer
    char: TfidfVectorizer
    components: np.ndarray  # (k, word vocabulary), float32, column-major (see __post_init__)
    word_idf: dict[str, float] = field(init=False)
    max_idf: float = field(init=False)
    _char_ngrams: dict[str, tuple[int, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        idf = self.word.idf_
        self.word_idf = {t: float(idf[i]) for t, i in self.word.vocabulary_.items()}
        self.max_idf = float(idf.max()) if len(idf) else 1.0
        # Column-major so that ``components.T`` (vocabulary x k) is C-contiguous: scipy's
        # sparse @ dense would otherwise copy the whole matrix on every call, and the direct
        # path gathers its rows.  Same values, same products.
        self.components = np.asfortranarray(self.components, dtype=np.float32)
        self._char_ngrams = {}

    @classmethod
    def fit(
        cls,
        corpus: Sequence[str],
        *,
        n_components: int = 100,
        word_min_df: int = 3,
        word_max_features: int = 30_000,
        char_min_df: int = 5,
        char_max_features: int = 80_000,
        random_state: int = 0,
    ) -> Vectorizers:
        """Fit both TF-IDF spaces and the LSA topic space on normalised unlabelled text."""
        word = _word_vectorizer(min_df=word_min_df, max_features=word_max_features)
        x = word.fit_transform(corpus)
        char = _char_vectorizer(min_df=char_min_df, max_features=char_max_features)
        char.fit(corpus)
        k = max(1, min(n_components, x.shape[1] - 1, x.shape[0] - 1))
        svd = TruncatedSVD(
            n_components=k, algorithm="randomized", n_iter=5, random_state=random_state
        )
        svd.fit(x)
        return cls(word, char, svd.components_.astype(np.float32))

    def to_state(self) -> dict[str, Any]:
        """Builtins and arrays only: what the artifact stores."""
        return {
            "word_vocabulary": {str(t): int(i) for t, i in self.word.vocabulary_.items()},
            "word_idf": np.asarray(self.word.idf_, dtype=np.float32),
            "char_vocabulary": {str(t): int(i) for t, i in self.char.vocabulary_.items()},
            "char_idf": np.asarray(self.char.idf_, dtype=np.float32),
            # float16 halves the artifact; cosines in the topic space do not need more.
            "lsa_components": np.ascontiguousarray(self.components, dtype=np.float16),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Vectorizers:
        """Rebuild fitted vectorisers from :meth:`to_state` output."""
        word = _word_vectorizer(vocabulary=dict(state["word_vocabulary"]))
        word.idf_ = np.asarray(state["word_idf"], dtype=np.float64)
        char = _char_vectorizer(vocabulary=dict(state["char_vocabulary"]))
        char.idf_ = np.asarray(state["char_idf"], dtype=np.float64)
        return cls(word, char, np.asfortranarray(state["lsa_components"], dtype=np.float32))

    def lsa(self, word_vectors: sp.csr_matrix) -> np.ndarray:
        """Unit-length topic vectors of word TF-IDF rows."""
        return _unit_rows(np.asarray(word_vectors @ self.components.T, dtype=np.float64))

    def article(self, title: str, body: str) -> ArticleVectors:
        """Vectors of one article (raw title and body; normalised here)."""
        nt, nb = normalize_text(title or ""), normalize_text(body or "")
        full = f"{nt}\n{nb}"
        w = self.word.transform([nt, full])
        c = self.char.transform([nt, full])
        parts = passages(nb) if nb.strip() else []
        wp = self.word.transform(parts) if parts else None
        lsa = self.lsa(w)
        places = gazetteer_ids(full)
        names = capitalised_names(f"{title}\n{body}") | places
        vectors = ArticleVectors(
            word_title=w[0],
            word_full=w[1],
            word_passages=wp,
            char_title=c[0],
            char_full=c[1],
            lsa_title=lsa[0],
            lsa_full=lsa[1],
            terms=frozenset(content_terms(full)),
            title_terms=frozenset(content_terms(nt)),
            names=frozenset(names),
            gazetteer=frozenset(places),
            has_body=bool(nb.strip()),
            arabic=is_arabic(full),
        )
        vectors.direct()
        return vectors

    def _cover(self, terms: Iterable[str], target: frozenset[str]) -> float:
        weights = {t: self.word_idf.get(t, self.max_idf) for t in terms}
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        return sum(w for t, w in weights.items() if t in target) / total

    # -- direct path: one comment's rows without building sparse matrices ---------------
    @staticmethod
    def _tfidf_row(counts: dict[int, int], idf: np.ndarray) -> Row:
        """TfidfTransformer.transform (sublinear tf, idf, l2) of one row of column counts."""
        if not counts:
            return _EMPTY_ROW
        n = len(counts)
        indices = np.fromiter(counts.keys(), dtype=np.intp, count=n)
        data = np.fromiter(counts.values(), dtype=np.float32, count=n)
        order = np.argsort(indices)
        indices, data = indices[order], data[order]
        np.log(data, out=data)
        data += 1.0
        data *= idf[indices]
        # sklearn's inplace_csr_row_normalize_l2: float32 squares summed in order in a double,
        # each value divided in double precision and stored back as float32.
        total = float(np.add.accumulate(data * data, dtype=np.float64)[-1])
        if total != 0.0:
            data = (data.astype(np.float64) / math.sqrt(total)).astype(np.float32)
        return Row(indices, data)

    def word_row(self, norm_text: str) -> Row:
        """The comment's word TF-IDF row, equal to ``word.transform([norm_text])``."""
        vocabulary = self.word.vocabulary_
        counts: dict[int, int] = {}
        for term, n in Counter(content_terms(norm_text)).items():
            j = vocabulary.get(term)
            if j is not None:
                counts[j] = n
        return self._tfidf_row(counts, self.word.idf_)

    def _char_word(self, token: str) -> tuple[int, ...]:
        """Vocabulary columns of the ``char_wb`` 3-5-grams of one whitespace-delimited token."""
        hit = self._char_ngrams.get(token)
        if hit is not None:
            return hit
        vocabulary = self.char.vocabulary_
        w = f" {token} "
        grams: list[str] = []
        lo, hi = self.char.ngram_range
        for n in range(lo, hi + 1):
            if len(w) <= n:  # a short word counts once, whole (sklearn's _char_wb_ngrams)
                grams.append(w)
                break
            grams.extend(w[i : i + n] for i in range(len(w) - n + 1))
        found = tuple(j for g in grams if (j := vocabulary.get(g)) is not None)
        if len(self._char_ngrams) >= _CHAR_CACHE_SIZE:
            self._char_ngrams.clear()
        self._char_ngrams[token] = found
        return found

    def char_row(self, norm_text: str) -> Row:
        """The comment's character TF-IDF row, equal to ``char.transform([norm_text])``."""
        counts = Counter(
            j for token in _WHITE_SPACES.sub(" ", norm_text).split() for j in self._char_word(token)
        )
        return self._tfidf_row(counts, self.char.idf_)

    def _lsa_raw(self, row: Row) -> np.ndarray:
        """``row @ components.T`` summed term by term in float32, like scipy's csr_matvecs."""
        if not row.indices.size:
            return np.zeros(self.components.shape[0], dtype=np.float32)
        products = self.components.T[row.indices] * row.data[:, None]
        return np.add.accumulate(products, axis=0)[-1]

    def _similarities_direct(
        self, norm_comments: Sequence[str], articles: Sequence[ArticleVectors], out: np.ndarray
    ) -> np.ndarray:
        col = _COLUMN
        raw = np.empty((len(norm_comments), self.components.shape[0]), dtype=np.float32)
        for i, (text, a) in enumerate(zip(norm_comments, articles, strict=True)):
            (w_title, w_full, c_title, c_full), index = a.direct()
            w, c = self.word_row(text), self.char_row(text)
            out[i, col["cos_word_title"]] = w.dot(w_title)
            out[i, col["cos_word_full"]] = w.dot(w_full)
            out[i, col["cos_char_title"]] = c.dot(c_title)
            out[i, col["cos_char_full"]] = c.dot(c_full)
            if index is not None:
                out[i, col["cos_word_passage"]] = index.best(w)
            raw[i] = self._lsa_raw(w)
        return _unit_rows(np.asarray(raw, dtype=np.float64))

    def _similarities_sparse(
        self, norm_comments: Sequence[str], articles: Sequence[ArticleVectors], out: np.ndarray
    ) -> np.ndarray:
        col = _COLUMN
        w = self.word.transform(norm_comments)
        c = self.char.transform(norm_comments)
        out[:, col["cos_word_title"]] = _rows_dot(w, sp.vstack([a.word_title for a in articles]))
        out[:, col["cos_word_full"]] = _rows_dot(w, sp.vstack([a.word_full for a in articles]))
        out[:, col["cos_char_title"]] = _rows_dot(c, sp.vstack([a.char_title for a in articles]))
        out[:, col["cos_char_full"]] = _rows_dot(c, sp.vstack([a.char_full for a in articles]))
        # Best passage: one sparse product per distinct article (a batch usually shares one).
        groups: dict[int, list[int]] = {}
        for i, a in enumerate(articles):
            groups.setdefault(id(a), []).append(i)
        for rows in groups.values():
            a = articles[rows[0]]
            if a.word_passages is None:
                continue
            sims = (w[rows] @ a.word_passages.T).toarray()
            out[rows, col["cos_word_passage"]] = sims.max(axis=1)
        return self.lsa(w)

    def features(
        self,
        norm_comments: Sequence[str],
        articles: Sequence[ArticleVectors],
        *,
        direct: bool | None = None,
    ) -> np.ndarray:
        """Feature matrix (rows = comments, columns = :data:`FEATURES`) for aligned pairs.

        ``direct`` picks the path: computed row by row from the fitted vocabularies (no sparse
        matrices; the default up to :data:`FAST_MAX_BATCH` comments) or through scikit-learn's
        ``transform`` (the default for larger batches).  Both give the same numbers.
        """
        n = len(norm_comments)
        if n != len(articles):
            raise ValueError("one article per comment")
        out = np.zeros((n, len(FEATURES)), dtype=np.float64)
        if n == 0:
            return out
        if direct is None:
            direct = n <= FAST_MAX_BATCH
        if direct:
            lsa = self._similarities_direct(norm_comments, articles, out)
        else:
            lsa = self._similarities_sparse(norm_comments, articles, out)
        col = _COLUMN
        lsa_title = np.stack([a.lsa_title for a in articles])
        lsa_full = np.stack([a.lsa_full for a in articles])
        out[:, col["cos_lsa_title"]] = np.einsum("ij,ij->i", lsa, lsa_title)
        out[:, col["cos_lsa_full"]] = np.einsum("ij,ij->i", lsa, lsa_full)
        for i, (text, a) in enumerate(zip(norm_comments, articles, strict=True)):
            terms = set(content_terms(text))
            out[i, col["cover_article"]] = self._cover(terms, a.terms)
            out[i, col["cover_title"]] = self._cover(terms, a.title_terms)
            shared = len((terms | gazetteer_ids(text)) & a.names)
            out[i, col["shared_names"]] = math.log1p(shared)
            out[i, col["log_tokens"]] = math.log1p(len(words(text)))
            out[i, col["log_content"]] = math.log1p(len(terms))
            out[i, col["has_body"]] = float(a.has_body)
            out[i, col["arabic"]] = float(is_arabic(text))
        for name in _SIMILARITIES:
            out[:, col[f"{name}*log_content"]] = out[:, col[name]] * out[:, col["log_content"]]
        return out


_COLUMN: dict[str, int] = {name: i for i, name in enumerate(FEATURES)}


# --------------------------------------------------------------------------- scorer


@dataclass(slots=True)
class Scorer:
    """Standardisation plus logistic regression: feature rows -> P(off-topic)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def fit(cls, x: np.ndarray, off_topic: np.ndarray, c: float = 1.0) -> Scorer:
        """Fit on feature rows and 0/1 off-topic labels (1 = off-topic)."""
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale < 1e-9] = 1.0
        lr = LogisticRegression(C=c, max_iter=1000)
        lr.fit((x - mean) / scale, off_topic)
        return cls(mean, scale, lr.coef_.ravel().astype(np.float64), float(lr.intercept_[0]))

    def proba(self, x: np.ndarray) -> np.ndarray:
        """P(off-topic) for feature rows."""
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_state(self) -> dict[str, Any]:
        """Builtins and arrays only."""
        return {
            "mean": self.mean,
            "scale": self.scale,
            "coef": self.coef,
            "intercept": self.intercept,
            "features": list(FEATURES),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Scorer:
        """Rebuild from :meth:`to_state` output."""
        if list(state["features"]) != list(FEATURES):
            raise ArtifactVersionError("the scorer was fitted on other features")
        return cls(
            np.asarray(state["mean"], dtype=np.float64),
            np.asarray(state["scale"], dtype=np.float64),
            np.asarray(state["coef"], dtype=np.float64),
            float(state["intercept"]),
        )


# --------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class OperatingPoints:
    """P(off-topic) thresholds chosen on held-out training folds, mapped onto the policy bands.

    ``review``: from here the comment leans off-topic (calibrated P >= 0.5 by default);
    ``reject``: from here off-topic is confident (precision target met on out-of-fold pairs).
    """

    review: float = 0.5
    reject: float = 0.95


class RelevanceModel:
    """Vectorisers + scorer: P(off-topic) of comments relative to their articles."""

    def __init__(
        self,
        vectorizers: Vectorizers,
        scorer: Scorer,
        points: OperatingPoints | None = None,
        metadata: dict[str, Any] | None = None,
    ):
        self.vectorizers = vectorizers
        self.scorer = scorer
        self.points = points or OperatingPoints()
        self.metadata: dict[str, Any] = dict(metadata or {})

    @classmethod
    def fit(
        cls,
        corpus: Sequence[str],
        comments: Sequence[str],
        titles: Sequence[str],
        bodies: Sequence[str],
        on_topic: Sequence[int],
        *,
        c: float = 1.0,
        points: OperatingPoints | None = None,
        **vectorizer_params: Any,
    ) -> RelevanceModel:
        """Fit on unlabelled raw texts (topic space) and labelled raw (comment, article) pairs."""
        vec = Vectorizers.fit([normalize_text(t) for t in corpus], **vectorizer_params)
        x = pair_features(vec, comments, titles, bodies)
        scorer = Scorer.fit(x, 1 - np.asarray(on_topic, dtype=int), c=c)
        return cls(vec, scorer, points)

    def article(self, title: str, body: str) -> ArticleVectors:
        """Vectors of one article (cache them: this is the expensive part for long bodies)."""
        return self.vectorizers.article(title, body)

    def features(
        self,
        norm_comments: Sequence[str],
        articles: Sequence[ArticleVectors],
        *,
        direct: bool | None = None,
    ) -> np.ndarray:
        """Pair features of normalised comments against their articles' vectors."""
        return self.vectorizers.features(norm_comments, articles, direct=direct)

    def predict_proba(
        self,
        norm_comments: Sequence[str],
        articles: Sequence[ArticleVectors],
        *,
        direct: bool | None = None,
    ) -> np.ndarray:
        """P(off-topic) of normalised comments against their articles' vectors."""
        return self.scorer.proba(self.features(norm_comments, articles, direct=direct))

    def off_topic_proba(
        self, comments: Sequence[str], titles: Sequence[str], bodies: Sequence[str]
    ) -> np.ndarray:
        """P(off-topic) of raw comments against raw titles/bodies (convenience, no caching)."""
        return self.scorer.proba(pair_features(self.vectorizers, comments, titles, bodies))

    # -- persistence ----------------------------------------------------------------------
    def to_artifact(self, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
        """The joblib payload: builtins and arrays plus metadata (library versions filled in)."""
        meta = {
            **self.metadata,
            **(metadata or {}),
            "libraries": library_versions(),
            "feature_version": FEATURE_VERSION,
            "normalizer_probe": normalizer_probe(),
        }
        return {
            "relevance": {
                "feature_version": FEATURE_VERSION,
                "vectorizers": self.vectorizers.to_state(),
                "scorer": self.scorer.to_state(),
                "points": {"review": self.points.review, "reject": self.points.reject},
            },
            "metadata": meta,
        }

    def save(self, path: str | Path, metadata: dict[str, Any] | None = None) -> Path:
        """Write the artifact (compressed joblib) and return its path."""
        path = Path(path)
        joblib.dump(self.to_artifact(metadata), path, compress=3)
        return path

    @classmethod
    def from_artifact(cls, artifact: dict[str, Any], source: str = "artifact") -> RelevanceModel:
        """Build a model from a loaded artifact after checking versions (clear error if not)."""
        try:
            state, meta = artifact["relevance"], artifact["metadata"]
            built_with = meta["libraries"]
        except (KeyError, TypeError) as exc:
            raise ArtifactVersionError(f"{source} is not a Raqib relevance artifact") from exc
        wrong = {
            n: (built_with.get(n), have)
            for n, have in library_versions().items()
            if built_with.get(n) != have
        }
        if wrong:
            detail = ", ".join(f"{n} built with {b}, installed {h}" for n, (b, h) in wrong.items())
            raise ArtifactVersionError(
                f"{source} was trained with other libraries ({detail}); install the pinned "
                "versions or retrain with `python -m training.train_relevance`"
            )
        if state.get("feature_version") != FEATURE_VERSION:
            raise ArtifactVersionError(
                f"{source} uses relevance features v{state.get('feature_version')}, this code "
                f"computes v{FEATURE_VERSION}; retrain with `python -m training.train_relevance`"
            )
        if meta.get("normalizer_probe") != normalizer_probe():
            # Not fatal: the normaliser evolves in small steps, but the scores may drift.
            log.warning(
                "%s was trained with another version of model.normalize; consider "
                "retraining with `python -m training.train_relevance`",
                source,
            )
        points = OperatingPoints(**state["points"])
        return cls(
            Vectorizers.from_state(state["vectorizers"]),
            Scorer.from_state(state["scorer"]),
            points,
            meta,
        )

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH) -> RelevanceModel:
        """Load ``model/relevance.joblib`` (or ``path``), refusing artifacts from other versions."""
        path = Path(path)
        return cls.from_artifact(joblib.load(path), source=str(path))


def pair_features(
    vec: Vectorizers, comments: Sequence[str], titles: Sequence[str], bodies: Sequence[str]
) -> np.ndarray:
    """Features of raw (comment, title, body) triples; identical articles are vectorised once."""
    cache: dict[tuple[str, str], ArticleVectors] = {}
    arts = []
    for title, body in zip(titles, bodies, strict=True):
        key = (title, body)
        if key not in cache:
            cache[key] = vec.article(title, body)
        arts.append(cache[key])
    return vec.features([normalize_text(c) for c in comments], arts)


_PROBE = (
    "Ｔhe Raqqa coalition's 300 fighters!! ٣٠٠",
    "إنّ الأخبارَ عن الرقّة مؤلمة ـــ جدااا",
    "sho 2elak ya 3ammi",
    "f.u.c.k вad",
)


def normalizer_probe() -> str:
    """Fingerprint of the installed normaliser on a few probe strings (drift detection)."""
    joined = "\x00".join(normalize_text(s) for s in _PROBE)
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()[:16]

"""Person-name tagger: token features and a small wrapper around a trained CRFsuite model.

One CRF serves both languages (Arabic and English features live in different scripts, so they
hardly interfere).  Features are computed on ``normalize_text`` of each token, so spelling
variants, Arabizi and obfuscation fold the same way as everywhere else in Raqib, plus raw-token
shape features (capitalisation matters for English) and the neighbouring words.

Names are decoded from the CRF's marginals at a probability threshold per script (chosen on
held-out data by ``training.train_ner``), and every name carries the probability of its weakest
token, which is what the personal_name check scores.

The artifact is a joblib dict ``{"tagger": {...}, "metadata": {...}}`` whose tagger part holds
only builtins: the CRFsuite model bytes (exactly what ``sklearn_crfsuite.CRF`` pickles), the
feature version, the labels and the thresholds.  Loading therefore never unpickles a library
class, and the version guard runs before anything is built from the model.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import joblib
import pycrfsuite

from model.normalize import normalize_text

FEATURE_VERSION = 1
DEFAULT_PATH = Path(__file__).with_name("ner.joblib")
DEFAULT_THRESHOLDS = {"arabic": 0.5, "latin": 0.5}
LIBRARIES = ("sklearn-crfsuite", "python-crfsuite")

# Frozen with the model (changing them changes the features, so bump FEATURE_VERSION): the
# editable policy list of title cues lives in service/policy/data/titles.tsv.
_CUE_WORDS = (
    "president king queen prince princess emir sultan sheikh sheik shaikh minister pm premier "
    "chancellor senator sen governor gov mayor ambassador spokesman spokeswoman spokesperson "
    "colonel col general gen lieutenant lt brigadier marshal commander admiral captain capt sgt "
    "pope ayatollah imam mufti rabbi cardinal sir lord dr doctor mr mrs ms miss coach striker "
    "singer actor actress star player "
    "الرئيس رئيس الملك الملكة الأمير الأميرة السلطان الشيخ الشيخة الوزير وزير الوزيرة النائب "
    "السفير العقيد اللواء العميد الجنرال الفريق المشير الرائد النقيب الإمام المفتي البابا "
    "الزعيم القائد جلالة سمو فخامة دولة معالي عطوفة الدكتور الدكتورة د السيد السيدة الأستاذ "
    "المهندس المحامي الحاج المطرب المطربة الفنان الفنانة اللاعب النجم المدرب الناطق المتحدث "
    "الكاتب الصحفي الشاعر"
)
# Arabic proclitic sequences, longest first: conjunction, preposition, then the article.
_AR_CLITICS = ("وبال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DIGIT = re.compile(r"\d")
_WORD_CHARS = r"\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_SENTENCE_END = frozenset(".!?؟:\"'“”…")
# Hyphens and apostrophes inside a word stay in it ("Al-Khatib", "O'Neill"), as in both corpora.
_TOKEN = re.compile(rf"[@#]?[{_WORD_CHARS}]+(?:[-'’][{_WORD_CHARS}]+)*|[^\s{_WORD_CHARS}]")


class ArtifactVersionError(RuntimeError):
    """The artifact was built with other library or feature versions than the running code."""


@dataclass(frozen=True, slots=True)
class PersonSpan:
    """A person name found in a text: ``text[start:end]`` with its tagger probability."""

    start: int
    end: int
    text: str
    prob: float


def library_versions() -> dict[str, str]:
    """Installed versions of the CRF libraries the artifact is pickled against."""
    return {name: importlib_metadata.version(name) for name in LIBRARIES}


def tokenize(text: str) -> list[tuple[int, int]]:
    """Character spans of the tagger's tokens: words (@/# kept) and single punctuation marks."""
    return [m.span() for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1)
def _cues() -> frozenset[str]:
    return frozenset(normalize_text(w) for w in _CUE_WORDS.split())


@lru_cache(maxsize=200_000)
def _norm(token: str) -> str:
    # Token-level normalisation; the vocabulary is small, so caching makes training and
    # article tagging cheap.
    return normalize_text(token).replace(" ", "") or token


def _stem(norm: str) -> str:
    if not _ARABIC.match(norm):
        return norm
    for clitic in _AR_CLITICS:
        if norm.startswith(clitic) and len(norm) - len(clitic) >= 2:
            return norm[len(clitic) :]
    return norm


def token_shape(token: str) -> str:
    """Squeezed character classes: ``Ryan`` -> ``Xx``, ``@user1`` -> ``@xd``, Arabic -> ``a``."""
    out: list[str] = []
    for ch in token:
        if _ARABIC.match(ch):
            c = "a"
        elif ch.isdigit():
            c = "d"
        elif ch.isalpha():
            c = "X" if ch.isupper() else "x"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def _neighbour(feats: dict[str, Any], key: str, raw: str, norm: str, cues: frozenset[str]) -> None:
    feats[f"{key}:w"] = norm
    feats[f"{key}:stem"] = _stem(norm)
    if raw[:1].isupper():
        feats[f"{key}:cap"] = 1.0
    if norm in cues or _stem(norm) in cues:
        feats[f"{key}:cue"] = 1.0


def sentence_features(tokens: Sequence[str]) -> list[dict[str, Any]]:
    """CRFsuite feature dicts for one token sequence (raw tokens, as written)."""
    cues = _cues()
    norms = [_norm(t) for t in tokens]
    lowered = sum(1 for t in tokens if t[:1].islower())
    capped = sum(1 for t in tokens if t[:1].isupper())
    # Capitalisation only carries information in mixed-case text: in all-lowercase or shouted
    # comments every token looks the same.
    mixed_case = lowered > 0 and capped > 0 and capped < 0.8 * (lowered + capped)
    out: list[dict[str, Any]] = []
    for i, (raw, norm) in enumerate(zip(tokens, norms, strict=True)):
        stem = _stem(norm)
        feats: dict[str, Any] = {
            "bias": 1.0,
            "w": norm,
            "stem": stem,
            "p2": stem[:2],
            "p3": stem[:3],
            "s1": stem[-1:],
            "s4": stem[-4:],
            "s2": norm[-2:],
            "s3": norm[-3:],
            "shape": token_shape(raw),
            "len": str(min(len(norm), 9)),
        }
        if _ARABIC.search(raw):
            feats["ar"] = 1.0
            for clitic in ("ال", "وال", "بال", "لل", "و", "ب"):
                if norm.startswith(clitic):
                    feats[f"pre:{clitic}"] = 1.0
        elif _LATIN.search(raw):
            if raw[:1].isupper():
                feats["cap"] = 1.0
                feats["cap_mixed" if mixed_case else "cap_flat"] = 1.0
                if i > 0 and tokens[i - 1] not in _SENTENCE_END:
                    feats["cap_mid"] = 1.0
            if raw.isupper() and len(raw) > 1:
                feats["allcaps"] = 1.0
        if _DIGIT.search(raw):
            feats["digit"] = 1.0
        if raw[:1] in "@#":
            feats["at" if raw[0] == "@" else "hash"] = 1.0
        if i == 0:
            feats["BOS"] = 1.0
        else:
            _neighbour(feats, "-1", tokens[i - 1], norms[i - 1], cues)
            feats["-1:shape|shape"] = f"{token_shape(tokens[i - 1])}|{feats['shape']}"
        if i >= 2:
            _neighbour(feats, "-2", tokens[i - 2], norms[i - 2], cues)
        if i == len(tokens) - 1:
            feats["EOS"] = 1.0
        else:
            _neighbour(feats, "+1", tokens[i + 1], norms[i + 1], cues)
        if i + 2 < len(tokens):
            feats["+2:w"] = norms[i + 2]
        out.append(feats)
    return out


def entities(labels: Sequence[str]) -> list[tuple[int, int]]:
    """Token spans ``[i, j)`` of PERS entities in an IOB label sequence (a stray I- opens one)."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, label in enumerate(labels):
        if label == "B-PERS" or (label == "I-PERS" and start is None):
            if start is not None:
                spans.append((start, i))
            start = i
        elif label != "I-PERS" and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(labels)))
    return spans


def decode(
    marginals: Sequence[tuple[float, float]], threshold: float | Sequence[float]
) -> list[str]:
    """IOB labels from per-token (P(B-PERS), P(I-PERS)) marginals at a probability threshold.

    A token is part of a name when the two reach its threshold (one for all tokens, or one per
    token); it opens a new name unless it follows one and I is the likelier.  Below 0.5 the
    threshold trades precision for recall; training chooses it on held-out data.
    """
    if isinstance(threshold, int | float):
        threshold = [float(threshold)] * len(marginals)
    labels: list[str] = []
    for (p_b, p_i), t in zip(marginals, threshold, strict=True):
        if p_b + p_i < t:
            labels.append("O")
        elif labels and labels[-1] != "O" and p_i >= p_b:
            labels.append("I-PERS")
        else:
            labels.append("B-PERS")
    return labels


class NerTagger:
    """A fitted CRFsuite person tagger (thread-safe; CRFsuite taggers are stateful)."""

    def __init__(
        self,
        model_bytes: bytes,
        metadata: dict[str, Any] | None = None,
        thresholds: dict[str, float] | None = None,
    ):
        self._bytes = model_bytes  # CRFsuite reads the model in place: keep it alive
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(model_bytes)
        self._lock = threading.Lock()
        self.labels: tuple[str, ...] = tuple(self._tagger.labels())
        self.metadata: dict[str, Any] = dict(metadata or {})
        # Decoding thresholds per script ("arabic", "latin"): the two training sets differ so
        # much in how conservative the CRF is that one threshold fits neither.
        self.thresholds: dict[str, float] = {**DEFAULT_THRESHOLDS, **(thresholds or {})}

    @classmethod
    def from_crf(
        cls,
        crf: Any,
        metadata: dict[str, Any] | None = None,
        thresholds: dict[str, float] | None = None,
    ) -> NerTagger:
        """Wrap a fitted ``sklearn_crfsuite.CRF`` (its model file is read into memory)."""
        name = getattr(getattr(crf, "modelfile", None), "name", None)
        if name is None:
            raise ValueError("the CRF is not fitted (no model file)")
        return cls(Path(name).read_bytes(), metadata, thresholds)

    def __reduce__(self) -> tuple[Any, ...]:
        return (NerTagger, (self._bytes, self.metadata, self.thresholds))

    def marginals(self, tokens: Sequence[str]) -> list[tuple[float, float]]:
        """Per-token marginal probabilities (P(B-PERS), P(I-PERS))."""
        if not tokens:
            return []
        xseq = sentence_features(tokens)
        has_b, has_i = "B-PERS" in self.labels, "I-PERS" in self.labels
        with self._lock:
            self._tagger.set(xseq)
            return [
                (
                    self._tagger.marginal("B-PERS", i) if has_b else 0.0,
                    self._tagger.marginal("I-PERS", i) if has_i else 0.0,
                )
                for i in range(len(xseq))
            ]

    def token_thresholds(self, tokens: Sequence[str]) -> list[float]:
        """Each token's decoding threshold, by its script."""
        ar, lat = self.thresholds["arabic"], self.thresholds["latin"]
        return [ar if _ARABIC.search(t) else lat for t in tokens]

    def tag_tokens(
        self, tokens: Sequence[str], threshold: float | None = None
    ) -> tuple[list[str], list[float]]:
        """Labels (at ``threshold``, else the per-script ones) and each token's P(name)."""
        marginals = self.marginals(tokens)
        cut = threshold if threshold is not None else self.token_thresholds(tokens)
        return decode(marginals, cut), [b + i for b, i in marginals]

    def predict(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Labels for many token sequences."""
        return [self.tag_tokens(s)[0] for s in sentences]

    def person_spans(
        self, text: str, threshold: float | None = None, max_tokens: int | None = None
    ) -> list[PersonSpan]:
        """Person names in ``text`` with character offsets; probability = weakest token's.

        ``max_tokens`` tags only the first tokens: the CRF's cost is linear in tokens, and a
        comment of one-character tokens ("@a@a…") has five times as many as one of words.
        """
        spans = tokenize(text)[:max_tokens]
        tokens = [text[s:e] for s, e in spans]
        labels, probs = self.tag_tokens(tokens, threshold)
        found = []
        for i, j in entities(labels):
            start, end = spans[i][0], spans[j - 1][1]
            found.append(PersonSpan(start, end, text[start:end], min(probs[i:j])))
        return found

    def to_artifact(self, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
        """The joblib payload: model bytes plus metadata (library versions filled in)."""
        meta = {**self.metadata, **(metadata or {}), "libraries": library_versions()}
        meta["feature_version"] = FEATURE_VERSION
        return {
            "tagger": {
                "crfsuite_model": self._bytes,
                "feature_version": FEATURE_VERSION,
                "labels": list(self.labels),
                "thresholds": dict(self.thresholds),
            },
            "metadata": meta,
        }

    def save(self, path: str | Path, metadata: dict[str, Any] | None = None) -> Path:
        """Write the artifact (compressed joblib) and return its path."""
        path = Path(path)
        joblib.dump(self.to_artifact(metadata), path, compress=3)
        return path

    @classmethod
    def from_artifact(cls, artifact: dict[str, Any], source: str = "artifact") -> NerTagger:
        """Build a tagger from a loaded artifact after checking versions (clear error if not)."""
        try:
            tagger, meta = artifact["tagger"], artifact["metadata"]
            built_with = meta["libraries"]
            model_bytes = tagger["crfsuite_model"]
        except (KeyError, TypeError) as exc:
            raise ArtifactVersionError(f"{source} is not a Raqib NER artifact") from exc
        installed = library_versions()
        wrong = {
            name: (built_with.get(name), have)
            for name, have in installed.items()
            if built_with.get(name) != have
        }
        if wrong:
            detail = ", ".join(f"{n} built with {b}, installed {h}" for n, (b, h) in wrong.items())
            raise ArtifactVersionError(
                f"{source} was trained with other CRF libraries ({detail}); install the pinned "
                "versions or retrain with `python -m training.train_ner`"
            )
        if tagger.get("feature_version") != FEATURE_VERSION:
            raise ArtifactVersionError(
                f"{source} uses NER features v{tagger.get('feature_version')}, this code computes "
                f"v{FEATURE_VERSION}; retrain with `python -m training.train_ner`"
            )
        return cls(model_bytes, meta, tagger.get("thresholds"))

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH) -> NerTagger:
        """Load ``model/ner.joblib`` (or ``path``), refusing artifacts from other versions."""
        path = Path(path)
        return cls.from_artifact(joblib.load(path), source=str(path))

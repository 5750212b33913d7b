"""Loaders for the public labelled datasets in ``shared/data``, mapped onto Raqib's categories.

Each dataset folder carries a PROVENANCE.md; the mapping decisions below follow it and are
summarised in training/DATASETS.md. The data is never copied into the repository: every function
takes the data directory at run time.

Categories:
  * ``offense``  insult, abuse, profanity;
  * ``strife``   hate aimed at a religion, sect, race, ethnicity or nationality;
  * ``spam``     ads, self-promotion, scams;
  * ``off_topic`` (comment, context) relevance pairs, see :func:`load_relevance_pairs`;
  * ``ner``      person-name token sequences, see :func:`load_ner`.

An :class:`Example` only carries the categories its dataset actually annotates: an absent
category means "unknown", never "negative".
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import logging
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

log = logging.getLogger(__name__)

CATEGORIES: tuple[str, ...] = ("offense", "strife", "spam")
OFF_TOPIC = "off_topic"
NER = "ner"
SPLITS: tuple[str, ...] = ("train", "dev", "test")
# Merging duplicates that sit in different splits keeps the most held-out one, so an
# evaluation row never also appears (under another split name) in training.
_SPLIT_RANK = {"train": 0, "dev": 1, "test": 2}

csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text; ``labels`` holds only the categories its dataset annotates."""

    text: str
    labels: dict[str, int]
    language: str
    source: str
    split: str
    licence: str
    # The original dataset inside a multi-set folder (arabic_offensive_taxonomy) or file.
    subset: str = ""
    # Categories whose value differed between merged duplicates (the max was kept).
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RelevancePair:
    """A comment and the text it answers (question or article title); label 1 = on-topic."""

    comment: str
    context: str
    label: int
    source: str
    split: str
    language: str
    # Question or article id, for grouped splits (the same context must not straddle folds).
    context_id: str = ""


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    """Static description of one dataset folder."""

    name: str
    language: str
    categories: tuple[str, ...]
    licence: str
    files: tuple[str, ...]
    splits: tuple[str, ...]
    has_official_dev: bool
    has_official_test: bool
    loader: Callable[[Path], Iterator[_Row]] | None
    source: str
    citation: str


@dataclass(slots=True)
class DedupeStats:
    """Counts collected by :func:`load_all` (rows read, duplicates dropped, label conflicts)."""

    read: Counter[str] = field(default_factory=Counter)
    # Rows whose dedupe key is empty (only links/mentions/placeholders).
    link_only: Counter[str] = field(default_factory=Counter)
    within_set: Counter[str] = field(default_factory=Counter)
    # (dropped source, kept source) -> rows
    cross_set: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (source, category) -> merged rows whose duplicates disagreed
    conflicts: Counter[tuple[str, str]] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class _Row:
    text: str
    labels: dict[str, int]
    split: str = "train"
    subset: str = ""


# --------------------------------------------------------------------------- normalisation

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION_RE = re.compile(r"@\w+")
# Placeholders the shared-task organisers substituted for links and line breaks.
_PLACEHOLDER_RE = re.compile(r"<LF>|\bURL\b")
_AR_MARKS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF_RE = re.compile("[\u0622\u0623\u0625\u0671]")
_WS_RE = re.compile(r"\s+")
_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0671-\u06d3]")


def dedupe_key(text: str) -> str:
    """Normalised text used only to detect duplicates (never fed to the model)."""
    s = html.unescape(text)
    s = _PLACEHOLDER_RE.sub(" ", s)
    s = _URL_RE.sub(" ", s)
    s = _MENTION_RE.sub(" ", s)
    s = unicodedata.normalize("NFKC", s).casefold()
    s = _AR_MARKS_RE.sub("", s)
    s = _ALEF_RE.sub("\u0627", s)
    return _WS_RE.sub(" ", s).strip()


# --------------------------------------------------------------------------- file helpers


def _read_csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    # utf-8-sig: a stray BOM would otherwise become part of the first column name.
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh, delimiter=delimiter)


def _flag(value: str | None) -> int | None:
    """'1', '1.0', '0', '0.0' -> int; empty or unparsable -> None."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if number not in (0.0, 1.0):
        return None
    return int(number)


def _split(value: str, allowed: Iterable[str] = SPLITS) -> str:
    value = value.strip().lower()
    if value not in allowed:
        raise ValueError(f"unexpected split {value!r}")
    return value


# --------------------------------------------------------------------------- Arabic loaders


def _load_osact2020(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "osact2020_offensive.csv"):
        labels = {"offense": int(r["off"] == "OFF")}
        # HS here also covers gender, politics and sport, so HS is no evidence of strife; but
        # NOT_HS rules out any group hate, which makes it a safe strife negative.
        if r["hs"] == "NOT_HS":
            labels["strife"] = 0
        yield _Row(r["text"], labels, _split(r["split"]))


def _load_osact2022(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "osact2022_hate.csv"):
        hs = r["hs"].strip()
        labels = {
            "offense": int(r["off"] == "OFF"),
            # HS1 race/ethnicity/nationality, HS2 religion/sect. HS3-HS6 (ideology, disability,
            # class, gender) are hate of another kind: annotated, so a real strife negative.
            "strife": int(hs in ("HS1", "HS2")),
        }
        yield _Row(r["text"], labels, _split(r["split"]))


def _hsab_rows(path: Path) -> Iterator[_Row]:
    mapping = {"normal": (0, 0), "abusive": (1, 0), "hate": (1, 1)}
    for r in _read_csv(path):
        label = r["label"].strip().lower()
        if label not in mapping:
            continue
        offense, strife = mapping[label]
        yield _Row(r["text"], {"offense": offense, "strife": strife})


def _load_lhsab(folder: Path) -> Iterator[_Row]:
    return _hsab_rows(folder / "lhsab.csv")


def _load_thsab(folder: Path) -> Iterator[_Row]:
    return _hsab_rows(folder / "thsab.csv")


def _load_mlma_ar(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "mlma_ar.csv"):
        offensive = _flag(r["offensive"])
        hate = r["offense strength"].strip().lower() == "hate speech"
        # The Vanetik re-mapping turned MLMA's "origin" target into `racism`; xenophobia and
        # religion are the other strife targets. Sexism/homophobia are not strife.
        strife_target = any(_flag(r[c]) == 1 for c in ("racism", "xenophobia", "religion"))
        hostile = offensive == 1 or hate
        labels: dict[str, int] = {}
        if offensive is not None or hate:
            labels["offense"] = int(hostile)
        if strife_target and hostile:
            labels["strife"] = 1
        elif not strife_target:
            labels["strife"] = 0
        # A strife target without hostility is left unknown: spot checks found derogatory
        # origin/religion tweets labelled offensive=0, so it is not a trustworthy negative.
        if labels:
            yield _Row(r["text"], labels)


def _load_arabic_offensive_taxonomy(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "id7_mubarak2017_twitter.csv"):
        if (v := _flag(r["offensive"])) is not None:
            yield _Row(r["text"], {"offense": v}, subset="mubarak2017")
    for r in _read_csv(folder / "id11_omcd_moroccan.csv"):
        # 23% of OMCD is Latin-script Darija/French: neither "ar" nor "en" for this service.
        if not _ARABIC_LETTER_RE.search(r["text"]):
            continue
        if (v := _flag(r["offensive"])) is not None:
            yield _Row(r["text"], {"offense": v}, subset="omcd")
    for r in _read_csv(folder / "id12_aref2020_sectarian.csv"):
        # "offensive" here means sectarian hate; 4 rows are NaN.
        if (v := _flag(r["offensive"])) is not None:
            yield _Row(r["text"], {"strife": v}, subset="aref2020")
    for r in _read_csv(folder / "id14_letmi_misogyny.csv"):
        # Misogyny is gender hate, not strife; only the offense label is used.
        if (v := _flag(r["offensive"])) is not None:
            yield _Row(r["text"], {"offense": v}, subset="letmi")
    for r in _read_csv(folder / "id16_saudi_dialect_hate.csv"):
        if r["encoding_repaired"].strip() != "1":
            continue
        # Its "hate" label is mostly personal insult (the shared README lists it under offense),
        # not group hate, so it serves offense only.
        if (v := _flag(r["offensive"])) is not None:
            yield _Row(r["text"], {"offense": v}, subset="saudi_hate")


def _load_alakrot(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "alakrot_youtube_ar.csv"):
        if (v := _flag(r["offensive"])) is not None:
            yield _Row(r["text"], {"offense": v})


def _load_arpufi(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "arpufi.csv"):
        # 50 rows have no label (PROVENANCE): unknown, dropped.
        if (v := _flag(r["offensive"])) is not None:
            yield _Row(r["text"], {"offense": v})


def _load_arabic_lowquality_spam(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "spam_tweets_positive_only.csv"):
        # Retweet copies of earlier rows, flagged by the curator.
        if r["is_duplicate_text"].strip() != "0":
            continue
        yield _Row(r["text"], {"spam": 1}, subset=r["category"].strip())
    for r in _read_csv(folder / "users_15tweets_labeled.csv"):
        # Account-level: 15 tweets of one account concatenated. The only Arabic spam negatives.
        if (v := _flag(r["label"])) is not None:
            yield _Row(r["text"], {"spam": v}, subset="accounts")


# --------------------------------------------------------------------------- English loaders


def _load_olid(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "olid_v1.csv"):
        labels = {
            "offense": int(r["subtask_a"] == "OFF"),
            # GRP = targeted offense at a group; IND/OTH/UNT/NOT are annotated non-group.
            "strife": int(r["subtask_c"] == "GRP"),
        }
        yield _Row(r["tweet"], labels, _split(r["split"]))


def _load_davidson(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "labeled_data.csv"):
        cls = r["class"].strip()
        if cls not in ("0", "1", "2"):
            continue
        # 0 hate, 1 offensive, 2 neither. Hate speech is abusive, so it is offense too.
        yield _Row(r["tweet"], {"offense": int(cls in ("0", "1")), "strife": int(cls == "0")})


def _load_hasoc(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "hasoc_en_2019_2020.csv"):
        task1 = r["task_1"].strip()
        if task1 not in ("HOF", "NOT"):
            continue
        labels = {"offense": int(task1 == "HOF"), "strife": int(r["task_2"].strip() == "HATE")}
        yield _Row(r["text"], labels, _split(r["split"]), subset=r["year"].strip())


def _load_fox_news(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "fox_news_comments.csv"):
        if (v := _flag(r["label"])) is not None:
            yield _Row(r["text"], {"strife": v})


def _sfu_offense(level: str) -> int | None:
    # 1 not toxic, 2 mildly, 3 toxic, 4 very toxic. "Mildly toxic" is mostly sarcasm or
    # brusqueness, neither clean nor an insult: left unknown.
    return {"1": 0, "3": 1, "4": 1}.get(level.strip())


def _load_sfu(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "sfu_constructiveness_toxicity.csv"):
        if (v := _sfu_offense(r["is_toxic_popular_answer_1"])) is not None:
            yield _Row(r["comment"], {"offense": v})


def _load_stormfront(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "stormfront_hate_speech.csv"):
        label = r["label"].strip()
        # `relation` (hate only with context) and `idk/skip` are excluded, as in the paper.
        if label not in ("hate", "noHate"):
            continue
        split = "test" if r["sampled_split"].strip() == "test" else "train"
        yield _Row(r["text"], {"strife": int(label == "hate")}, split)


# Target groups (stage-3 free text) that make implicit hate "strife": race, ethnicity,
# nationality, immigration status, religion.
_STRIFE_TARGET_RE = re.compile(
    r"\b(?:immigr\w*|migrants?|refugees?|illegals?|aliens?|foreign\w*|minorit\w*|white\w*|"
    r"black\w*|brown|colou?r(?:ed)?|non-?whites?|race\w*|racial\w*|multiracial\w*|biracial\w*|"
    r"ethnic\w*|jew\w*|israel\w*|zionis\w*|muslim\w*|islam\w*|arab\w*|christian\w*|catholic\w*|"
    r"protestant\w*|hindu\w*|sikh\w*|religio\w*|atheis\w*|sharia|mexican\w*|hispanic\w*|"
    r"latin[oa]\w*|asian\w*|chinese|indians?|african\w*|americans?|europeans?|germans?|"
    r"italians?|russians?|iranians?|syrians?|pakistanis?|solmalis?|somalis?|canadians?|"
    r"middle[- ]eastern\w*|"
    r"third[- ]world|indigenous|natives?|aryans?|non-?aryans?|nationalit\w*)\b"
)
# Hate at these is ideological even when a race word appears ("white nationalists").
_IDEOLOGY_TARGET_RE = re.compile(
    r"nationalis|supremac|nazi|\bkkk\b|alt-right|\bracists?\b|black lives matter|\bblm\b"
)
_UNSPECIFIED_TARGET_RE = re.compile(r"not specified|no specific|^none$|^n/?a$|unknown")


def _implicit_target_strife(targets: str) -> int | None:
    """1 if any target is a strife group, 0 if all targets are other groups, None if unknown."""
    parts = [t.strip().lower() for t in targets.split(" | ") if t.strip()]
    known = [t for t in parts if not _UNSPECIFIED_TARGET_RE.search(t)]
    if not known:
        return None
    return int(
        any(_STRIFE_TARGET_RE.search(t) and not _IDEOLOGY_TARGET_RE.search(t) for t in known)
    )


def _load_implicit_hate(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "implicit_hate_stg1_with_stg2_stg3.csv"):
        cls = r["class"].strip()
        if cls == "not_hate":
            yield _Row(r["post"], {"strife": 0}, subset=cls)
            continue
        # Without a stage-3 target the hate may be political or gendered: unknown.
        strife = _implicit_target_strife(r["stage3_targets"])
        if cls in ("implicit_hate", "explicit_hate") and strife is not None:
            yield _Row(r["post"], {"strife": strife}, subset=cls)


def _load_jigsaw(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "jigsaw_train_first20k_binary.csv"):
        if (v := _flag(r["toxic"])) is not None:
            yield _Row(r["comment_text"], {"offense": v}, subset="first20k")
    for r in _read_csv(folder / "jigsaw_train_multilabel_sample.csv"):
        flags = [_flag(r[c]) for c in ("toxic", "severe_toxic", "obscene", "insult")]
        if all(v is None for v in flags):
            continue
        # identity_hate is not used for strife: it includes gender and sexual orientation, and
        # the shared README lists Jigsaw under offense only.
        yield _Row(r["comment_text"], {"offense": int(any(v == 1 for v in flags))},
                   subset="multilabel")


def _load_youtube_spam(folder: Path) -> Iterator[_Row]:
    for r in _read_csv(folder / "youtube_spam_collection.csv"):
        if (v := _flag(r["CLASS"])) is not None:
            yield _Row(r["CONTENT"], {"spam": v}, subset=r["video_id"].strip())


# --------------------------------------------------------------------------- registry


def _info(name: str, language: str, categories: Iterable[str], licence: str,
          files: Iterable[str], splits: Iterable[str], loader, source: str,
          citation: str) -> DatasetInfo:
    splits = tuple(splits)
    return DatasetInfo(name=name, language=language, categories=tuple(categories),
                       licence=licence, files=tuple(files), splits=splits,
                       has_official_dev="dev" in splits, has_official_test="test" in splits,
                       loader=loader, source=source, citation=citation)


_VANETIK = "github.com/NataliaVanetik/ArabicOffensiveLanguage_TaxonomyAndData"

# Insertion order is the fixed cross-set dedupe order: sets that label more categories come
# first so a duplicate keeps its richest labelling, then Arabic and English comment sets, then
# the single-category tweet sets; pair and NER sets last.
DATASETS: dict[str, DatasetInfo] = {
    i.name: i
    for i in (
        _info("osact2022", "ar", ("offense", "strife"), "research only (none stated)",
              ["osact2022_hate.csv"], ["train", "dev"], _load_osact2022,
              "github.com/aehabV/Hate-Speech-Detection-on-Arabic-Tweets (OSACT5 official files)",
              "Mubarak, Al-Khalifa, Al-Thubaity 2022, OSACT5 shared task"),
        _info("osact2020", "ar", ("offense", "strife"), "CC BY",
              ["osact2020_offensive.csv"], ["train", "dev"], _load_osact2020,
              "github.com/motazsaad/arabic-hatespeech-data (OSACT4 mirror)",
              "Mubarak et al. 2020, OSACT4 shared task"),
        _info("lhsab", "ar", ("offense", "strife"), "none stated (cite paper)",
              ["lhsab.csv"], ["train"], _load_lhsab,
              "github.com/Hala-Mulki/L-HSAB-First-Arabic-Levantine-HateSpeech-Dataset",
              "Mulki et al. 2019, L-HSAB (ALW3)"),
        _info("thsab", "ar", ("offense", "strife"), "none stated (cite paper)",
              ["thsab.csv"], ["train"], _load_thsab,
              "github.com/Hala-Mulki/T-HSAB-A-Tunisian-Hate-Speech-and-Abusive-Dataset",
              "Haddad, Mulki, Oueslati 2019, T-HSAB (ICALP)"),
        _info("mlma_ar", "ar", ("offense", "strife"), "GPL-3.0 (repackaging repo)",
              ["mlma_ar.csv"], ["train"], _load_mlma_ar, f"{_VANETIK} (ID2)",
              "Ousidhoum et al. 2019, MLMA (EMNLP-IJCNLP)"),
        _info("arabic_offensive_taxonomy", "ar", ("offense", "strife"),
              "GPL-3.0 repackaging; original terms vary (research use / unstated)",
              ["id7_mubarak2017_twitter.csv", "id11_omcd_moroccan.csv",
               "id12_aref2020_sectarian.csv", "id14_letmi_misogyny.csv",
               "id16_saudi_dialect_hate.csv"], ["train"], _load_arabic_offensive_taxonomy,
              f"{_VANETIK} (ID7, ID11, ID12, ID14, ID16)",
              "Liebeskind et al. 2024; Mubarak 2017; Essefar 2023; Aref 2020; "
              "Mulki & Ghanem 2021; Alhazmi 2023"),
        _info("alakrot_youtube_ar", "ar", ("offense",), "GPL-3.0 (repackaging repo)",
              ["alakrot_youtube_ar.csv"], ["train"], _load_alakrot, f"{_VANETIK} (ID4)",
              "Alakrot, Murray, Nikolov 2018"),
        _info("arpufi", "ar", ("offense",), "GPL-3.0 (repackaging repo)",
              ["arpufi.csv"], ["train"], _load_arpufi, f"{_VANETIK} (ID10)",
              "Abdelhakim, Liu, Sun 2023, Ar-PuFi"),
        _info("arabic_lowquality_spam", "ar", ("spam",), "none stated (cite paper)",
              ["spam_tweets_positive_only.csv", "users_15tweets_labeled.csv"], ["train"],
              _load_arabic_lowquality_spam,
              "github.com/ReemAlharthi/Arabic-Low-Quality-Tweets-and-Accounts-Dataset",
              "Alharthi, Alhothali, Moria 2021 (Information Systems 99)"),
        _info("olid", "en", ("offense", "strife"), "none stated (cite paper)",
              ["olid_v1.csv"], ["train", "test"], _load_olid,
              "github.com/motazsaad/arabic-hatespeech-data (OLID v1.0 mirror)",
              "Zampieri et al. 2019, OLID (NAACL)"),
        _info("davidson2017", "en", ("offense", "strife"), "MIT",
              ["labeled_data.csv"], ["train"], _load_davidson,
              "github.com/t-davidson/hate-speech-and-offensive-language",
              "Davidson et al. 2017 (ICWSM)"),
        _info("hasoc_en_2019_2020", "en", ("offense", "strife"), "research only (none stated)",
              ["hasoc_en_2019_2020.csv"], ["train", "test"], _load_hasoc,
              "github.com/datascisteven/Automated-Hate-Tweet-Detection (HASOC copy)",
              "Mandl et al. 2019, 2020 (FIRE)"),
        _info("fox_news_comments", "en", ("strife", OFF_TOPIC), "MIT",
              ["fox_news_comments.csv"], ["train"], _load_fox_news,
              "github.com/sjtuprog/fox-news-comments", "Gao & Huang 2017 (RANLP)"),
        _info("sfu_ctc", "en", ("offense", OFF_TOPIC), "CC BY-NC-SA 4.0 (non-commercial)",
              ["sfu_constructiveness_toxicity.csv"], ["train"], _load_sfu,
              "github.com/sfu-discourse-lab/Constructiveness_Toxicity_Corpus",
              "Kolhatkar & Taboada 2017 (ALW1)"),
        _info("stormfront_degibert2018", "en", ("strife",), "CC BY-SA 3.0 ES",
              ["stormfront_hate_speech.csv"], ["train", "test"], _load_stormfront,
              "github.com/Vicomtech/hate-speech-dataset", "de Gibert et al. 2018 (ALW2)"),
        _info("implicit_hate_elsherief2021", "en", ("strife",), "CC BY 4.0",
              ["implicit_hate_stg1_with_stg2_stg3.csv"], ["train"], _load_implicit_hate,
              "github.com/SALT-NLP/implicit-hate "
              "(release copy in Steven-Herrera/GenAI-vs-Human-Hate)",
              "ElSherief et al. 2021, Latent Hatred (EMNLP)"),
        _info("jigsaw_toxic_2018", "en", ("offense",),
              "CC BY-SA 3.0 (Wikipedia text) / CC0 (labels)",
              ["jigsaw_train_first20k_binary.csv", "jigsaw_train_multilabel_sample.csv"],
              ["train"], _load_jigsaw,
              "Kaggle Jigsaw Toxic Comment Classification (partial copies: khanhhk, amodh-saxena, "
              "HieuNT91)", "Jigsaw/Conversation AI 2018; Wulczyn et al. 2017"),
        _info("youtube_spam", "en", ("spam",), "CC BY 4.0 (UCI listing, unverified)",
              ["youtube_spam_collection.csv"], ["train"], _load_youtube_spam,
              "github.com/tuliocasagrande/youtube-spam-experiment (UCI YouTube Spam Collection)",
              "Alberto, Lochter, Almeida 2015, TubeSpam (ICMLA)"),
        _info("semeval2015_cqa", "en", (OFF_TOPIC,), "free for general research use",
              ["semeval2015_task3_cqa_ql_english.csv"], ["dev", "test"], None,
              "github.com/Erutan-pku/SemEval_2015_Task_3 (official data mirror)",
              "Nakov et al. 2015, SemEval-2015 Task 3"),
        _info("anercorp", "ar", (NER,), "research use (none stated)",
              ["ANERCorp_CamelLab_train.txt", "ANERCorp_CamelLab_test.txt"], ["train", "test"],
              None, "github.com/manelAffi/Random-Bi-GRU-CRF-for-ANER-Task-AnerCorp "
              "(CAMeL Lab splits)", "Benajiba et al. 2007; Obeid et al. 2020"),
        _info("wnut17", "en", (NER,), "none stated here (upstream CC BY 4.0, unverified)",
              ["wnut17train.conll", "emerging.dev.conll", "emerging.test.annotated"],
              ["train", "dev", "test"], None, "github.com/davidsbatista/NER-datasets",
              "Derczynski et al. 2017, WNUT-17"),
    )
}

CLASSIFICATION_DATASETS: tuple[str, ...] = tuple(n for n, i in DATASETS.items() if i.loader)
RELEVANCE_DATASETS: tuple[str, ...] = tuple(
    n for n, i in DATASETS.items() if OFF_TOPIC in i.categories
)
NER_DATASETS: tuple[str, ...] = tuple(n for n, i in DATASETS.items() if NER in i.categories)


def _get_info(name: str) -> DatasetInfo:
    try:
        return DATASETS[name]
    except KeyError:
        raise ValueError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}") from None


def _check_names(names: Iterable[str]) -> list[str]:
    names = list(names)
    for name in names:
        _get_info(name)
    return names


# --------------------------------------------------------------------------- dedupe


def _merge(kept: Example, dup: Example) -> Example:
    labels = dict(kept.labels)
    conflicts = list(kept.conflicts)
    for cat, value in dup.labels.items():
        if cat in labels and labels[cat] != value:
            labels[cat] = max(labels[cat], value)
            if cat not in conflicts:
                conflicts.append(cat)
        else:
            labels.setdefault(cat, value)
    split = max(kept.split, dup.split, key=_SPLIT_RANK.__getitem__)
    return replace(kept, labels=labels, split=split, conflicts=tuple(sorted(conflicts)))


def _dedupe(examples: Iterable[Example], stats: DedupeStats) -> list[Example]:
    kept: list[Example] = []
    index: dict[str, int] = {}
    for ex in examples:
        stats.read[ex.source] += 1
        key = dedupe_key(ex.text)
        if not key:
            # Link- or mention-only texts (a bare link is a strong spam signal) are kept, and
            # deduplicated on their raw text instead.
            stats.link_only[ex.source] += 1
            key = "\0" + _WS_RE.sub(" ", ex.text.casefold()).strip()
        i = index.get(key)
        if i is None:
            index[key] = len(kept)
            kept.append(ex)
            continue
        prev = kept[i]
        if prev.source != ex.source:
            stats.cross_set[(ex.source, prev.source)] += 1
            continue
        stats.within_set[ex.source] += 1
        merged = _merge(prev, ex)
        for cat in set(merged.conflicts) - set(prev.conflicts):
            stats.conflicts[(ex.source, cat)] += 1
        kept[i] = merged
    for ex in kept:
        stats.kept[ex.source] += 1
    return kept


# --------------------------------------------------------------------------- public API


def _raw_examples(data_dir: Path, info: DatasetInfo) -> Iterator[Example]:
    folder = Path(data_dir) / info.name
    if not folder.is_dir():
        raise FileNotFoundError(f"dataset folder absent: {folder}")
    assert info.loader is not None
    for row in info.loader(folder):
        text = row.text.strip()
        if not text or not row.labels:
            continue
        yield Example(text=text, labels=dict(row.labels), language=info.language,
                      source=info.name, split=row.split, licence=info.licence,
                      subset=row.subset)


def load_dataset(data_dir: Path, name: str, *, dedupe: bool = True) -> list[Example]:
    """Load one classification dataset (flagged rows dropped, duplicates merged unless told)."""
    info = _get_info(name)
    if info.loader is None:
        raise ValueError(
            f"{name} has no per-text labels; use load_relevance_pairs() or load_ner()"
        )
    examples = _raw_examples(Path(data_dir), info)
    if not dedupe:
        return list(examples)
    return _dedupe(examples, DedupeStats())


def load_all(
    data_dir: Path,
    *,
    exclude: Iterable[str] = (),
    include: Iterable[str] | None = None,
    stats: DedupeStats | None = None,
) -> list[Example]:
    """Load every classification dataset, deduplicated within and across sets, in fixed order."""
    data_dir = Path(data_dir)
    excluded = set(_check_names(exclude))
    wanted = set(_check_names(include)) if include is not None else set(DATASETS)
    stats = stats if stats is not None else DedupeStats()

    def stream() -> Iterator[Example]:
        for name in CLASSIFICATION_DATASETS:
            if name not in wanted or name in excluded:
                continue
            if not (data_dir / name).is_dir():
                log.warning("dataset %s skipped: folder absent: %s", name, data_dir / name)
                continue
            yield from _raw_examples(data_dir, DATASETS[name])

    examples = _dedupe(stream(), stats)
    within = sum(stats.within_set.values())
    cross = sum(stats.cross_set.values())
    conflicts = sum(stats.conflicts.values())
    log.info("loaded %d examples from %d datasets (%d within-set and %d cross-set duplicates "
             "dropped, %d label conflicts resolved to max)", len(examples), len(stats.kept),
             within, cross, conflicts)
    return examples


def _pairs_semeval(folder: Path) -> Iterator[RelevancePair]:
    for r in _read_csv(folder / "semeval2015_task3_cqa_ql_english.csv"):
        label = r["label"].strip()
        # Potential is neither on- nor off-topic; "Not English" is out of scope.
        if label == "Good":
            y = 1
        elif label in ("Bad", "Dialogue"):
            y = 0
        else:
            continue
        subject, body = r["q_subject"].strip(), r["q_body"].strip()
        context = f"{subject}\n{body}" if body and body != subject else subject
        yield RelevancePair(r["c_body"].strip(), context, y, "semeval2015_cqa",
                            _split(r["split"]), "en", r["qid"].strip())


def _with_mismatched(source: str, rows: list[tuple[str, str, str]]) -> Iterator[RelevancePair]:
    """(comment, article id, title) -> the true pair (1) and one other article's title (0)."""
    titles: dict[str, str] = {}
    for _, article, title in rows:
        titles.setdefault(article, title)
    articles = sorted(titles)
    for comment, article, title in rows:
        yield RelevancePair(comment, title, 1, source, "train", "en", article)
        others = [a for a in articles if a != article]
        if not others:
            continue
        # Deterministic choice: stable across runs and machines, unlike random.
        digest = int(hashlib.sha256(comment.encode("utf-8")).hexdigest(), 16)
        other = others[digest % len(others)]
        yield RelevancePair(comment, titles[other], 0, source, "train", "en", other)


def _pairs_fox(folder: Path) -> Iterator[RelevancePair]:
    rows = [(r["text"].strip(), r["thread_id"].strip(), r["title"].strip())
            for r in _read_csv(folder / "fox_news_comments.csv")]
    return _with_mismatched("fox_news_comments", [r for r in rows if r[0]])


_GLOBE_SUFFIX_RE = re.compile(r"\s*-\s*The Globe and Mail\s*$")


def _pairs_sfu(folder: Path) -> Iterator[RelevancePair]:
    rows = [(r["comment"].strip(), r["article_id"].strip(),
             _GLOBE_SUFFIX_RE.sub("", r["title"]).strip())
            for r in _read_csv(folder / "sfu_constructiveness_toxicity.csv")]
    return _with_mismatched("sfu_ctc", [r for r in rows if r[0]])


_PAIR_LOADERS: dict[str, Callable[[Path], Iterator[RelevancePair]]] = {
    "semeval2015_cqa": _pairs_semeval,
    "fox_news_comments": _pairs_fox,
    "sfu_ctc": _pairs_sfu,
}


def load_relevance_pairs(data_dir: Path, *, exclude: Iterable[str] = ()) -> list[RelevancePair]:
    """Load (comment, context, on-topic label) pairs; Fox/SFU negatives pair another title."""
    data_dir = Path(data_dir)
    excluded = set(_check_names(exclude))
    pairs: list[RelevancePair] = []
    seen: set[tuple[str, str]] = set()
    for name in RELEVANCE_DATASETS:
        if name in excluded:
            continue
        if not (data_dir / name).is_dir():
            log.warning("dataset %s skipped: folder absent: %s", name, data_dir / name)
            continue
        for pair in _PAIR_LOADERS[name](data_dir / name):
            key = (dedupe_key(pair.comment), dedupe_key(pair.context))
            if not key[0] or key in seen:
                continue
            seen.add(key)
            pairs.append(pair)
    return pairs


NerSentence = tuple[list[str], list[str]]


def _person_tag(tag: str) -> str:
    tag = tag.strip()
    if tag in ("B-PERS", "B-person"):
        return "B-PERS"
    if tag in ("I-PERS", "I-person"):
        return "I-PERS"
    return "O"


def _read_conll(path: Path) -> list[NerSentence]:
    sentences: list[NerSentence] = []
    tokens: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if tokens:
            # An I-PERS that does not continue a name is the start of one (IOB2 repair).
            for i, tag in enumerate(tags):
                if tag == "I-PERS" and (i == 0 or tags[i - 1] == "O"):
                    tags[i] = "B-PERS"
            sentences.append((tokens.copy(), tags.copy()))
            tokens.clear()
            tags.clear()

    with path.open(encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.rstrip("\r\n").lstrip("\ufeff")
            # WNUT-17 train separates sentences with a lone tab; a stray BOM line sits in dev.
            if not line.strip():
                flush()
                continue
            if "\t" in line:
                token, _, tag = line.partition("\t")
            else:
                token, _, tag = line.rpartition(" ")
                if not token:
                    token, tag = tag, "O"
            tokens.append(token)
            tags.append(_person_tag(tag))
    flush()
    return sentences


_NER_FILES: dict[str, dict[str, str]] = {
    "anercorp": {"train": "ANERCorp_CamelLab_train.txt", "test": "ANERCorp_CamelLab_test.txt"},
    "wnut17": {"train": "wnut17train.conll", "dev": "emerging.dev.conll",
               "test": "emerging.test.annotated"},
}


def load_ner(data_dir: Path) -> dict[str, dict[str, list[NerSentence]]]:
    """Load person-name sequences: {dataset: {split: [(tokens, B-PERS/I-PERS/O tags)]}}."""
    data_dir = Path(data_dir)
    out: dict[str, dict[str, list[NerSentence]]] = {}
    for name in NER_DATASETS:
        folder = data_dir / name
        if not folder.is_dir():
            log.warning("dataset %s skipped: folder absent: %s", name, folder)
            continue
        out[name] = {split: _read_conll(folder / fname)
                     for split, fname in _NER_FILES[name].items()}
    return out


def dataset_hashes(data_dir: Path, names: Iterable[str]) -> dict[str, str]:
    """sha256 per dataset of the ``sha256sum``-style manifest of its data files, sorted by name."""
    data_dir = Path(data_dir)
    out: dict[str, str] = {}
    for name in _check_names(names):
        folder = data_dir / name
        lines = []
        for fname in sorted(DATASETS[name].files):
            digest = hashlib.sha256()
            with (folder / fname).open("rb") as fh:
                for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    digest.update(chunk)
            lines.append(f"{digest.hexdigest()}  {fname}\n")
        out[name] = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
    return out


def licences(names: Iterable[str]) -> dict[str, str]:
    """Short licence string per dataset name (from its PROVENANCE.md)."""
    return {name: DATASETS[name].licence for name in _check_names(names)}


def label_counts(examples: Iterable[Example]) -> Counter[tuple[str, str, str, int]]:
    """Count examples by (source, category, split, label)."""
    counts: Counter[tuple[str, str, str, int]] = Counter()
    for ex in examples:
        for cat, value in ex.labels.items():
            counts[(ex.source, cat, ex.split, value)] += 1
    return counts


# --------------------------------------------------------------------------- CLI


def _summary(data_dir: Path) -> str:
    stats = DedupeStats()
    examples = load_all(data_dir, stats=stats)
    counts = label_counts(examples)
    lines = ["| dataset | category | split | positives | negatives |", "|---|---|---|---|---|"]
    for name in CLASSIFICATION_DATASETS:
        for cat in CATEGORIES:
            for split in SPLITS:
                pos, neg = counts[(name, cat, split, 1)], counts[(name, cat, split, 0)]
                if pos or neg:
                    lines.append(f"| {name} | {cat} | {split} | {pos} | {neg} |")
    lines += ["", "| dataset | rows loaded | within-set duplicates merged | cross-set duplicates "
              "dropped | kept | label conflicts (max kept) |", "|---|---|---|---|---|---|"]
    for name in CLASSIFICATION_DATASETS:
        cross = sum(v for (src, _), v in stats.cross_set.items() if src == name)
        confl = ", ".join(f"{c} {v}" for (s, c), v in sorted(stats.conflicts.items()) if s == name)
        lines.append(f"| {name} | {stats.read[name]} | {stats.within_set[name]} | {cross} | "
                     f"{stats.kept[name]} | {confl or 0} |")
    pairs = load_relevance_pairs(data_dir)
    pc = Counter((p.source, p.split, p.label) for p in pairs)
    lines += ["", "| pairs source | split | on-topic | off-topic |", "|---|---|---|---|"]
    for src, split in sorted({(s, sp) for s, sp, _ in pc}):
        lines.append(f"| {src} | {split} | {pc[(src, split, 1)]} | {pc[(src, split, 0)]} |")
    lines += ["", "| NER set | split | sentences | tokens | B-PERS | I-PERS |",
              "|---|---|---|---|---|---|"]
    for name, splits in load_ner(data_dir).items():
        for split, sents in splits.items():
            tags = Counter(t for _, ts in sents for t in ts)
            ntok = sum(len(toks) for toks, _ in sents)
            lines.append(f"| {name} | {split} | {len(sents)} | {ntok} | {tags['B-PERS']} | "
                         f"{tags['I-PERS']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print per-dataset label counts after dedupe (the numbers in training/DATASETS.md)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("data_dir", type=Path, help="path to shared/data")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    print(_summary(args.data_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())

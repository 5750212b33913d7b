"""The registry of dataset folders: what each holds, its licence and loader, and its file hashes.

:data:`DATASETS` is the one table of the shared-data sets Raqib knows; its insertion order is
the fixed cross-set dedupe order.  The name tuples derived from it say which sets carry
per-text labels, relevance pairs or person names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from training.dataset_base import NER, OFF_TOPIC, _Row
from training.dataset_loaders import (
    _load_alakrot,
    _load_arabic_lowquality_spam,
    _load_arabic_offensive_taxonomy,
    _load_arpufi,
    _load_davidson,
    _load_fox_news,
    _load_hasoc,
    _load_implicit_hate,
    _load_jigsaw,
    _load_lhsab,
    _load_mlma_ar,
    _load_olid,
    _load_osact2020,
    _load_osact2022,
    _load_sfu,
    _load_stormfront,
    _load_thsab,
    _load_youtube_spam,
)


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

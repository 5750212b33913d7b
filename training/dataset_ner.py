"""Person-name token sequences (ANERcorp, WNUT-17) as IOB2 ``B-PERS``/``I-PERS``/``O`` tags.

Only person names are kept: every other entity tag becomes ``O``.  The CoNLL files differ in
separators and stray BOMs; :func:`_read_conll` reads both sets' variants.
"""

from __future__ import annotations

import logging
from pathlib import Path

from training.dataset_registry import NER_DATASETS

# Warnings go to the ``training.datasets`` logger, the name callers configure and filter.
log = logging.getLogger("training.datasets")

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

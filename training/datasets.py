"""Loaders for the public labelled datasets in ``shared/data``, mapped onto Raqib's categories.

Each dataset folder carries a PROVENANCE.md; the mapping decisions follow it and are
summarised in training/DATASETS.md. The data is never copied into the repository: every function
takes the data directory at run time.

This module loads the classification sets (offense, strife, spam) through the per-dataset
mappers, deduplicates them within and across sets, and prints the label counts
(``python -m training.datasets DATA_DIR``).  The pieces live in:

* :mod:`training.dataset_base`      categories, :class:`Example`, :func:`dedupe_key`, CSV helpers;
* :mod:`training.dataset_loaders`   one row mapper per classification set;
* :mod:`training.dataset_registry`  :data:`DATASETS`, :func:`dataset_hashes`, :func:`licences`;
* :mod:`training.dataset_pairs`     off-topic relevance pairs, :func:`load_relevance_pairs`;
* :mod:`training.dataset_ner`       person-name sequences, :func:`load_ner`.

This module assembles them: ``load_dataset``, ``load_all`` and the deduplication.

An :class:`Example` only carries the categories its dataset actually annotates: an absent
category means "unknown", never "negative".
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from training.dataset_base import (
    _WS_RE,
    CATEGORIES,
    SPLITS,
    Example,
    dedupe_key,
)
from training.dataset_ner import (
    load_ner,
)
from training.dataset_pairs import (
    load_relevance_pairs,
)
from training.dataset_registry import (
    CLASSIFICATION_DATASETS,
    DATASETS,
    DatasetInfo,
    _check_names,
    _get_info,
)

log = logging.getLogger(__name__)

# Merging duplicates that sit in different splits keeps the most held-out one, so an
# evaluation row never also appears (under another split name) in training.
_SPLIT_RANK = {"train": 0, "dev": 1, "test": 2}


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

"""Fixed train / validation / test roles of the classification examples, and spam negatives.

Splits (fixed, so every run and every candidate is judged on the same rows):

* test: the official held-out split where a dataset has one (OLID test, HASOC test, Stormfront
  test, OSACT2020 dev, OSACT2022 dev); otherwise a fixed stratified 15% of the dataset, chosen
  by a hash of the text (independent of ``--seed``).  Test rows are never used for fitting,
  calibration or thresholds, and the shipped model is trained without them;
* validation: a stratified 10% of the remaining rows of each dataset (hash of text and seed),
  used only to calibrate probabilities (Platt, per language) and to choose the per-language
  thresholds (max macro-F1);
* train: the rest.

Spam: only two sets label it, so rows of the other sets (same language, same split role) are
sampled as spam negatives (about two per spam positive), on the assumption that tweets and
comments collected for offense/strife studies are not ads.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from training.dataset_base import Example, dedupe_key

TEST_FRACTION = 0.15
VAL_FRACTION = 0.10
TEST_SALT = "raqib-heldout-v1"
SPAM_NEGATIVES_PER_POSITIVE = 2.0
# Official held-out splits: the rows evaluated; every other dataset gets a fixed 15%.
OFFICIAL_EVAL = {"olid": "test", "hasoc_en_2019_2020": "test",
                 "stormfront_degibert2018": "test", "osact2020": "dev", "osact2022": "dev"}



def _unit(*parts: str) -> float:
    digest = hashlib.sha256("|".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _stratified_pick(keys: dict[int, float], strata: dict[int, tuple], fraction: float) -> set:
    by_stratum: dict[tuple, list[int]] = {}
    for i, stratum in strata.items():
        by_stratum.setdefault(stratum, []).append(i)
    picked: set[int] = set()
    for members in by_stratum.values():
        members.sort(key=lambda i: (keys[i], i))
        take = int(round(fraction * len(members)))
        picked.update(members[:take])
    return picked


def assign_roles(examples: Sequence[Example], seed: int) -> np.ndarray:
    """'train' / 'val' / 'test' per example (see the module docstring)."""
    roles = np.array(["train"] * len(examples), dtype=object)
    keys = [dedupe_key(ex.text) or ex.text for ex in examples]
    strata = {i: (ex.source, tuple(sorted(ex.labels.items()))) for i, ex in enumerate(examples)}
    pool: dict[int, float] = {}
    for i, ex in enumerate(examples):
        official = OFFICIAL_EVAL.get(ex.source)
        if official is not None:
            if ex.split == official:
                roles[i] = "test"
        elif ex.split in ("dev", "test"):
            roles[i] = "test"
        else:
            pool[i] = _unit(TEST_SALT, ex.source, keys[i])
    for i in _stratified_pick(pool, {i: strata[i] for i in pool}, TEST_FRACTION):
        roles[i] = "test"
    remaining = {i: _unit(str(seed), "val", keys[i]) for i in range(len(examples))
                 if roles[i] == "train"}
    for i in _stratified_pick(remaining, {i: strata[i] for i in remaining}, VAL_FRACTION):
        roles[i] = "val"
    return roles


def test_digests(examples: Sequence[Example], roles: np.ndarray) -> dict[str, dict[str, Any]]:
    """Per dataset: test row count and a sha256 of its sorted dedupe keys (to audit splits)."""
    keys: dict[str, list[str]] = {}
    for ex, role in zip(examples, roles, strict=True):
        if role == "test":
            keys.setdefault(ex.source, []).append(dedupe_key(ex.text) or ex.text)
    return {src: {"rows": len(v), "sha256": hashlib.sha256(
        "\n".join(sorted(v)).encode("utf-8")).hexdigest()} for src, v in sorted(keys.items())}


def overlap_count(examples: Sequence[Example], roles: np.ndarray) -> int:
    """Test rows whose text (dedupe key) also occurs among training or validation rows."""
    fit = {dedupe_key(ex.text) or ex.text for ex, r in zip(examples, roles, strict=True)
           if r != "test"}
    return sum((dedupe_key(ex.text) or ex.text) in fit
               for ex, r in zip(examples, roles, strict=True) if r == "test")


def add_spam_negatives(
    examples: list[Example], ratio: float = SPAM_NEGATIVES_PER_POSITIVE
) -> tuple[list[Example], np.ndarray]:
    """Label a hashed sample of non-spam-set rows as spam 0; returns rows and the added mask."""
    positives = Counter(ex.language for ex in examples if ex.labels.get("spam") == 1)
    unlabelled = Counter(ex.language for ex in examples if "spam" not in ex.labels)
    rate = {lang: min(1.0, ratio * positives[lang] / unlabelled[lang])
            for lang in unlabelled if unlabelled[lang]}
    out, implicit = [], []
    for ex in examples:
        if ("spam" not in ex.labels and ex.source != "feedback"
                and _unit(TEST_SALT, "spam-negative", ex.text) < rate.get(ex.language, 0.0)):
            out.append(replace(ex, labels={**ex.labels, "spam": 0}))
            implicit.append(True)
        else:
            out.append(ex)
            implicit.append(False)
    return out, np.array(implicit, dtype=bool)


def quick_subsample(examples: Sequence[Example], per_group: int = 300) -> list[Example]:
    """At most ``per_group`` rows per (dataset, split), by hash (for smoke tests)."""
    groups: dict[tuple[str, str], list[Example]] = {}
    for ex in examples:
        groups.setdefault((ex.source, ex.split), []).append(ex)
    out = []
    for rows in groups.values():
        rows.sort(key=lambda e: _unit("quick", e.text))
        out.extend(rows[:per_group])
    return out


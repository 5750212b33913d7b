"""Promotion of a candidate classifier: compare it with the current model, then install it.

The candidate is promoted into the model folder (artifact copied, ``CURRENT`` updated, the
previous artifact removed) only when no category's held-out macro-F1 drops more than the
tolerance below the current model's on the same rows; ``raqib train`` decides and also rewrites
``MODEL_CARD.md`` and ``plots/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from model.artifact import CURRENT, ArtifactError, current_name, load_artifact
from model.classifier import CATEGORIES, RaqibClassifier
from training.classifier_eval import _probabilities, pooled_macro_f1
from training.classifier_fit import Data


def compare_with_current(
    candidate: RaqibClassifier, out: Path, data: Data
) -> tuple[str | None, dict | None, dict]:
    """Current artifact's name and pooled macro-F1 on the candidate's test rows (or Nones)."""
    test = np.flatnonzero(data.roles == "test")
    y = {cat: data.y[cat][test] for cat in CATEGORIES}
    langs = list(data.languages[test])
    cand = pooled_macro_f1(y, *_probabilities(candidate, [data.normalized[i] for i in test],
                                              langs))
    try:
        name = current_name(out)
    except ArtifactError as err:
        print(f"current model unusable ({err}); it will be replaced", flush=True)
        return None, None, cand
    if name is None:
        return None, None, cand
    try:
        current = load_artifact(name, root=out)
    except ArtifactError as err:
        print(f"current model unusable ({err}); it will be replaced", flush=True)
        return name, None, cand
    texts = [data.examples[i].text for i in test]
    normalized = current.model.features.named_steps["normalize"].transform(texts)
    cur = pooled_macro_f1(y, *_probabilities(current.model, normalized, langs))
    return name, {c: cur.get(c) for c in CATEGORIES if c in current.model.categories}, cand


def promote(candidate_dir: Path, version: str, out: Path, previous: str | None) -> Path:
    """Copy the candidate into ``out``, point CURRENT at it, drop the previous artifact."""
    out.mkdir(parents=True, exist_ok=True)
    name = f"raqib-{version}.joblib"
    shutil.copy2(candidate_dir / name, out / name)
    shutil.copy2(candidate_dir / f"eval-{version}.json", out / f"eval-{version}.json")
    if (candidate_dir / "semantic.joblib").exists():
        # The stackers read this n-gram model's margins: they are promoted together.
        shutil.copy2(candidate_dir / "semantic.joblib", out / "semantic.joblib")
    tmp = out / f".{CURRENT}.tmp"
    tmp.write_text(name + "\n", encoding="utf-8")
    tmp.replace(out / CURRENT)
    if previous and previous != name:
        (out / previous).unlink(missing_ok=True)
        old_version = previous.removeprefix("raqib-").removesuffix(".joblib")
        (out / f"eval-{old_version}.json").unlink(missing_ok=True)
    return out / name


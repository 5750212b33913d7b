"""Held-out figures of the trained components the policy case files cannot measure.

PER entity F1 on the ANERcorp and WNUT-17 test splits (``model/ner_metrics.json``, or recomputed
with the shipped tagger) and the off-topic ROC/PR AUC on held-out pairs
(``model/relevance_metrics.json``), as printed by ``python -m training.evaluate_policy``.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
NER_METRICS = REPO / "model" / "ner_metrics.json"
RELEVANCE_METRICS = REPO / "model" / "relevance_metrics.json"
NER_SPLITS = ("anercorp_test", "wnut17_test")


def _shown(path: Path) -> str:
    """A path relative to the repository when it lies inside it."""
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def _fmt(x: float | None) -> str:
    return "   -" if x is None else f"{x:.2f}"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ner_from_metrics(path: Path | None = None) -> dict[str, Any] | None:
    """PER scores on the test splits as written by the NER training command."""
    metrics = _read_json(path or NER_METRICS)
    test = metrics.get("test") if isinstance(metrics, dict) else None
    if not isinstance(test, dict):
        return None
    found = {s: test[s] for s in NER_SPLITS if isinstance(test.get(s), dict)}
    return found or None


def ner_recomputed(data: Path) -> tuple[dict[str, Any] | None, str]:
    """PER scores recomputed with the shipped tagger on the test splits under ``data``."""
    try:
        ner = importlib.import_module("model.ner")
    except ImportError as err:
        return None, f"model.ner not importable ({err})"
    loader = getattr(getattr(ner, "NerTagger", None), "load", None)
    if loader is None:
        return None, "model.ner has no tagger loader"
    evaluate_fn = getattr(ner, "evaluate", None)
    files = getattr(ner, "FILES", None)
    read = getattr(ner, "read_conll", None)
    if evaluate_fn is None or files is None or read is None:
        # The evaluation helpers may live with the training command instead of the model.
        try:
            train = importlib.import_module("training.train_ner")
        except ImportError as err:
            return None, f"no NER evaluation function ({err})"
        evaluate_fn = evaluate_fn or getattr(train, "evaluate", None)
        files = files or getattr(train, "FILES", None)
        read = read or getattr(train, "read_conll", None)
    if evaluate_fn is None or files is None or read is None:
        return None, "no NER evaluation function"
    try:
        tagger = loader()
    except Exception as err:  # noqa: BLE001 - a missing or stale artifact is reported, not fatal
        return None, f"tagger not loadable ({type(err).__name__}: {err})"
    out: dict[str, Any] = {}
    for split in NER_SPLITS:
        rel = files.get(split)
        if rel is None or not (data / rel).exists():
            return None, f"{split} not found under {data}"
        out[split] = evaluate_fn(tagger, read(data / rel))
    return out, f"recomputed with the shipped tagger on {data}"


def relevance_auc(path: Path | None = None) -> dict[str, Any] | None:
    """Held-out off-topic ROC/PR AUC per source as written by the off-topic training command."""
    metrics = _read_json(path or RELEVANCE_METRICS)
    if not isinstance(metrics, dict):
        return None
    held_out = metrics.get("held_out")
    if isinstance(held_out, dict):
        found = {
            s: {k: m.get(k) for k in ("pairs", "off_topic", "roc_auc", "pr_auc")}
            for s, m in held_out.items()
            if isinstance(m, dict) and "roc_auc" in m
        }
        if found:
            return found
    if "roc_auc" in metrics:
        return {"held_out": {k: metrics.get(k) for k in ("pairs", "roc_auc", "pr_auc")}}
    return None


def format_components(report: Mapping[str, Any]) -> list[str]:
    """Lines for the NER and off-topic held-out figures, or why they are not available."""
    lines = []
    ner = report.get("ner")
    source = report.get("ner_source", "")
    if ner:
        for split in NER_SPLITS:
            m = ner.get(split)
            if m is None:
                lines.append(f"PER F1 {split}: not available ({source})")
                continue
            lines.append(
                f"PER F1 {split}: {m['f1']:.3f} (P {m['precision']:.3f}, R {m['recall']:.3f}, "
                f"{m.get('gold_entities', '?')} gold entities) [{source}]"
            )
    else:
        lines.append(f"PER F1 (ANERcorp test, WNUT-17 test): not available ({source})")
    rel = report.get("relevance")
    if rel:
        for name, m in rel.items():
            lines.append(
                f"Off-topic AUC held out, {name}: ROC {_fmt(m.get('roc_auc'))}, "
                f"PR {_fmt(m.get('pr_auc'))} ({m.get('pairs', '?')} pairs) "
                f"[{_shown(RELEVANCE_METRICS)}]"
            )
    else:
        lines.append(
            f"Off-topic AUC on held-out pairs: not available "
            f"({_shown(RELEVANCE_METRICS)} missing or without held-out AUC)"
        )
    return lines
